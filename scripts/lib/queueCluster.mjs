// n8n's queue mode as users run it: PostgreSQL + Redis + one n8n main + n8n workers, all on
// loopback. The caller creates the n8n instance with the database settings (createN8n({ extraEnv:
// postgres.n8nEnv })), so its CLI imports land in the same database the main and the workers use.
//
//   const cluster = await startQueueCluster(n8n, { redis, workers: 2 });
//   ... POST to cluster.mainUrl ...; cluster.workerOf(executionId); await cluster.stop();
import { freePort } from '../real-n8n/env.mjs';
import { startProcess, waitHttp } from './processes.mjs';

/** The settings that put an n8n process into queue mode on this Redis. */
export function queueEnv(redis, prefix) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_BULL_PREFIX: prefix,
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		N8N_LOG_LEVEL: 'info',
	};
}

/** Every n8n process gets its own task-broker port (the default 5679 would collide). */
const processEnv = async (n8n, extra) => ({
	...n8n.env,
	N8N_RUNNERS_BROKER_PORT: String(await freePort()),
	...extra,
});

/** `n8n start` in queue mode; resolves when its editor and /healthz answer. */
export async function startMain(n8n, env, { label = 'n8n main', timeoutMs = 180_000 } = {}) {
	const port = await freePort();
	const proc = startProcess(label, n8n.install.node, [n8n.install.bin, 'start'], {
		env: await processEnv(n8n, { ...env, N8N_PORT: String(port) }),
		cwd: n8n.userFolder,
	});
	try {
		await proc.waitFor(/Editor is now accessible via/, timeoutMs);
		await waitHttp(`http://127.0.0.1:${port}/healthz`, 30_000);
	} catch (err) {
		await proc.stop();
		throw err;
	}
	return { proc, port, url: `http://127.0.0.1:${port}` };
}

/** `n8n worker --concurrency=<c>`; resolves when it says it is ready. */
export async function startWorker(
	n8n,
	env,
	{ label = 'n8n worker', concurrency = 1, timeoutMs = 180_000 } = {},
) {
	const healthPort = await freePort();
	const proc = startProcess(
		label,
		n8n.install.node,
		[n8n.install.bin, 'worker', `--concurrency=${concurrency}`],
		{
			env: await processEnv(n8n, {
				...env,
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_PORT: String(healthPort),
			}),
			cwd: n8n.userFolder,
		},
	);
	try {
		await proc.waitFor(/n8n worker is now ready/, timeoutMs);
	} catch (err) {
		await proc.stop();
		throw err;
	}
	return proc;
}

/** Awaits every start; if any failed, stops the ones that did start and throws the first failure. */
async function allStartedOrNone(starts) {
	const settled = await Promise.allSettled(starts);
	const failed = settled.find((s) => s.status === 'rejected');
	if (!failed) return settled.map((s) => s.value);
	for (const s of settled)
		if (s.status === 'fulfilled') await (s.value.proc ?? s.value).stop().catch(() => {});
	throw failed.reason;
}

const workerStarts = (n8n, env, { count, concurrency = 1, timeoutMs }) =>
	Array.from({ length: count }, (_, i) =>
		startWorker(n8n, env, { label: `n8n worker ${i + 1}`, concurrency, timeoutMs }),
	);

/** `count` workers ("n8n worker 1", …) started together; none left running if one fails. */
export const startWorkers = (n8n, env, options) =>
	allStartedOrNone(workerStarts(n8n, env, options));

/** Main + `workers` workers (started together); `stop()` stops workers first, then the main. */
export async function startQueueCluster(
	n8n,
	{ redis, workers = 2, concurrency = 1, prefix = `neo-${process.pid}`, env = {} },
) {
	const shared = { ...queueEnv(redis, prefix), ...env };
	const [main, ...workerProcs] = await allStartedOrNone([
		startMain(n8n, shared),
		...workerStarts(n8n, shared, { count: workers, concurrency }),
	]);
	return {
		main,
		mainUrl: main.url,
		workers: workerProcs,
		/** Which worker's log says it ran this execution (label), or undefined. */
		workerOf: (executionId) =>
			workerProcs.find((w) => w.output.includes(`Worker started execution ${executionId} `))?.label,
		async stop() {
			for (const w of workerProcs) await w.stop().catch(() => {});
			await main.proc.stop().catch(() => {});
		},
	};
}

/**
 * POST a JSON body to a production webhook. n8n 2.x registers published webhooks shortly after it
 * starts (404 "not registered" until then): those answers are retried for up to `registerMs`.
 */
export async function postWebhook(url, body, { registerMs = 60_000, timeoutMs = 120_000 } = {}) {
	const t0 = performance.now();
	for (;;) {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
		const text = await res.text();
		const notYet = res.status === 404 && /not registered/.test(text);
		if (!notYet || performance.now() - t0 > registerMs) {
			let json;
			try {
				json = JSON.parse(text);
			} catch {
				json = undefined;
			}
			return { status: res.status, body: json ?? text, ms: performance.now() - t0 };
		}
		await new Promise((r) => setTimeout(r, 500));
	}
}
