// `npm run bench`: the Neo node against n8n's HTTP Request node and a raw undici client, in real
// n8n (CLI: import:workflow, then `execute --id --rawOutput`), against the Neo sandbox in its own
// process. Measures, prints the summary and hands the results to bench/report.mjs, which renders
// the generated part of BENCHMARKS.md (`node bench/report.mjs <results.json>` re-renders a saved
// run). No assertions: a benchmark prints numbers.
//
//   npm run bench                                   every row, full sizes (about 25 minutes)
//   npm run bench -- --rows p1 --n 200 --runs 2     a quick look at one row
//   npm run bench -- --rows p1 --only neo100,httpInline
//   npm run bench -- --help
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { n8nInstall, REPO_ROOT, CACHE_DIR } from '../scripts/lib/realN8n.mjs';
import { executeSampled, floorRun, setup, targetTiming, UNLIMITED } from './harness.mjs';
import { rowP2Queue, startQueueBench } from './queueRow.mjs';
import { fmtMB, fmtS, summaryTable, writeReport } from './report.mjs';
import { httpWorkflow, neoWorkflow, noopWorkflow } from './workflows.mjs';

const HELP = `npm run bench -- [options]
  --rows p1,p2,p3,p4            rows to run (default: all)
  --only a,b                    variants to run inside the rows:
                                  p1: floor10,neo10,floor100,neo100,httpInline,httpCred,noop
                                  p2: neo10,httpRetry,queue    p3: neo,httpInline,noop
  --n 1000 --runs 3             items and repetitions for P1 (median reported)
  --latency 50                  sandbox latency for P1 and P2 (ms)
  --latency-modes fixed,jitter  P1 with fixed latency and with jittered latency
  --jitter 20 --jitter-distribution lognormal --jitter-seed 1
  --p2-shapes scaled,real       scaled: 1000 creates, 100 / 6 s; real: 3600 creates, 1200 / 60 s
  --p2-n N --p2-limit L --p2-window-ms W   one P2 shape of your own instead
  --p2-runs 1
  --p3-n 10000 --p3-runs 2
  --out BENCHMARKS.md           where to write the results ("-" = do not write)`;

const { values: args } = parseArgs({
	options: {
		rows: { type: 'string', default: 'p1,p2,p3,p4' },
		only: { type: 'string' },
		n: { type: 'string', default: '1000' },
		runs: { type: 'string', default: '3' },
		latency: { type: 'string', default: '50' },
		'latency-modes': { type: 'string', default: 'fixed,jitter' },
		jitter: { type: 'string', default: '20' },
		'jitter-distribution': { type: 'string', default: 'lognormal' },
		'jitter-seed': { type: 'string', default: '1' },
		'p2-shapes': { type: 'string', default: 'scaled,real' },
		'p2-n': { type: 'string' },
		'p2-limit': { type: 'string' },
		'p2-window-ms': { type: 'string' },
		'p2-runs': { type: 'string', default: '1' },
		'p3-n': { type: 'string', default: '10000' },
		'p3-runs': { type: 'string', default: '2' },
		out: { type: 'string', default: 'BENCHMARKS.md' },
		help: { type: 'boolean', default: false },
	},
});
if (args.help) {
	console.log(HELP);
	process.exit(0);
}
const list = (value) =>
	value
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
const ROWS = new Set(list(args.rows).map((s) => s.toLowerCase()));
const ONLY = args.only ? new Set(list(args.only)) : undefined;
const want = (variant) => !ONLY || ONLY.has(variant);
const N = Number(args.n);
const RUNS = Number(args.runs);
const LATENCY = Number(args.latency);
const JITTER = {
	latencyJitterMs: Number(args.jitter),
	latencyDistribution: args['jitter-distribution'],
	latencySeed: Number(args['jitter-seed']),
};
const P2_SHAPES = {
	scaled: { shape: 'scaled', n: 1000, limit: 100, windowMs: 6000 },
	real: { shape: 'real', n: 3600, limit: 1200, windowMs: 60_000 },
};
const P2 =
	args['p2-n'] || args['p2-limit'] || args['p2-window-ms']
		? [
				{
					shape: 'custom',
					n: Number(args['p2-n'] ?? 1000),
					limit: Number(args['p2-limit'] ?? 100),
					windowMs: Number(args['p2-window-ms'] ?? 6000),
				},
			]
		: list(args['p2-shapes']).map((name) => P2_SHAPES[name]);
