/**
 * What each version-2 operation sends (method, path, query, body) for its parameters, and the
 * bad input each refuses before sending. The engine tests prove the sandbox accepts the same.
 */
import type { INodeParameters } from 'n8n-workflow';

import { Neo } from '../../nodes/Neo/Neo.node';
import { resources } from '../../nodes/Neo/actions/node.type';
import { page, prepareError, record, runOperation } from '../helpers/operationRequests';

const properties = new Neo().nodeVersions[2].description.properties;
const byId = (value: string | number) => ({ __rl: true, mode: 'id', value });
const fromList = (value: string) => ({ __rl: true, mode: 'list', value });

const run = (
	resource: keyof typeof resources,
	operation: string,
	parameters: INodeParameters,
	answers?: Parameters<typeof runOperation>[3],
) =>
	runOperation(
		(resources[resource] as Record<string, Parameters<typeof runOperation>[0]>)[operation],
		properties,
		{ resource, operation, ...parameters },
		answers,
	);

const refusal = (
	resource: keyof typeof resources,
	operation: string,
	parameters: INodeParameters,
) =>
	prepareError(
		(resources[resource] as Record<string, Parameters<typeof runOperation>[0]>)[operation],
		properties,
		{ resource, operation, ...parameters },
	);

describe('Agent', () => {
	it('Get reads the agent chosen by ID, path-encoded', async () => {
		const { requests } = await run('agent', 'get', { agent: byId(' 101 ') });
		expect(requests).toEqual([{ method: 'GET', path: '/public-api/agents/101' }]);
	});

	it('Get Many with a limit asks for just that many and stops', async () => {
		const { requests, result } = await run('agent', 'getMany', { limit: 3 }, [
			page([{ id: 1 }, { id: 2 }, { id: 3 }], 'c2'),
		]);
		expect(requests).toEqual([
			{ method: 'GET', path: '/public-api/agents', query: { page_size: 3 } },
		]);
		expect(result).toMatchObject({ ok: true, records: [{ id: 1 }, { id: 2 }, { id: 3 }] });
	});

	it('Get Many with Return All follows next_cursor with Neo’s largest page until has_more is false', async () => {
		const { requests, result } = await run('agent', 'getMany', { returnAll: true }, [
			page([{ id: 1 }], 'c2'),
			page([{ id: 2 }], 'c3'),
			page([{ id: 3 }]),
		]);
		expect(requests.map((r) => r.query)).toEqual([
			{ page_size: 200 },
			{ page_size: 200, cursor: 'c2' },
			{ page_size: 200, cursor: 'c3' },
		]);
		expect(result).toMatchObject({ ok: true, records: [{ id: 1 }, { id: 2 }, { id: 3 }] });
	});

	it('Get Many filters by kind page by page until Limit agents of that kind are found', async () => {
		const { requests, result } = await run(
			'agent',
			'getMany',
			{ limit: 2, filters: { kinds: ['CONVERSATIONAL'], enabledOnly: true } },
			[
				page(
					[
						{ id: 1, autonomy_type: 'AGENTIC' },
						{ id: 2, autonomy_type: 'CONVERSATIONAL' },
					],
					'c2',
				),
				page(
					[
						{ id: 3, autonomy_type: 'CONVERSATIONAL' },
						{ id: 4, autonomy_type: 'CONVERSATIONAL' },
					],
					'c3',
				),
			],
		);
		expect(requests.map((r) => r.query)).toEqual([
			{ state: 'ENABLED', page_size: 200 },
			{ state: 'ENABLED', page_size: 200, cursor: 'c2' },
		]);
		expect(result.ok && result.records.map((r) => r.id)).toEqual([2, 3]);
	});

	it('Get Many stops with an error when Neo repeats a cursor, instead of looping', async () => {
		const { requests, result } = await run('agent', 'getMany', { returnAll: true }, [
			page([{ id: 1 }], 'same'),
			page([{ id: 2 }], 'same'),
		]);
		expect(requests).toHaveLength(2);
		expect(result).toMatchObject({ ok: false, failure: { code: 'invalid_pagination' } });
	});

	it('refuses an agent ID that is not a whole number before sending', () => {
		expect(refusal('agent', 'get', { agent: byId('abc') })).toBe(
			'Parameter "Agent" must be a whole number, got "abc" (item 0)',
		);
		expect(refusal('agent', 'get', { agent: fromList('') })).toBe(
			'Parameter "Agent" is required but is empty (item 0)',
		);
	});
});

