// Queue mode, n8n's own way to scale: Redis + an n8n main + one n8n worker, all on loopback, all
// started here and stopped at the end. The onboarding workflow (webhook-triggered copy) is
// activated on the main, called over HTTP, and must execute on the worker.
//
//   node test/e2e/queueMode.mjs            # standalone run, prints a JSON report
//   (also driven by test/e2e/queue.test.mjs)
import { spawn, execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { createN8n, freePort, packPackage, PACKAGE_DIR } from '../../scripts/lib/realN8n.mjs';
import { startSandboxProcess } from '../../scripts/lib/sandboxProcess.mjs';
import { e2eCredentials, webhookOnboardingWorkflow } from './workflows.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (ms) => Math.round(ms / 100) / 10;

export function redisServerPath() {
	try {
		return (
			execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || null
		);
	} catch {
		return null;
	}
}

/** A child process whose output is kept and can be waited on for a line. */
export function startProcess(label, cmd, args, opts) {
	const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
	const proc = { label, child, output: '', waiters: [] };
	const onData = (d) => {
		proc.output += d;
		for (const w of [...proc.waiters]) {
			if (w.re.test(proc.output)) {
				proc.waiters.splice(proc.waiters.indexOf(w), 1);
				w.resolve();
			}
		}
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	child.on('exit', (code, signal) => {
		proc.exit = { code, signal };
		for (const w of proc.waiters)
			w.reject(
				new Error(
					`${label} exited (${code ?? signal}) before /${w.re.source}/:\n${proc.output.slice(-3000)}`,
				),
			);
		proc.waiters = [];
	});
	proc.waitFor = (re, timeoutMs) =>
		new Promise((resolve, reject) => {
			if (re.test(proc.output)) return resolve();
			if (proc.exit)
				return reject(new Error(`${label} already exited:\n${proc.output.slice(-3000)}`));
			const timer = setTimeout(
				() =>
					reject(
						new Error(
							`${label}: no /${re.source}/ within ${timeoutMs} ms:\n${proc.output.slice(-3000)}`,
						),
					),
				timeoutMs,
			);
			proc.waiters.push({
				re,
				resolve: () => (clearTimeout(timer), resolve()),
				reject: (e) => (clearTimeout(timer), reject(e)),
			});
		});
	proc.stop = async (timeoutMs = 15_000) => {
		if (proc.exit || child.exitCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGTERM');
		const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		await exited;
		clearTimeout(t);
	};
	return proc;
}

export async function waitHttp(url, timeoutMs) {
	const t0 = Date.now();
	for (;;) {
		try {
			const res = await fetch(url);
			if (res.ok) return;
		} catch {
			/* not up yet */
		}
		if (Date.now() - t0 > timeoutMs) throw new Error(`${url} not up within ${timeoutMs} ms`);
		await sleep(300);
	}
}

/** Read executions from the shared SQLite DB with Node 24's built-in node:sqlite (n8n 2.x's Node). */
export function readExecutions(install, userFolder) {
	const db = join(userFolder, '.n8n', 'database.sqlite');
	const script = `const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(${JSON.stringify(db)}, { readOnly: true });
console.log(JSON.stringify(db.prepare("SELECT id, workflowId, mode, status, finished, startedAt, stoppedAt FROM execution_entity ORDER BY id").all()));`;
	const out = execFileSync(install.node, ['--no-warnings', '-e', script], { encoding: 'utf8' });
	return JSON.parse(out);
}

/**
 * Run the whole queue-mode scenario. Returns a report; throws only on setup failure.
 * Everything started here is stopped before it returns.
 */
export async function runQueueMode({
	major = '2',
	sandbox: givenSandbox,
	pack,
	log = () => {},
	bodies = [{ clientName: 'Contoso Dental' }],
} = {}) {
	const redisBin = redisServerPath();
	if (!redisBin) throw new Error('redis-server not found: run scripts/real-n8n/install-redis.sh');
	const report = { major, timings: {}, calls: [] };
	const procs = [];
	const t = (k, t0) => (report.timings[k] = secs(performance.now() - t0));
	const sandbox = givenSandbox ?? (await startSandboxProcess());
	let n8n;
	try {
		let t0 = performance.now();
		n8n = await createN8n({ major, pack: pack ?? packPackage(PACKAGE_DIR), log });
		report.version = n8n.version;
		await n8n.importCredentials(e2eCredentials(sandbox));
		const wf = webhookOnboardingWorkflow();
		await n8n.importWorkflows([wf]);
		// activate: n8n 2.x publishes a workflow version; 1.x sets active=true
		const act =
			major === '2'
				? await n8n.run(['publish:workflow', `--id=${wf.id}`])
				: await n8n.run(['update:workflow', `--id=${wf.id}`, '--active=true']);
		if (act.code !== 0)
			throw new Error(`activating the workflow failed:\n${act.stdout}\n${act.stderr}`);
		t('prepare (install package, import, publish)', t0);

		// Redis on loopback, a free port, no persistence
		t0 = performance.now();
		const redisPort = await freePort();
		const redis = startProcess(
			'redis-server',
			redisBin,
			[
				'--port',
				String(redisPort),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--protected-mode',
				'yes',
				'--dir',
				n8n.userFolder,
			],
			{},
		);
		procs.push(redis);
		await redis.waitFor(/Ready to accept connections/, 15_000);
		t('start redis', t0);
		report.redis = {
			port: redisPort,
			version: execFileSync(redisBin, ['--version'], { encoding: 'utf8' }).trim(),
		};

		const mainPort = await freePort();
		const workerHealthPort = await freePort();
		const queueEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			QUEUE_BULL_PREFIX: `neo-e2e-${process.pid}`,
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_LOG_LEVEL: 'info',
		};
		const envFor = async (extra) => ({
			...n8n.env,
			...queueEnv,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...extra,
		});

		t0 = performance.now();
		const mainEnv = await envFor({ N8N_PORT: String(mainPort) });
		const main = startProcess('n8n main', n8n.install.node, [n8n.install.bin, 'start'], {
			env: mainEnv,
			cwd: n8n.userFolder,
		});
		procs.push(main);
		const workerEnv = await envFor({
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(workerHealthPort),
			N8N_PORT: String(workerHealthPort),
		});
		const worker = startProcess(
			'n8n worker',
			n8n.install.node,
			[n8n.install.bin, 'worker', '--concurrency=2'],
			{ env: workerEnv, cwd: n8n.userFolder },
		);
		procs.push(worker);
		await Promise.all([
			main
				.waitFor(/Editor is now accessible via/, 120_000)
				.then(() => waitHttp(`http://127.0.0.1:${mainPort}/healthz`, 30_000)),
			worker.waitFor(/n8n worker is now ready/, 120_000),
		]);
		t('start n8n main + worker', t0);
		report.mainPid = main.child.pid;
		report.workerPid = worker.child.pid;

		// n8n 2.x registers published triggers asynchronously after start (publication reconciler):
		// a POST before that gets 404 "not registered" (and runs nothing), so retry those.
		const hookUrl = `http://127.0.0.1:${mainPort}/webhook/neo-onboarding`;
		t0 = performance.now();
		for (const body of bodies) {
			const c0 = performance.now();
			let res;
			let text;
			for (let attempt = 1; ; attempt++) {
				res = await fetch(hookUrl, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
					signal: AbortSignal.timeout(60_000),
				});
				text = await res.text();
				if (!(res.status === 404 && /not registered/.test(text))) break;
				if (performance.now() - c0 > 60_000) break;
				await sleep(500);
			}
			let json;
			try {
				json = JSON.parse(text);
			} catch {
				json = undefined;
			}
			report.calls.push({
				status: res.status,
				body: json ?? text,
				seconds: secs(performance.now() - c0),
			});
		}
		t('webhook calls', t0);
		// let the worker flush its "finished" log line
		await worker.waitFor(/Worker finished execution/, 15_000).catch(() => {});
		report.executions = readExecutions(n8n.install, n8n.userFolder);
		report.workerLog = worker.output
			.split('\n')
			.filter((l) => /Worker (started|finished) execution/.test(l));
		report.mainLog = main.output
			.split('\n')
			.filter((l) => /Enqueued execution|Worker (started|finished)/.test(l));
		report.workerProcessedOnMain = /Worker started execution/.test(main.output);
		report.sandboxState = await sandbox.state();
		report.mainOutput = main.output;
		report.workerOutput = worker.output;
	} finally {
		const t0 = performance.now();
		for (const p of procs.reverse()) await p.stop().catch(() => {});
		report.timings['stop all'] = secs(performance.now() - t0);
		report.exits = Object.fromEntries(procs.map((p) => [p.label, p.exit]));
		if (!givenSandbox) await sandbox.stop();
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
	console.log(JSON.stringify(report, null, 2));
}
