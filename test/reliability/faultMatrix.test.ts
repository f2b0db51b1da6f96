/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * The fault matrix (issue 4, "Proof"): every fault the Neo sandbox can inject × Channel → Create
 * and Session Token → Mint × (node fails | Continue | error output), through n8n's real engine over
 * real HTTP. For every cell: no crash, exactly one output item per input item with the right
 * pairedItem, exactly the requests expected, 0 duplicate resources, and an error naming Neo's code,
 * message and request id where Neo sent them. Then: one 429 pauses every request in flight, and the
 * node paces itself before the sandbox's rate limit.
 */
import type { IDataObject, INodeExecutionData, NodeApiError } from 'n8n-workflow';

import { SEED, startSandbox, type NeoSandbox } from '../sandbox';
import { channelCreate, runNeo, tokenMint } from '../integration/neoWorkflow';
import {
	MATRIX,
	MATRIX_OPTIONS,
	MATRIX_RUNS,
	MODES,
	OPS,
	playCell,
	type Expectation,
	type MatrixRun,
	type Mode,
} from './matrix';

// One sandbox per error mode: the three modes of a cell play at once, so their waits overlap.
const sandboxes = {} as Record<Mode, NeoSandbox>;
/** The sandbox of the tests outside the matrix. */
let sandbox: NeoSandbox;

beforeAll(async () => {
	for (const mode of MODES) sandboxes[mode] = await startSandbox();
	sandbox = sandboxes.fail;
	// Warm up once (n8n's engine modules, the contract's validators compiled on first use), so the
	// first cell's 3 s timeout measures the node, not a cold start on a loaded machine.
	await runNeo({ sandbox, parameters: channelCreate(), items: [{ name: 'warm-up' }] });
	await runNeo({
		sandbox,
		parameters: tokenMint(),
		items: [{ sessionId: SEED.sessions.tenant }],
	});
	sandbox.reset();
}, 60_000);
afterAll(async () => {
	for (const mode of MODES) await sandboxes[mode].close();
	process.stdout.write(
		`fault matrix: ${MATRIX.length} cases × ${OPS.length} operations × ${MODES.length} error modes = ${MATRIX_RUNS.length} runs\n`,
	);
});
afterEach(() => {
	for (const mode of MODES) expect(sandboxes[mode].contractViolations).toEqual([]);
});

test('the matrix has the size the report quotes', () => {
	expect(MATRIX_RUNS).toHaveLength(MATRIX.length * OPS.length * MODES.length);
	expect(MATRIX.length).toBe(22);
	expect(MATRIX_RUNS.length).toBe(132);
});

describe.each(MATRIX)('$name', (matrixCase) => {
	describe.each(OPS)('%s', (op) => {
		const cells: Partial<Record<Mode, MatrixRun>> = {};
		beforeAll(async () => {
			await Promise.all(
				MODES.map(async (mode) => {
					cells[mode] = await playCell(sandboxes[mode], matrixCase, op, mode);
				}),
			);
		}, 20_000);
		describe.each(MODES)('%s', (mode) => {
			it('behaves', () => {
				expect(cells[mode]).toBeDefined();
				assertCell(cells[mode]!);
			});
		});
	});
});

