// The Neo Trigger active in a real n8n 2.x (`n8n start`, and queue mode: PostgreSQL, two workers): every
// approval request created after activation is approved by exactly one execution, across equal
// timestamps and a restart of n8n in the middle; none created before activation is. Slow by
// nature: n8n polls at most once a minute (about 5 minutes per run).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { n8nInstall, packPackage } from '../../scripts/lib/realN8n.mjs';
import { postgresBinDir, redisServerPath } from '../../scripts/lib/services.mjs';
import { runTriggerE2e } from './triggerE2e.mjs';

const majors = (process.env.REAL_N8N_MAJORS ?? '2,1').split(',');
const wanted = majors.includes('2') && process.env.REAL_N8N_SKIP_TRIGGER !== '1';

// One tarball for both runs, packed at the start: CI runs this suite beside others that rebuild
// dist/ later, and a pack taken during a rebuild would miss files.
let packed;
before(() => {
	if (!wanted) return;
	packed = packPackage();
	// .ci/run waits for this line before it starts the suites that rebuild dist/
	console.log(`trigger e2e: packed ${packed.tarball}`);
});

function check(report) {
	const { mainOutput, workerOutput, executions, ...shown } = report;
	const explain = () =>
		`\n--- report\n${JSON.stringify({ ...shown, executions }, null, 2).slice(0, 4000)}\n--- n8n\n${(mainOutput ?? '').slice(-3000)}`;
	console.log(JSON.stringify({ ...shown, executions: executions.length }, null, 2));
	assert.equal(report.created, 13, explain());
	assert.equal(report.delivered, report.created, explain());
	assert.deepEqual(report.dropped, [], explain());
	assert.equal(report.duplicates, 0, explain());
	assert.deepEqual(report.historyDelivered, [], explain());
	assert.deepEqual(report.unexpected, [], explain());
	assert.deepEqual(report.non200, [], explain());
	assert.equal(report.decisionPosts, report.created, explain());
	assert.equal(report.sandboxState.decisions.api, report.created, explain());
	// Every execution the trigger started succeeded, and each approval names one of them.
	const triggered = executions.filter((e) => e.mode === 'trigger');
	assert.ok(triggered.length >= 4, explain());
	assert.ok(
		triggered.every((e) => e.status === 'success'),
		explain(),
	);
	const ids = new Set(triggered.map((e) => String(e.id)));
	assert.ok(
		report.executionIdsFromNotes.every((id) => ids.has(id)),
		explain(),
	);
	assert.deepEqual(report.sandboxState.contractViolations, [], explain());
	for (const [name, exit] of Object.entries(report.exits)) assert.ok(exit, `${name} still running`);
}

test(
	'Neo Trigger in n8n 2.x (n8n start): each request once, restart in the middle',
	{ skip: !wanted && 'REAL_N8N_MAJORS excludes 2 or REAL_N8N_SKIP_TRIGGER=1', timeout: 1_800_000 },
	async () => {
		assert.ok(n8nInstall('2'), 'n8n 2 is not installed: run scripts/real-n8n/install.sh 2');
		check(await runTriggerE2e({ major: '2', pack: packed, log: (l) => console.log('  ' + l) }));
	},
);

test(
	'Neo Trigger in n8n 2.x queue mode (PostgreSQL, main + two workers): each request once, main restarted',
	{
		skip:
			(!wanted || process.env.REAL_N8N_SKIP_QUEUE === '1') &&
			'REAL_N8N_MAJORS excludes 2, or REAL_N8N_SKIP_QUEUE=1 / REAL_N8N_SKIP_TRIGGER=1',
		timeout: 1_800_000,
	},
	async () => {
		assert.ok(redisServerPath(), 'redis-server is missing: run scripts/real-n8n/install-redis.sh');
		assert.ok(postgresBinDir(), 'PostgreSQL is missing: run scripts/real-n8n/install-postgres.sh');
		const report = await runTriggerE2e({
			major: '2',
			queue: true,
			pack: packed,
			log: (l) => console.log('  ' + l),
		});
		check(report);
		// The worker ran them: its log names every execution id the approvals name.
		for (const id of report.executionIdsFromNotes) {
			assert.ok(report.mainLog.some((l) => l.includes(`Enqueued execution ${id} `)));
			assert.ok(report.workerLog.some((l) => l.includes(`Worker finished execution ${id} `)));
		}
		assert.ok(!report.mainLog.some((l) => /Worker started execution/.test(l)));
	},
);
