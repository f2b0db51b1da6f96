// End-to-end: the MCP template (examples/neo-mcp-server.workflow.json) published in a REAL
// `n8n start` (2.x), driven by the official MCP TypeScript SDK client over Streamable HTTP with
// the trigger's bearer token: the Neo tools are listed with their input schemas, Send returns the
// Neo agent's reply, Approve records exactly one decision, Run Now and Execution Get find the run,
// an SSE client gets the same tools, and failures (a request Neo does not know, a decided request,
// arguments of the wrong type, Mint as a tool) reach the client as tool results it can read while
// the session goes on.
//   npm run build && node --test test/e2e/mcp.test.mjs
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
	createN8n,
	installedMajors,
	packPackage,
	PACKAGE_DIR,
} from '../../scripts/lib/realN8n.mjs';
import { startMain } from '../../scripts/lib/queueCluster.mjs';
import { startSandboxProcess } from '../../scripts/lib/sandboxProcess.mjs';
import { e2eCredentials, loadExample, SANDBOX_CREDENTIAL } from './workflows.mjs';

const TOKEN = 'mcp-e2e-' + Math.random().toString(36).slice(2);
const MESSAGE = 'Is ticket T-4711 for j.doe still open?';
const TEMPLATE_TOOLS = [
	'ask_neo_agent',
	'run_neo_agent',
	'list_approval_requests',
	'approve_approval_request',
	'get_neo_agent_run',
];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The sandbox agent's scripted reply (test/sandbox/chat/agent.ts scriptedReply). */
const replyTo = (message) =>
	`I looked into "${message}". Ticket T-4711 matches: it is open and assigned to the service desk, and the mailbox quota was raised to 50 GB.`;

/** The template as saved, plus a Session Token → Mint tool (not in the template) that must refuse. */
function mcpWorkflow() {
	const wf = loadExample('neo-mcp-server');
	wf.nodes.push({
		id: 'mcp-e2e-mint',
		name: 'mint_session_token',
		type: 'n8n-nodes-neo.neoTool',
		typeVersion: 2,
		position: [1000, 240],
		parameters: { resource: 'sessionToken', operation: 'mint', sessionId: 'cs_seed_acme_support' },
		credentials: { neoApi: SANDBOX_CREDENTIAL },
	});
	wf.connections.mint_session_token = {
		ai_tool: [[{ node: 'Neo MCP server', type: 'ai_tool', index: 0 }]],
	};
	return wf;
}

/** A tool result's text, and its JSON when it is JSON (n8n hands a tool's items on as a JSON array). */
function resultOf(result) {
	assert.equal(result.content?.[0]?.type, 'text', JSON.stringify(result));
	const text = result.content[0].text;
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { text, json, isError: result.isError === true };
}