describe('Channel', () => {
	it('Create sends the agent from the list as agent_id beside the required fields', async () => {
		const { requests } = await run('channel', 'create', {
			internalName: 'contoso-helpdesk',
			agent: fromList('101'),
			additionalFields: { displayName: 'Contoso IT', status: 'DISCONNECTED' },
		});
		expect(requests).toEqual([
			{
				method: 'POST',
				path: '/public-api/channels',
				body: {
					audience: 'END_USER',
					internal_name: 'contoso-helpdesk',
					type: 'TEAMS',
					agent_id: 101,
					display_name: 'Contoso IT',
					status: 'DISCONNECTED',
				},
			},
		]);
	});

	it('Create with Return the Existing One reads the channel a 409 names, marked alreadyExisted', async () => {
		const conflict = {
			ok: false as const,
			failure: {
				code: 'conflict',
				message: 'exists',
				httpStatus: 409,
				details: { existing_channel_id: 'ch_1' },
				attempts: 1,
				waitedMs: 0,
			},
		};
		const { requests, result } = await run(
			'channel',
			'create',
			{ internalName: 'dup', ifExists: 'returnExisting' },
			[conflict, record({ id: 'ch_1', internal_name: 'dup' })],
		);
		expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /public-api/channels',
			'GET /public-api/channels/ch_1',
		]);
		expect(result).toMatchObject({
			ok: true,
			records: [{ id: 'ch_1', internal_name: 'dup', alreadyExisted: true }],
		});
	});

	it('Create with Return the Existing One fails, saying why, when the 409 does not name the channel', async () => {
		const { requests, result } = await run(
			'channel',
			'create',
			{ internalName: 'dup', ifExists: 'returnExisting' },
			[
				{
					ok: false,
					failure: {
						code: 'CONFLICT',
						message: 'exists.',
						httpStatus: 409,
						attempts: 1,
						waitedMs: 0,
					},
				},
			],
		);
		expect(requests).toHaveLength(1);
		expect(result).toMatchObject({
			ok: false,
			failure: {
				httpStatus: 409,
				message: expect.stringMatching(/does not name the existing channel/),
			},
		});
	});

	it('Get encodes the channel ID into the path', async () => {
		const { requests } = await run('channel', 'get', { channelId: 'ch_8d2f0a' });
		expect(requests).toEqual([{ method: 'GET', path: '/public-api/channels/ch_8d2f0a' }]);
	});

	it('Update sends only the fields added, as a PATCH', async () => {
		const { requests, result } = await run('channel', 'update', {
			channelId: 'ch_1',
			updateFields: { status: 'DISCONNECTED', agent: byId(102) },
		});
		expect(requests).toEqual([
			{
				method: 'PATCH',
				path: '/public-api/channels/ch_1',
				body: { agent_id: 102, status: 'DISCONNECTED' },
			},
		]);
		expect(result.ok && result.notices).toBeUndefined();
	});

	it('Update of packaged fields adds the re-publish notice', async () => {
		const { result } = await run('channel', 'update', {
			channelId: 'ch_1',
			updateFields: { displayName: 'New name' },
		});
		expect(result.ok && result.notices).toEqual([expect.stringMatching(/re-published/)]);
	});

	it.each([
		[
			{ channelId: 'ch/1', updateFields: { status: 'ACTIVE' } },
			'Parameter "Channel ID" must be an ID without "/", "?" or "#", got "ch/1" (item 0)',
		],
		[
			{ channelId: 'ch_1', updateFields: {} },
			'Parameter "Update Fields" needs at least one field to change (item 0)',
		],
		[
			{ channelId: 'ch_1', updateFields: { status: 'PAUSED' } },
			'Parameter "Status" must be one of ACTIVE, DISCONNECTED, got "PAUSED" (item 0)',
		],
	])('Update refuses %j before sending', (parameters, message) => {
		expect(refusal('channel', 'update', parameters)).toBe(message);
	});
});

