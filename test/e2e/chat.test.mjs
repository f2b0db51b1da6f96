// End-to-end: Chat Message -> Send in REAL n8n (2.x and 1.x), streaming the Neo agent's reply
// through n8n's own HTTP helper; and n8n's AI Agent with the Neo node as its tool (the chat model
// is a local OpenAI-compatible stand-in that calls the tool): the Neo agent's reply comes back to
// the model, and Session Token -> Mint refuses, its refusal reaching the model.
//   npm run build && node --test test/e2e/chat.test.mjs        (REAL_N8N_MAJORS=2 narrows)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createN8n, installedMajors, packPackage, PACKAGE_DIR } from '../../scripts/lib/realN8n.mjs';
import { startSandboxProcess } from '../../scripts/lib/sandboxProcess.mjs';
import { startOpenAiStandIn } from './openAiStandIn.mjs';
import { e2eCredentials } from './workflows.mjs';
import { agentWorkflow, askWorkflow, openAiCredential } from './chatWorkflows.mjs';

const wanted = (process.env.REAL_N8N_MAJORS ?? '2,1').split(',').map((s) => s.trim());
const majors = installedMajors().filter((m) => wanted.includes(m));
// The AI Agent each major creates by default.
const AGENT_VERSION = { 1: 3, 2: 3.1 };
const QUESTION = 'Is ticket T-4711 for j.doe still open?';

let sandbox;
let standIn;
let packed;
before(async () => {
	assert.ok(
		existsSync(join(PACKAGE_DIR, 'dist', 'nodes', 'Neo', 'Neo.node.js')),
		'run npm run build',
	);
	sandbox = await startSandboxProcess();
	standIn = await startOpenAiStandIn();
	packed = packPackage(PACKAGE_DIR);
});
after(async () => {
	await sandbox?.stop();
	await standIn?.close();
});

const control = async (method, path, body) =>
	(
		await fetch(`${sandbox.url}/__sandbox/${path}`, {
			method,
			headers: body ? { 'content-type': 'application/json' } : {},
			body: body ? JSON.stringify(body) : undefined,
		})
	).json();
const turns = async () => (await control('GET', 'chat')).turns;

/** The sandbox agent's scripted reply (test/sandbox/chat/agent.ts scriptedReply). */
const replyTo = (message) =>
	`I looked into "${message.length > 60 ? `${message.slice(0, 60)}…` : message}". Ticket T-4711 matches: it is open and assigned to the service desk, and the mailbox quota was raised to 50 GB.`;

for (const major of majors) {
	describe(`n8n ${major}.x: Chat Message -> Send and the AI Agent`, () => {
		let n8n;
		let ask;
		let agentAsk;
		let agentMint;
		before(async () => {
			n8n = await createN8n({ major, pack: packed, log: (l) => console.log('  ' + l) });
			await n8n.importCredentials([...e2eCredentials(sandbox), openAiCredential(standIn)]);
			const session = sandbox.seed.sessions.tenant;
			[ask, agentAsk, agentMint] = await n8n.importWorkflows([
				askWorkflow(session, QUESTION),
				agentWorkflow({
					id: 'NeoE2eAgentAsk01',
					tool: 'ask',
					sessionId: session,
					question: QUESTION,
					agentVersion: AGENT_VERSION[major],
				}),
				agentWorkflow({
					id: 'NeoE2eAgentMint1',
					tool: 'mint',
					sessionId: session,
					question: 'Give me a session token for the support chat.',
					agentVersion: AGENT_VERSION[major],
				}),
			]);
		});
		after(async () => await n8n?.dispose());

		test("a message through the node gets the Neo agent's reply", async () => {
			await sandbox.reset();
			const run = await n8n.execute(ask.id, ask);
			assert.ok(run.ok, `run failed: ${JSON.stringify(run.error)}`);
			const [item] = run.nodes['Ask Neo'].main;
			assert.equal(item.reply, replyTo(QUESTION));
			assert.equal(item.finish_reason, 'stop');
			assert.equal(item.already_sent, false);
			assert.ok(
				item.parts.some((p) => p.type === 'tool-output-available'),
				'steps included',
			);
			assert.equal((await turns()).length, 1, 'one turn');
			assert.deepEqual((await sandbox.state()).contractViolations, []);
		});

		test("the AI Agent calls Neo as its tool and finishes with the Neo agent's reply", async () => {
			await sandbox.reset();
			const before = standIn.received.length;
			const run = await n8n.execute(agentAsk.id, agentAsk);
			assert.ok(run.ok, `run failed: ${JSON.stringify(run.error)}`);
			const output = run.nodes['AI Agent'].main[0].output;
			assert.match(output, /^The Neo tool answered: /);
			// The tool's answer reaches the model as JSON: the reply inside it is JSON-escaped.
			const escaped = JSON.stringify(replyTo(QUESTION)).slice(1, -1);
			assert.ok(output.includes(escaped), `the reply in ${output}`);
			const [turn] = await turns();
			assert.equal(turn.message, QUESTION, 'the model chose the message ($fromAI)');
			assert.equal((await turns()).length, 1);
			assert.ok(standIn.received.length - before >= 2, 'the model was asked twice');
		});

		test('Session Token -> Mint refuses as a tool, and the refusal reaches the model', async () => {
			await sandbox.reset();
			const run = await n8n.execute(agentMint.id, agentMint);
			assert.ok(run.ok, `run failed: ${JSON.stringify(run.error)}`);
			const output = run.nodes['AI Agent'].main[0].output;
			assert.match(output, /refuses to run as an AI tool/);
			assert.ok(
				standIn.toolResults().some((r) => /refuses to run as an AI tool/.test(r)),
				'the tool result the model saw is the refusal',
			);
			const state = await sandbox.state();
			assert.equal(state.counts['/public-api/sessions'] ?? 0, 0, 'nothing minted');
		});
	});
}
