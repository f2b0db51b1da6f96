/**
 * Approval Request → Get Many, Approve, Reject (Neo node version 2) through n8n's engine against the
 * sandbox: the query Neo receives, cursor pages read to the end, decisions recorded once, and the
 * 409 of an already decided request.
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
		parameters: { resource: 'approvalRequest', ...parameters },
		items,
		node: { typeVersion: 2 },
	});
const decisionPath = (id: number) => `/public-api/til-requests/${id}/decision`;
const listed = () => sandbox().requests.filter((r) => r.path === '/public-api/til-requests');

describe('Approval Request → Get Many', () => {
	it('filters by status and agent: Neo receives them and every item matches', async () => {
		const made = sandbox().events.createTilRequests({ count: 3, agent_id: 302 });
		sandbox().events.createTilRequests({ count: 2, agent_id: 302, status: 'APPROVED' });
		const { ok, result } = await run({
			operation: 'getMany',
			returnAll: true,
			filters: { status: ['PENDING'], agent: { __rl: true, mode: 'id', value: '302' } },
		});
		expect(result.error).toBeUndefined();
		expect(listed()[0].query).toEqual({ status: 'PENDING', agent_id: '302', page_size: '200' });
		expect(ok.map((i) => Number(i.json.id))).toEqual(expect.arrayContaining(made.map((r) => r.id)));
		expect(ok.every((i) => i.json.agent_id === 302)).toBe(true);
		if (isOn('rowsWithoutStatus')) {
			// Rows without a status: Neo ignores the filter, and the node says it could not check it.
			const hints = result.hints('Neo').map((h) => h.message);
			expect(hints.join(' ')).toContain('Status filter (PENDING) could not be checked');
		} else {
			expect(ok.every((i) => i.json.status === 'PENDING')).toBe(true);
		}
	});

	it('Return All reads every cursor page once: no request missing or repeated', async () => {
		sandbox().events.createTilRequests({ count: 250, created_at: '2026-11-20T10:00:00.000Z' });
		// Paging by cursor is the default reading; without meta.pagination see listReadings.test.ts.
		const { ok } = await withReadings(sandbox(), { noPagination: false }, () =>
			run({ operation: 'getMany', returnAll: true }),
		);
		const ids = ok.map((i) => i.json.id as number);
		expect(ids).toHaveLength(60 + 250);
		expect(new Set(ids).size).toBe(ids.length);
		expect(listed().map((r) => r.query.cursor === undefined)).toEqual([true, false]);
	});

	it('Limit and the created-after / text filters', async () => {
		const { ok } = await run({
			operation: 'getMany',
			limit: 3,
			filters: { createdAfter: '2026-11-08T00:00:00.000Z', q: 'TCK-' },
		});
		expect(ok).toHaveLength(3);
		expect(listed()[0].query).toMatchObject({
			created_after: '2026-11-08T00:00:00.000Z',
			q: 'TCK-',
			page_size: '3',
		});
		expect(ok.every((i) => String(i.json.created_at) >= '2026-11-08')).toBe(true);
	});
});

describe('Approval Request → Approve / Reject', () => {
	it('approves a pending request once, with the note', async () => {
		const id = SEED.tilRequests.pending;
		const { ok, result } = await run({ operation: 'approve', requestId: String(id), note: 'Fine' });
		expect(result.error).toBeUndefined();
		expect(Number(ok[0].json.id)).toBe(id);
		expect(ok[0].json.status).toBe(isOn('rowsWithoutStatus') ? undefined : 'APPROVED');
		expect(sandbox().state().decisions).toEqual({ api: 1, control: 0 });
		expect(sandbox().created.decisions[0]).toMatchObject({
			request_id: id,
			action: 'approve',
			note: 'Fine',
		});
	});

	it('rejects one request per item, each paired with its item', async () => {
		const ids = [5058, 5059];
		const { ok } = await run(
			{ operation: 'reject', requestId: '={{ $json.id }}' },
			ids.map((id) => ({ id })),
		);
		const status = isOn('rowsWithoutStatus') ? undefined : 'REJECTED';
		expect(ok.map((i) => [Number(i.json.id), i.json.status, i.pairedItem])).toEqual([
			[5058, status, { item: 0 }],
			[5059, status, { item: 1 }],
		]);
		expect(sandbox().state().decisions.api).toBe(2);
	});

	it('an already decided request fails with who decided it and when', async () => {
		const { result } = await run({
			operation: 'reject',
			requestId: String(SEED.tilRequests.approved),
		});
		expect(result.error?.message).toMatch(
			/^Neo error 409 conflict: Approval request 5001 was already approved by .+ \(u_\w+\) at 2026-\S+; nothing was changed\.$/,
		);
		expect(sandbox().state().decisions.api).toBe(0);
	});

	it('a colleague’s identical decision met on the FIRST attempt fails the item with who and when', async () => {
		// Only a 409 after the node's own retry of a 5xx may count as "already done by us".
		const id = SEED.tilRequests.pending;
		sandbox().events.decide(id, {
			action: 'approve',
			by: { id: 'u_bob', name: 'Bob Okafor' },
			at: '2026-12-01T09:00:00.000Z',
		});
		const { ok, result } = await run({ operation: 'approve', requestId: String(id) });
		expect(ok).toHaveLength(0);
		expect(result.error?.message).toMatch(
			new RegExp(
				`^Neo error 409 \\S+: Approval request ${id} was already approved by Bob Okafor \\(u_bob\\) at 2026-12-01T09:00:00.000Z; nothing was changed\\.$`,
			),
		);
		expect(sandbox().count(decisionPath(id))).toBe(1);
		expect(sandbox().state().decisions).toEqual({ api: 0, control: 1 });
	});

	it('a 5xx after Neo recorded the decision: the repeat meets the 409 and the item succeeds, flagged', async () => {
		const id = SEED.tilRequests.pending;
		sandbox().addFault({
			path: decisionPath(id),
			times: 1,
			fault: { kind: 'status', status: 500, acted: true },
		});
		const { ok, result } = await run({ operation: 'approve', requestId: String(id) });
		expect(result.error).toBeUndefined();
		expect(ok[0].json).toMatchObject({ id, status: 'APPROVED', alreadyDecided: true });
		expect(sandbox().count(decisionPath(id))).toBe(2);
		expect(sandbox().state().decisions).toEqual({ api: 1, control: 0 });
		expect(
			result
				.hints('Neo')
				.map((h) => h.message)
				.join(' '),
		).toContain('earlier attempt');
	});

	it('a bad Request ID fails before anything is sent, naming the parameter and the item', async () => {
		const { result } = await run({ operation: 'approve', requestId: '={{ $json.id }}' }, [
			{ id: 5060 },
			{ id: 'abc' },
		]);
		expect(result.error?.message).toBe(
			'Parameter "Request ID" must be a whole number, got "abc" (item 1)',
		);
		expect(sandbox().count()).toBe(0);
	});
});
