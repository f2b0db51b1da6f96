// Queue mode the way users run it (n8n supports it only on PostgreSQL): PostgreSQL + Redis + an
// n8n main + two n8n workers (concurrency 1 each), all on loopback, started here and stopped at the
// end (scripts/lib/services.mjs, scripts/lib/queueCluster.mjs). The onboarding workflow (webhook-
// triggered copy) is published on the main and called several times at once: the main enqueues,
// the workers run, and both workers get work.
//
//   node test/e2e/queueMode.mjs            # standalone run, prints a JSON report
//   (also driven by test/e2e/queue.test.mjs)
import { basename } from 'node:path';
import { createN8n, packPackage, PACKAGE_DIR } from '../../scripts/lib/realN8n.mjs';
import { postWebhook, startQueueCluster } from '../../scripts/lib/queueCluster.mjs';
import { startSandboxProcess } from '../../scripts/lib/sandboxProcess.mjs';
import { EXECUTIONS_SQL, startPostgres, startRedis } from '../../scripts/lib/services.mjs';
import { e2eCredentials, webhookOnboardingWorkflow } from './workflows.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (ms) => Math.round(ms / 100) / 10;

/**
 * Run the whole queue-mode scenario: `calls` onboarding webhook calls sent at once. Returns a
 * report; throws only on setup failure. Everything started here is stopped before it returns.
 */
export async function runQueueMode({ major = '2', pack, log = () => {}, calls = 4 } = {}) {
	const report = { major, timings: {}, calls: [] };
	const t = (k, t0) => (report.timings[k] = secs(performance.now() - t0));
	const sandbox = await startSandboxProcess();
	let postgres, redis, n8n, cluster;
	try {
		let t0 = performance.now();
		postgres = await startPostgres({ log });
		report.postgres = postgres.version;
		t('start postgres', t0);

		t0 = performance.now();
		n8n = await createN8n({
			major,
			pack: pack ?? packPackage(PACKAGE_DIR),
			log,
			extraEnv: postgres.n8nEnv,
		});
		report.version = n8n.version;
		await n8n.importCredentials(e2eCredentials(sandbox));
		const wf = webhookOnboardingWorkflow();
		await n8n.importWorkflows([wf]);
		const act =
			major === '2'
				? await n8n.run(['publish:workflow', `--id=${wf.id}`])
				: await n8n.run(['update:workflow', `--id=${wf.id}`, '--active=true']);
		if (act.code !== 0)
			throw new Error(`activating the workflow failed:\n${act.stdout}\n${act.stderr}`);
		t('prepare (install package, import, publish)', t0);

		t0 = performance.now();
		redis = await startRedis({ dir: n8n.userFolder });
		report.redis = redis.version;
		cluster = await startQueueCluster(n8n, { redis, workers: 2, concurrency: 1 });
		t('start redis + n8n main + 2 workers', t0);

		t0 = performance.now();
		const url = `${cluster.mainUrl}/webhook/neo-onboarding`;
		report.calls = await Promise.all(
			Array.from({ length: calls }, async (_, i) => {
				const { ms, ...call } = await postWebhook(url, { call: i + 1 });
				return { ...call, seconds: secs(ms) };
			}),
		);
		t('webhook calls', t0);
		// let the workers flush their "finished" log lines
		await sleep(1000);
		report.executions = postgres
			.select(EXECUTIONS_SQL)
			.map((e) => ({ ...e, worker: cluster.workerOf(e.id) }));
		report.workerLogs = Object.fromEntries(
			cluster.workers.map((w) => [
				w.label,
				w.output.split('\n').filter((l) => /Worker (started|finished) execution/.test(l)),
			]),
		);
		report.mainLog = cluster.main.proc.output
			.split('\n')
			.filter((l) => /Enqueued execution|Worker (started|finished)/.test(l));
		report.mainRanAny = /Worker started execution/.test(cluster.main.proc.output);
		report.sqliteWarning = /SQLite/i.test(
			[cluster.main.proc, ...cluster.workers].map((p) => p.output).join('\n'),
		);
		report.sandboxState = await sandbox.state();
		report.outputs = Object.fromEntries(
			[cluster.main.proc, ...cluster.workers].map((p) => [p.label, p.output]),
		);
	} finally {
		const t0 = performance.now();
		const procs = cluster ? [...cluster.workers, cluster.main.proc] : [];
		await cluster?.stop();
		await redis?.stop();
		await postgres?.stop();
		report.timings['stop all'] = secs(performance.now() - t0);
		report.exits = Object.fromEntries(
			[...procs, redis?.proc, postgres?.proc].filter(Boolean).map((p) => [p.label, p.exit]),
		);
		await sandbox.stop();
		await n8n?.dispose();
	}
	return report;
}

if (
	process.argv[1] &&
	basename(process.argv[1]) === 'queueMode.mjs' &&
	!process.env.NODE_TEST_CONTEXT
) {
	const report = await runQueueMode({ major: process.argv[2] ?? '2', log: console.error });
	const { outputs, ...shown } = report;
	console.log(JSON.stringify(shown, null, 2));
}
