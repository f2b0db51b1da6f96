/**
 * Each operation's 409 gets its own advice (the error's hint and the failed node's description):
 * a 409 means "already decided" on Approve, "internal name taken" on Channel → Create, "PSA
 * company ID taken" on End Company → Create, "map the tenant" for a white-label chat session, and
 * "already sent" for a chat message. Run in n8n's engine against the sandbox.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SEED } from '../sandbox';
import { channelCreate, runNeo } from './neoWorkflow';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();

const hintOf = async (
	parameters: INodeParameters,
	items: IDataObject[] = [{}],
	apiKey?: string,
) => {
	const { errors } = await runNeo({
		sandbox: sandbox(),
		parameters,
		items,
		apiKey,
		onError: 'continueErrorOutput',
		node: { typeVersion: 2 },
	});
	const error = errors[0]?.json.error as IDataObject | undefined;
	expect(error?.httpStatus).toBe(409);
	return error?.hint as string;
};

it('Approve / Reject: the request was already decided, not a taken name', async () => {
	for (const operation of ['approve', 'reject']) {
		const hint = await hintOf({
			resource: 'approvalRequest',
			operation,
			requestId: String(SEED.tilRequests.approved),
		});
		expect(hint).toMatch(/^The request was already decided .*nothing was changed\.$/);
		expect(hint).not.toMatch(/internal name|channel/i);
	}
});

it('Channel → Create: the internal name is taken, and Return the Existing One is the way to re-run', async () => {
	const hint = await hintOf(channelCreate(), [{ name: 'seed-contoso-teams' }]);
	expect(hint).toMatch(/^A channel with this internal name already exists/);
	expect(hint).toContain('If It Already Exists → Return the Existing One');
});

it('End Company → Create: names the PSA company ID and Return the Existing One', async () => {
	const hint = await hintOf(
		{
			resource: 'endCompany',
			operation: 'create',
			psaCompanyId: SEED.endCompanies.tenant.contoso,
			psaCompanyName: 'Contoso Ltd',
		},
		[{}],
	);
	expect(hint).toMatch(/^An end company with this PSA company ID already exists/);
	expect(hint).toContain('If It Already Exists → Return the Existing One');
});

it('Chat Session → Create for an unmapped tenant: create the end company with its Tenant ID', async () => {
	const hint = await hintOf(
		{
			resource: 'chatSession',
			operation: 'create',
			agent: { __rl: true, mode: 'list', value: '101' },
			platformRelay: true,
			platformRelayFields: { inboundTenantId: '00000000-0000-4000-8000-000000000000' },
		},
		[{}],
		sandbox().keys.platform,
	);
	expect(hint).toMatch(/create the end company with its Tenant ID \(End Company → Create/);
});

it('any other operation’s 409 gets the general advice, naming no resource', async () => {
	sandbox().addFault({
		method: 'POST',
		path: '/public-api/sessions',
		times: 1,
		fault: { kind: 'status', status: 409 },
	});
	const hint = await hintOf({
		resource: 'sessionToken',
		operation: 'mint',
		sessionId: SEED.sessions.tenant,
	});
	expect(hint).toBe(
		"The resource is in a state that blocks this request: read it again, then decide (Neo's advice for a 409).",
	);
});
