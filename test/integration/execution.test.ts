/**
 * Execution → Get, Get Many, Get Steps (Neo node version 2) through n8n's engine against the
 * sandbox: filters as Neo receives them, cursor pages read to the end, steps by type.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SEED } from '../sandbox';
import { isOn, withReadings } from '../helpers/readings';
import { runNeo } from './neoWorkflow';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();
const run = (parameters: INodeParameters, items?: IDataObject[]) =>
	runNeo({
		sandbox: sandbox(),
		parameters: { resource: 'execution', ...parameters },
		items,
		node: { typeVersion: 2 },
	});

describe('Execution', () => {
	it('Get reads one run', async () => {
		const { ok } = await run({ operation: 'get', executionId: SEED.executions.failed });
		expect(ok).toHaveLength(1);
		expect(ok[0].json).toMatchObject({ execution_id: SEED.executions.failed });
		// Rows may carry no status (rowsWithoutStatus): the run's error says it failed either way.
		if (isOn('rowsWithoutStatus')) expect(ok[0].json.error).toEqual(expect.any(String));
		else expect(ok[0].json.status).toBe('FAILED');
	});

	it('Get of an unknown run is Neo’s 404, reported on the item', async () => {
		const { result } = await run({ operation: 'get', executionId: 'ex_nope' });
		expect(result.error?.message).toMatch(/^Neo error 404 /);
	});

	it('Get Many: status, agent, entity filters reach Neo and every item matches', async () => {
		const made = sandbox().events.createExecutions({
			count: 2,
			agent_id: 301,
			status: 'FAILED',
			entity_number: 'TCK-77',
			entity_id: '77',
		});
		sandbox().events.createExecutions({
			count: 2,
			agent_id: 301,
			status: 'SUCCEEDED',
			entity_number: 'TCK-77',
		});
		const { ok } = await run({
			operation: 'getMany',
			returnAll: true,
			filters: {
				agent: { __rl: true, mode: 'list', value: '301' },
				status: ['FAILED'],
				entityNumber: 'TCK-77',
				entityId: '77',
			},
		});
		const query = sandbox().requests.find((r) => r.path === '/public-api/executions')?.query;
		expect(query).toEqual({
			agent_id: '301',
			status: 'FAILED',
			entity_id: '77',
			entity_number: 'TCK-77',
			page_size: '200',
		});
		expect(ok.map((i) => i.json.execution_id).sort()).toEqual(
			made.map((r) => r.execution_id).sort(),
		);
	});

	it('Get Many Return All follows the cursor across pages, each run once', async () => {
		sandbox().events.createExecutions({ count: 150, status: 'SUCCEEDED' });
		// Paging by cursor is the default reading; without meta.pagination see listReadings.test.ts.
		const { ok } = await withReadings(sandbox(), { noPagination: false }, () =>
			run({ operation: 'getMany', returnAll: true }),
		);
		const ids = ok.map((i) => i.json.execution_id);
		expect(ids).toHaveLength(SEED.executions.count + 150);
		expect(new Set(ids).size).toBe(ids.length);
		expect(sandbox().count('/public-api/executions')).toBe(2);
	});

	it('Get Steps: only the chosen types, without data when asked', async () => {
		const { ok } = await run({
			operation: 'getSteps',
			executionId: SEED.executions.failed,
			types: ['TOOL_CALL', 'FINAL_MESSAGE'],
			includeData: false,
		});
		expect(ok.map((i) => i.json.type)).toEqual(['TOOL_CALL', 'FINAL_MESSAGE']);
		expect(ok.every((i) => !('data' in i.json))).toBe(true);
		const all = await run({ operation: 'getSteps', executionId: SEED.executions.failed });
		expect(all.ok).toHaveLength(4);
		expect(all.ok.some((i) => 'data' in i.json)).toBe(true);
	});

	it('an Execution ID that would change the path fails before anything is sent', async () => {
		const { result } = await run({ operation: 'getSteps', executionId: '={{ $json.id }}' }, [
			{ id: SEED.executions.failed },
			{ id: 'ex_1/../../agents' },
		]);
		expect(result.error?.message).toBe(
			'Parameter "Execution ID" must be an ID without "/", "?" or "#", got "ex_1/../../agents" (item 1)',
		);
		expect(sandbox().count()).toBe(0);
	});
});

describe('Execution → Get Approval Requests / Get Callback', () => {
	it('Get Approval Requests: one item per request the run raised, none for a run that raised none', async () => {
		const [made] = sandbox().events.createExecutions({ agent_id: 301 });
		const raised = sandbox().events.createTilRequests({
			count: 3,
			agent_id: 301,
			execution_id: made.execution_id,
		});
		const { ok } = await run({ operation: 'getApprovalRequests', executionId: made.execution_id });
		expect(ok.map((i) => i.json.id)).toEqual(raised.map((r) => r.id));
		const none = await run({
			operation: 'getApprovalRequests',
			executionId: SEED.executions.running,
		});
		expect(none.ok).toEqual([]);
		expect(none.result.error).toBeUndefined();
	});

	it('Get Callback: the PSA callback of a run it started; a run started otherwise is Neo’s 404', async () => {
		const { ok } = await run({
			operation: 'getCallback',
			executionId: SEED.executions.withCallback,
		});
		expect(ok).toHaveLength(1);
		expect(ok[0].json).toMatchObject({
			execution_id: SEED.executions.withCallback,
			payload: expect.any(Object),
		});
		const none = await run({
			operation: 'getCallback',
			executionId: SEED.executions.withoutCallback,
		});
		expect(none.result.error?.message).toMatch(/^Neo error 404 not_found/);
	});

	it('both fail before any request on an Execution ID that would change the path', async () => {
		for (const operation of ['getApprovalRequests', 'getCallback']) {
			const { result } = await run({ operation, executionId: '../agents' });
			expect(result.error?.message).toBe(
				'Parameter "Execution ID" must be an ID without "/", "?" or "#", got "../agents" (item 0)',
			);
		}
		expect(sandbox().count()).toBe(0);
	});
});
