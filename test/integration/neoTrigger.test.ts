/**
 * The Neo Trigger polled through n8n-core's real PollContext against the sandbox, which creates
 * approval requests and agent runs on demand: activation without replay, each event exactly once
 * across equal timestamps, several pages and a restart, failed polls that keep the mark, and the
 * manual test run.
 */
import type { INodeParameters } from 'n8n-workflow';

import { emitted, PollHarness } from '../helpers/pollHarness';
import { generateKey } from '../sandbox';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();

const trigger = (parameters: INodeParameters, apiKey?: string) =>
	new PollHarness({
		parameters,
		credentials: { neoApi: { apiKey: apiKey ?? sandbox().keys.tenant, baseUrl: sandbox().url } },
	});
const approvals = (extra: INodeParameters = {}) =>
	trigger({ event: 'newApprovalRequest', ...extra });
const ids = (result: Awaited<ReturnType<PollHarness['poll']>>) => emitted(result).map((r) => r.id);
const listReads = () => sandbox().requests.filter((r) => r.path === '/public-api/til-requests');
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute)).toISOString();

describe('Neo Trigger: New Approval Request', () => {
	it('activation replays no history: the first poll only places the mark', async () => {
		const t = approvals();
		expect(await t.poll()).toBeNull();
		expect(await t.poll()).toBeNull();
		expect(t.nodeState).toMatchObject({
			event: 'newApprovalRequest',
			mark: { at: expect.any(String) },
		});
		expect(listReads()[0].query).toEqual({ status: 'PENDING', page_size: '200' });
	});

	it('delivers each new request once, equal timestamps included, also ones that arrive later at the mark’s time', async () => {
		const t = approvals();
		await t.poll();
		const first = sandbox().events.createTilRequests({ count: 3, created_at: at(1) });
		expect(ids(await t.poll())).toEqual(first.map((r) => r.id));
		expect(await t.poll()).toBeNull();
		// Two more with the very timestamp of the mark's edge.
		const late = sandbox().events.createTilRequests({ count: 2, created_at: at(1) });
		expect(ids(await t.poll())).toEqual(late.map((r) => r.id));
		expect(await t.poll()).toBeNull();
		// Later polls ask Neo only for the window from the mark on.
		expect(listReads().at(-1)?.query.created_after).toBe(
			new Date(Date.parse(at(1)) - 1).toISOString(),
		);
	});

	it('one poll reads every page of new requests, each once, oldest first', async () => {
		const t = approvals();
		await t.poll();
		const made = [
			...sandbox().events.createTilRequests({ count: 250, created_at: at(2) }),
			...sandbox().events.createTilRequests({ count: 200, created_at: at(3) }),
		];
		const reads = listReads().length;
		const got = ids(await t.poll());
		expect(got).toEqual(made.map((r) => r.id));
		expect(listReads().length - reads).toBe(3);
		expect(await t.poll()).toBeNull();
	});

	it('a restart in the middle neither drops nor repeats one (static data carried over)', async () => {
		let t = approvals();
		await t.poll();
		const delivered: unknown[] = [];
		const made: unknown[] = [];
		const create = (count: number, minute: number) =>
			made.push(
				...sandbox()
					.events.createTilRequests({ count, created_at: at(minute) })
					.map((r) => r.id),
			);
		create(4, 5);
		delivered.push(...ids(await t.poll()));
		create(3, 5); // same timestamp as the edge, created while n8n is down
		create(2, 6);
		t = t.restart();
		delivered.push(...ids(await t.poll()));
		create(1, 6);
		t = t.restart();
		delivered.push(...ids(await t.poll()));
		delivered.push(...ids(await t.poll()));
		expect(delivered).toEqual(made);
	});

	it('Only Pending off: decided requests are events too; on: only pending ones', async () => {
		const all = approvals({ onlyPending: false });
		const pending = approvals();
		await all.poll();
		await pending.poll();
		const [decided] = sandbox().events.createTilRequests({ status: 'APPROVED', created_at: at(7) });
		const [open] = sandbox().events.createTilRequests({ created_at: at(8) });
		expect(ids(await all.poll())).toEqual([decided.id, open.id]);
		expect(ids(await pending.poll())).toEqual([open.id]);
	});

	it('only the chosen agents: Neo is asked once per agent', async () => {
		const t = approvals({ agentIds: [301, 302] });
		await t.poll();
		const a = sandbox().events.createTilRequests({ agent_id: 301, created_at: at(9) });
		const b = sandbox().events.createTilRequests({ agent_id: 302, created_at: at(9) });
		sandbox().events.createTilRequests({ agent_id: 308, created_at: at(9) });
		const reads = listReads().length;
		expect(ids(await t.poll())).toEqual([a[0].id, b[0].id]);
		expect(
			listReads()
				.slice(reads)
				.map((r) => r.query.agent_id),
		).toEqual(['301', '302']);
	});

	it('a failed poll (401) throws a clear error and keeps the mark; the next poll delivers', async () => {
		const good = approvals();
		await good.poll();
		const made = sandbox().events.createTilRequests({ count: 2, created_at: at(10) });
		const bad = new PollHarness({
			parameters: { event: 'newApprovalRequest' },
			credentials: {
				neoApi: { apiKey: generateKey(), baseUrl: sandbox().url },
			},
			staticData: good.staticData,
		});
		const before = JSON.stringify(good.staticData);
		await expect(bad.poll()).rejects.toThrow(/^Neo error 401 /);
		expect(JSON.stringify(good.staticData)).toBe(before);
		expect(ids(await good.poll())).toEqual(made.map((r) => r.id));
	});

	it('a poll that still fails after its retries (5xx) keeps the mark', async () => {
		const t = approvals();
		await t.poll();
		const made = sandbox().events.createTilRequests({ created_at: at(11) });
		sandbox().addFault({
			path: '/public-api/til-requests',
			times: 5,
			fault: { kind: 'status', status: 503 },
		});
		const before = JSON.stringify(t.staticData);
		const error = await t.poll().catch((e: Error) => e);
		expect(error).toMatchObject({
			message: expect.stringMatching(/^Neo error 503 /),
			httpCode: '503',
		});
		expect(JSON.stringify(t.staticData)).toBe(before);
		expect(ids(await t.poll())).toEqual([made[0].id]);
	}, 30_000); // five attempts with the client's backoff between them

	it('a poll that times out (every attempt) keeps the mark', async () => {
		const t = approvals({ options: { timeoutSeconds: 0.5 } });
		await t.poll();
		const made = sandbox().events.createTilRequests({ created_at: at(11) });
		sandbox().addFault({ path: '/public-api/til-requests', times: 5, fault: { kind: 'hang' } });
		const before = JSON.stringify(t.staticData);
		await expect(t.poll()).rejects.toThrow(/^Neo error timeout: Neo did not answer within 0.5 s/);
		expect(JSON.stringify(t.staticData)).toBe(before);
		expect(ids(await t.poll())).toEqual([made[0].id]);
	}, 30_000);

	it('a manual test run shows the newest request and moves no mark', async () => {
		const t = approvals();
		const [newest] = sandbox().events.createTilRequests({ created_at: at(12) });
		expect(ids(await t.poll('manual'))).toEqual([newest.id]);
		expect(t.nodeState?.mark).toBeUndefined();
		// …so activating afterwards still starts from now, and a request after it is delivered.
		expect(await t.poll()).toBeNull();
		const [next] = sandbox().events.createTilRequests({ created_at: at(13) });
		expect(ids(await t.poll())).toEqual([next.id]);
	});

	it('bad settings fail before anything is sent, naming the parameter', async () => {
		await expect(approvals({ agentIds: ['301', 'abc'] }).poll()).rejects.toThrow(
			'Parameter "Agent Names or IDs" must hold agent IDs (whole numbers), got "abc"',
		);
		await expect(
			trigger({ event: 'agentRunFinished', options: { longestRunHours: 0 } }).poll(),
		).rejects.toThrow('Parameter "Longest Run (Hours)" must be a number of at least 1, got 0');
		expect(sandbox().count()).toBe(0);
	});

	it('a manual test run with nothing to show says so', async () => {
		const t = approvals({ agentIds: [303] });
		await expect(t.poll('manual')).rejects.toThrow(
			'No approval request in Neo matches these settings yet',
		);
	});
});

