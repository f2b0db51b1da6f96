// Platform-only fields shared by several routes: a platform service account may act for another
// tenant (client_id) and on behalf of an end user; any other caller sending them gets 403.
import { ApiError, notFound } from '../http';
import type { Caller } from '../keys';
import type { Store } from '../store';

export function platformOnly(
	caller: Caller,
	body: Record<string, unknown>,
	fields: string[],
): void {
	if (caller.platform) return;
	const sent = fields.filter((f) => body[f] !== undefined && body[f] !== null);
	if (sent.length > 0) {
		throw new ApiError(
			403,
			'forbidden',
			`${sent.join(', ')} ${sent.length > 1 ? 'are' : 'is'} honoured only for a platform service account.`,
			{ field: sent[0], fields: sent },
		);
	}
}

/** The tenant a request acts in: a platform caller's client_id, else the caller's own tenant. */
export function actingTenant(caller: Caller, body: Record<string, unknown>, store: Store): string {
	const clientId = body.client_id;
	if (!caller.platform || typeof clientId !== 'string') return caller.tenantId;
	if (!store.tenantExists(clientId)) throw notFound('Tenant', 'client_id', clientId);
	return clientId;
}
