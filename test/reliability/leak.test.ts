/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * Leak check (issue 4, "Proof"): the whole fault matrix, plus a rejected key, bad parameters and a
 * refused Base URL, run with a recognisable API key. The key must appear in no output item, no
 * error (message, description, and everything n8n keeps of it: cause, context, errorResponse,
 * messages) and no log line. Positive controls prove the scan finds the key where it legitimately
 * is, so a scan that silently sees nothing cannot pass.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	chain,
	collectorNode,
	itemsNode,
	runWorkflow,
	safeStringify,
	type RunResult,
} from '../helpers/n8nEngine';
import { channelCreate, runNeo, tokenMint, type NeoRun } from '../integration/neoWorkflow';
import { KEY_PATTERN, SEED, startSandbox, type NeoSandbox } from '../sandbox';
import { MATRIX, MODES, OPS, onErrorFor, playCell, type Mode } from './matrix';

/** The marker every scan looks for: any trace of it, whole key or not, is a leak. */
const MARKER = 'LEAKCANARY';
// Neo's key shape is neo_sk_<env>_<24 alnum>: the marker plus 14 random alphanumerics.
const CANARY = `neo_sk_test_${MARKER}${randomAlnum(14)}`;
/** A key Neo rejects (401): it travels the same way and must not leak either. */
const WRONG_CANARY = `neo_sk_test_${MARKER}WRONG${randomAlnum(9)}`;

function randomAlnum(length: number): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
	return out;
}

/** safeStringify as text (it returns undefined for undefined, like JSON.stringify). */
const text = (value: unknown): string => (value === undefined ? '' : (safeStringify(value) ?? ''));

/** Where the marker shows up in one run, by place; empty when nowhere. */
function leaksIn(run: {
	result: RunResult;
	ok?: INodeExecutionData[];
	errors?: INodeExecutionData[];
}): string[] {
	const { result } = run;
	const places: Array<[string, string]> = [
		['run data (JSON.stringify)', JSON.stringify(result.run) ?? ''],
		['run data (safeStringify)', text(result.run)],
		['output items', text([...(run.ok ?? []), ...(run.errors ?? [])])],
		['log lines', result.logs.join('\n')],
	];
	for (const node of result.executedNodes) {
		places.push([`${node} items`, text(result.output(node, 0)) + text(result.output(node, 1))]);
		const error = result.nodeError(node);
		if (error) {
			const kept = error as unknown as IDataObject;
			places.push(
				[`${node} error message`, String(error.message)],
				[`${node} error description`, String(error.description ?? '')],
				[`${node} error (safeStringify, incl. cause)`, text(error)],
				[`${node} error cause`, text(kept.cause)],
				[`${node} error context`, text(error.context)],
				[`${node} error errorResponse`, text(kept.errorResponse)],
				[`${node} error messages`, text(kept.messages)],
			);
		}
	}
	if (result.error) places.push(['workflow error', text(result.error)]);
	return places.filter(([, found]) => found.includes(MARKER)).map(([place]) => place);
}

const sandboxes = {} as Record<Mode, NeoSandbox>;
let scannedRuns = 0;
let logLines = 0;

beforeAll(async () => {
	for (const mode of MODES) sandboxes[mode] = await startSandbox({ keys: { tenant: CANARY } });
});
afterAll(async () => {
	for (const mode of MODES) await sandboxes[mode].close();
	process.stdout.write(
		`leak check: ${scannedRuns} runs scanned, ${logLines} log lines, key ${CANARY.slice(0, 22)}…\n`,
	);
});

function expectNoLeak(run: NeoRun | { result: RunResult }): void {
	scannedRuns += 1;
	logLines += run.result.logs.length;
	expect(leaksIn(run)).toEqual([]);
}

