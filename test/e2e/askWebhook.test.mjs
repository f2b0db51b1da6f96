// End-to-end: the ask-neo-agent example published in REAL n8n (`n8n start`), called the way the
// examples' README shows with curl: a session Neo knows answers with the agent's reply; one it
// does not know answers with Neo's error and status (issue 19, item 10), not n8n's bare
// {"message":"Error in workflow"}.
//   npm run build && node --test test/e2e/askWebhook.test.mjs   (REAL_N8N_MAJORS=2 narrows)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	createN8n,
	installedMajors,
	packPackage,
	PACKAGE_DIR,
} from '../../scripts/lib/realN8n.mjs';
import { postWebhook, startMain } from '../../scripts/lib/queueCluster.mjs';
import { startSandboxProcess } from '../../scripts/lib/sandboxProcess.mjs';
import { e2eCredentials, loadExample } from './workflows.mjs';

const majors = installedMajors(); // REAL_N8N_MAJORS narrows it
const ID = 'NeoAskAgent00001';

let sandbox;
let packed;
before(async () => {
	sandbox = await startSandboxProcess();
	packed = packPackage(PACKAGE_DIR);
});
after(async () => {
	await sandbox?.stop();
});

for (const major of majors) {
	describe(`n8n ${major}.x: the ask-neo-agent webhook example, published`, () => {
		let main;
		before(async () => {
			const n8n = await createN8n({ major, pack: packed, log: (l) => console.log('  ' + l) });
			await n8n.importCredentials(e2eCredentials(sandbox));
			await n8n.importWorkflows([loadExample('ask-neo-agent')]);
			const act =
				major === '2'
					? await n8n.run(['publish:workflow', `--id=${ID}`])
					: await n8n.run(['update:workflow', `--id=${ID}`, '--active=true']);
			assert.equal(act.code, 0, `activating: ${act.stdout}\n${act.stderr}`);
			main = await startMain(n8n, {}, { label: `n8n ${major} main`, timeoutMs: 300_000 });
		});
		after(async () => {
			await main?.proc.stop();
		});

		// n8n registers a published webhook shortly after it starts: postWebhook waits for that
		const ask = async (body) => {
			const { status, body: json } = await postWebhook(`${main.url}/webhook/ask-neo`, body);
			return { status, json };
		};

		test("a known session: the agent's reply", { timeout: 120_000 }, async () => {
			const { status, json } = await ask({
				sessionId: sandbox.seed.sessions.tenant,
				message: 'My VPN drops every hour. What should I check?',
				ticketId: `T-${major}-1`,
			});
			assert.equal(status, 200, JSON.stringify(json));
			assert.match(json.reply, /My VPN drops every hour/);
			assert.equal(json.alreadySent, false);
			assert.ok(json.chatTurnId);
		});

		test(
			"an unknown session: Neo's 404, its code and request id",
			{ timeout: 120_000 },
			async () => {
				const { status, json } = await ask({ sessionId: 'cs_nope', message: 'Hello' });
				assert.equal(status, 404, JSON.stringify(json));
				assert.equal(json.code, 'not_found');
				assert.match(json.error, /^Neo error 404 not_found: /);
				assert.ok(json.requestId, 'the request id to quote to Neo support');
				assert.equal(json.message, undefined, "not n8n's generic answer");
			},
		);
	});
}
