// The Neo Trigger in a REAL n8n: a workflow that approves every new request (the approve-from-chat
// example without its human step: test/e2e/fixtures/trigger-auto-approve) published (active) in `n8n start`
// (or, with `queue: true`, PostgreSQL + Redis + main + two workers), the sandbox creating approval requests in
// batches with equal timestamps, n8n stopped and started again in the middle with requests created
// while it is down. Every request created after activation must be approved by exactly one
// execution; none created before (history) may be. Counts come from the sandbox's request log (one
// decision POST per request, its note naming the n8n execution) and n8n's execution table.
//
//   node test/e2e/triggerE2e.mjs [2] [queue]    # prints a JSON report
import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { createN8n, packPackage, PACKAGE_DIR } from '../../scripts/lib/realN8n.mjs';
import {
	queueEnv,
	startMain as startN8nMain,
	startWorkers,
} from '../../scripts/lib/queueCluster.mjs';
import { startSandboxProcess } from '../../scripts/lib/sandboxProcess.mjs';
import { EXECUTIONS_SQL, startPostgres, startRedis } from '../../scripts/lib/services.mjs';
import { e2eCredentials, loadFixture } from './workflows.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (ms) => Math.round(ms / 100) / 10;
const DECISION = /^\/public-api\/til-requests\/(\d+)\/decision$/;

export const TRIGGER_WORKFLOW_ID = 'NeoTriggerAuto01';