describe('positive controls: the scan finds the key where it legitimately is', () => {
	it('the canary has Neo’s key shape and the sandbox accepts it', async () => {
		expect(CANARY).toMatch(KEY_PATTERN);
		const sandbox = sandboxes.fail;
		sandbox.reset();
		const { ok } = await runNeo({
			sandbox,
			apiKey: CANARY,
			parameters: channelCreate(),
			items: [{ name: 'control' }],
		});
		expect(ok[0].json.internal_name).toBe('control');
	});

	it('finds it in the credential data handed to the harness', () => {
		const credentials = { neoApi: { apiKey: CANARY, baseUrl: sandboxes.fail.url } };
		expect(safeStringify(credentials)).toContain(MARKER);
		// …and inside an error's cause, where an HTTP client error would carry the request headers.
		const error = new Error('request failed', {
			cause: { config: { headers: { Authorization: `Bearer ${CANARY}` } } },
		});
		expect(safeStringify(error)).toContain(MARKER);
	});

	it('finds it in run data and output items when an item carries it', async () => {
		const sandbox = sandboxes.fail;
		sandbox.reset();
		const run = await runNeo({
			sandbox,
			apiKey: CANARY,
			parameters: channelCreate({ additionalFields: { description: '={{ $json.note }}' } }),
			items: [{ name: 'echo', note: `pasted ${CANARY}` }],
		});
		expect(leaksIn(run)).toEqual(
			expect.arrayContaining(['run data (JSON.stringify)', 'output items']),
		);
	});

	it('finds it in log lines when a node logs it', async () => {
		const result = await runWorkflow({
			nodes: [itemsNode('Input', [{}]), collectorNode('Logger'), collectorNode('End')],
			connections: chain('Input', 'Logger', 'End'),
			nodeTypes: { 'harness.collector': new LoggingNode() },
		});
		expect(result.logs.some((line) => line.includes(MARKER))).toBe(true);
		expect(leaksIn({ result })).toContain('log lines');
	});
});

/** A pass-through node that logs the canary (positive control for the log scan). */
class LoggingNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Logging',
		name: 'harness.collector',
		group: ['transform'],
		version: 1,
		description: 'Logs the canary (test only)',
		usableAsTool: true,
		defaults: { name: 'Logging' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		this.logger.info(`careless node logs ${CANARY}`);
		return [this.getInputData()];
	}
}

describe('the whole fault matrix with a recognisable key', () => {
	describe.each(MATRIX)('$name', (matrixCase) => {
		it.each(OPS)(
			'%s: the key is in no item, no error, no log line (all error modes)',
			async (op) => {
				const cells = await Promise.all(
					MODES.map(async (mode) => await playCell(sandboxes[mode], matrixCase, op, mode, CANARY)),
				);
				for (const cell of cells) expectNoLeak(cell.run);
			},
			20_000,
		);
	});
});

describe('other failures with a recognisable key', () => {
	it.each(MODES)('a key Neo rejects (real 401), %s', async (mode) => {
		const sandbox = sandboxes[mode];
		sandbox.reset();
		const run = await runNeo({
			sandbox,
			apiKey: WRONG_CANARY,
			parameters: tokenMint(),
			items: [{ sessionId: SEED.sessions.tenant }, { sessionId: SEED.sessions.tenant }],
			onError: onErrorFor(mode),
		});
		expect(sandbox.requests.filter((r) => r.status === 401)).toHaveLength(2);
		expectNoLeak(run);
	});

	it.each(MODES)('bad parameters and a bad option, %s', async (mode) => {
		const sandbox = sandboxes[mode];
		sandbox.reset();
		const onError = onErrorFor(mode);
		const badParam = await runNeo({
			sandbox,
			apiKey: CANARY,
			parameters: tokenMint({ additionalFields: { ttlSeconds: '={{ $json.ttl }}' } }),
			items: [
				{ sessionId: SEED.sessions.tenant, ttl: 60 },
				{ sessionId: SEED.sessions.tenant, ttl: 'abc' },
			],
			onError,
		});
		const badOption = await runNeo({
			sandbox,
			apiKey: CANARY,
			parameters: channelCreate({ options: { concurrency: 0 } }),
			items: [{ name: 'x' }],
			onError,
		});
		expectNoLeak(badParam);
		expectNoLeak(badOption);
	});

	it.each(MODES)('a Base URL the node refuses (plain http, not loopback), %s', async (mode) => {
		const sandbox = sandboxes[mode];
		sandbox.reset();
		const run = await runNeo({
			sandbox,
			apiKey: CANARY,
			baseUrl: 'http://neo.example.com',
			parameters: channelCreate(),
			items: [{ name: 'x' }],
			onError: onErrorFor(mode),
		});
		expect(sandbox.count()).toBe(0);
		expectNoLeak(run);
	});

	it('logging is live during the runs (the log scan saw lines)', () => {
		expect(scannedRuns).toBeGreaterThan(MATRIX.length * OPS.length * MODES.length);
		expect(logLines).toBeGreaterThan(0);
	});
});
