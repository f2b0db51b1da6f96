// Queue mode (n8n 2.x) the way users run it: PostgreSQL + Redis + n8n main + two n8n workers on
// loopback, started and stopped here. Four onboarding webhook calls at once (the same end-client:
// the concurrent creates meet "already exists" and return the existing one): the main enqueues,
// both workers run executions, nothing is created twice.
// Needs Debian's redis-server and PostgreSQL (scripts/real-n8n/install-redis.sh,
// install-postgres.sh) and scripts/real-n8n/install.sh 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { n8nInstall, PACKAGE_DIR } from '../../scripts/lib/realN8n.mjs';
import { postgresBinDir, redisServerPath } from '../../scripts/lib/services.mjs';
import { runQueueMode } from './queueMode.mjs';

const wanted =
	(process.env.REAL_N8N_MAJORS ?? '2,1').split(',').includes('2') &&
	process.env.REAL_N8N_SKIP_QUEUE !== '1';
const CALLS = 4;

test(
	'queue mode on PostgreSQL: onboarding runs on both n8n workers, nothing created twice',
	{ skip: !wanted && 'REAL_N8N_MAJORS excludes 2 or REAL_N8N_SKIP_QUEUE=1' },
	async () => {
		assert.ok(n8nInstall('2'), 'n8n 2 is not installed: run scripts/real-n8n/install.sh 2');
		assert.ok(redisServerPath(), 'redis-server is missing: run scripts/real-n8n/install-redis.sh');
		assert.ok(postgresBinDir(), 'PostgreSQL is missing: run scripts/real-n8n/install-postgres.sh');
		assert.ok(
			existsSync(join(PACKAGE_DIR, 'dist', 'nodes', 'Neo', 'Neo.node.js')),
			'dist/ is missing: run npm run build',
		);
		const report = await runQueueMode({
			major: '2',
			calls: CALLS,
			log: (l) => console.log('  ' + l),
		});
		const { outputs, ...shown } = report;
		console.log(JSON.stringify(shown, null, 2));
		const explain = () =>
			Object.entries(outputs ?? {})
				.map(([label, text]) => `\n--- ${label}\n${text.slice(-2000)}`)
				.join('') + `\n--- report\n${JSON.stringify(shown, null, 2).slice(0, 3000)}`;

		assert.equal(report.calls.length, CALLS);
		for (const call of report.calls) {
			assert.equal(call.status, 200, `webhook answered ${call.status}${explain()}`);
			assert.equal(call.body.client, 'Contoso Dental');
			assert.match(call.body.channelId ?? '', /\S/);
			assert.match(call.body.chatSessionId ?? '', /\S/);
			assert.equal(call.body.tokenMinted, true);
		}
		// one channel for the one end-client, however the four runs interleaved
		assert.equal(new Set(report.calls.map((c) => c.body.channelId)).size, 1, explain());
		assert.equal(new Set(report.calls.map((c) => c.body.chatSessionId)).size, CALLS);

		assert.equal(report.executions.length, CALLS, explain());
		for (const execution of report.executions) {
			assert.equal(execution.status, 'success', explain());
			assert.equal(execution.mode, 'webhook');
			// the main enqueued it, a worker ran and finished it
			assert.ok(
				report.mainLog.some((l) => l.includes(`Enqueued execution ${execution.id} `)),
				`main did not enqueue ${execution.id}${explain()}`,
			);
			assert.ok(execution.worker, `no worker started ${execution.id}${explain()}`);
			assert.ok(
				report.workerLogs[execution.worker].some((l) =>
					l.includes(`Worker finished execution ${execution.id} `),
				),
				`${execution.worker} did not finish ${execution.id}${explain()}`,
			);
		}
		// concurrency 1 each and four calls at once: both workers ran some
		assert.deepEqual(
			[...new Set(report.executions.map((e) => e.worker))].sort(),
			['n8n worker 1', 'n8n worker 2'],
			explain(),
		);
		assert.equal(report.mainRanAny, false);
		assert.equal(report.sqliteWarning, false, `an n8n process mentions SQLite${explain()}`);

		// one end company and one channel; a chat session and a token per run
		assert.deepEqual(report.sandboxState.created, {
			channels: 1,
			sessions: CALLS,
			tokens: CALLS,
			endCompanies: 1,
			tilRequests: 0,
			executions: 0,
			scheduledWork: 0,
			decisions: 0,
			agents: 0,
			runs: 0,
		});
		assert.deepEqual(report.sandboxState.contractViolations, []);
		// everything started was stopped
		for (const [name, exit] of Object.entries(report.exits))
			assert.ok(exit, `${name} still running`);
	},
);
