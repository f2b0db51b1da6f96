// The onboarding and chat workflows in REAL n8n against a sandbox serving every assumption's
// other reading at once (`--readings other`, test/sandbox/readings.ts): another 409 code, no
// `details`, ids as strings, extra stream parts, `[DONE]`, … Asserts what must hold under any
// reading of Neo's docs: the first run succeeds; a re-run returns the existing end company and
// channel when the 409 names the channel (whatever its code), and fails saying so when it does
// not; a message starts one turn and gets its reply.
//   npm run build && node --test test/e2e/otherReadings.test.mjs   (n8n 2, or the first installed)
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
import { askWorkflow } from './chatWorkflows.mjs';
import { e2eCredentials, loadExample } from './workflows.mjs';

const majors = installedMajors();
const major = majors.includes('2') ? '2' : majors[0];
const QUESTION = 'Is ticket T-4711 for j.doe still open?';

let sandbox;
let packed;
before(async () => {
	assert.ok(
		existsSync(join(PACKAGE_DIR, 'dist', 'nodes', 'Neo', 'Neo.node.js')),
		'run npm run build',
	);
	sandbox = await startSandboxProcess({ readings: 'other' });
	packed = packPackage(PACKAGE_DIR);
});
after(async () => {
	await sandbox?.stop();
});

describe(`n8n ${major}.x against the sandbox's other readings`, () => {
	let n8n;
	let onboarding;
	let ask;
	before(async () => {
		assert.ok(major, 'no real n8n installed: run scripts/real-n8n/install.sh 2');
		n8n = await createN8n({ major, pack: packed });
		await n8n.importCredentials(e2eCredentials(sandbox));
		[onboarding, ask] = await n8n.importWorkflows([
			loadExample('onboarding'),
			askWorkflow(sandbox.seed.sessions.tenant, QUESTION),
		]);
	});
	after(async () => await n8n?.dispose());

	test('onboarding runs; a re-run returns the existing end company and channel, or says the 409 named no channel', async () => {
		await sandbox.reset();
		const first = await n8n.execute(onboarding.id, onboarding);
		assert.ok(first.ok, `first run failed: ${JSON.stringify(first.error)}`);
		const channel = first.nodes['Create Teams channel'].main[0];
		assert.equal(first.nodes['Register end company'].main[0].alreadyExisted, false);
		assert.equal(channel.alreadyExisted, false);
		assert.equal(
			String(channel.agent_id),
			'101',
			'the agent, whether Neo sends its id as a number or a string',
		);
		assert.equal(first.nodes['Onboarding summary'].main[0].tokenMinted, true);

		// Every reading on: the end company is read back by the PSA company ID that was sent, but a
		// channel 409 without details names no channel, and Neo documents no channel list to find
		// it by: the item fails and says which assumption did not hold.
		const second = await n8n.execute(onboarding.id, onboarding);
		assert.equal(second.ok, false, 'the channel cannot be found without the 409 naming it');
		assert.equal(second.nodes['Register end company'].main[0].alreadyExisted, true);
		assert.equal(second.nodes['Register end company'].main[0].psa_company_id, '19544');
		const channelError = JSON.stringify(
			second.nodes['Create Teams channel']?.nodeError ?? second.error,
		);
		assert.match(channelError, /409/);
		assert.match(channelError, /does not name the existing channel/);

		// Only the code differs (CHANNEL_NAME_TAKEN, END_COMPANY_EXISTS): the re-run returns both.
		await sandbox.configure({ readings: { conflictNoDetails: false } });
		try {
			const third = await n8n.execute(onboarding.id, onboarding);
			assert.ok(
				third.ok,
				`re-run failed: ${JSON.stringify(third.error)} ${JSON.stringify(third.nodes['Register end company']?.nodeError ?? third.nodes['Create Teams channel']?.nodeError)}`,
			);
			assert.equal(third.nodes['Register end company'].main[0].alreadyExisted, true);
			assert.equal(third.nodes['Create Teams channel'].main[0].alreadyExisted, true);
			assert.equal(third.nodes['Create Teams channel'].main[0].id, channel.id);
		} finally {
			await sandbox.configure({ readings: { conflictNoDetails: true } });
		}
		const state = await sandbox.state();
		const readings = Object.entries(state.config.readings);
		assert.ok(readings.length > 0, 'the sandbox knows other readings');
		assert.deepEqual(
			readings.filter(([, on]) => !on).map(([name]) => name),
			[],
			'every other reading is on (a reset keeps the profile)',
		);
		assert.equal(state.created.endCompanies, 1);
		assert.equal(state.created.channels, 1);
		assert.deepEqual(state.contractViolations, []);
	});

	test("a message through the node starts one turn and gets the Neo agent's reply", async () => {
		await sandbox.reset();
		const run = await n8n.execute(ask.id, ask);
		assert.ok(run.ok, `run failed: ${JSON.stringify(run.error)}`);
		const [item] = run.nodes['Ask Neo'].main;
		assert.equal(item.already_sent, false);
		assert.match(item.reply ?? '', /Ticket T-4711 matches/);
		const { turns } = await sandbox.call('GET', '/__sandbox/chat');
		assert.equal(turns.length, 1, 'one turn');
		assert.deepEqual((await sandbox.state()).contractViolations, []);
	});
});