describe('End Company', () => {
	it('Create nests the on-prem settings and splits marketplace IDs', async () => {
		const { requests } = await run('endCompany', 'create', {
			psaCompanyId: '19544',
			psaCompanyName: 'Contoso Ltd',
			additionalFields: {
				tenantId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
				exchangeServerHostname: 'ex01.contoso.local',
				marketplaceCompanyIds: '4411, 4412',
				autoAssignExchangeAdmin: false,
			},
		});
		expect(requests).toEqual([
			{
				method: 'POST',
				path: '/public-api/end-companies',
				body: {
					psa_company_id: '19544',
					psa_company_name: 'Contoso Ltd',
					tenant_id: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
					auto_assign_exchange_admin: false,
					mailbox_provider: { onprem_exchange_server_hostname: 'ex01.contoso.local' },
					marketplace_company_ids: [{ company_id: '4411' }, { company_id: '4412' }],
				},
			},
		]);
	});

	it('Create with Return the Existing One reads it back by PSA company ID on a 409', async () => {
		const { requests, result } = await run(
			'endCompany',
			'create',
			{ psaCompanyId: 'A 1', psaCompanyName: 'A', ifExists: 'returnExisting' },
			[
				{
					ok: false,
					failure: {
						code: 'conflict',
						message: 'exists',
						httpStatus: 409,
						attempts: 1,
						waitedMs: 0,
					},
				},
				record({ psa_company_id: 'A 1' }),
			],
		);
		expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /public-api/end-companies',
			'GET /public-api/end-companies/A%201',
		]);
		expect(result).toMatchObject({
			ok: true,
			records: [{ psa_company_id: 'A 1', alreadyExisted: true }],
		});
	});

	it('Create marks a new end company alreadyExisted: false when the option is on', async () => {
		const { result } = await run(
			'endCompany',
			'create',
			{ psaCompanyId: '7', psaCompanyName: 'B', ifExists: 'returnExisting' },
			[record({ psa_company_id: '7' })],
		);
		expect(result).toMatchObject({ ok: true, records: [{ alreadyExisted: false }] });
	});

	it('refuses an empty PSA company ID before sending', () => {
		expect(refusal('endCompany', 'create', { psaCompanyId: ' ', psaCompanyName: 'A' })).toBe(
			'Parameter "PSA Company ID" is required but is empty (item 0)',
		);
		expect(refusal('endCompany', 'get', { psaCompanyId: '../agents' })).toMatch(
			/^Parameter "PSA Company ID" must be an ID without/,
		);
	});
});

describe('Chat Session and Session Token (version 2 fields)', () => {
	it('Chat Session → Create sends the agent from the list; relay fields only when switched on', async () => {
		const off = await run('chatSession', 'create', {
			agent: fromList('101'),
			platformRelayFields: { clientId: 'tenant_b' },
		});
		expect(off.requests[0].body).toEqual({ agent_id: 101 });
		const on = await run('chatSession', 'create', {
			agent: fromList('101'),
			platformRelay: true,
			platformRelayFields: { clientId: 'tenant_b' },
		});
		expect(on.requests[0].body).toEqual({ agent_id: 101, client_id: 'tenant_b' });
	});

	it('Chat Session → Create has no made-up agent: an unset agent is refused', () => {
		expect(refusal('chatSession', 'create', {})).toBe(
			'Parameter "Agent" is required but is empty (item 0)',
		);
	});

	it('Session Token → Mint takes Allowed Agent IDs from the multi-select as numbers', async () => {
		const { requests } = await run('sessionToken', 'mint', {
			sessionId: 'cs_1',
			additionalFields: { allowedAgentIds: [101, '102'] },
		});
		expect(requests).toEqual([
			{
				method: 'POST',
				path: '/public-api/sessions',
				safeToRepeat: true,
				body: { session_id: 'cs_1', allowed_agent_ids: [101, 102] },
			},
		]);
	});
});
