/**
 * The Neo Trigger polled through n8n-core's real PollContext against the sandbox, which creates
 * approval requests and agent runs on demand: activation without replay, each event exactly once
 * across equal timestamps, several pages and a restart, failed polls that keep the mark, and the
 * manual test run.
 */
/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INodeParameters } from 'n8n-workflow';

import { emitted, PollHarness } from '../helpers/pollHarness';
import { isOn, withReadings } from '../helpers/readings';
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
// Ids as numbers: Neo may answer them as strings (idsAsStrings), the sandbox's control calls do not.
const ids = (result: Awaited<ReturnType<PollHarness['poll']>>) =>
	emitted(result).map((r) => Number(r.id));
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
		// Later polls ask Neo only for the window from the mark's look-back (15 minutes) on.
		expect(listReads().at(-1)?.query.created_after).toBe(
			new Date(Date.parse(at(1)) - 15 * 60_000 - 1).toISOString(),
		);
	});

	// Paging by cursor is the default reading; without meta.pagination see the test below.
	it('one poll reads every page of new requests, each once, oldest first', async () => {
		sandbox().configure({ readings: { noPagination: false } });
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
		sandbox().configure({ readings: { noPagination: isOn('noPagination') } });
	});

	it('without meta.pagination a poll reads one page, delivers it, and does not loop', async () => {
		await withReadings(sandbox(), { noPagination: true }, async () => {
			const t = approvals();
			await t.poll();
			const made = sandbox().events.createTilRequests({ count: 3, created_at: at(4) });
			const reads = listReads().length;
			expect(ids(await t.poll())).toEqual(made.map((r) => r.id));
			expect(listReads().length - reads).toBe(1);
		});
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
		// Without a status (rowsWithoutStatus) the run's error tells the outcome.
		const outcome = (r: (typeof got)[number]) => r.status ?? (r.error ? 'FAILED' : 'SUCCEEDED');
		expect(got.map((r) => [r.execution_id, outcome(r)])).toEqual([
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
		// Paging by cursor is the default reading (without meta.pagination: one page, see above).
		sandbox().configure({ readings: { noPagination: false } });
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
		sandbox().configure({ readings: { noPagination: isOn('noPagination') } });
	});

	it('a manual test run shows the run that finished last', async () => {
		const [run] = sandbox().events.createExecutions({ created_at: at(40) });
		sandbox().events.finishExecution(run.execution_id, { status: 'SUCCEEDED', at: at(45) });
		expect(emitted(await runs().poll('manual')).map((r) => r.execution_id)).toEqual([
			run.execution_id,
		]);
	});
});

describe('Neo Trigger: late events', () => {
	const minutesBefore = (iso: string, minutes: number) =>
		new Date(Date.parse(iso) - minutes * 60_000).toISOString();

	it('a request stored after a poll with a time older than the mark is delivered once; one older than the look-back never', async () => {
		const t = approvals();
		await t.poll();
		const [edge] = sandbox().events.createTilRequests({ created_at: at(20) });
		expect(ids(await t.poll())).toEqual([edge.id]);
		const [late] = sandbox().events.createTilRequests({ created_at: minutesBefore(at(20), 5) });
		const [tooLate] = sandbox().events.createTilRequests({
			created_at: minutesBefore(at(20), 16),
		});
		expect(ids(await t.poll())).toEqual([late.id]);
		expect(await t.poll()).toBeNull();
		expect(await t.restart().poll()).toBeNull();
		expect(ids(await t.poll())).not.toContain(tooLate.id);
		// The read starts at the look-back, and the mark keeps the window's ids (bounded).
		expect(listReads().at(-1)?.query.created_after).toBe(
			new Date(Date.parse(minutesBefore(at(20), 15)) - 1).toISOString(),
		);
		expect(t.nodeState?.mark).toMatchObject({
			at: at(20),
			ids: [String(edge.id)],
			since: minutesBefore(at(20), 15),
			recent: { [String(late.id)]: Date.parse(minutesBefore(at(20), 5)) },
		});
	});

	it('requests that existed at activation inside the look-back are not delivered as late ones', async () => {
		sandbox().events.createTilRequests({ count: 2, created_at: minutesBefore(at(30), 3) });
		sandbox().events.createTilRequests({ created_at: at(30) });
		const t = approvals();
		expect(await t.poll()).toBeNull();
		expect(await t.poll()).toBeNull();
	});

	it('a run whose finish time is older than the mark is delivered once', async () => {
		const t = trigger({ event: 'agentRunFinished' });
		await t.poll();
		const [a, b] = sandbox().events.createExecutions({ count: 2, created_at: at(40) });
		sandbox().events.finishExecution(a.execution_id, { status: 'SUCCEEDED', at: at(45) });
		expect(emitted(await t.poll()).map((r) => r.execution_id)).toEqual([a.execution_id]);
		// b finished earlier than a, but Neo shows it only now.
		sandbox().events.finishExecution(b.execution_id, { status: 'FAILED', at: at(43) });
		expect(emitted(await t.poll()).map((r) => r.execution_id)).toEqual([b.execution_id]);
		expect(await t.poll()).toBeNull();
	});
});

