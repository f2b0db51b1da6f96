// End-to-end: the packed n8n-nodes-neo inside REAL n8n (2.x on Node 24, 1.x on Node 20),
// installed as a community package, calling the Neo sandbox. Run with the system Node:
//   scripts/real-n8n/install.sh 2 && scripts/real-n8n/install.sh 1 && npm run build
//   node --test test/e2e/
// REAL_N8N_MAJORS=2 (or 1) narrows the majors; REAL_N8N_INSTALL_MODE=custom loads the package
// through N8N_CUSTOM_EXTENSIONS instead; REAL_N8N_KEEP=1 keeps the throwaway user folders.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createN8n, installedMajors, packPackage, PACKAGE_DIR, REPO_ROOT } from '../../scripts/lib/realN8n.mjs';
import { startSandboxProcess } from '../../scripts/lib/sandboxProcess.mjs';
import {
	e2eCredentials,
	failuresWorkflow,
	FAILURE_NODES,
	hardFailWorkflow,
	HARD_FAIL_NODE,
	lifecycleWorkflow,
	loadExample,
	loadFixture,
} from './workflows.mjs';

const wanted = (process.env.REAL_N8N_MAJORS ?? '2,1')
	.split(',')
	.map((s) => s.trim())
	.filter(Boolean);
const majors = installedMajors();
const timings = [];
const failuresRun = new Map(); // major -> the failure-matrix run, shared by two tests
const timed = async (label, fn) => {
	const t0 = performance.now();
	try {
		return await fn();
	} finally {
		timings.push({ label, seconds: Math.round((performance.now() - t0) / 100) / 10 });
	}
};

test('the real n8n installs and the built package are present', () => {
	for (const m of wanted) {
		assert.ok(
			majors.includes(m),
			`n8n ${m} is not installed: run scripts/real-n8n/install.sh ${m}`,
		);
	}
	assert.ok(
		existsSync(join(PACKAGE_DIR, 'dist', 'nodes', 'Neo', 'Neo.node.js')),
		'dist/ is missing: run npm run build',
	);
});

let sandbox;
let packed;
before(async () => {
	if (!existsSync(join(PACKAGE_DIR, 'dist', 'nodes', 'Neo', 'Neo.node.js'))) return;
	sandbox = await timed('start the Neo sandbox', () => startSandboxProcess());
	packed = await timed('npm pack', () => packPackage(PACKAGE_DIR));
});
after(async () => {
	await sandbox?.stop();
	const dir = join(REPO_ROOT, 'test-results');
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'e2e-timings.json'), JSON.stringify(timings, null, 2));
	console.log(
		'\nreal n8n e2e timings (s):\n' +
			timings.map((t) => `  ${String(t.seconds).padStart(6)}  ${t.label}`).join('\n'),
	);
});

/** Sandbox requests by request id, to check that error items quote ids Neo really sent. */
async function requestsById() {
	return new Map((await sandbox.requests()).map((r) => [r.requestId, r]));
}

// Failed items are `{ error: { message, code, httpStatus, requestId, … } }`: `error` as the only
// key is the shape both n8n majors route to the error output (1.x accepts no `details` beside it).
function assertNeoError(item, { status, code }, seen, where) {
	const error = item.error;
	assert.equal(
		typeof error?.message,
		'string',
		`${where}: error message in ${JSON.stringify(item)}`,
	);
	assert.equal(error.httpStatus, status, `${where}: httpStatus`);
	assert.equal(error.code, code, `${where}: Neo's error code`);
	assert.match(error.requestId ?? '', /^[0-9a-f-]{36}$/, `${where}: request id`);
	const rec = seen.get(error.requestId);
	assert.ok(rec, `${where}: request id ${error.requestId} is one the sandbox issued`);
	assert.equal(rec.status, status, `${where}: the sandbox answered that request with ${status}`);
}

