/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Proves the in-process engine harness (test/helpers/n8nEngine.ts): real WorkflowExecute, real HTTP
 * to a local server, credential `authenticate` applied by the credentials helper, pairedItem,
 * onError routing, execution hints and log capture. Uses the harness' stand-in node
 * (TEST_NEO_NODE_TYPE), not the Neo node.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { LoggerProxy, NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import {
	TEST_NEO_NODE_TYPE,
	TestNeoApi,
	chain,
	collectorNode,
	errorOutput,
	itemsNode,
	mergeConnections,
	neoNode,
	runWorkflow,
	safeStringify,
} from './helpers/n8nEngine';
import type { RunOptions } from './helpers/n8nEngine';

/** The credential value the leak checks look for. */
const API_KEY = ['neo', 'sk', 'test', 'harnessSECRET0123456789'].join('_');

interface Seen {
	method: string;
	url: string;
	headers: http.IncomingHttpHeaders;
	body: unknown;
}

let server: http.Server;
let baseUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
	server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			const body: unknown = text ? JSON.parse(text) : undefined;
			seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
			const send = (status: number, payload: unknown) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(payload));
			};
			if (req.headers.authorization !== `Bearer ${API_KEY}`) {
				return send(401, { error: { code: 'unauthenticated', message: 'bad key' } });
			}
			const input = (body ?? {}) as { name?: string; fail?: boolean };
			if (input.fail) {
				return send(422, {
					error: { code: 'validation_failed', message: `bad item ${input.name}` },
				});
			}
			return send(200, { id: `id-${input.name}`, name: input.name });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
	seen.length = 0;
});

const ITEMS = [{ name: 'a' }, { name: 'b', fail: true }, { name: 'c' }];

function workflow(extra: Parameters<typeof neoNode>[2], items = ITEMS): RunOptions {
	return {
		nodes: [
			itemsNode('Items', items),
			neoNode(
				'Neo',
				{ path: '/things', hint: 'sent with the harness' },
				{ type: TEST_NEO_NODE_TYPE, ...extra },
			),
			collectorNode('OK'),
			collectorNode('Errors'),
		],
		connections: mergeConnections(chain('Items', 'Neo', 'OK'), errorOutput('Neo', 'Errors')),
		credentials: { neoApi: { apiKey: API_KEY, baseUrl } },
		credentialTypes: [new TestNeoApi()],
	};
}