const P2_RUNS = Number(args['p2-runs']);
const P3 = { n: Number(args['p3-n']), runs: Number(args['p3-runs']) };

const t0 = Date.now();
const log = (m) =>
	console.error(
		`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s, load ${loadavg()[0].toFixed(2)}] ${m}`,
	);
const median = (xs) => {
	const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
	if (v.length === 0) return NaN;
	const m = Math.floor(v.length / 2);
	return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const cmd = (extra) => `npm run bench -- ${extra}`;

// ---------------------------------------------------------------------------------------------
// machine, versions

function machine() {
	const sh = (c, a) => {
		try {
			return execFileSync(c, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
		} catch {
			return 'unknown';
		}
	};
	const install = n8nInstall('2');
	return {
		date: new Date().toISOString(),
		nproc: sh('nproc', []),
		cpu: cpus()[0]?.model ?? 'unknown',
		memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB (free at start ${(freemem() / 2 ** 30).toFixed(1)} GiB)`,
		os: sh('uname', ['-srm']),
		loadAtStart: loadavg()
			.map((x) => x.toFixed(2))
			.join(' '),
		benchNode: process.version,
		n8nNode: install ? sh(install.node, ['-v']) : 'n/a',
		n8n: install?.version ?? 'n/a',
		undici: JSON.parse(
			readFileSync(join(REPO_ROOT, 'node_modules', 'undici', 'package.json'), 'utf8'),
		).version,
		commit: sh('git', ['-C', REPO_ROOT, 'rev-parse', '--short', 'HEAD']),
		dirty: sh('git', ['-C', REPO_ROOT, 'status', '--porcelain', '--', 'nodes', 'credentials'])
			? 'nodes/ or credentials/ changed since the commit'
			: 'clean',
	};
}

// ---------------------------------------------------------------------------------------------
// one n8n execution of a workflow, with the sandbox's view of it

async function execRun(ctx, wf, { label }) {
	const { sandbox, n8n } = ctx;
	await sandbox.reset();
	const load = loadavg()[0];
	let r = await executeSampled(n8n, wf.id);
	if (r.noRunData) {
		// Seen once under memory pressure: the process exited before its (large) stdout was flushed.
		log(
			`${label}: no run data in the output (exit ${r.cli.code ?? r.cli.signal}); running it again`,
		);
		await sandbox.reset();
		r = await executeSampled(n8n, wf.id);
		if (r.noRunData) {
			log(`${label}: no run data again; this run counts as failed`);
			return { label, nodeMs: NaN, cliMs: r.cli.ms, nodeError: 'no run data printed', load };
		}
	}
	const t = targetTiming(r);
	const st = await sandbox.state();
	const log2 = st.total > 0 ? await sandbox.requests() : [];
	const out = {
		label,
		nodeMs: t.nodeMs,
		cliMs: r.cli.ms,
		// first request's arrival to the last one's answer, as the sandbox saw them
		sandboxSpanMs: log2.length ? log2.at(-1).at - log2[0].at + (st.config.latencyMs ?? 0) : NaN,
		// from the node's start (run data) to the first request reaching the sandbox: parameter
		// evaluation for every item happens before anything is sent
		firstRequestMs: log2.length && t.nodeStart ? log2[0].at - t.nodeStart : NaN,
		// pauses: gaps of more than 1 s between consecutive requests (rate-limit waits)
		...gaps(log2),
		itemsMs: t.itemsMs,
		cpuMs: r.cpuMs,
		mainThreadCpuMs: r.mainThreadCpuMs,
		outputItems: t.outputItems,
		nodeError:
			t.nodeError ??
			(r.ok ? undefined : [r.error?.message, r.error?.description].filter(Boolean).join(': ')),
		tries: t.runs,
		peakRssKb: r.peakRssKb,
		runnerPeakRssKb: r.childPeakRssKb,
		requests: st.total,
		created: st.created.channels,
		rateLimited: st.rateLimited,
		load,
	};
	log(
		`${label}: node ${fmtS(out.nodeMs)}, cli ${fmtS(out.cliMs)}, ${out.outputItems} items out, ${out.created} created, ${out.requests} requests, ${out.rateLimited} × 429, peak RSS ${fmtMB(out.peakRssKb)}${out.nodeError ? `, error: ${out.nodeError}` : ''}`,
	);
	return out;
}

function gaps(requests) {
	let count = 0;
	let totalMs = 0;
	for (let i = 1; i < requests.length; i++) {
		const d = requests[i].at - requests[i - 1].at;
		if (d > 1000) {
			count++;
			totalMs += d;
		}
	}
	return { pauses: count, pausedMs: totalMs };
}

/** Runs every variant `runs` times, interleaved (a, b, c, a, b, c, …) so load drifts hit all alike. */
async function interleaved(variants, runs) {
	const results = Object.fromEntries(variants.map((v) => [v.name, []]));
	for (let i = 0; i < runs; i++) {
		for (const v of variants) results[v.name].push(await v.run(i));
	}
	return results;
}

// ---------------------------------------------------------------------------------------------
// rows

/** The undici floor as a variant: the same sandbox, reset, its own process. */
const floorVariant = (ctx, n, connections, tag) => ({
	name: `floor${connections}`,
	run: async (i) => {
		await ctx.sandbox.reset();
		const r = await floorRun(ctx.sandbox, n, connections, `${tag}f${connections}r${i}`);
		log(`${tag} floor${connections}: ${fmtS(r.ms)} (${r.ok} created)`);
		return { ...r, nodeMs: r.ms, created: r.ok };
	},
});

const P1_VARIANTS = [
	['floor10', 'undici Pool, 10 connections (floor)'],
	['neo10', 'Neo node, Requests in Parallel 10'],
	['floor100', 'undici Pool, 100 connections (floor)'],
	['neo100', 'Neo node, Requests in Parallel 100'],
	['httpInline', 'HTTP Request node, header typed inline (all items at once)'],
	['httpCred', 'HTTP Request node, Header Auth credential (all items at once)'],
	['noop', 'No Operation node (n8n start-up, same items)'],
];

async function rowP1(ctx, mode) {
	const { sandbox } = ctx;
	const latency =
		mode === 'jitter'
			? { latencyMs: LATENCY, ...JITTER }
			: { latencyMs: LATENCY, latencyJitterMs: 0 };
	await sandbox.configure({ ...latency, rateLimit: UNLIMITED });
	const tag = `p1 ${mode}`;
	const variants = [];
	for (const [name] of P1_VARIANTS) {
		if (!want(name)) continue;
		if (name.startsWith('floor')) variants.push(floorVariant(ctx, N, Number(name.slice(5)), tag));
		else
			variants.push({
				name,
				run: () => execRun(ctx, ctx.wf[name], { label: `${tag} ${name}` }),
			});
	}
	const res = await interleaved(variants, RUNS);
	const m = (name, key = 'nodeMs') => median((res[name] ?? []).map((r) => r[key]));
	const noopMain = m('noop', 'mainThreadCpuMs');
	const rows = P1_VARIANTS.filter(([name]) => (res[name] ?? []).length > 0).map(([name, what]) => ({
		name,
		what,
		nodeMs: m(name),
		cliMs: m(name, 'cliMs'),
		firstRequestMs: m(name, 'firstRequestMs'),
		// main-thread CPU of the n8n process beyond the No-op workflow's, per request
		mainCpuPerRequestMs:
			name.startsWith('floor') || name === 'noop'
				? NaN
				: (m(name, 'mainThreadCpuMs') - noopMain) / N,
		created: median((res[name] ?? []).map((r) => r.created)),
		runs: res[name].length,
		all: res[name].map((r) => Math.round(r.nodeMs)),
	}));
	const ratios = {
		neo10VsFloor: m('neo10') / m('floor10'),
		neo100VsFloor: m('neo100') / m('floor100'),
		neo100VsHttpInline: m('neo100') / m('httpInline'),
		neo100VsHttpCred: m('neo100') / m('httpCred'),
	};
	const jitterArgs =
		mode === 'jitter'
			? ` --latency-modes jitter --jitter ${JITTER.latencyJitterMs} --jitter-distribution ${JITTER.latencyDistribution} --jitter-seed ${JITTER.latencySeed}`
			: ' --latency-modes fixed';
	return {
		mode,
		n: N,
		latency,
		runs: RUNS,
		rows,
		ratios,
		raw: res,
		command: cmd(`--rows p1 --n ${N} --runs ${RUNS} --latency ${LATENCY}${jitterArgs}`),
	};
}

const shapeArgs = ({ shape, n, limit, windowMs }) =>
	shape === 'custom'
		? `--p2-n ${n} --p2-limit ${limit} --p2-window-ms ${windowMs}`
		: `--p2-shapes ${shape}`;

async function rowP2(ctx, shape) {
	const { sandbox } = ctx;
	const { n, limit, windowMs } = shape;
	// The honest floor: the rate floor plus the last window's requests at 10 in flight, measured
	// with the undici floor against the same sandbox and latency.
	await sandbox.configure({ latencyMs: LATENCY, latencyJitterMs: 0, rateLimit: UNLIMITED });
	const last = await floorVariant(ctx, limit, 10, `p2 ${shape.shape}`).run(0);
	const rateFloorMs = ((n - limit) / limit) * windowMs;
	const floorMs = rateFloorMs + last.ms;
	await sandbox.configure({ rateLimit: { limit, windowMs }, retryAfterFormat: 'seconds' });
	const withDuplicates = async (label, wf) => {
		const r = await execRun(ctx, wf, { label });
		const reqs = await sandbox.requests();
		const createdNames = reqs.filter((q) => q.status === 201).map((q) => q.body?.internal_name);
		r.distinctCreated = new Set(createdNames).size;
		r.duplicates = createdNames.length - r.distinctCreated;
		r.conflicts409 = reqs.filter((q) => q.status === 409).length;
		r.failures = n - (r.nodeError ? 0 : r.outputItems);
		return r;
	};
	const variants = [];
	if (want('neo10'))
		variants.push({
			name: 'neo10',
			run: () => withDuplicates(`p2 ${shape.shape} neo10`, neoWorkflow(n, { concurrency: 10 })),
		});
	// The HTTP Request node with Retry On Fail re-sends everything; shown on the short shape only.
	if (want('httpRetry') && shape.shape !== 'real')
		variants.push({
			name: 'httpRetry',
			run: () =>
				withDuplicates(
					`p2 ${shape.shape} http retry`,
					httpWorkflow(n, sandbox, { retry: { maxTries: 5, waitBetweenTries: 1000 } }),
				),
		});
	const res = await interleaved(variants, P2_RUNS);
	const rows = [
		['neo10', 'Neo node, Requests in Parallel 10'],
		['httpRetry', 'HTTP Request node (Header Auth), Retry On Fail (5 tries, 1000 ms)'],
	]
		.filter(([name]) => (res[name] ?? []).length > 0)
		.map(([name, what]) => {
			const rs = res[name];
			const m = (k) => median(rs.map((r) => r[k]));
			return {
				name,
				what,
				successes: m('outputItems'),
				failures: m('failures'),
				created: m('created'),
				duplicates: m('duplicates'),
				conflicts409: m('conflicts409'),
				rateLimited: m('rateLimited'),
				requests: m('requests'),
				nodeMs: m('nodeMs'),
				spanMs: m('sandboxSpanMs'),
				pauses: m('pauses'),
				pausedMs: m('pausedMs'),
				cliMs: m('cliMs'),
				vsFloor: m('nodeMs') / floorMs,
				error: rs.find((r) => r.nodeError)?.nodeError,
				runs: rs.length,
			};
		});
	return {
		...shape,
		runs: P2_RUNS,
		latencyMs: LATENCY,
		rateFloorMs,
		lastWindowMs: last.ms,
		floorMs,
		rows,
		raw: res,
		command: cmd(`--rows p2 ${shapeArgs(shape)} --p2-runs ${P2_RUNS} --latency ${LATENCY}`),
	};
}

async function rowP3(ctx) {
	const { sandbox } = ctx;
	await sandbox.configure({ latencyMs: 0, latencyJitterMs: 0, rateLimit: UNLIMITED });
	const variants = [];
	for (const [name, wf] of [
		['neo', neoWorkflow(P3.n)],
		['httpInline', httpWorkflow(P3.n, sandbox, { auth: 'inline' })],
		['noop', noopWorkflow(P3.n)],
	])
		if (want(name)) variants.push({ name, run: () => execRun(ctx, wf, { label: `p3 ${name}` }) });
	const res = await interleaved(variants, P3.runs);
	const m = (name, k) => median((res[name] ?? []).map((r) => r[k]));
	const noop = m('noop', 'peakRssKb');
	return {
		...P3,
		neoPeakKb: m('neo', 'peakRssKb'),
		httpPeakKb: m('httpInline', 'peakRssKb'),
		noopPeakKb: noop,
		neoGrowthKb: m('neo', 'peakRssKb') - noop,
		httpGrowthKb: m('httpInline', 'peakRssKb') - noop,
		neoNodeMs: m('neo', 'nodeMs'),
		httpNodeMs: m('httpInline', 'nodeMs'),
		neoItems: m('neo', 'outputItems'),
		httpItems: m('httpInline', 'outputItems'),
		all: Object.fromEntries(
			Object.entries(res).map(([name, rs]) => [name, rs.map((r) => r.peakRssKb)]),
		),
		command: cmd(`--rows p3 --p3-n ${P3.n} --p3-runs ${P3.runs}`),
	};
}

function rowP4() {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	const info = JSON.parse(out.slice(out.indexOf('[')))[0];
	const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
	const deps =
		Object.keys(pkg.dependencies ?? {}).length +
		Object.keys(pkg.optionalDependencies ?? {}).length +
		(pkg.bundleDependencies ?? pkg.bundledDependencies ?? []).length;
	return {
		size: info.size,
		unpackedSize: info.unpackedSize,
		files: info.entryCount,
		deps,
		command: 'npm pack --dry-run --json',
	};
}

// ---------------------------------------------------------------------------------------------

async function main() {
	if (!n8nInstall('2')) {
		log('n8n 2 is not installed: running scripts/real-n8n/install.sh 2 (several minutes, once)');
		execFileSync('bash', [join(REPO_ROOT, 'scripts', 'real-n8n', 'install.sh'), '2'], {
			stdio: 'inherit',
		});
	}
	if (ROWS.has('p2') && want('queue'))
		for (const script of ['install-redis.sh', 'install-postgres.sh'])
			execFileSync('bash', [join(REPO_ROOT, 'scripts', 'real-n8n', script)], { stdio: 'inherit' });
	if (!existsSync(join(REPO_ROOT, 'dist', 'nodes', 'Neo', 'Neo.node.js'))) {
		log('dist/ missing: npm run build');
		execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
	}
	const M = machine();
	log(`rows ${[...ROWS].join(',')}; ${M.nproc} CPUs, load ${M.loadAtStart}`);
	const R = {};
	if (ROWS.has('p4')) R.p4 = rowP4();
	const needN8n = ['p1', 'p2', 'p3'].some((r) => ROWS.has(r));
	if (needN8n) {
		const ctx = await setup({ log });
		let queue; // the queue-mode cluster, once started
		// Ctrl-C / kill: stop what was started and remove the throwaway n8n folders before leaving.
		for (const sig of ['SIGINT', 'SIGTERM']) {
			process.once(sig, () => {
				log(`${sig}: cleaning up`);
				Promise.resolve(queue?.dispose())
					.finally(() => ctx.dispose())
					.finally(() => process.exit(130));
			});
		}
		try {
			const { sandbox } = ctx;
			M.tarball = `${ctx.pack.name}@${ctx.pack.version}, sha256 ${ctx.pack.sha256.slice(0, 16)}`;
			ctx.wf = {
				neo10: neoWorkflow(N, { concurrency: 10 }),
				neo100: neoWorkflow(N, { concurrency: 100 }),
				httpInline: httpWorkflow(N, sandbox, { auth: 'inline' }),
				httpCred: httpWorkflow(N, sandbox),
				noop: noopWorkflow(N),
			};
			const all = [
				...Object.values(ctx.wf),
				...P2.flatMap((s) => [
					neoWorkflow(s.n, { concurrency: 10 }),
					httpWorkflow(s.n, sandbox, { retry: { maxTries: 5, waitBetweenTries: 1000 } }),
				]),
				neoWorkflow(P3.n),
				httpWorkflow(P3.n, sandbox, { auth: 'inline' }),
				noopWorkflow(P3.n),
			];
			await ctx.n8n.importWorkflows([...new Map(all.map((w) => [w.id, w])).values()]);
			if (ROWS.has('p1')) {
				R.p1 = [];
				for (const mode of list(args['latency-modes'])) R.p1.push(await rowP1(ctx, mode));
			}
			if (ROWS.has('p3')) R.p3 = await rowP3(ctx);
			if (ROWS.has('p2') && (want('neo10') || want('httpRetry'))) {
				R.p2 = [];
				for (const shape of P2) R.p2.push(await rowP2(ctx, shape));
			}
			if (ROWS.has('p2') && want('queue')) {
				queue = await startQueueBench(ctx, { log });
				R.p2queue = [];
				for (const shape of P2) {
					const command = cmd(`--rows p2 --only queue ${shapeArgs(shape)} --latency ${LATENCY}`);
					try {
						R.p2queue.push(
							await rowP2Queue(ctx, queue, shape, { log, latencyMs: LATENCY, command }),
						);
					} catch (err) {
						// a broken row is reported as such; the rows measured before it are kept
						log(`p2 queue ${shape.shape}: ${err.stack ?? err}`);
						R.p2queue.push({ ...shape, failed: String(err.message ?? err).slice(0, 300), command });
					}
				}
			}
		} finally {
			await queue?.dispose();
			await ctx.dispose();
		}
	}
	M.minutes = (Date.now() - t0) / 60000;
	M.loadAtEnd = loadavg()
		.map((x) => x.toFixed(2))
		.join(' ');
	console.log('\n' + summaryTable(R));
	const resultsDir = join(CACHE_DIR, '..', 'bench');
	mkdirSync(resultsDir, { recursive: true });
	const jsonFile = join(resultsDir, `results-${M.date.replace(/[:.]/g, '-')}.json`);
	writeFileSync(jsonFile, JSON.stringify({ machine: M, args, results: R }, null, 2));
	log(`raw results: ${jsonFile} (re-render: node bench/report.mjs ${jsonFile})`);
	if (args.out !== '-') log(`wrote ${writeReport(join(REPO_ROOT, args.out), R, M)}`);
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
