// The package loaded both ways n8n loads nodes, in REAL n8n: from the custom extensions folder
// (N8N_CUSTOM_EXTENSIONS pointing at the unpacked package's dist/, as a Docker mount or a
// private build does: n8n's CustomDirectoryLoader loads every **/*.node.js there as a node) and
// installed as a community package in <user folder>/.n8n/nodes (n8n's PackageDirectoryLoader,
// which loads only what package.json's `n8n` section lists). Under both, a workflow saved with
// node version 1 and one with version 2 run unchanged.
//   npm run build && node --test test/e2e/loaders.test.mjs      (REAL_N8N_MAJORS=2 narrows)
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
import { e2eCredentials, loadExample, loadFixture } from './workflows.mjs';

const wanted = (process.env.REAL_N8N_MAJORS ?? '2,1')
	.split(',')
	.map((s) => s.trim())
	.filter(Boolean);
const majors = installedMajors().filter((m) => wanted.includes(m));
const built = existsSync(join(PACKAGE_DIR, 'dist', 'nodes', 'Neo', 'Neo.node.js'));

test('the real n8n installs and the built package are present', () => {
	for (const m of wanted)
		assert.ok(
			majors.includes(m),
			`n8n ${m} is not installed: run scripts/real-n8n/install.sh ${m}`,
		);
	assert.ok(built, 'dist/ is missing: run npm run build');
});

let sandbox;
let packed;
before(async () => {
	if (!built) return;
	sandbox = await startSandboxProcess();
	packed = packPackage(PACKAGE_DIR);
});
after(async () => {
	await sandbox?.stop();
});

const LOADERS = {
	custom: 'the custom extensions folder (N8N_CUSTOM_EXTENSIONS)',
	community: 'a community package in .n8n/nodes',
};

for (const major of majors) {
	for (const [mode, where] of Object.entries(LOADERS)) {
		describe(`n8n ${major}.x, loaded from ${where}`, () => {
			let n8n;
			let v1;
			let v2;
			before(async () => {
				assert.ok(sandbox, 'sandbox not started (is dist/ built?)');
				n8n = await createN8n({ major, pack: packed, mode });
				assert.equal(n8n.typePrefix, mode === 'custom' ? 'CUSTOM.' : 'n8n-nodes-neo.');
				await n8n.importCredentials(e2eCredentials(sandbox));
				[v1, v2] = await n8n.importWorkflows([
					loadFixture('onboarding.v1'),
					loadExample('onboarding'),
				]);
			});
			after(async () => {
				await n8n?.dispose();
			});

			test('a workflow saved with node version 1 runs: channel, chat session by agent ID, token', async () => {
				await sandbox.reset();
				assert.ok(v1.nodes.some((n) => n.type === `${n8n.typePrefix}neo` && n.typeVersion === 1));
				const run = await n8n.execute(v1.id, v1);
				assert.ok(
					run.ok,
					`version-1 run failed: ${JSON.stringify(run.error)} ${JSON.stringify(run.nodes['Create chat session']?.nodeError)}`,
				);
				assert.equal(run.nodes['Create Teams channel'].main[0].agent_id, 101);
				assert.equal(
					run.nodes['Create chat session'].main[0].agent_id,
					101,
					'Agent ID typed as a number',
				);
				assert.equal(run.nodes['Onboarding summary'].main[0].tokenMinted, true);
				const state = await sandbox.state();
				assert.equal(state.created.channels, 1);
				assert.equal(state.created.sessions, 1);
				assert.equal(state.created.tokens, 1);
				assert.deepEqual(state.contractViolations, []);
			});

			test('a workflow saved with node version 2 runs: end company, channel, session by agent from the list, token', async () => {
				await sandbox.reset();
				const run = await n8n.execute(v2.id, v2);
				assert.ok(run.ok, `version-2 run failed: ${JSON.stringify(run.error)}`);
				assert.equal(run.nodes['Register end company'].main[0].psa_company_id, '19544');
				assert.equal(run.nodes['Create Teams channel'].main[0].agent_id, 101);
				assert.equal(run.nodes['Create chat session'].main[0].agent_id, 101);
				assert.equal(run.nodes['Onboarding summary'].main[0].tokenMinted, true);
				const state = await sandbox.state();
				assert.equal(state.created.endCompanies, 1);
				assert.equal(state.created.channels, 1);
				assert.equal(state.created.tokens, 1);
				assert.deepEqual(state.contractViolations, []);
			});
		});
	}
}
