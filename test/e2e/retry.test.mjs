// n8n's Retry of a failed execution in REAL n8n (`n8n start`, its REST API as the editor's
// "Retry" menu calls it: POST /rest/executions/:id/retry with { loadWorkflow: false } for "with
// the original workflow" and { loadWorkflow: true } for "with the currently saved workflow").
// A published webhook workflow sends two chat messages and registers two end companies; a sandbox
// fault (once) fails the execution either in Chat Message → Send (after the first message was
// accepted) or in End Company → Create (after the first company was created). Counted at the
// sandbox: every distinct message starts exactly one turn, however often the execution is
// retried, and a create that had happened comes back through the 409 reconcile path.
//   npm run build && node --test test/e2e/retry.test.mjs        (REAL_N8N_MAJORS=2 narrows)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
	createN8n,
	installedMajors,
	packPackage,
	PACKAGE_DIR,
} from '../../scripts/lib/realN8n.mjs';
import { postWebhook, startMain } from '../../scripts/lib/queueCluster.mjs';
import { startSandboxProcess } from '../../scripts/lib/sandboxProcess.mjs';
import { login, setupOwner } from '../../scripts/dev.mjs';
import { e2eCredentials, neoV2Node } from './workflows.mjs';

const majors = installedMajors(); // REAL_N8N_MAJORS narrows it
const OWNER = { email: 'retry-e2e@example.com', password: 'Retry-e2e-Passw0rd' };
const RETRY_ID = 'NeoE2eRetryWf001';
const HOOK = 'neo-retry';

/** Webhook {items: [{ message, psaCompanyId, psaCompanyName }]} → one item each → Send → Create. */
function retryWorkflow(sessionId) {
	const neo = neoV2Node;
	return {
		id: RETRY_ID,
		name: 'e2e: retried after a failure',
		active: false,
		settings: { executionOrder: 'v1', saveDataErrorExecution: 'all' },
		pinData: {},
		nodes: [
			{
				id: 'retry-hook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '0b7d6c0e-5a4f-4f3e-9f8e-7f4f3b2a1c01',
				parameters: { httpMethod: 'POST', path: HOOK, responseMode: 'lastNode', options: {} },
			},
			{
				id: 'retry-split',
				name: 'One item per request',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.items', options: {} },
			},
			neo('retry-send', 'Ask Neo', [440, 0], {
				resource: 'chatMessage',
				operation: 'send',
				sessionId,
				message: '={{ $json.message }}',
				sendOptions: {},
			}),
			neo('retry-company', 'Register end company', [660, 0], {
				resource: 'endCompany',
				operation: 'create',
				psaCompanyId: "={{ $('One item per request').item.json.psaCompanyId }}",
				psaCompanyName: "={{ $('One item per request').item.json.psaCompanyName }}",
				ifExists: 'returnExisting',
				additionalFields: {},
			}),
		],
		connections: {
			Webhook: { main: [[{ node: 'One item per request', type: 'main', index: 0 }]] },
			'One item per request': { main: [[{ node: 'Ask Neo', type: 'main', index: 0 }]] },
			'Ask Neo': { main: [[{ node: 'Register end company', type: 'main', index: 0 }]] },
		},
	};
}

const itemsFor = (tag) => [
	{
		message: `${tag}: is ticket T-1 open?`,
		psaCompanyId: `${tag}-1`,
		psaCompanyName: `${tag} one`,
	},
	{
		message: `${tag}: is ticket T-2 open?`,
		psaCompanyId: `${tag}-2`,
		psaCompanyName: `${tag} two`,
	},
];

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
after(async () => {
	await sandbox?.stop();
});

/** What reached Neo: the statuses of the message POSTs per text and the end-company POSTs per id. */
async function atNeo() {
	const requests = await sandbox.requests();
	const posts = (suffix) => requests.filter((r) => r.method === 'POST' && r.path.endsWith(suffix));
	const byText = {};
	for (const r of posts('/messages')) {
		(byText[r.body?.message] ??= []).push(r.status);
	}
	const companies = {};
	for (const r of posts('/end-companies')) {
		(companies[r.body?.psa_company_id] ??= []).push(r.status);
	}
	return { messages: byText, companies, state: await sandbox.state() };
}