/** `pack`: a tarball packed earlier (packPackage); packed here when not given. */
export async function runTriggerE2e({ major = '2', queue = false, log = () => {}, pack } = {}) {
	const report = { major, queue, timings: {}, phases: [] };
	const t = (k, t0) => (report.timings[k] = secs(performance.now() - t0));
	const procs = [];
	const sandbox = await startSandboxProcess();
	let n8n, postgres, redis;
	try {
		let t0 = performance.now();
		// queue mode runs on PostgreSQL, as n8n supports it; the single-process run on SQLite
		if (queue) postgres = await startPostgres({ log });
		n8n = await createN8n({
			major,
			pack: pack ?? packPackage(PACKAGE_DIR),
			log,
			extraEnv: postgres?.n8nEnv,
		});
		report.version = n8n.version;
		await n8n.importCredentials(e2eCredentials(sandbox));
		await n8n.importWorkflows([loadFixture('trigger-auto-approve')]);
		const act =
			major === '2'
				? await n8n.run(['publish:workflow', `--id=${TRIGGER_WORKFLOW_ID}`])
				: await n8n.run(['update:workflow', `--id=${TRIGGER_WORKFLOW_ID}`, '--active=true']);
		if (act.code !== 0) throw new Error(`activating failed:\n${act.stdout}\n${act.stderr}`);
		t('prepare', t0);

		const create = async (count, createdAt) =>
			(
				await sandbox.call('POST', '/__sandbox/til-requests', {
					count,
					...(createdAt ? { created_at: createdAt } : {}),
				})
			).data.map((r) => r.id);
		const requests = async () => {
			const answer = await sandbox.requests();
			return Array.isArray(answer) ? answer : answer.data;
		};
		const polls = async () =>
			(await requests()).filter((r) => r.method === 'GET' && r.path === '/public-api/til-requests')
				.length;
		const decided = async () =>
			(await requests()).filter((r) => r.method === 'POST' && DECISION.test(r.path));

		// History: pending requests that exist before activation must never be delivered.
		const history = await create(3);

		let env = { N8N_LOG_LEVEL: 'info' };
		if (queue) {
			redis = await startRedis({ dir: n8n.userFolder });
			env = { ...env, ...queueEnv(redis, `neo-trigger-e2e-${process.pid}`) };
			const workers = await startWorkers(n8n, env, { count: 2, timeoutMs: 600_000 });
			procs.push(...workers);
			report.workerPids = workers.map((w) => w.child.pid);
		}

		let main;
		const startMain = async (label) => {
			const s0 = performance.now();
			const before = await polls();
			main = (await startN8nMain(n8n, env, { label: `n8n main (${label})`, timeoutMs: 600_000 }))
				.proc;
			procs.push(main);
			// Activation polls once at once: wait for it to reach the sandbox.
			await waitFor(async () => (await polls()) > before, 300_000, 'the activation poll');
			t(`start n8n (${label})`, s0);
		};
		const waitDecided = async (n, what) => {
			await waitFor(async () => (await decided()).length >= n, 300_000, what);
		};
		const waitNextPoll = async () => {
			const before = await polls();
			await waitFor(async () => (await polls()) > before, 90_000, 'one more poll');
		};

		t0 = performance.now();
		await startMain('first start');
		const made = [];
		const edgeA = new Date().toISOString();
		made.push(...(await create(4, edgeA)));
		report.phases.push({ phase: 'A: 4 with one timestamp', created: 4 });
		await waitDecided(made.length, 'phase A');
		// Late arrivals at the delivered edge's very timestamp, and new ones.
		made.push(...(await create(2, edgeA)));
		const edgeB = new Date().toISOString();
		made.push(...(await create(2, edgeB)));
		report.phases.push({ phase: 'B: 2 at the edge of A, 2 new', created: 4 });
		await waitDecided(made.length, 'phase B');

		// Restart: stop n8n, create requests while it is down (one at B's edge), start again.
		const r0 = performance.now();
		await main.stop(30_000);
		report.restartExit = main.exit;
		made.push(...(await create(1, edgeB)));
		made.push(...(await create(2)));
		report.phases.push({ phase: 'C: while n8n is down, 1 at the edge of B, 2 new', created: 3 });
		await startMain('after restart');
		await waitDecided(made.length, 'phase C (after the restart)');
		t('restart and catch-up', r0);

		made.push(...(await create(2)));
		report.phases.push({ phase: 'D: 2 new after the restart', created: 2 });
		await waitDecided(made.length, 'phase D');
		// One more full poll, so a repeat would have had its chance.
		await waitNextPoll();
		await sleep(5_000);
		t('events', t0);

		const posts = await decided();
		const perRequest = new Map();
		for (const p of posts) {
			const id = Number(DECISION.exec(p.path)[1]);
			perRequest.set(id, [...(perRequest.get(id) ?? []), p]);
		}
		const executionOf = (p) => /execution (\d+)/.exec(p.body?.note ?? '')?.[1];
		report.created = made.length;
		report.history = history.length;
		report.decisionPosts = posts.length;
		report.delivered = made.filter((id) => perRequest.get(id)?.length === 1).length;
		report.duplicates = [...perRequest.values()].filter((list) => list.length > 1).length;
		report.dropped = made.filter((id) => !perRequest.has(id));
		report.historyDelivered = history.filter((id) => perRequest.has(id));
		report.unexpected = [...perRequest.keys()].filter((id) => !made.includes(id));
		report.non200 = posts.filter((p) => p.status !== 200).map((p) => [p.path, p.status]);
		report.executionIdsFromNotes = [...new Set(posts.map(executionOf))];
		report.executions = postgres
			? postgres.select(EXECUTIONS_SQL)
			: readSqliteExecutions(n8n.install, n8n.userFolder);
		report.sandboxState = await sandbox.state();
		report.mainOutput = procs
			.filter((p) => p.label.startsWith('n8n main'))
			.map((p) => p.output)
			.join('\n-----\n');
		report.workerOutput = procs
			.filter((p) => p.label.startsWith('n8n worker'))
			.map((p) => p.output)
			.join('\n-----\n');
		// Who ran the executions: in queue mode the main enqueues, the workers run.
		report.workerLog = report.workerOutput
			.split('\n')
			.filter((l) => /Worker (started|finished) execution/.test(l));
		report.mainLog = report.mainOutput
			.split('\n')
			.filter((l) => /Enqueued execution|Worker (started|finished) execution/.test(l));
	} finally {
		const s0 = performance.now();
		for (const p of [...procs].reverse()) await p.stop().catch(() => {});
		await redis?.stop();
		await postgres?.stop();
		report.timings['stop all'] = secs(performance.now() - s0);
		report.exits = Object.fromEntries(procs.map((p) => [p.label, p.exit]));
		await sandbox.stop();
		if (!process.env.REAL_N8N_KEEP) await n8n?.dispose();
	}
	return report;
}

/** n8n's executions from its SQLite database (node:sqlite of n8n 2.x's Node 24). */
function readSqliteExecutions(install, userFolder) {
	const db = join(userFolder, '.n8n', 'database.sqlite');
	const script = `const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(${JSON.stringify(db)}, { readOnly: true });
console.log(JSON.stringify(db.prepare(${JSON.stringify(EXECUTIONS_SQL)}).all()));`;
	return JSON.parse(
		execFileSync(install.node, ['--no-warnings', '-e', script], { encoding: 'utf8' }),
	);
}

async function waitFor(check, timeoutMs, what) {
	const t0 = Date.now();
	while (!(await check())) {
		if (Date.now() - t0 > timeoutMs)
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(1_000);
	}
}

if (
	process.argv[1] &&
	basename(process.argv[1]) === 'triggerE2e.mjs' &&
	!process.env.NODE_TEST_CONTEXT
) {
	const [major = '2', mode = ''] = process.argv.slice(2);
	const report = await runTriggerE2e({ major, queue: mode === 'queue', log: console.error });
	const { mainOutput, workerOutput, ...shown } = report;
	console.log(JSON.stringify(shown, null, 2));
}
