/**
 * The list assumptions under their other readings, each switch on its own (test/sandbox/readings.ts),
 * through n8n's engine: statuses Neo spells its own way (typed by expression, passed through),
 * rows without a status (the filter cannot be checked: said as a hint), ids as strings (decided by
 * the id a list answered), and a cursor list without meta.pagination (read as its last page, once).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SEED } from '../sandbox';
import { withReadings } from '../helpers/readings';
import { runNeo } from './neoWorkflow';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();
const run = (resource: string, parameters: INodeParameters, items?: IDataObject[]) =>
	runNeo({
		sandbox: sandbox(),
		parameters: { resource, ...parameters },
		items,
		node: { typeVersion: 2 },
	});
const reads = (path: string) => sandbox().requests.filter((r) => r.path === path);
const hintText = (result: Awaited<ReturnType<typeof run>>['result']) =>
	result
		.hints('Neo')
		.map((h) => h.message)
		.join(' ');
const only = (on: Record<string, boolean>) => ({
	rowsWithoutStatus: false,
	unknownStatusValues: false,
	idsAsStrings: false,
	noPagination: false,
	lateEvents: false,
	...on,
});

describe('statuses Neo spells its own way (unknownStatusValues)', () => {
	it('a Status filter typed by expression reaches Neo as typed, and its rows come back', async () => {
		await withReadings(sandbox(), only({ unknownStatusValues: true }), async () => {
			const { ok, result } = await run('execution', {
				operation: 'getMany',
				returnAll: true,
				filters: { status: '={{ "SKIPPED, WAITING_FOR_APPROVAL" }}' },
			});
			expect(result.error).toBeUndefined();
			expect(reads('/public-api/executions')[0].query.status).toBe('SKIPPED,WAITING_FOR_APPROVAL');
			const statuses = new Set(ok.map((i) => i.json.status));
			expect([...statuses].sort()).toEqual(['SKIPPED', 'WAITING_FOR_APPROVAL']);
		});
	});

	it('rows with statuses outside the assumed ones pass through Get Many unchanged', async () => {
		await withReadings(sandbox(), only({ unknownStatusValues: true }), async () => {
			const { ok } = await run('approvalRequest', { operation: 'getMany', returnAll: true });
			expect(ok).toHaveLength(60);
			expect(ok.filter((i) => i.json.status === 'EXPIRED').length).toBeGreaterThan(0);
		});
	});

	it('under the default reading, a status Neo does not know is Neo’s 422 naming the filter', async () => {
		await withReadings(sandbox(), only({}), async () => {
			const { result } = await run('approvalRequest', {
				operation: 'getMany',
				filters: { status: '={{ ["PENDING", "WAITING"] }}' },
			});
			expect(result.error?.message).toMatch(/^Neo error 422 validation_error: .*status/);
			expect(reads('/public-api/til-requests')[0].query.status).toBe('PENDING,WAITING');
		});
	});

	it('a Status value that is not text fails before anything is sent, naming the parameter', async () => {
		const { result } = await run('execution', {
			operation: 'getMany',
			filters: { status: '={{ [12] }}' },
		});
		expect(result.error?.message).toBe(
			'Parameter "Status" must be status values (text), got 12 (item 0)',
		);
		expect(sandbox().count()).toBe(0);
	});
});

describe('rows without a status (rowsWithoutStatus)', () => {
	it('Get Many with a Status filter returns what Neo lists and says the filter could not be checked', async () => {
		await withReadings(sandbox(), only({ rowsWithoutStatus: true }), async () => {
			const { ok, result } = await run('execution', {
				operation: 'getMany',
				returnAll: true,
				filters: { status: ['FAILED'] },
			});
			expect(result.error).toBeUndefined();
			expect(ok).toHaveLength(SEED.executions.count);
			expect(ok.every((i) => !('status' in i.json))).toBe(true);
			expect(hintText(result)).toContain(
				"Neo's runs carry no status field, so the Status filter (FAILED) could not be checked on them",
			);
		});
	});

	it('without a Status filter there is nothing to say', async () => {
		await withReadings(sandbox(), only({ rowsWithoutStatus: true }), async () => {
			const { ok, result } = await run('approvalRequest', { operation: 'getMany', limit: 5 });
			expect(ok).toHaveLength(5);
			expect(hintText(result)).not.toContain('Status filter');
		});
	});
});

describe('ids as strings (idsAsStrings)', () => {
	it('an approval request listed with a string id is decided by it, once', async () => {
		await withReadings(sandbox(), only({ idsAsStrings: true }), async () => {
			const listed = await run('approvalRequest', {
				operation: 'getMany',
				limit: 1,
				filters: { status: ['PENDING'] },
			});
			const id = listed.ok[0].json.id;
			expect(id).toBe(String(SEED.tilRequests.pending));
			const { ok, result } = await run(
				'approvalRequest',
				{ operation: 'approve', requestId: '={{ $json.id }}' },
				[listed.ok[0].json],
			);
			expect(result.error).toBeUndefined();
			expect(ok[0].json).toMatchObject({ id, status: 'APPROVED' });
			expect(sandbox().created.decisions.map((d) => d.request_id)).toEqual([
				SEED.tilRequests.pending,
			]);
		});
	});

	it('an agent with a string id is picked By ID and from the list alike', async () => {
		await withReadings(sandbox(), only({ idsAsStrings: true }), async () => {
			const agents = await run('agent', { operation: 'getMany', returnAll: true });
			const first = agents.ok[0].json.id as string;
			expect(typeof first).toBe('string');
			const { ok } = await run('execution', {
				operation: 'getMany',
				limit: 3,
				filters: { agent: { __rl: true, mode: 'list', value: first } },
			});
			expect(reads('/public-api/executions')[0].query.agent_id).toBe(first);
			expect(ok.every((i) => String(i.json.agent_id) === first)).toBe(true);
		});
	});
});

describe('a cursor list without meta.pagination (noPagination)', () => {
	it('is read as its last page: one request, and a hint when the page was full', async () => {
		await withReadings(sandbox(), only({ noPagination: true }), async () => {
			sandbox().events.createExecutions({ count: 150 });
			const { ok, result } = await run('execution', { operation: 'getMany', returnAll: true });
			expect(result.error).toBeUndefined();
			expect(ok).toHaveLength(200);
			expect(reads('/public-api/executions')).toHaveLength(1);
			expect(hintText(result)).toContain(
				'Neo answered a full page (200 records) without meta.pagination, so it was read as the last page',
			);
		});
	});

	it('a short page without it ends the list quietly', async () => {
		await withReadings(sandbox(), only({ noPagination: true }), async () => {
			const { ok, result } = await run('approvalRequest', {
				operation: 'getMany',
				returnAll: true,
			});
			expect(ok).toHaveLength(60);
			expect(reads('/public-api/til-requests')).toHaveLength(1);
			expect(hintText(result)).not.toContain('meta.pagination');
		});
	});
});