function assertCell(cell: MatrixRun): void {
	const { matrixCase, op, mode, perItem, run, sandbox } = cell;
	const exp = matrixCase.expect[op];
	const { result, ok, errors } = run;
	const affected = matrixCase.refused ? [0, 1, 2] : [1];
	const failing = exp.outcome === 'error' ? affected : [];
	const maxRetries = Number({ ...MATRIX_OPTIONS, ...matrixCase.options }.maxRetries);

	// Requests: exactly what the rules allow, and the unaffected items once each.
	if (matrixCase.refused) {
		expect(sandbox.count()).toBe(0);
	} else {
		expect(perItem.map((requests) => requests.length)).toEqual([1, exp.requests, 1]);
		expect(sandbox.count()).toBe(2 + exp.requests);
	}

	// Resources: 0 duplicates, and exactly the ones the requests made.
	const expectedCreated = matrixCase.refused ? 0 : 2 + exp.created;
	if (op === 'create') {
		const names = sandbox.created.channels.map((c) => c.internal_name);
		expect(new Set(names).size).toBe(names.length);
		expect(names).toHaveLength(expectedCreated);
		expect(sandbox.created.tokens).toHaveLength(0);
	} else {
		expect(sandbox.created.tokens).toHaveLength(expectedCreated);
		expect(new Set(sandbox.created.tokens.map((t) => t.jti)).size).toBe(expectedCreated);
		expect(sandbox.created.channels).toHaveLength(0);
	}

	matrixCase.verify?.({
		op,
		middle: perItem[1],
		faultAddedAt: cell.faultAddedAt,
		fault: cell.fault,
	});

	const lastRequestId = (itemIndex: number) => perItem[itemIndex].at(-1)?.requestId;
	const attempts = matrixCase.refused ? maxRetries + 1 : exp.requests;

	if (mode === 'fail') {
		if (failing.length === 0) {
			expect(result.error).toBeUndefined();
			expectSuccesses(cell, ok, [0, 1, 2]);
			return;
		}
		// The node failed the execution: one error, no crash, naming the first failed item.
		const error = result.nodeError('Neo') as NodeApiError | undefined;
		expect(error).toBeDefined();
		expect(result.error).toBeDefined();
		expect(ok).toEqual([]);
		const itemIndex = failing[0];
		expect(error!.context.itemIndex).toBe(itemIndex);
		expect(error!.message).toMatch(exp.message!);
		expect(error!.message).not.toContain('[object Object]');
		// No HTTP answer: no HTTP code (n8n must not take Neo's code for one).
		expect(error!.httpCode ?? undefined).toBe(
			exp.status === undefined ? undefined : String(exp.status),
		);
		const description = String(error!.description);
		if (exp.requestId) expect(description).toContain(`Request ID: ${lastRequestId(itemIndex)}`);
		else expect(description).not.toContain('Request ID:');
		if (attempts > 1)
			expect(description).toMatch(new RegExp(`Sent ${attempts} times, waiting \\d+\\.\\d s`));
		if (exp.mayHaveActed)
			expect(description).toMatch(/earlier attempt .* may already have created/);
		else expect(description).not.toMatch(/may already have created/);
		return;
	}

	expect(result.error).toBeUndefined();
	const successes = [0, 1, 2].filter((i) => !failing.includes(i));
	let errorItems: INodeExecutionData[];
	if (mode === 'continueRegularOutput') {
		// One item per input item, in input order, on the one output.
		expect(ok).toHaveLength(3);
		expect(ok.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expectSuccesses(
			cell,
			ok.filter((_, i) => successes.includes(i)),
			successes,
		);
		errorItems = ok.filter((_, i) => failing.includes(i));
	} else {
		expect(ok.map((item) => item.pairedItem)).toEqual(successes.map((item) => ({ item })));
		expect(errors.map((item) => item.pairedItem)).toEqual(failing.map((item) => ({ item })));
		expectSuccesses(cell, ok, successes);
		errorItems = errors;
	}
	errorItems.forEach((item, n) =>
		expectErrorItem(item, exp, failing[n], lastRequestId(failing[n]), attempts),
	);
}

function expectSuccesses(cell: MatrixRun, items: INodeExecutionData[], indices: number[]): void {
	expect(items.map((item) => item.pairedItem)).toEqual(indices.map((item) => ({ item })));
	items.forEach((item, n) => {
		expect(item.json.error).toBeUndefined();
		if (cell.op === 'create') {
			expect(item.json.internal_name).toBe(['matrix-0', 'matrix-middle', 'matrix-2'][indices[n]]);
			expect(item.json.id).toEqual(expect.any(String));
		} else {
			expect(item.json.token).toEqual(expect.any(String));
			expect(item.json.jti).toEqual(expect.any(String));
		}
	});
}

function expectErrorItem(
	item: INodeExecutionData,
	exp: Expectation,
	itemIndex: number,
	requestId: string | undefined,
	attempts: number,
): void {
	expect(item.pairedItem).toEqual({ item: itemIndex });
	// (On the error output n8n adds the input item's fields beside `error`.)
	const details = item.json.error as IDataObject;
	expect(details.message).toEqual(expect.any(String));
	expect(details.message).not.toContain('[object Object]');
	expect(details.message).toMatch(exp.message!);
	expect(details.code).toBe(exp.code);
	expect(details).toMatchObject({ itemIndex, attempts });
	if (exp.minWaitedMs !== undefined)
		expect(details.waitedMs).toBeGreaterThanOrEqual(exp.minWaitedMs);
	expect(details.httpStatus).toBe(exp.status);
	expect(details.requestId).toBe(exp.requestId ? requestId : undefined);
	if (exp.requestId) expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
	expect(details.mayHaveActedBefore).toBe(exp.mayHaveActed ? true : undefined);
}

describe('an ambiguous create that meets a 409 under Continue', () => {
	// The README: "When a re-sent channel create then meets a 409, the error says that an earlier
	// attempt may have created it." The matrix checks the flag and the failed node's description;
	// here the item a user reads under Continue says it in words too.
	it('says in the item that an earlier attempt may have created the channel', async () => {
		const matrixCase = MATRIX.find((c) => c.name.includes('reset after acting, then 409'))!;
		const cell = await playCell(sandbox, matrixCase, 'create', 'continueRegularOutput');
		const details = cell.run.ok[1].json.error as IDataObject;
		expect(details.mayHaveActedBefore).toBe(true);
		expect(details.hint).toMatch(/earlier attempt .* may already have created/);
		expect(
			sandbox.created.channels.filter((c) => c.internal_name === 'matrix-middle'),
		).toHaveLength(1);
	});
});

describe('one 429 pauses every request in flight', () => {
	it('sends nothing to Neo until Retry-After has passed, then finishes every item once', async () => {
		sandbox.reset();
		const latencyMs = 100;
		sandbox.configure({ latencyMs });
		try {
			const names = Array.from({ length: 40 }, (_, i) => `pause-${i}`);
			sandbox.addFault({
				match: { internal_name: 'pause-15' },
				times: 1,
				fault: { kind: 'status', status: 429, retryAfter: '1' },
			});
			const { ok, result } = await runNeo({
				sandbox,
				parameters: channelCreate({ options: { concurrency: 10 } }),
				items: names.map((name) => ({ name })),
			});

			expect(result.error).toBeUndefined();
			expect(ok.map((i) => i.json.internal_name)).toEqual(names);
			expect(sandbox.created.channels).toHaveLength(40);
			expect(sandbox.count()).toBe(41);

			const limited = sandbox.requests.filter((r) => r.status === 429);
			expect(limited).toHaveLength(1);
			const t429 = limited[0].at;
			// 10 in flight: the 429 went out in a wave of 10 requests (each worker sends its next item as
			// soon as its answer arrives, so with a fixed latency the requests travel in waves).
			const wave = sandbox.requests.filter((r) => Math.abs(r.at - t429) < latencyMs / 2);
			expect(wave).toHaveLength(10);
			// The client learns of the 429 one latency later and pauses 1 s from then. Workers that got
			// their own answer of the same wave a moment earlier may already have sent their next item;
			// after that, nothing may reach Neo until the Retry-After second has passed.
			const windowStart = t429 + latencyMs + 250;
			const windowEnd = t429 + 1000;
			const during = sandbox.requests.filter((r) => r.at > windowStart && r.at < windowEnd);
			expect(
				during.map((r) => `${String((r.body as IDataObject).internal_name)} +${r.at - t429} ms`),
			).toEqual([]);
			// Without the pause, 10 workers would have sent dozens of requests in that window; afterwards they resume.
			const after = sandbox.requests.filter((r) => r.at >= windowEnd);
			expect(after.length).toBeGreaterThan(0);
			const retried = sandbox.requests.filter(
				(r) => (r.body as IDataObject).internal_name === 'pause-15',
			);
			expect(retried).toHaveLength(2);
			expect(retried[1].at - t429).toBeGreaterThanOrEqual(1000);
		} finally {
			sandbox.configure({ latencyMs: 0 });
		}
	});
});

describe('pacing before the wall', () => {
	it('runs 60 creates at 10 in flight under a 20 per 2 s limit with few 429s, all once', async () => {
		sandbox.reset();
		const limit = 20;
		const windowMs = 2000;
		const before = sandbox.state().config.rateLimit;
		sandbox.configure({ rateLimit: { limit, windowMs } });
		try {
			const names = Array.from({ length: 60 }, (_, i) => `paced-${i}`);
			const started = Date.now();
			const { ok, result } = await runNeo({
				sandbox,
				parameters: channelCreate({ options: { concurrency: 10 } }),
				items: names.map((name) => ({ name })),
			});
			const wallMs = Date.now() - started;
			const { rateLimited } = sandbox.state();
			// Floor: the first `limit` go at once, each further `limit` needs one more window.
			const floorMs = ((names.length - limit) / limit) * windowMs;
			process.stdout.write(
				`pacing: 60 items, limit ${limit}/${windowMs} ms, 429s met ${rateLimited}, wall ${wallMs} ms, floor ${floorMs} ms\n`,
			);

			expect(result.error).toBeUndefined();
			expect(ok.map((i) => i.json.internal_name)).toEqual(names);
			expect(ok.every((i) => i.json.error === undefined)).toBe(true);
			const created = sandbox.created.channels.map((c) => c.internal_name);
			expect(created).toHaveLength(60);
			expect(new Set(created).size).toBe(60);
			expect(sandbox.count()).toBe(60 + rateLimited);
			expect(rateLimited).toBeLessThanOrEqual(3);
			expect(wallMs).toBeGreaterThanOrEqual(floorMs - 100);
			// Neo's X-RateLimit-Reset is whole epoch seconds: each window may cost up to 1 s more.
			expect(wallMs).toBeLessThan(floorMs * 2.5);
		} finally {
			sandbox.configure({ rateLimit: before });
		}
	}, 30_000);
});