describe('Neo Trigger: statuses', () => {
	it('rows without a status: Agent Run Finished takes seconds_spent as "finished" and error as "failed"', async () => {
		await withReadings(sandbox(), { rowsWithoutStatus: true }, async () => {
			const all = trigger({ event: 'agentRunFinished' });
			const failed = trigger({ event: 'agentRunFinished', outcome: 'FAILED' });
			await all.poll();
			await failed.poll();
			const started = sandbox().events.createExecutions({ count: 3, created_at: at(50) });
			expect(await all.poll()).toBeNull(); // running: no seconds_spent yet
			sandbox().events.finishExecution(started[0].execution_id, {
				status: 'SUCCEEDED',
				at: at(51),
			});
			sandbox().events.finishExecution(started[1].execution_id, { status: 'FAILED', at: at(52) });
			const got = emitted(await all.poll());
			expect(got.map((r) => r.execution_id)).toEqual([
				started[0].execution_id,
				started[1].execution_id,
			]);
			expect(got.every((r) => !('status' in r))).toBe(true);
			expect(emitted(await failed.poll()).map((r) => r.execution_id)).toEqual([
				started[1].execution_id,
			]);
		});
	});

	it('rows without a status: Only Pending keeps the requests nobody decided (decided_by empty)', async () => {
		await withReadings(sandbox(), { rowsWithoutStatus: true }, async () => {
			const t = approvals();
			await t.poll();
			sandbox().events.createTilRequests({ status: 'APPROVED', created_at: at(53) });
			const [open] = sandbox().events.createTilRequests({ created_at: at(54) });
			expect(ids(await t.poll())).toEqual([open.id]);
		});
	});

	it('Outcome and Pending Status take Neo’s own values, sent as typed', async () => {
		await withReadings(sandbox(), { unknownStatusValues: true }, async () => {
			const runsT = trigger({ event: 'agentRunFinished', outcome: '={{ "SUCCEEDED, SKIPPED" }}' });
			await runsT.poll();
			const [run] = sandbox().events.createExecutions({ status: 'SUCCEEDED', created_at: at(55) });
			expect(emitted(await runsT.poll()).map((r) => r.execution_id)).toEqual([run.execution_id]);
			const reqs = approvals({ options: { pendingStatus: 'PENDING,WAITING_FOR_APPROVAL' } });
			await reqs.poll();
			expect(listReads().at(-1)?.query.status).toBe('PENDING,WAITING_FOR_APPROVAL');
			expect(
				sandbox()
					.requests.filter((r) => r.path === '/public-api/executions')
					.at(-1)?.query.status,
			).toBe('SUCCEEDED,SKIPPED');
		});
	});

	it('an empty Outcome fails before anything is sent, naming the parameter', async () => {
		await expect(
			trigger({ event: 'agentRunFinished', outcome: '={{ "" }}' }).poll(),
		).rejects.toThrow(
			'Parameter "Outcome" must name one or more statuses (comma-separated), got ""',
		);
		expect(sandbox().count()).toBe(0);
	});
});

describe('Neo Trigger: runs that cannot be judged', () => {
	// A fixed Neo-shaped answer the sandbox has no switch for: runs with neither a status nor
	// seconds_spent (only the fields every reading agrees on).
	let server: Server;
	let url = '';
	beforeAll(async () => {
		server = createServer((_req, res) => {
			res.setHeader('content-type', 'application/json');
			res.end(
				JSON.stringify({
					data: [
						{ execution_id: 'ex_1', agent_id: 301, created_at: at(1), updated_at: at(2) },
						{ execution_id: 'ex_2', agent_id: 301, created_at: at(0), updated_at: at(0) },
					],
					meta: { request_id: '00000000-0000-4000-8000-000000000001' },
				}),
			);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => await new Promise((resolve) => server.close(resolve)));

	const bare = () =>
		new PollHarness({
			parameters: { event: 'agentRunFinished' },
			credentials: { neoApi: { apiKey: sandbox().keys.tenant, baseUrl: url } },
		});
	const why =
		"Neo's agent runs carry neither a status nor seconds_spent, so the trigger cannot tell a finished run from a running one";

	it('the manual test says why it cannot work', async () => {
		await expect(bare().poll('manual')).rejects.toThrow(why);
	});

	it('activation fails with the same reason, and places no mark', async () => {
		const t = bare();
		await expect(t.poll()).rejects.toThrow(why);
		expect(t.nodeState?.mark).toBeUndefined();
	});
});
