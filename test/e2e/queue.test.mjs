// Queue mode (n8n 2.x): Redis + n8n main + one n8n worker on loopback, started and stopped here.
// The webhook-triggered onboarding workflow is called on the main and must run on the worker.
// Needs Debian's redis-server (scripts/real-n8n/install-redis.sh) and scripts/real-n8n/install.sh 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { n8nInstall, PACKAGE_DIR } from '../../scripts/lib/realN8n.mjs';
import { redisServerPath, runQueueMode } from './queueMode.mjs';

const wanted =
	(process.env.REAL_N8N_MAJORS ?? '2,1').split(',').includes('2') &&
	process.env.REAL_N8N_SKIP_QUEUE !== '1';

test(
	'queue mode: onboarding runs on the n8n worker (Redis + main + worker)',
	{ skip: !wanted && 'REAL_N8N_MAJORS excludes 2 or REAL_N8N_SKIP_QUEUE=1' },
	async () => {
		assert.ok(n8nInstall('2'), 'n8n 2 is not installed: run scripts/real-n8n/install.sh 2');
		assert.ok(redisServerPath(), 'redis-server is missing: run scripts/real-n8n/install-redis.sh');
		assert.ok(
			existsSync(join(PACKAGE_DIR, 'dist', 'nodes', 'Neo', 'Neo.node.js')),
			'dist/ is missing: run npm run build',
		);
		const report = await runQueueMode({ major: '2', log: (l) => console.log('  ' + l) });
		const { mainOutput, workerOutput, ...shown } = report;
		console.log(
			JSON.stringify(
				{
					timings: report.timings,
					calls: report.calls,
					executions: report.executions,
					workerLog: report.workerLog,
					mainLog: report.mainLog,
				},
				null,
				2,
			),
		);
		const explain = () =>
			`\n--- main\n${(mainOutput ?? '').slice(-2500)}\n--- worker\n${(workerOutput ?? '').slice(-2500)}\n--- report\n${JSON.stringify(shown, null, 2).slice(0, 3000)}`;

		assert.equal(report.calls.length, 1, explain());
		const [call] = report.calls;
		assert.equal(call.status, 200, `webhook answered ${call.status}${explain()}`);
		assert.equal(call.body.client, 'Contoso Dental');
		assert.match(call.body.channelId ?? '', /\S/);
		assert.match(call.body.chatSessionId ?? '', /\S/);
		assert.equal(call.body.tokenMinted, true);

		assert.equal(report.executions.length, 1, explain());
		const [execution] = report.executions;
		assert.equal(execution.status, 'success');
		assert.equal(execution.mode, 'webhook');
		// the main enqueued it, the worker ran it, the main did not run it itself
		assert.ok(
			report.mainLog.some((l) => l.includes(`Enqueued execution ${execution.id} `)),
			`main did not enqueue${explain()}`,
		);
		assert.ok(
			report.workerLog.some((l) => l.includes(`Worker started execution ${execution.id} `)),
			`worker did not start it${explain()}`,
		);
		assert.ok(
			report.workerLog.some((l) => l.includes(`Worker finished execution ${execution.id} `)),
			`worker did not finish it${explain()}`,
		);
		assert.equal(report.workerProcessedOnMain, false);

		assert.deepEqual(report.sandboxState.counts, {
			'/public-api/end-companies': 1,
			'/public-api/channels': 1,
			'/public-api/chat/sessions': 1,
			'/public-api/sessions': 1,
		});
		assert.deepEqual(report.sandboxState.contractViolations, []);
		// everything started was stopped
		for (const [name, exit] of Object.entries(report.exits))
			assert.ok(exit, `${name} still running`);
	},
);
