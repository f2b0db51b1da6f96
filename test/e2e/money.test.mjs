// End-to-end in REAL n8n (2.x and 1.x): Billing → Get Usage, Inbox → Get Many, Chat Message → Get
// Many and Chat Session → Reset in one chain; the monthly-billing example (Schedule/Manual Trigger →
// Billing → Get Usage Detail per company → a billing line → Loop Over Items → Convert to File CSV)
// makes one CSV per client; and Chat Message → Send with an attachment made by n8n's own Convert
// to File (so the bytes live in n8n's binary store): the blob PUT reaches the sandbox's blob
// stand-in with the file's bytes and headers and without the Neo key, then the message names it.
//   npm run build && node --test test/e2e/money.test.mjs        (REAL_N8N_MAJORS=2 narrows)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
	createN8n,
	installedMajors,
	packPackage,
	PACKAGE_DIR,
} from '../../scripts/lib/realN8n.mjs';
import { startSandboxProcess } from '../../scripts/lib/sandboxProcess.mjs';
import { e2eCredentials, loadExample, SANDBOX_CREDENTIAL } from './workflows.mjs';

const majors = installedMajors(); // REAL_N8N_MAJORS narrows it
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(4096, 3)]);

let sandbox;
let packed;
before(async () => {
	assert.ok(
		existsSync(join(PACKAGE_DIR, 'dist', 'nodes', 'Neo', 'Neo.node.js')),
		'run npm run build',
	);
	sandbox = await startSandboxProcess();
	packed = packPackage(PACKAGE_DIR);
});
after(async () => await sandbox?.stop());

const control = async (method, path) =>
	(await fetch(`${sandbox.url}/__sandbox/${path}`, { method })).json();

/** Manual Trigger → Code (a PNG as base64) → Convert to File (into n8n's binary store) → Send. */
function attachmentWorkflow(sessionId) {
	return {
		id: 'NeoE2eAttach0001',
		name: 'e2e: Send with an attachment',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'a1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'a2',
				name: 'Screenshot',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: { jsCode: `return [{ json: { png: '${PNG.toString('base64')}' } }];` },
			},
			{
				id: 'a3',
				name: 'To file',
				type: 'n8n-nodes-base.convertToFile',
				typeVersion: 1.1,
				position: [400, 0],
				parameters: {
					operation: 'toBinary',
					sourceProperty: 'png',
					options: { fileName: 'screen.png', mimeType: 'image/png' },
				},
			},
			{
				id: 'a4',
				name: 'Ask Neo',
				type: 'n8n-nodes-neo.neo',
				typeVersion: 2,
				position: [600, 0],
				parameters: {
					resource: 'chatMessage',
					operation: 'send',
					sessionId,
					message: 'What is on this screenshot?',
					sendOptions: { attachmentProperties: 'data' },
				},
				credentials: { neoApi: SANDBOX_CREDENTIAL },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Screenshot', type: 'main', index: 0 }]] },
			Screenshot: { main: [[{ node: 'To file', type: 'main', index: 0 }]] },
			'To file': { main: [[{ node: 'Ask Neo', type: 'main', index: 0 }]] },
		},
	};
}

// Binary data in n8n's filesystem mode on each major, and in its database mode on 2.x.
const runs = majors.flatMap((major) =>
	major === '2'
		? [
				{ major, binaryMode: 'filesystem' },
				{ major, binaryMode: 'database' },
			]
		: [{ major, binaryMode: 'filesystem' }],
);

/** Manual Trigger → Billing Get Usage → Inbox Get Many → Send → Chat Message Get Many → Chat Session Reset. */
function operationsWorkflow(sessionId) {
	const neo = (id, name, x, parameters) => ({
		id,
		name,
		type: 'n8n-nodes-neo.neo',
		typeVersion: 2,
		position: [x, 0],
		executeOnce: true,
		parameters,
		credentials: { neoApi: SANDBOX_CREDENTIAL },
	});
	const chain = ['Start', 'Usage', 'Inbox', 'Ask', 'History', 'Reset'];
	return {
		id: 'NeoE2eMoneyOps01',
		name: 'e2e: billing, inbox, chat history and reset',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'o1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			neo('o2', 'Usage', 200, { resource: 'billing', operation: 'getUsage', month: '2026-11' }),
			neo('o3', 'Inbox', 400, { resource: 'inbox', operation: 'getMany', returnAll: true }),
			neo('o6', 'Ask', 500, {
				resource: 'chatMessage',
				operation: 'send',
				sessionId,
				message: 'Is the VPN down?',
			}),
			neo('o4', 'History', 600, {
				resource: 'chatMessage',
				operation: 'getMany',
				sessionId,
				returnAll: true,
			}),
			neo('o5', 'Reset', 800, { resource: 'chatSession', operation: 'reset', sessionId }),
		],
		connections: Object.fromEntries(
			chain
				.slice(0, -1)
				.map((name, i) => [name, { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] }]),
		),
	};
}