/** One scenario's POST statuses, e.g. `T-1 [202,409] T-2 [422,202] | -1 [201,409] -2 [201,409]`. */
function summary({ messages, companies }, tag) {
	const mine = (obj) =>
		Object.entries(obj)
			.filter(([k]) => k.startsWith(tag))
			.map(([k, v]) => `${k.slice(tag.length).replace(/^: is ticket | open\?$/g, '')} [${v}]`);
	return `messages ${mine(messages).join(' ')} | end companies ${mine(companies).join(' ')}`;
}

for (const major of majors) {
	describe(`n8n ${major}.x: Retry of a failed execution`, () => {
		let n8n;
		let main;
		let rest;
		let flatted;
		const counts = [];
		before(async () => {
			n8n = await createN8n({ major, pack: packed });
			flatted = createRequire(join(n8n.install.dir, 'node_modules', 'n8n', 'package.json'))(
				'flatted',
			);
			await n8n.importCredentials(e2eCredentials(sandbox));
			await n8n.importWorkflows([retryWorkflow(sandbox.seed.sessions.tenant)]);
			const act =
				major === '2'
					? await n8n.run(['publish:workflow', `--id=${RETRY_ID}`])
					: await n8n.run(['update:workflow', `--id=${RETRY_ID}`, '--active=true']);
			assert.equal(act.code, 0, `activating failed:\n${act.stdout}\n${act.stderr}`);
			main = await startMain(n8n, {}, { label: `n8n ${major} (retry)` });
			await setupOwner(main.url, OWNER);
			const session = await login(main.url, OWNER);
			assert.equal(session.status, 200, 'owner login');
			const cookie = session.cookie.split(';')[0];
			rest = async (method, path, body) => {
				const res = await fetch(`${main.url}${path}`, {
					method,
					headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
					body: body ? JSON.stringify(body) : undefined,
				});
				const text = await res.text();
				assert.ok(res.ok, `${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
				return JSON.parse(text).data;
			};
		});
		after(async () => {
			await main?.proc.stop();
			await n8n?.dispose();
			console.log(`n8n ${major}.x retry counts:\n${counts.map((c) => '  ' + c).join('\n')}`);
		});

		/** Run the webhook once with a fault planted; returns the failed execution's id. */
		async function failedExecution(tag, fault) {
			await sandbox.addFault({ ...fault, times: 1 });
			const before = await rest(
				'GET',
				`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: RETRY_ID }))}`,
			);
			const seen = new Set((before.results ?? before).map((e) => e.id));
			const res = await postWebhook(`${main.url}/webhook/${HOOK}`, { items: itemsFor(tag) });
			assert.equal(res.status, 500, `the execution fails: ${JSON.stringify(res.body)}`);
			const list = await rest(
				'GET',
				`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: RETRY_ID }))}`,
			);
			const fresh = (list.results ?? list).filter((e) => !seen.has(e.id));
			assert.equal(fresh.length, 1, `one new execution: ${JSON.stringify(fresh)}`);
			assert.equal(fresh[0].status, 'error');
			return fresh[0].id;
		}

		/** Retry it; returns per-node outputs of the retried execution. */
		async function retry(id, loadWorkflow) {
			const retried = await rest('POST', `/rest/executions/${id}/retry`, { loadWorkflow });
			const full = await rest('GET', `/rest/executions/${retried.id}`);
			assert.equal(full.retryOf, String(id), 'n8n recorded the retry');
			const data = typeof full.data === 'string' ? flatted.parse(full.data) : full.data;
			const runData = data.resultData.runData;
			const out = (name) => runData[name]?.at(-1)?.data?.main?.[0]?.map((i) => i.json) ?? [];
			return {
				status: full.status,
				error: data.resultData.error,
				out,
				runs: (name) => runData[name]?.length ?? 0,
			};
		}

		for (const loadWorkflow of [false, true]) {
			const way = loadWorkflow ? 'the currently saved workflow' : 'the original workflow';
			const tag = `${major}-send-${loadWorkflow ? 'saved' : 'original'}`;

			test(`Send failed after its first message was accepted; retried with ${way} (twice): no message sent again`, async () => {
				const [first, second] = itemsFor(tag);
				const id = await failedExecution(tag, {
					path: '/public-api/chat/sessions/{session_id}/messages',
					method: 'POST',
					match: { message: second.message },
					fault: { kind: 'status', status: 422 },
				});
				let neo = await atNeo();
				assert.deepEqual(neo.messages[first.message], [202], 'the first message was accepted');
				assert.deepEqual(neo.messages[second.message], [422], 'the second one failed');

				const run = await retry(id, loadWorkflow);
				assert.equal(run.status, 'success', `retry failed: ${JSON.stringify(run.error)}`);
				const sent = run.out('Ask Neo');
				assert.equal(sent.length, 2);
				assert.equal(sent[0].already_sent, true, 'the first message: Neo already had it');
				assert.equal(sent[1].already_sent, false, 'the second message: sent now');
				neo = await atNeo();
				assert.deepEqual(neo.messages[first.message], [202, 409], 'no second turn for the first');
				assert.deepEqual(neo.messages[second.message], [422, 202]);

				// the failed execution can be retried again: still nothing sent twice
				const again = await retry(id, loadWorkflow);
				assert.equal(again.status, 'success');
				assert.ok(again.out('Ask Neo').every((m) => m.already_sent === true));
				neo = await atNeo();
				assert.deepEqual(neo.messages[first.message], [202, 409, 409]);
				assert.deepEqual(neo.messages[second.message], [422, 202, 409]);
				assert.deepEqual(
					neo.companies[first.psaCompanyId],
					[201, 409],
					'created once, then reconciled',
				);
				assert.deepEqual(neo.state.contractViolations, []);
				counts.push(`${tag}: ${summary(neo, tag)}`);
			});

			test(`End Company → Create failed after its first create; retried with ${way}: Send not run again, the create reconciled`, async () => {
				const ctag = `${major}-create-${loadWorkflow ? 'saved' : 'original'}`;
				const [first, second] = itemsFor(ctag);
				const id = await failedExecution(ctag, {
					path: '/public-api/end-companies',
					method: 'POST',
					match: { psa_company_id: second.psaCompanyId },
					fault: { kind: 'status', status: 422 },
				});
				let neo = await atNeo();
				assert.deepEqual(neo.companies[first.psaCompanyId], [201]);
				assert.deepEqual(neo.companies[second.psaCompanyId], [422]);

				const run = await retry(id, loadWorkflow);
				assert.equal(run.status, 'success', `retry failed: ${JSON.stringify(run.error)}`);
				assert.equal(run.runs('Ask Neo'), 1, "Send's saved run is reused, not run again");
				const companies = run.out('Register end company');
				assert.equal(companies[0].psa_company_id, first.psaCompanyId);
				assert.equal(
					companies[0].alreadyExisted,
					true,
					'the first: returned through the 409 reconcile',
				);
				assert.equal(companies[1].alreadyExisted, false, 'the second: created now');
				neo = await atNeo();
				assert.deepEqual(neo.messages[first.message], [202], 'each message sent once');
				assert.deepEqual(neo.messages[second.message], [202]);
				assert.deepEqual(neo.companies[first.psaCompanyId], [201, 409]);
				assert.deepEqual(neo.companies[second.psaCompanyId], [422, 201]);
				assert.deepEqual(neo.state.contractViolations, []);
				counts.push(`${ctag}: ${summary(neo, ctag)}`);
			});
		}
	});
}