describe('Neo Trigger: Agent Run Finished', () => {
	const runs = (extra: INodeParameters = {}) => trigger({ event: 'agentRunFinished', ...extra });

	it('delivers runs when they finish, once each, by finish time; running ones wait', async () => {
		const t = runs();
		expect(await t.poll()).toBeNull();
		const started = sandbox().events.createExecutions({ count: 3, created_at: at(20) });
		expect(await t.poll()).toBeNull();
		const finish = (i: number, status: 'SUCCEEDED' | 'FAILED', minute: number) =>
			sandbox().events.finishExecution(started[i].execution_id, { status, at: at(minute) });
		finish(0, 'SUCCEEDED', 22);
		finish(1, 'FAILED', 22);
		const got = emitted(await t.poll());
		expect(got.map((r) => [r.execution_id, r.status])).toEqual([
			[started[0].execution_id, 'SUCCEEDED'],
			[started[1].execution_id, 'FAILED'],
		]);
		expect(await t.poll()).toBeNull();
		finish(2, 'SUCCEEDED', 22); // the same finish time as the mark's edge
		const later = t.restart();
		expect(emitted(await later.poll()).map((r) => r.execution_id)).toEqual([
			started[2].execution_id,
		]);
		expect(await later.poll()).toBeNull();
	});

	it('Outcome Failed delivers only failed runs, across pages', async () => {
		const t = runs({ outcome: 'FAILED' });
		await t.poll();
		const failed = sandbox().events.createExecutions({
			count: 230,
			status: 'FAILED',
			created_at: at(30),
		});
		sandbox().events.createExecutions({ count: 5, status: 'SUCCEEDED', created_at: at(30) });
		const got = emitted(await t.poll()).map((r) => r.execution_id);
		expect(got.sort()).toEqual(failed.map((r) => r.execution_id).sort());
		expect(
			sandbox()
				.requests.filter((r) => r.path === '/public-api/executions')
				.at(-1)?.query.status,
		).toBe('FAILED');
	});

	it('a manual test run shows the run that finished last', async () => {
		const [run] = sandbox().events.createExecutions({ created_at: at(40) });
		sandbox().events.finishExecution(run.execution_id, { status: 'SUCCEEDED', at: at(45) });
		expect(emitted(await runs().poll('manual')).map((r) => r.execution_id)).toEqual([
			run.execution_id,
		]);
	});
});
