// P2 in queue mode: PostgreSQL + Redis + an n8n main + two n8n workers (concurrency 1 each), the
// provisioning workflow called twice at once so each worker runs one half of the creates against
// the same tenant's rate limit. Each worker's Neo node paces itself from the answers it sees; it
// cannot see the other worker's requests, so the two meet 429s and wait them out.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createN8n } from '../scripts/lib/realN8n.mjs';
import { postWebhook, startQueueCluster } from '../scripts/lib/queueCluster.mjs';
import { startPostgres, startRedis } from '../scripts/lib/services.mjs';
import { floorRun, UNLIMITED } from './harness.mjs';
import { credentials, queueWebhookPath, queueProvisioningWorkflow, TARGET } from './workflows.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const WORKERS = 2;

/** The cluster for every queue-mode shape of one bench run; `dispose()` stops all of it. */
export async function startQueueBench(ctx, { log }) {
	const postgres = await startPostgres({ log });
	let n8n, redis, cluster;
	const dispose = async () => {
		await cluster?.stop();
		await redis?.stop();
		await postgres.stop();
		await n8n?.dispose();
	};
	try {
		n8n = await createN8n({ major: '2', pack: ctx.pack, log, extraEnv: postgres.n8nEnv });
		await n8n.importCredentials(credentials(ctx.sandbox));
		redis = await startRedis({ dir: n8n.userFolder });
		// n8n reads run data with its own `flatted` (execution_data.data is stored flattened)
		const flatted = createRequire(join(n8n.install.dir, 'node_modules', 'n8n', 'package.json'))(
			'flatted',
		);
		return {
			postgres,
			n8n,
			redis,
			flatted,
			get cluster() {
				return cluster;
			},
			/** Imports and publishes the workflow, then (re)starts main + workers so they load it. */
			async prepare(wf) {
				await cluster?.stop();
				await n8n.importWorkflows([wf]);
				const r = await n8n.run(['publish:workflow', `--id=${wf.id}`]);
				if (r.code !== 0) throw new Error(`publish failed:\n${r.stdout}\n${r.stderr}`);
				cluster = await startQueueCluster(n8n, { redis, workers: WORKERS, concurrency: 1 });
				log(
					`queue mode: postgres ${postgres.version}, ${redis.version.split(' ')[2]}, main + ${WORKERS} workers up`,
				);
			},
			dispose,
		};
	} catch (err) {
		await dispose();
		throw err;
	}
}

/** Waits until the executions after id `afterId` have ended; returns them with the Target's run data. */
async function finishedExecutions(q, afterId, count, timeoutMs) {
	const t0 = Date.now();
	for (;;) {
		const ended = q.postgres.select(
			`SELECT id, status, "startedAt", "stoppedAt" FROM execution_entity
			 WHERE id > ${Number(afterId)} AND status NOT IN ('new', 'running', 'waiting') ORDER BY id`,
		);
		if (ended.length >= count)
			return ended.map((e) => {
				const [{ data }] = q.postgres.select(
					`SELECT data FROM execution_data WHERE "executionId" = ${Number(e.id)}`,
				);
				const runData = q.flatted.parse(data).resultData;
				const task = runData.runData?.[TARGET]?.at(-1);
				return {
					...e,
					worker: q.cluster.workerOf(e.id),
					targetStart: task?.startTime,
					targetMs: task?.executionTime,
					outputItems: task?.data?.main?.[0]?.length ?? 0,
					error: task?.error?.message ?? runData.error?.message,
				};
			});
		if (Date.now() - t0 > timeoutMs)
			throw new Error(`queue mode: ${ended.length}/${count} executions ended in ${timeoutMs} ms`);
		await sleep(500);
	}
}

/**
 * One queue-mode P2 shape: `n` creates split over two webhook calls sent at once. The floor is the
 * rate floor plus the last window's requests at 20 in flight (both workers' 10), measured with the
 * undici client against the same sandbox.
 */
export async function rowP2Queue(ctx, q, shape, { log, latencyMs, command }) {
	const { sandbox } = ctx;
	const { n, limit, windowMs } = shape;
	const perCall = n / WORKERS;
	await sandbox.configure({ latencyMs, latencyJitterMs: 0, rateLimit: UNLIMITED });
	await sandbox.reset();
	const last = await floorRun(sandbox, limit, 10 * WORKERS, `p2q${shape.shape}`);
	const rateFloorMs = ((n - limit) / limit) * windowMs;
	const floorMs = rateFloorMs + last.ms;

	await q.prepare(queueProvisioningWorkflow(perCall));
	await sandbox.configure({ rateLimit: { limit, windowMs }, retryAfterFormat: 'seconds' });
	await sandbox.reset();
	const [{ lastId }] = q.postgres.select(
		'SELECT coalesce(max(id), 0) AS "lastId" FROM execution_entity',
	);
	const url = `${q.cluster.mainUrl}/webhook/${queueWebhookPath(perCall)}`;
	const t0 = Date.now();
	const calls = await Promise.all(
		Array.from({ length: WORKERS }, (_, i) => postWebhook(url, { prefix: `q${i + 1}` })),
	);
	if (calls.some((c) => c.status !== 200))
		throw new Error(`queue mode: webhook answered ${calls.map((c) => c.status)}`);
	const executions = await finishedExecutions(q, lastId, WORKERS, 30 * 60_000);
	const wallMs = Math.max(...executions.map((e) => Date.parse(e.stoppedAt))) - t0;

	const reqs = await sandbox.requests();
	const st = await sandbox.state();
	const created = reqs.filter((r) => r.status === 201).map((r) => r.body?.internal_name);
	const distinct = new Set(created);
	const expected = Array.from({ length: WORKERS }, (_, w) =>
		Array.from({ length: perCall }, (_, i) => `q${w + 1}-${i}`),
	).flat();
	const starts = executions.map((e) => e.targetStart);
	const ends = executions.map((e) => e.targetStart + e.targetMs);
	const nodeMs = Math.max(...ends) - Math.min(...starts);
	const row = {
		shape: shape.shape,
		n,
		limit,
		windowMs,
		latencyMs,
		rateFloorMs,
		lastWindowMs: last.ms,
		floorMs,
		executions: executions.map(({ id, status, worker, targetMs, outputItems, error }) => ({
			id,
			status,
			worker,
			targetMs,
			outputItems,
			error,
		})),
		workersUsed: new Set(executions.map((e) => e.worker).filter(Boolean)).size,
		successes: executions.reduce((a, e) => a + e.outputItems, 0),
		failures: expected.filter((name) => !distinct.has(name)).length,
		created: st.created.channels,
		duplicates: created.length - distinct.size,
		conflicts409: reqs.filter((r) => r.status === 409).length,
		rateLimited: st.rateLimited,
		requests: st.total,
		nodeMs,
		wallMs,
		vsFloor: nodeMs / floorMs,
		command,
	};
	log(
		`p2 queue ${shape.shape}: ${row.successes}/${n} ok, ${row.failures} failed, ${row.duplicates} duplicates, ${row.conflicts409} × 409, ${row.rateLimited} × 429, node span ${(nodeMs / 1000).toFixed(2)} s = ${row.vsFloor.toFixed(2)}× floor ${(floorMs / 1000).toFixed(2)} s; workers used ${row.workersUsed}`,
	);
	return row;
}
