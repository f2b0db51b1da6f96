/**
 * The onboarding lifecycle's version-2 operations through n8n's real engine against the sandbox:
 * agents (lists, filters, the resource locator's search through n8n's load-options path), end
 * companies, channel read and update, "Return the Existing One", and what is safe to re-send.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SEED } from '../sandbox';
import { loadOptions, searchList } from '../helpers/loadOptions';
import { withReadings } from '../helpers/readings';
import { neoNode } from '../helpers/n8nEngine';
import { runNeo } from './neoWorkflow';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();
const v2 = { typeVersion: 2 };
const fromList = (value: string | number) => ({ __rl: true, mode: 'list', value: String(value) });

const run = (parameters: INodeParameters, items?: IDataObject[], onError?: 'continueErrorOutput') =>
	runNeo({ sandbox: sandbox(), parameters, items, onError, node: v2 });

const requestLine = () => sandbox().requests.map((r) => `${r.method} ${r.path} ${r.status}`);

describe('Agent', () => {
	it('Get Many with Return All lists every agent of the tenant, one item each, paired', async () => {
		const { ok, result } = await run({ resource: 'agent', operation: 'getMany', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(ok).toHaveLength(SEED.agents.counts.tenant);
		expect(new Set(ok.map((item) => item.json.id)).size).toBe(ok.length);
		expect(ok.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(sandbox().requests.every((r) => r.query.page_size === '200')).toBe(true);
	});

	// Paging by cursor is the default reading; without meta.pagination see listReadings.test.ts.
	it('Get Many with Return All follows the cursor across pages when Neo serves fewer rows than asked', async () => {
		sandbox().configure({ maxPageSize: 50 });
		await withReadings(sandbox(), { noPagination: false }, async () => {
			const { ok } = await run({ resource: 'agent', operation: 'getMany', returnAll: true });
			expect(ok).toHaveLength(SEED.agents.counts.tenant);
			expect(new Set(ok.map((item) => item.json.id)).size).toBe(ok.length);
			const pages = sandbox().requests;
			expect(pages).toHaveLength(Math.ceil(SEED.agents.counts.tenant / 50));
			expect(pages[0].query.cursor).toBeUndefined();
			expect(pages.slice(1).every((r) => typeof r.query.cursor === 'string')).toBe(true);
		}).finally(() => sandbox().configure({ maxPageSize: 200 }));
	});

	it('Get Many keeps only the chosen kinds, across pages, up to the limit', async () => {
		const { ok } = await run({
			resource: 'agent',
			operation: 'getMany',
			limit: 3,
			filters: { kinds: ['CONVERSATIONAL'] },
		});
		expect(ok).toHaveLength(3);
		expect(ok.every((item) => item.json.autonomy_type === 'CONVERSATIONAL')).toBe(true);
	});

	it('Get Many per input item: each item lists on its own and pairs with it', async () => {
		const { ok } = await run({ resource: 'agent', operation: 'getMany', limit: 2 }, [{}, {}]);
		expect(ok.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 0 },
			{ item: 1 },
			{ item: 1 },
		]);
		expect(sandbox().requests.map((r) => r.query.page_size)).toEqual(['2', '2']);
	});

	it('Get reads the agent picked from the list; another tenant’s agent is not found', async () => {
		const { ok } = await run({ resource: 'agent', operation: 'get', agent: fromList(101) });
		expect(ok[0].json).toMatchObject({ autonomy_type: 'CONVERSATIONAL' });
		expect(Number(ok[0].json.id)).toBe(101); // a string "101" under idsAsStrings
		const { errors } = await run(
			{ resource: 'agent', operation: 'get', agent: fromList(SEED.agents.otherTenant[0]) },
			[{}],
			'continueErrorOutput',
		);
		expect(errors[0].json.error).toMatchObject({ httpStatus: 404, code: 'not_found' });
	});
});

describe('Choosing an agent in the editor (n8n load-options path)', () => {
	const node = (parameters: INodeParameters = {}) =>
		neoNode('Neo', { resource: 'channel', operation: 'create', ...parameters }, v2);
	const credentials = () => ({ neoApi: { apiKey: sandbox().keys.tenant, baseUrl: sandbox().url } });

	it('searches conversational agents by name, and only those', async () => {
		const result = await searchList({
			node: node(),
			credentials: credentials(),
			method: 'searchConversationalAgents',
			filter: 'contoso',
		});
		expect(result.results.length).toBeGreaterThan(0);
		expect(result.results).toContainEqual({ name: 'Contoso Helpdesk (101)', value: '101' });
		expect(result.results.every((r) => /contoso/i.test(r.name))).toBe(true);
		const all = await searchList({
			node: node(),
			credentials: credentials(),
			method: 'searchAgents',
		});
		const conversational = await searchList({
			node: node(),
			credentials: credentials(),
			method: 'searchConversationalAgents',
		});
		expect(conversational.results.length).toBeLessThan(all.results.length);
	});

	it('offers only triggered agents where work is scheduled', async () => {
		const result = await searchList({
			node: node(),
			credentials: credentials(),
			method: 'searchTriggeredAgents',
		});
		expect(result.results).toContainEqual({ name: 'Password Reset (301)', value: '301' });
		expect(result.results.map((r) => r.value)).not.toContain('101');
	});

	it('marks disabled agents in every agent list, and only those', async () => {
		const { conversational, triggered } = SEED.agents.disabled;
		const lists: Array<[string, number, string]> = [
			['searchConversationalAgents', conversational, 'Contoso Helpdesk (101)'],
			['searchTriggeredAgents', triggered, 'Password Reset (301)'],
			['searchAgents', conversational, 'Contoso Helpdesk (101)'],
		];
		for (const [method, disabledId, enabledLabel] of lists) {
			const offered = [];
			let paginationToken: string | undefined;
			do {
				const page = await searchList({
					node: node(),
					credentials: credentials(),
					method,
					paginationToken,
				});
				offered.push(...page.results);
				paginationToken = page.paginationToken;
			} while (paginationToken);
			const disabled = offered.find((r) => r.value === String(disabledId));
			expect(disabled?.name).toMatch(new RegExp(`^.+ \\(${disabledId}, disabled\\)$`));
			expect(offered.map((r) => r.name)).toContain(enabledLabel);
			expect(offered.filter((r) => r.name.endsWith(', disabled)')).length).toBeLessThan(
				offered.length / 4,
			);
		}
		const options = await loadOptions({
			node: node(),
			credentials: credentials(),
			method: 'getAgents',
		});
		expect(options.find((o) => o.value === triggered)?.name).toMatch(/, disabled\)$/);
		expect(options.find((o) => o.value === 101)?.name).toBe('Contoso Helpdesk (101)');
	});

	it('loads every conversational agent for the Allowed Agents multi-select, by name', async () => {
		const options = await loadOptions({
			node: node(),
			credentials: credentials(),
			method: 'getConversationalAgents',
		});
		expect(options).toContainEqual({ name: 'Contoso Helpdesk (101)', value: 101 });
		const names = options.map((o) => o.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});

	it('surfaces a rejected key as an error in the editor, never the key itself', async () => {
		const revoked = 'neo_sk_test_LEAKCHECKleakcheck0000';
		await expect(
			searchList({
				node: node(),
				credentials: { neoApi: { apiKey: revoked, baseUrl: sandbox().url } },
				method: 'searchAgents',
			}),
		).rejects.toThrow(/401 unauthenticated/);
		await expect(
			searchList({
				node: node(),
				credentials: { neoApi: { apiKey: revoked, baseUrl: sandbox().url } },
				method: 'searchAgents',
			}).catch((error: Error) => JSON.stringify(error, Object.getOwnPropertyNames(error))),
		).resolves.not.toContain('LEAKCHECK');
	});
});

describe('End Company', () => {
	const create = (parameters: INodeParameters = {}) => ({
		resource: 'endCompany',
		operation: 'create',
		psaCompanyId: '={{ $json.psaId }}',
		psaCompanyName: '={{ $json.name }}',
		...parameters,
	});

	it('Create registers the client; Get reads it back by PSA company ID', async () => {
		const { ok } = await run(create(), [{ psaId: '20001', name: 'Tailspin Toys' }]);
		expect(ok[0].json).toMatchObject({
			psa_company_id: '20001',
			psa_company_name: 'Tailspin Toys',
		});
		expect(ok[0].json).not.toHaveProperty('alreadyExisted');
		const read = await run({ resource: 'endCompany', operation: 'get', psaCompanyId: '20001' });
		expect(read.ok[0].json).toMatchObject({ psa_company_id: '20001' });
	});

	it('a second Create fails with Neo’s 409 by default, and returns the existing one when asked', async () => {
		const item = { psaId: SEED_CONTOSO, name: 'Contoso' };
		const failed = await run(create(), [item], 'continueErrorOutput');
		expect(failed.errors[0].json.error).toMatchObject({ httpStatus: 409 });
		const returned = await run(create({ ifExists: 'returnExisting' }), [item]);
		expect(returned.ok[0].json).toMatchObject({
			psa_company_id: SEED_CONTOSO,
			alreadyExisted: true,
		});
		expect(sandbox().state().created.endCompanies).toBe(0);
	});

	it('an end company with a tenant ID makes a white-label chat session from that tenant work', async () => {
		const tenantId = '0b9f3c1e-2a4d-4e5f-8a6b-7c8d9e0f1a2b';
		const session = {
			resource: 'chatSession',
			operation: 'create',
			agent: fromList(101),
			platformRelay: true,
			platformRelayFields: { inboundTenantId: tenantId },
		};
		// The relay (a platform key) opens the session; the MSP (a tenant key) registers its client.
		const relay = () =>
			runNeo({
				sandbox: sandbox(),
				parameters: session,
				apiKey: sandbox().keys.platform,
				onError: 'continueErrorOutput',
				node: v2,
			});
		const before = await relay();
		expect(before.errors[0]?.json.error).toMatchObject({ code: 'end_company_not_mapped' });
		await run(create({ additionalFields: { tenantId } }), [{ psaId: '20002', name: 'Wingtip' }]);
		const after = await relay();
		expect(after.errors).toHaveLength(0);
		expect(after.ok[0].json).toMatchObject({ agent_id: 101 });
	});

	it('Get of an unknown company is a clear 404', async () => {
		const { errors } = await run(
			{ resource: 'endCompany', operation: 'get', psaCompanyId: 'no-such' },
			[{}],
			'continueErrorOutput',
		);
		expect(errors[0].json.error).toMatchObject({
			httpStatus: 404,
			message: expect.stringMatching(/^Neo error 404 not_found/),
		});
	});
});

const SEED_CONTOSO = '1001';

describe('Channel', () => {
	it('Get reads a channel; Update pauses it and sends only that field', async () => {
		const channelId = 'ch_seed_contoso_teams';
		const { ok } = await run({ resource: 'channel', operation: 'get', channelId });
		expect(ok[0].json).toMatchObject({ id: channelId, status: 'ACTIVE' });
		const updated = await run({
			resource: 'channel',
			operation: 'update',
			channelId,
			updateFields: { status: 'DISCONNECTED' },
		});
		expect(updated.ok[0].json).toMatchObject({ id: channelId, status: 'DISCONNECTED' });
		const patch = sandbox().requests.find((r) => r.method === 'PATCH');
		expect(patch?.body).toEqual({ status: 'DISCONNECTED' });
		// Neo's own warning about a paused channel, and no re-publish advice for a status change.
		expect(updated.result.hints('Neo')).toEqual([
			expect.objectContaining({ type: 'warning', message: expect.stringMatching(/DISCONNECTED/) }),
		]);
	});

	it('Update of the display name says it reaches Teams only after a re-publish', async () => {
		const { result } = await run({
			resource: 'channel',
			operation: 'update',
			channelId: 'ch_seed_contoso_teams',
			updateFields: { displayName: 'Contoso IT Help' },
		});
		expect(result.hints('Neo')).toEqual([
			expect.objectContaining({ type: 'info', message: expect.stringMatching(/re-published/) }),
		]);
	});

	it('Create with Return the Existing One turns the 409 into the existing channel (or says the 409 names none)', async () => {
		const { ok, result } = await run({
			resource: 'channel',
			operation: 'create',
			internalName: 'seed-contoso-teams',
			ifExists: 'returnExisting',
		});
		// Under conflictNoDetails Neo's 409 names no channel, and Neo documents no channel list.
		if (sandbox().state().config.readings.conflictNoDetails) {
			expect(result.nodeError('Neo')?.message).toMatch(
				/^Neo error 409 \w+: .*Neo's 409 does not name the existing channel/,
			);
			expect(requestLine()).toEqual(['POST /public-api/channels 409']);
			return;
		}
		expect(ok[0].json).toMatchObject({ id: 'ch_seed_contoso_teams', alreadyExisted: true });
		expect(requestLine()).toEqual([
			'POST /public-api/channels 409',
			'GET /public-api/channels/ch_seed_contoso_teams 200',
		]);
	});

	it('a channel ID with a slash fails before anything is sent, naming the parameter and item', async () => {
		const { result } = await run(
			{ resource: 'channel', operation: 'get', channelId: '={{ $json.id }}' },
			[{ id: 'ch_1' }, { id: 'ch_1/../agents' }],
		);
		expect(result.nodeError('Neo')?.message).toBe(
			'Parameter "Channel ID" must be an ID without "/", "?" or "#", got "ch_1/../agents" (item 1)',
		);
		expect(sandbox().count()).toBe(0);
	});
});

describe('What may be re-sent after a server error', () => {
	it('a read (GET) and a partial update (PATCH) are retried after a 500', async () => {
		sandbox().addFault({ method: 'GET', times: 1, fault: { kind: 'status', status: 500 } });
		const read = await run({
			resource: 'channel',
			operation: 'get',
			channelId: 'ch_seed_contoso_teams',
		});
		expect(read.ok).toHaveLength(1);
		sandbox().addFault({ method: 'PATCH', times: 1, fault: { kind: 'status', status: 500 } });
		const update = await run({
			resource: 'channel',
			operation: 'update',
			channelId: 'ch_seed_contoso_teams',
			updateFields: { welcomeMessage: 'Hello' },
		});
		expect(update.ok).toHaveLength(1);
		expect(requestLine()).toEqual([
			'GET /public-api/channels/ch_seed_contoso_teams 500',
			'GET /public-api/channels/ch_seed_contoso_teams 200',
			'PATCH /public-api/channels/ch_seed_contoso_teams 500',
			'PATCH /public-api/channels/ch_seed_contoso_teams 200',
		]);
	});

	it('an End Company create is not re-sent after a 500 Neo may have acted on', async () => {
		sandbox().addFault({
			method: 'POST',
			times: 1,
			fault: { kind: 'status', status: 500, acted: true },
		});
		const { errors } = await run(
			{
				resource: 'endCompany',
				operation: 'create',
				psaCompanyId: '20003',
				psaCompanyName: 'Adatum',
			},
			[{}],
			'continueErrorOutput',
		);
		expect(errors[0].json.error).toMatchObject({ httpStatus: 500, attempts: 1 });
		expect(sandbox().count()).toBe(1);
	});
});
