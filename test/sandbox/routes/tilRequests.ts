// GET /public-api/til-requests and POST /public-api/til-requests/{request_id}/decision.
// Status values, the approver match, inclusive created_after and the 409 are assumed (openapi.json).
import { ApiError, notFound, type Route } from '../http';
import { cursorPaginationAsRead, rowAsRead, statusAsRead, statusFilter } from '../listReadings';
import { cursorPage, newestFirst } from '../pagination';
import type { Readings } from '../readings';
import { SEED_TIL } from '../store/approvals';
import type { Store } from '../store';
import type { Person, PublicTilRequest, TilRequest } from '../types';
import { actingTenant, platformOnly } from './caller';

export function publicTilRequest(r: TilRequest): PublicTilRequest {
	const rest: Partial<TilRequest> = { ...r };
	delete rest.tenantId;
	delete rest.executionId;
	return rest as PublicTilRequest;
}

const includes = (text: string | null, needle: string) =>
	text !== null && text.toLowerCase().includes(needle);

const KNOWN_STATUSES = ['PENDING', 'APPROVED', 'REJECTED'] as const;

/** The row's status under the readings: seeded rows may carry one outside the enum. */
const readStatus = (r: TilRequest, readings: Readings) =>
	statusAsRead(r.status, r.id, r.id < SEED_TIL.nextId, readings);

/** A request as answered under the readings (status absent or other, id as a string). */
export function tilRequestAsRead(r: TilRequest, readings: Readings): Record<string, unknown> {
	return rowAsRead(publicTilRequest(r), readings, {
		status: readStatus(r, readings),
		idField: 'id',
	});
}

function matches(r: TilRequest, q: Record<string, unknown>): boolean {
	if (q.agent_id !== undefined && r.agent_id !== q.agent_id) return false;
	if (typeof q.approver === 'string') {
		const a = q.approver.toLowerCase();
		if (!r.approvers.some((p) => p.user_id.toLowerCase() === a || includes(p.user_name, a))) {
			return false;
		}
	}
	if (typeof q.q === 'string') {
		const text = q.q.toLowerCase();
		if (![r.ticket_id, r.ticket_number, r.comment].some((f) => includes(f, text))) return false;
	}
	const created = Date.parse(r.created_at);
	if (typeof q.created_after === 'string' && created < Date.parse(q.created_after)) return false;
	if (typeof q.created_before === 'string' && created >= Date.parse(q.created_before)) return false;
	return true;
}

export const listTilRequests: Route = ({ caller, query, store, readings }) => {
	const status = statusFilter(query.status as string[] | undefined, KNOWN_STATUSES, readings);
	const rows = newestFirst(
		store.tilRequests.filter(
			(r) => r.tenantId === caller.tenantId && matches(r, query) && status(readStatus(r, readings)),
		),
		(r) => r.id,
	);
	const { data, pagination } = cursorPage(rows, (r) => [r.created_at, r.id], query, 'desc');
	return {
		status: 200,
		data: data.map((r) => tilRequestAsRead(r, readings)),
		pagination: cursorPaginationAsRead(pagination, readings),
	};
};

/** Records a decision (API or control). A decided request is a 409 saying who, what and when. */
export function decide(
	store: Store,
	request: TilRequest,
	action: 'approve' | 'reject',
	by: Person,
	note: string | null,
	when: string,
	via: 'api' | 'control',
): TilRequest {
	if (request.status !== 'PENDING') {
		throw new ApiError(
			409,
			'conflict',
			`Request ${request.id} was already ${request.status.toLowerCase()}.`,
			{
				request_id: request.id,
				status: request.status,
				decided_by: request.decided_by,
				updated_at: request.updated_at,
			},
		);
	}
	request.status = action === 'approve' ? 'APPROVED' : 'REJECTED';
	request.decided_by = by;
	request.decision_note = note;
	request.updated_at = when;
	store.created.decisions.push({
		request_id: request.id,
		tenant_id: request.tenantId,
		action,
		note,
		decided_by: by,
		at: when,
		via,
	});
	return request;
}

export const decideTilRequest: Route = ({ caller, body, params, store, now, readings }) => {
	platformOnly(caller, body, ['client_id', 'acting_end_user', 'acting_end_user_name']);
	const tenantId = actingTenant(caller, body, store);
	const request = store.findTilRequest(tenantId, params.request_id as number);
	if (!request) throw notFound('TIL request', 'request_id', params.request_id);
	const actor = body.acting_end_user as string | undefined;
	const by: Person = actor
		? { id: actor, name: (body.acting_end_user_name as string | undefined) ?? actor }
		: { id: `sa_${caller.tenantId}`, name: 'API service account' };
	const note = (body.note as string | null | undefined) ?? null;
	const action = body.action as 'approve' | 'reject';
	const decided = decide(store, request, action, by, note, now.toISOString(), 'api');
	return { status: 200, data: tilRequestAsRead(decided, readings) };
};