describe('engine harness', () => {
	it('runs 3 items through WorkflowExecute with real HTTP and the generic authenticate header', async () => {
		const result = await runWorkflow(workflow({}, [{ name: 'a' }, { name: 'b' }, { name: 'c' }]));

		expect(result.error).toBeUndefined();
		expect(result.run.status).toBe('success');
		expect(result.run.finished).toBe(true);
		expect(result.executedNodes).toEqual(['Items', 'Neo', 'OK']);

		expect(seen).toHaveLength(3);
		for (const request of seen) {
			expect(request.method).toBe('POST');
			expect(request.url).toBe('/things');
			expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
		}
		expect(seen.map((r) => r.body)).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);

		const out = result.output('Neo');
		expect(out.map((i) => i.json)).toEqual([
			{ id: 'id-a', name: 'a' },
			{ id: 'id-b', name: 'b' },
			{ id: 'id-c', name: 'c' },
		]);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.output('OK')).toHaveLength(3);
		expect(result.output('Neo', 1)).toEqual([]);
		expect(result.hints('Neo')).toEqual([
			{ message: 'sent with the harness', location: 'outputPane' },
		]);
		expect(result.nodeError('Neo')).toBeUndefined();
	});

	it('resolves expression parameters per item, with paired items back to the start node', async () => {
		const options = workflow({}, [{ name: 'a' }, { name: 'b' }]);
		options.nodes[1].parameters.path =
			"={{ '/things/' + $('Items').item.json.name + '?n=' + $json.name }}";
		const result = await runWorkflow(options);
		expect(result.error).toBeUndefined();
		expect(seen.map((r) => r.url)).toEqual(['/things/a?n=a', '/things/b?n=b']);
	});

	it('routes a failed item to the error output with onError: continueErrorOutput', async () => {
		const result = await runWorkflow(workflow({ onError: 'continueErrorOutput' }));

		expect(result.error).toBeUndefined();
		expect(seen).toHaveLength(3);
		const ok = result.output('Neo', 0);
		const failed = result.output('Neo', 1);
		expect(ok.map((i) => i.json.name)).toEqual(['a', 'c']);
		expect(ok.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(failed).toHaveLength(1);
		expect(failed[0].pairedItem).toEqual({ item: 1 });
		// n8n merges the paired input item's json under the error item's json on the error output.
		expect(failed[0].json).toMatchObject({
			name: 'b',
			fail: true,
			details: { httpStatus: '422', itemIndex: 1 },
		});
		expect(String(failed[0].json.error)).toMatch(/422|bad item b|valid/i);
		expect(result.output('OK').map((i) => i.json.name)).toEqual(['a', 'c']);
		expect(result.output('Errors').map((i) => i.json.name)).toEqual(['b']);
		expect(result.executedNodes).toEqual(expect.arrayContaining(['Items', 'Neo', 'OK', 'Errors']));
	});

	it.each([
		['onError: continueRegularOutput', { onError: 'continueRegularOutput' as const }],
		['continueOnFail: true', { continueOnFail: true }],
	])('keeps error items on the main output with %s', async (_label, extra) => {
		const result = await runWorkflow(workflow(extra));

		expect(result.error).toBeUndefined();
		const out = result.output('Neo');
		expect(out).toHaveLength(3);
		expect(out[1].json).toMatchObject({ details: { itemIndex: 1 } });
		expect(out[1].json.error).toBeDefined();
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.output('OK')).toHaveLength(3);
		expect(result.run.data.resultData.runData.Errors).toBeUndefined();
	});

	it('stops the workflow on the first failure by default', async () => {
		const result = await runWorkflow(workflow({}));

		expect(result.run.status).toBe('error');
		expect(result.error).toBeDefined();
		expect(result.nodeError('Neo')).toBeDefined();
		expect(result.nodeError('Neo')?.message).toBe(result.error?.message);
		expect(result.executedNodes).not.toContain('OK');
		expect(seen).toHaveLength(2); // a, then b fails and the node throws
	});

	it("fails the node when the credential is missing, like n8n's helper", async () => {
		const options = workflow({}, [{ name: 'a' }]);
		const result = await runWorkflow({ ...options, credentials: {} });
		expect(result.nodeError('Neo')?.message).toMatch(
			/Credential with ID "1" does not exist for type "neoApi"/,
		);
		expect(seen).toHaveLength(0);
	});

	it('captures LoggerProxy and DI logger lines during the run', async () => {
		const chatty: INodeType = {
			description: {
				displayName: 'Chatty',
				name: 'harness.chatty',
				group: ['transform'],
				version: 1,
				description: 'logs',
				defaults: { name: 'Chatty' },
				inputs: [NodeConnectionTypes.Main],
				outputs: [NodeConnectionTypes.Main],
				properties: [],
			},
			async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
				this.logger.info('chatty via this.logger', { items: this.getInputData().length });
				LoggerProxy.warn('chatty via LoggerProxy', { error: new Error('inner boom') });
				return [this.getInputData()];
			},
		};
		const options = workflow({}, [{ name: 'a' }]);
		const result = await runWorkflow({
			...options,
			nodes: [...options.nodes, { ...collectorNode('Chat'), type: 'harness.chatty' }],
			connections: mergeConnections(options.connections, chain('OK', 'Chat')),
			nodeTypes: { 'harness.chatty': chatty },
		});

		expect(result.error).toBeUndefined();
		expect(result.logs).toEqual(
			expect.arrayContaining([
				expect.stringContaining('Workflow execution started'),
				expect.stringContaining('Running node "Neo" finished successfully'),
				'[info] chatty via this.logger {"items":1}',
				expect.stringMatching(/^\[warn\] chatty via LoggerProxy .*"message":"inner boom"/),
			]),
		);
		expect(result.logs.join('\n')).not.toContain(API_KEY);
	});

	it('keeps the logs of workflows run in parallel apart', async () => {
		const [one, two] = await Promise.all([
			runWorkflow(workflow({}, [{ name: 'a' }])),
			runWorkflow(workflow({ onError: 'continueErrorOutput' }, [{ name: 'x', fail: true }])),
		]);
		expect(one.error).toBeUndefined();
		expect(two.output('Errors')).toHaveLength(1);
		const started = (logs: string[]) =>
			logs.filter((l) => l.includes('Workflow execution started'));
		expect(started(one.logs)).toHaveLength(1);
		expect(started(two.logs)).toHaveLength(1);
		expect(one.logs.join('\n')).not.toContain('Running node "Errors"');
		expect(two.logs.join('\n')).toContain('Running node "Errors"');
	});

	it('keeps the API key out of logs and run data when a request fails', async () => {
		const result = await runWorkflow(workflow({}));
		expect(result.error).toBeDefined();
		expect(result.logs.join('\n')).not.toContain(API_KEY);
		expect(safeStringify(result.run)).not.toContain(API_KEY);
	});

	it('serializes log metadata deeply enough for leak checks', () => {
		const cause = Object.assign(new Error('outer'), {
			config: { headers: new Headers({ authorization: 'Bearer hidden-1' }) },
		});
		const error = new Error('boom', { cause });
		const text = safeStringify({
			error,
			map: new Map([['k', 'hidden-2']]),
			buffer: Buffer.from('hidden-3'),
		});
		expect(text).toContain('hidden-1');
		expect(text).toContain('hidden-2');
		expect(text).toContain('hidden-3');
		expect(text).toContain('"message":"boom"');
	});

	it('applies the real NeoApi credential (credentials/NeoApi.credentials.ts) by default', async () => {
		const options = workflow({}, [{ name: 'a' }, { name: 'c' }]);
		delete options.credentialTypes;
		const result = await runWorkflow(options);
		expect(result.error).toBeUndefined();
		expect(seen.map((r) => r.headers.authorization)).toEqual([
			`Bearer ${API_KEY}`,
			`Bearer ${API_KEY}`,
		]);
		expect(result.output('OK')).toHaveLength(2);
	});
});