for (const { major, binaryMode } of runs) {
	describe(`n8n ${major}.x, binary data in ${binaryMode} mode: billing example and chat attachments`, () => {
		let n8n;
		let billing;
		let attach;
		let operations;
		before(async () => {
			// n8n 1.x keeps binary data in memory by default: the mode is always set explicitly.
			n8n = await createN8n({
				major,
				pack: packed,
				log: (l) => console.log('  ' + l),
				extraEnv: { N8N_DEFAULT_BINARY_DATA_MODE: binaryMode },
			});
			await n8n.importCredentials(e2eCredentials(sandbox));
			[billing, attach, operations] = await n8n.importWorkflows([
				loadExample('monthly-billing'),
				attachmentWorkflow(sandbox.seed.sessions.tenant),
				operationsWorkflow(sandbox.seed.sessions.tenant),
			]);
		});
		after(async () => await n8n?.dispose());

		// Once per major (it uses no binary input).
		if (binaryMode === 'filesystem')
			test('monthly billing: one CSV per client', async () => {
				await sandbox.reset();
				const run = await n8n.execute(billing.id, billing);
				assert.ok(run.ok, `run failed: ${JSON.stringify(run.error)}`);
				const companies = run.nodes["Last month's usage per client"].main;
				assert.ok(companies.length >= 2, 'one item per company');
				const csvRuns = run.raw.data.resultData.runData['Client CSV'];
				assert.equal(csvRuns.length, companies.length, 'Convert to File ran once per client');
				const names = csvRuns.map((r) => r.data.main[0][0].binary.data.fileName);
				assert.equal(new Set(names).size, companies.length);
				for (const name of names) assert.match(name, /^\d{4}-\d{2}-\d+-[A-Za-z0-9-]+\.csv$/);
				assert.deepEqual((await sandbox.state()).contractViolations, []);
			});

		// Once per major (no binary input).
		if (binaryMode === 'filesystem')
			test('Billing → Get Usage, Inbox → Get Many, Chat Message → Get Many, Chat Session → Reset', async () => {
				await sandbox.reset();
				const run = await n8n.execute(operations.id, operations);
				assert.ok(run.ok, `run failed: ${JSON.stringify(run.error)}`);
				const [usage] = run.nodes.Usage.main;
				assert.equal(usage.month, '2026-11');
				assert.equal(usage.charge, usage.active_users * 4);
				const inbox = run.nodes.Inbox.main;
				assert.equal(inbox.length, 3);
				assert.ok(inbox.every((row) => typeof row.deduplication_message_id === 'string'));
				const history = run.nodes.History.main;
				assert.deepEqual(
					history.map((m) => [m.role, m.text]),
					[
						['user', 'Is the VPN down?'],
						['assistant', run.nodes.Ask.main[0].reply],
					],
				);
				const [reset] = run.nodes.Reset.main;
				assert.equal(reset.id, sandbox.seed.sessions.tenant);
				assert.match(reset.archived_at, /^\d{4}-/);
				assert.deepEqual((await sandbox.state()).contractViolations, []);
			});

		test('Send with an attachment from n8n binary data: PUT to the blob store, then the message', async () => {
			await sandbox.reset();
			const run = await n8n.execute(attach.id, attach);
			assert.ok(run.ok, `run failed: ${JSON.stringify(run.error)}`);
			// n8n kept the file in its binary store: the item held only its id.
			const stored = run.raw.data.resultData.runData['To file'][0].data.main[0][0].binary.data;
			assert.match(String(stored.id), new RegExp(`^${binaryMode}(-v2)?:`), JSON.stringify(stored));
			const [item] = run.nodes['Ask Neo'].main;
			assert.equal(typeof item.reply, 'string');
			const blobs = await control('GET', 'blobs');
			assert.deepEqual(
				blobs.puts.map((p) => [p.status, p.blobType, p.blobContentType, p.authorization, p.bytes]),
				[[201, 'BlockBlob', 'image/png', false, PNG.length]],
			);
			assert.equal(blobs.issued[0].uploaded.sample, PNG.subarray(0, 32).toString('base64'));
			const requests = await control('GET', 'requests');
			const message = requests.find((r) => r.method === 'POST' && r.path.endsWith('/messages'));
			assert.deepEqual(message.body.attachments, [
				{ blob_path: blobs.issued[0].blobPath, mime: 'image/png', filename: 'screen.png' },
			]);
			assert.deepEqual((await sandbox.state()).contractViolations, []);
		});
	});
}