for (const major of majors) {
	describe(`n8n ${major}.x (real CLI)`, () => {
		let n8n;
		let onboarding;
		let onboardingV1;
		let lifecycle;
		let provisioning;
		let failures;
		let hardFail;

		before(async () => {
			assert.ok(sandbox, 'sandbox not started (is dist/ built?)');
			n8n = await timed(`n8n ${major}: throwaway user folder + install the packed package`, () =>
				createN8n({ major, pack: packed, log: (l) => console.log('  ' + l) }),
			);
			await timed(`n8n ${n8n.version}: import:credentials (2)`, () =>
				n8n.importCredentials(e2eCredentials(sandbox)),
			);
			[onboarding, onboardingV1, lifecycle, provisioning, failures, hardFail] = await timed(
				`n8n ${n8n.version}: import:workflow --separate (6)`,
				() =>
					n8n.importWorkflows([
						loadExample('onboarding'),
						loadFixture('onboarding.v1'),
						lifecycleWorkflow(),
						loadExample('scheduled-provisioning'),
						failuresWorkflow(),
						hardFailWorkflow(),
					]),
			);
		});
		after(async () => {
			await n8n?.dispose();
		});

		test('onboarding (version 2): end company -> channel -> chat session -> token -> summary, twice', async () => {
			await sandbox.reset();
			const runOnce = () =>
				timed(`n8n ${n8n.version}: execute onboarding`, () =>
					n8n.execute(onboarding.id, onboarding),
				);
			const first = await runOnce();
			assert.ok(first.ok, `run failed: ${JSON.stringify(first.error)}`);
			const endCompany = first.nodes['Register end company'].main;
			const channel = first.nodes['Create Teams channel'].main;
			const session = first.nodes['Create chat session'].main;
			const token = first.nodes['Mint session token'].main;
			const summary = first.nodes['Onboarding summary'].main;
			assert.equal(endCompany.length, 1);
			assert.equal(endCompany[0].psa_company_id, '19544');
			assert.equal(endCompany[0].alreadyExisted, false);
			assert.equal(channel.length, 1);
			assert.match(channel[0].id, /\S+/);
			assert.equal(channel[0].internal_name, 'contoso-dental-teams');
			assert.equal(channel[0].agent_id, 101, 'the agent picked from the list');
			assert.equal(channel[0].alreadyExisted, false);
			assert.equal(session[0].agent_id, 101);
			assert.equal(token[0].session_id, session[0].id);
			assert.match(token[0].token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT');
			assert.ok(Date.parse(token[0].expires_at) > Date.now(), 'expires in the future');
			assert.equal(summary[0].client, 'Contoso Dental');
			assert.equal(summary[0].channelId, channel[0].id);
			assert.equal(summary[0].tokenMinted, true);
			assert.match(
				summary[0].summary,
				/^Onboarded Contoso Dental \(PSA 19544\): Teams channel contoso-dental-teams/,
			);

			// The same client again: the end company and the channel come back, nothing fails on a 409.
			const second = await runOnce();
			assert.ok(second.ok, `second run failed: ${JSON.stringify(second.error)}`);
			assert.equal(second.nodes['Register end company'].main[0].alreadyExisted, true);
			assert.equal(second.nodes['Create Teams channel'].main[0].alreadyExisted, true);
			assert.equal(second.nodes['Create Teams channel'].main[0].id, channel[0].id);
			assert.equal(second.nodes['Onboarding summary'].main[0].channelAlreadyExisted, true);
			const state = await sandbox.state();
			assert.equal(state.created.endCompanies, 1);
			assert.equal(state.created.channels, 1);
			assert.equal(state.created.sessions, 2);
			assert.equal(state.created.tokens, 2);
			assert.deepEqual(state.contractViolations, []);
		});

		test('version 2 beyond onboarding: agents, channel update, end company, approvals, runs, scheduled work', async () => {
			await sandbox.reset();
			const run = await n8n.execute(lifecycle.id, lifecycle);
			assert.ok(run.ok, `run failed: ${JSON.stringify(run.error)}`);
			const agents = run.nodes['Conversational agents'].main;
			assert.equal(agents.length, 3);
			assert.ok(agents.every((a) => a.autonomy_type === 'CONVERSATIONAL'));
			assert.equal(run.nodes['Pause channel'].main[0].status, 'DISCONNECTED');
			assert.equal(run.nodes['Read channel'].main[0].status, 'DISCONNECTED');
			assert.equal(run.nodes['Read end company'].main[0].psa_company_id, '1001');
			const requests = await sandbox.requests();
			const patch = requests.find((r) => r.method === 'PATCH');
			assert.deepEqual(patch?.body, { status: 'DISCONNECTED' }, 'only the field set is sent');
			// approvals, runs and scheduled work
			const pending = run.nodes['Pending approvals'].main;
			assert.equal(pending.length, 2);
			assert.ok(pending.every((r) => r.status === 'PENDING'));
			const approved = run.nodes['Approve them'].main;
			assert.deepEqual(
				approved.map((r) => [r.id, r.status]),
				pending.map((r) => [r.id, 'APPROVED']),
			);
			assert.equal(run.nodes['Recent runs'].main.length, 3);
			assert.ok(run.nodes['Steps of a run'].main.length > 0, 'steps of the newest run');
			assert.equal(run.nodes['Schedule work'].main[0].workflow_id, 301);
			const scheduled = run.nodes['Scheduled work, page by page'].main;
			assert.ok(scheduled.some((w) => w.ticket_id === 'T-4711'), 'the new work is listed');
			const state = await sandbox.state();
			assert.equal(state.decisions.api, 2, 'each pending request decided once');
			assert.equal(state.created.scheduledWork, 1);
			assert.deepEqual(state.contractViolations, []);
		});

		test('a workflow saved with node version 1 runs unchanged', async () => {
			await sandbox.reset();
			const run = await n8n.execute(onboardingV1.id, onboardingV1);
			assert.ok(run.ok, `run failed: ${JSON.stringify(run.error)}`);
			const channel = run.nodes['Create Teams channel'].main;
			assert.equal(channel[0].agent_id, 101, 'Agent ID typed as a number in version 1');
			assert.equal(run.nodes['Onboarding summary'].main[0].tokenMinted, true);
			const state = await sandbox.state();
			assert.equal(state.created.channels, 1);
			assert.equal(state.created.tokens, 1);
		});

		test('scheduled provisioning: 3 channels created, the reserved SLACK client reported (422)', async () => {
			await sandbox.reset();
			const run = await timed(`n8n ${n8n.version}: execute scheduled provisioning`, () =>
				n8n.execute(provisioning.id, provisioning),
			);
			assert.ok(run.ok, `run failed: ${JSON.stringify(run.error)}`);
			const create = run.nodes['Create channel per client'];
			const all = [...create.main, ...create.error];
			const created = all.filter((j) => j.id);
			const failed = all.filter((j) => j.error);
			assert.deepEqual(created.map((c) => c.internal_name).sort(), [
				'adventure-works-teams',
				'fabrikam-legal-teams',
				'northwind-clinic-teams',
			]);
			assert.equal(failed.length, 1);
			assertNeoError(
				failed[0],
				{ status: 422, code: 'validation_error' },
				await requestsById(),
				'SLACK client',
			);
			assert.equal(failed[0].error.itemIndex, 2);
			const state = await sandbox.state();
			assert.equal(state.counts['/public-api/channels'], 4, 'one request per end-client');
			assert.equal(state.created.channels, 3);
		});

		test('scheduled provisioning: failures reach the error output and the failure report', async () => {
			const run = await n8n.execute(provisioning.id, provisioning).catch((e) => assert.fail(e));
			// second run: the three TEAMS channels now exist (409 conflict), SLACK is still 422
			const create = run.nodes['Create channel per client'];
			assert.equal(create.main.length, 0, 'nothing created on the success output');
			assert.equal(create.error.length, 4, 'all four failures on the error output');
			const report = run.nodes['Failure report']?.main?.[0];
			assert.ok(report, 'failure report item');
			assert.equal(report.report, 'failed');
			assert.equal(report.count, 4);
			assert.deepEqual(
				report.failures.map((f) => [f.client, f.httpStatus, f.code]),
				[
					['Adventure Works', 409, 'conflict'],
					['Fabrikam Legal', 409, 'conflict'],
					['Globex Logistics', 422, 'validation_error'],
					['Northwind Clinic', 409, 'conflict'],
				],
			);
			const seen = await requestsById();
			for (const f of report.failures)
				assert.equal(seen.get(f.requestId)?.status, f.httpStatus, `request id of ${f.client}`);
			assert.equal(
				run.nodes['Provisioned report'],
				undefined,
				'no success report when nothing was created',
			);
		});

		test('422 and 401 through continueOnFail: error items carry Neo code and request id', async () => {
			await sandbox.reset();
			const run = await timed(`n8n ${n8n.version}: execute failure matrix`, () =>
				n8n.execute(failures.id, failures),
			);
			assert.ok(run.ok, `run failed: ${JSON.stringify(run.error)}`);
			failuresRun.set(major, run);
			const seen = await requestsById();
			const cof422 = run.nodes[FAILURE_NODES.cof422];
			assert.equal(cof422.main.length, 2, 'continueOnFail keeps one item per input item');
			assert.equal(cof422.main[0].internal_name, 'e2e-valid-cof');
			assertNeoError(
				cof422.main[1],
				{ status: 422, code: 'validation_error' },
				seen,
				'422 continueOnFail',
			);
			assert.deepEqual(cof422.pairedItems[0], [{ item: 0 }, { item: 1 }]);
			const cof401 = run.nodes[FAILURE_NODES.cof401];
			assert.equal(cof401.main.length, 2);
			for (const [i, item] of cof401.main.entries()) {
				assertNeoError(
					item,
					{ status: 401, code: 'unauthenticated' },
					seen,
					`401 continueOnFail item ${i}`,
				);
			}
			const state = await sandbox.state();
			assert.equal(
				state.counts['/public-api/channels'],
				8,
				'2 items x 4 nodes, no retries of 401/422',
			);
			assert.equal(state.created.channels, 2, 'only the two valid TEAMS items created a channel');
			assert.deepEqual(state.contractViolations, []);
		});

		test('422 and 401 through the error output: error items carry Neo code and request id', async () => {
			const run = failuresRun.get(major);
			assert.ok(run, 'failure matrix ran');
			const seen = await requestsById();
			const eo422 = run.nodes[FAILURE_NODES.eo422];
			const eo401 = run.nodes[FAILURE_NODES.eo401];
			const items422 = [...eo422.main, ...eo422.error];
			const items401 = [...eo401.main, ...eo401.error];
			assert.equal(items422.length, 2);
			assert.equal(items422.filter((j) => j.internal_name === 'e2e-valid-eo').length, 1);
			assertNeoError(
				items422.find((j) => j.error),
				{ status: 422, code: 'validation_error' },
				seen,
				'422 error output',
			);
			assert.equal(items401.length, 2);
			for (const item of items401)
				assertNeoError(item, { status: 401, code: 'unauthenticated' }, seen, '401 error output');
		});

		test('422 and 401 are routed to the error output (not the success output)', () => {
			const run = failuresRun.get(major);
			assert.ok(run, 'failure matrix ran');
			const eo422 = run.nodes[FAILURE_NODES.eo422];
			const eo401 = run.nodes[FAILURE_NODES.eo401];
			assert.deepEqual(
				eo422.main.map((j) => j.internal_name),
				['e2e-valid-eo'],
			);
			assert.equal(eo422.error.length, 1);
			assert.equal(eo422.error[0].error?.code, 'validation_error');
			assert.deepEqual(eo422.pairedItems[1], [{ item: 1 }]);
			assert.equal(eo401.main.length, 0);
			assert.equal(eo401.error.length, 2);
		});

		test("401 without error handling: the execution fails with Neo's error on the node", async () => {
			await sandbox.reset();
			const run = await timed(`n8n ${n8n.version}: execute 401 without error handling`, () =>
				n8n.execute(hardFail.id, hardFail),
			);
			assert.equal(run.ok, false, 'the execution failed');
			assert.notEqual(run.cli.code, 0, 'n8n execute does not exit 0');
			assert.equal(run.lastNodeExecuted, HARD_FAIL_NODE);
			assert.equal(run.error?.name, 'NodeApiError');
			assert.equal(String(run.error?.httpCode), '401');
			assert.match(run.error?.message ?? '', /401/);
			const node = run.nodes[HARD_FAIL_NODE];
			assert.equal(node.executionStatus, 'error');
			assert.equal(node.main.length, 0);
			const recs = await sandbox.requests();
			assert.deepEqual(
				recs.map((r) => r.status),
				[401, 401],
				'both items were sent (the node runs up to 5 requests at once), neither retried',
			);
			const text = `${node.nodeError?.message}\n${node.nodeError?.description}`;
			assert.ok(
				recs.some((r) => text.includes(r.requestId)),
				`the error names one of Neo's request ids: ${JSON.stringify(node.nodeError)}`,
			);
		});
	});
}