const majors = installedMajors().filter((m) => m === '2');
for (const major of majors) {
	describe(`n8n ${major}.x: the Neo tools through the MCP Server Trigger`, () => {
		let sandbox;
		let n8n;
		let main;
		let client;
		let mcpUrl;
		const connect = async (token = TOKEN) => {
			const c = new Client({ name: 'neo-mcp-e2e', version: '1.0.0' });
			const headers = token ? { Authorization: `Bearer ${token}` } : {};
			await c.connect(new StreamableHTTPClientTransport(mcpUrl, { requestInit: { headers } }));
			return c;
		};

		before(async () => {
			assert.ok(
				existsSync(join(PACKAGE_DIR, 'dist', 'nodes', 'Neo', 'Neo.node.js')),
				'run npm run build',
			);
			sandbox = await startSandboxProcess();
			n8n = await createN8n({ major, pack: packPackage(PACKAGE_DIR) });
			await n8n.importCredentials([
				...e2eCredentials(sandbox),
				{
					id: 'neo-mcp-bearer',
					name: 'Neo MCP server token',
					type: 'httpBearerAuth',
					data: { token: TOKEN },
				},
			]);
			const [wf] = await n8n.importWorkflows([mcpWorkflow()]);
			const published = await n8n.run(['publish:workflow', `--id=${wf.id}`]);
			assert.equal(published.code, 0, `publish failed:\n${published.stdout}\n${published.stderr}`);
			main = await startMain(n8n, {}, { label: `n8n ${major} (mcp)` });
			mcpUrl = new URL(`${main.url}/mcp/neo`);
			// the production webhook is registered shortly after n8n says it is up
			for (let i = 0; ; i++) {
				try {
					client = await connect();
					break;
				} catch (error) {
					if (i >= 120) throw error;
					await sleep(500);
				}
			}
		});
		after(async () => {
			await client?.close().catch(() => {});
			await main?.proc.stop();
			await n8n?.dispose();
			await sandbox?.stop();
		});

		test('without the bearer token n8n refuses the MCP client', async () => {
			await assert.rejects(connect(null), /401|Unauthorized|authorization/i);
			await assert.rejects(connect('wrong-token'), /403|401|Forbidden|Unauthorized|authorization/i);
		});

		test('lists the Neo tools with their descriptions and input schemas', async () => {
			const { tools } = await client.listTools();
			const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
			assert.deepEqual(
				tools.map((t) => t.name).sort(),
				[...TEMPLATE_TOOLS, 'mint_session_token'].sort(),
			);
			const props = (name) => byName[name].inputSchema.properties;
			assert.deepEqual(Object.keys(props('ask_neo_agent')), ['message']);
			assert.equal(props('ask_neo_agent').message.type, 'string');
			assert.deepEqual(byName.ask_neo_agent.inputSchema.required, ['message']);
			assert.deepEqual(Object.keys(props('run_neo_agent')), ['ticketId']);
			assert.deepEqual(Object.keys(props('list_approval_requests')), ['search']);
			assert.deepEqual(Object.keys(props('approve_approval_request')).sort(), [
				'note',
				'requestId',
			]);
			assert.equal(props('approve_approval_request').requestId.type, 'number');
			assert.deepEqual(byName.approve_approval_request.inputSchema.required.sort(), [
				'note',
				'requestId',
			]);
			assert.deepEqual(Object.keys(props('get_neo_agent_run')), ['executionId']);
			for (const name of TEMPLATE_TOOLS) {
				assert.ok(byName[name].description.length > 150, `${name} is described for a model`);
			}
			assert.match(byName.approve_approval_request.description, /never approve on your own/);
			assert.match(byName.ask_neo_agent.description, /^Send a message to the MSP's Neo agent/);
		});

		test("Send: the Neo agent's reply comes back to the MCP client", async () => {
			await sandbox.reset();
			const result = resultOf(
				await client.callTool({ name: 'ask_neo_agent', arguments: { message: MESSAGE } }),
			);
			assert.equal(result.isError, false, result.text);
			const [item] = result.json;
			assert.equal(item.reply, replyTo(MESSAGE));
			assert.equal(item.finish_reason, 'stop');
			assert.equal(item.session_id, 'cs_seed_acme_support');
			const { turns } = await (await fetch(`${sandbox.url}/__sandbox/chat`)).json();
			assert.equal(turns.length, 1, 'one turn');
			assert.equal(turns[0].message, MESSAGE, 'the message the client chose');
			assert.deepEqual((await sandbox.state()).contractViolations, []);
		});

		test('Get Many lists the pending requests; Approve records exactly one decision', async () => {
			await sandbox.reset();
			const listed = resultOf(
				await client.callTool({ name: 'list_approval_requests', arguments: { search: '' } }),
			);
			assert.equal(listed.isError, false, listed.text);
			assert.equal(listed.json.length, 12, 'the 12 pending seeded requests');
			assert.ok(listed.json.every((r) => r.status === 'PENDING'));
			const requestId = Math.max(...listed.json.map((r) => Number(r.id)));

			const approved = resultOf(
				await client.callTool({
					name: 'approve_approval_request',
					arguments: { requestId, note: 'The user approved it in Claude' },
				}),
			);
			assert.equal(approved.isError, false, approved.text);
			assert.equal(approved.json[0].status, 'APPROVED');
			let state = await sandbox.state();
			assert.deepEqual(state.decisions, { api: 1, control: 0 }, 'exactly one decision');

			// asked again: Neo's 409 comes back as the tool's answer, nothing decided twice
			const again = resultOf(
				await client.callTool({
					name: 'approve_approval_request',
					arguments: { requestId, note: 'again' },
				}),
			);
			assert.match(again.json[0].error.message, new RegExp(`${requestId} was already approved`));
			state = await sandbox.state();
			assert.equal(state.decisions.api, 1, 'still one decision');
			const left = resultOf(
				await client.callTool({ name: 'list_approval_requests', arguments: { search: '' } }),
			);
			assert.equal(left.json.length, 11);
			assert.deepEqual(state.contractViolations, []);
		});

		test('Run Now runs the fixed agent on the ticket; Execution Get reads the run', async () => {
			await sandbox.reset();
			await sandbox.configure({ runNow: { durationMs: 1500, outcome: 'SUCCEEDED' } });
			const ran = resultOf(
				await client.callTool({ name: 'run_neo_agent', arguments: { ticketId: '40123' } }),
			);
			assert.equal(ran.isError, false, ran.text);
			const [run] = ran.json;
			assert.equal(run.agent_id, 301, ran.text);
			assert.equal(run.entity_id, '40123');
			assert.equal(run.status, 'SUCCEEDED');
			assert.equal(run.runFinished, true);
			assert.equal(run.finalMessage, 'Done: MFA reset and the ticket updated.');
			const got = resultOf(
				await client.callTool({
					name: 'get_neo_agent_run',
					arguments: { executionId: run.execution_id },
				}),
			);
			assert.equal(got.isError, false, got.text);
			assert.equal(got.json[0].execution_id, run.execution_id);
			const state = await sandbox.state();
			assert.equal(state.created.runs, 1, 'one run');
			assert.equal(state.counts['/public-api/agents/301/run-now'], 1, 'sent once');
			assert.deepEqual(state.contractViolations, []);
		});

		test('an SSE client (the older transport) gets the same tools at the same URL', async () => {
			await sandbox.reset();
			const sse = new Client({ name: 'neo-mcp-e2e-sse', version: '1.0.0' });
			await sse.connect(
				new SSEClientTransport(mcpUrl, {
					requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
				}),
			);
			try {
				const { tools } = await sse.listTools();
				assert.equal(tools.length, TEMPLATE_TOOLS.length + 1);
				const listed = resultOf(
					await sse.callTool({ name: 'list_approval_requests', arguments: { search: '' } }),
				);
				assert.equal(listed.json.length, 12, listed.text);
			} finally {
				await sse.close();
			}
		});

		test('tool errors reach the client as results it can read; the session goes on', async () => {
			await sandbox.reset();
			// a request Neo does not know: Neo's 404, its code, status and request id
			const unknown = resultOf(
				await client.callTool({
					name: 'approve_approval_request',
					arguments: { requestId: 999999, note: 'no such request' },
				}),
			);
			const { error } = unknown.json[0];
			assert.equal(error.httpStatus, 404, unknown.text);
			assert.equal(typeof error.code, 'string');
			assert.match(error.requestId ?? '', /\S/, 'the request id is named');
			// arguments that do not fit the schema: n8n refuses them before the node runs
			const wrongType = resultOf(
				await client.callTool({
					name: 'approve_approval_request',
					arguments: { requestId: 'abc', note: 'x' },
				}),
			);
			assert.equal(wrongType.isError, true, wrongType.text);
			// Mint as a tool: refused, nothing minted
			const mint = resultOf(await client.callTool({ name: 'mint_session_token', arguments: {} }));
			assert.match(mint.text, /refuses to run as an AI tool/);
			assert.doesNotMatch(mint.text, /"token"/);
			const state = await sandbox.state();
			assert.equal(state.decisions.api, 0, 'nothing decided');
			assert.equal(state.counts['/public-api/sessions'] ?? 0, 0, 'nothing minted');
			// the same session still answers
			const { tools } = await client.listTools();
			assert.equal(tools.length, TEMPLATE_TOOLS.length + 1);
		});
	});
}
