// `npm run bench` — the Neo node against n8n's HTTP Request node and a raw undici client, in real
// n8n (CLI: import:workflow, then `execute --id --rawOutput`), against the Neo sandbox in its own
// process. Prints a table (medians, ratios, the command that reproduces each row) and rewrites the
// generated part of BENCHMARKS.md. No assertions: a benchmark prints numbers.
//
//   npm run bench                                   all rows, full sizes
//   npm run bench -- --rows p1 --n 200 --runs 2     a quick look at one row
//   npm run bench -- --rows p1 --only neo100,floor100
//   npm run bench -- --help
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { n8nInstall, REPO_ROOT, CACHE_DIR } from '../test/e2e/realN8n.mjs';
import { executeSampled, setup, targetTiming, UNLIMITED } from './harness.mjs';
import { httpWorkflow, neoWorkflow, noopWorkflow, shapedWorkflow } from './workflows.mjs';

const HELP = `npm run bench -- [options]
  --rows p1,p2,p3,p4,overhead   rows to run (default: all)
  --only a,b                    variants to run inside the rows:
                                  p1: floor10,neo10,floor100,neo100,http,noop
                                  overhead: floor100,neo5,neo100,http,noop
                                  p2: neo10,httpRetry    p3: neo,noop,shaped
  --n 1000                      items for P1 and the overhead row
  --runs 5                      repetitions for P1 and the overhead row (median reported)
  --latency 50                  sandbox latency for P1 and P2 (ms)
  --p2-n 1000 --p2-limit 100 --p2-window-ms 6000 --p2-runs 1
  --p3-n 10000 --p3-runs 3
  --out BENCHMARKS.md           where to write the results ("-" = do not write)`;

const { values: args } = parseArgs({
	options: {
		rows: { type: 'string', default: 'p1,p2,p3,p4,overhead' },
		only: { type: 'string' },
		n: { type: 'string', default: '1000' },
		runs: { type: 'string', default: '5' },
		latency: { type: 'string', default: '50' },
		'p2-n': { type: 'string', default: '1000' },
		'p2-limit': { type: 'string', default: '100' },
		'p2-window-ms': { type: 'string', default: '6000' },
		'p2-runs': { type: 'string', default: '1' },
		'p3-n': { type: 'string', default: '10000' },
		'p3-runs': { type: 'string', default: '3' },
		out: { type: 'string', default: 'BENCHMARKS.md' },
		help: { type: 'boolean', default: false },
	},
});
if (args.help) {
	console.log(HELP);
	process.exit(0);
}
const ROWS = new Set(args.rows.split(',').map((s) => s.trim().toLowerCase()));
const ONLY = args.only ? new Set(args.only.split(',').map((s) => s.trim())) : undefined;
const want = (variant) => !ONLY || ONLY.has(variant);
const N = Number(args.n);
const RUNS = Number(args.runs);
const LATENCY = Number(args.latency);
const P2 = {
	n: Number(args['p2-n']),
	limit: Number(args['p2-limit']),
	windowMs: Number(args['p2-window-ms']),
	runs: Number(args['p2-runs']),
};
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
const fmtS = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'n/a');
const fmtX = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a');
const fmtMB = (kb) => (Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} MB` : 'n/a');
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
// the undici floor, in its own process (nothing else on its event loop)

function floorRun(sandbox, n, connections, prefix) {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			[
				join(REPO_ROOT, 'bench', 'undiciFloor.mjs'),
				'--url',
				sandbox.url,
				'--key',
				sandbox.keys.tenant,
				'--n',
				String(n),
				'--connections',
				String(connections),
				'--prefix',
				prefix,
			],
			{ stdio: ['ignore', 'pipe', 'inherit'] },
		);
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.on('close', (code) =>
			code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`undiciFloor exited ${code}`)),
		);
	});
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
		if (r.noRunData) throw r.noRunData;
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

async function rowP1(ctx) {
	const { sandbox } = ctx;
	await sandbox.configure({ latencyMs: LATENCY, rateLimit: UNLIMITED });
	const variants = [];
	for (const c of [10, 100]) {
		if (want(`floor${c}`))
			variants.push({
				name: `floor${c}`,
				run: async (i) => {
					await sandbox.reset();
					const r = await floorRun(sandbox, N, c, `p1f${c}r${i}`);
					log(`p1 floor${c}: ${fmtS(r.ms)} (${r.ok} created)`);
					return { ...r, nodeMs: r.ms };
				},
			});
		if (want(`neo${c}`))
			variants.push({
				name: `neo${c}`,
				run: () => execRun(ctx, ctx.wf[`neo${c}`], { label: `p1 neo${c}` }),
			});
	}
	if (want('http'))
		variants.push({ name: 'http', run: () => execRun(ctx, ctx.wf.http, { label: 'p1 http' }) });
	if (want('noop'))
		variants.push({ name: 'noop', run: () => execRun(ctx, ctx.wf.noop, { label: 'p1 noop' }) });
	const res = await interleaved(variants, RUNS);
	const m = (name, key = 'nodeMs') => median((res[name] ?? []).map((r) => r[key]));
	const noopCli = m('noop', 'cliMs');
	const line = (name, what) => ({
		name,
		what,
		nodeMs: m(name),
		cliMs: m(name, 'cliMs'),
		firstRequestMs: m(name, 'firstRequestMs'),
		beyondStartupMs: m(name, 'cliMs') - noopCli,
		created: median((res[name] ?? []).map((r) => r.created ?? r.ok)),
		runs: (res[name] ?? []).length,
		all: (res[name] ?? []).map((r) => Math.round(r.nodeMs)),
	});
	const rows = [
		line('floor10', 'undici Pool, 10 connections (floor)'),
		line('neo10', 'Neo node, Requests in Parallel 10'),
		line('floor100', 'undici Pool, 100 connections (floor)'),
		line('neo100', 'Neo node, Requests in Parallel 100'),
		line('http', 'HTTP Request node, defaults (all items at once)'),
		line('noop', 'No Operation node (n8n start-up, same items)'),
	].filter((r) => r.runs > 0);
	const ratios = {
		neo10VsFloor: m('neo10') / m('floor10'),
		neo100VsFloor: m('neo100') / m('floor100'),
		neo100VsHttp: m('neo100') / m('http'),
		neo100VsHttpBeyondStartup: (m('neo100', 'cliMs') - noopCli) / (m('http', 'cliMs') - noopCli),
	};
	return {
		n: N,
		latencyMs: LATENCY,
		runs: RUNS,
		rows,
		ratios,
		raw: res,
		command: cmd(`--rows p1 --n ${N} --runs ${RUNS} --latency ${LATENCY}`),
	};
}

async function rowOverhead(ctx) {
	const { sandbox } = ctx;
	await sandbox.configure({ latencyMs: 0, rateLimit: UNLIMITED });
	const variants = [];
	if (want('floor100'))
		variants.push({
			name: 'floor100',
			run: async (i) => {
				await sandbox.reset();
				const r = await floorRun(sandbox, N, 100, `ovf${i}`);
				log(`overhead floor100: ${fmtS(r.ms)}`);
				return { ...r, nodeMs: r.ms };
			},
		});
	if (want('neo5'))
		variants.push({
			name: 'neo5',
			run: () => execRun(ctx, ctx.wf.neoDefault, { label: 'overhead neo (default, 5)' }),
		});
	if (want('neo100'))
		variants.push({
			name: 'neo100',
			run: () => execRun(ctx, ctx.wf.neo100, { label: 'overhead neo100' }),
		});
	if (want('http'))
		variants.push({
			name: 'http',
			run: () => execRun(ctx, ctx.wf.http, { label: 'overhead http' }),
		});
	if (want('noop'))
		variants.push({
			name: 'noop',
			run: () => execRun(ctx, ctx.wf.noop, { label: 'overhead noop' }),
		});
	const res = await interleaved(variants, RUNS);
	const m = (name, key = 'nodeMs') => median((res[name] ?? []).map((r) => r[key]));
	const rows = [
		['floor100', 'undici Pool, 100 connections (sandbox + loopback only)'],
		['neo5', 'Neo node, defaults (5 in parallel)'],
		['neo100', 'Neo node, Requests in Parallel 100'],
		['http', 'HTTP Request node, defaults'],
		['noop', 'No Operation node'],
	]
		.filter(([name]) => (res[name] ?? []).length > 0)
		.map(([name, what]) => ({
			name,
			what,
			nodeMs: m(name),
			perItemMs: m(name) / N,
			cliMs: m(name, 'cliMs'),
			runs: res[name].length,
			all: res[name].map((r) => Math.round(r.nodeMs)),
		}));
	return {
		n: N,
		runs: RUNS,
		rows,
		raw: res,
		command: cmd(`--rows overhead --n ${N} --runs ${RUNS}`),
	};
}

async function rowP2(ctx) {
	const { sandbox } = ctx;
	await sandbox.configure({
		latencyMs: LATENCY,
		rateLimit: { limit: P2.limit, windowMs: P2.windowMs },
		retryAfterFormat: 'seconds',
	});
	const floorMs = ((P2.n - P2.limit) / P2.limit) * P2.windowMs;
	const variants = [];
	const withDuplicates = async (label, wf) => {
		const r = await execRun(ctx, wf, { label });
		const reqs = await sandbox.requests();
		const createdNames = reqs.filter((q) => q.status === 201).map((q) => q.body?.internal_name);
		r.distinctCreated = new Set(createdNames).size;
		r.duplicates = createdNames.length - r.distinctCreated;
		r.conflicts409 = reqs.filter((q) => q.status === 409).length;
		r.failures = P2.n - (r.nodeError ? 0 : r.outputItems);
		return r;
	};
	if (want('neo10'))
		variants.push({ name: 'neo10', run: () => withDuplicates('p2 neo10', ctx.wf.p2neo) });
	if (want('httpRetry'))
		variants.push({ name: 'httpRetry', run: () => withDuplicates('p2 http retry', ctx.wf.p2http) });
	const res = await interleaved(variants, P2.runs);
	const rows = [
		['neo10', 'Neo node, defaults + Requests in Parallel 10'],
		['httpRetry', 'HTTP Request node, Retry On Fail (5 tries, 1000 ms)'],
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
		...P2,
		latencyMs: LATENCY,
		floorMs,
		rows,
		raw: res,
		command: cmd(
			`--rows p2 --p2-n ${P2.n} --p2-limit ${P2.limit} --p2-window-ms ${P2.windowMs} --p2-runs ${P2.runs} --latency ${LATENCY}`,
		),
	};
}

async function rowP3(ctx) {
	const { sandbox } = ctx;
	await sandbox.configure({ latencyMs: 0, rateLimit: UNLIMITED });
	const variants = [];
	if (want('neo'))
		variants.push({ name: 'neo', run: () => execRun(ctx, ctx.wf.p3neo, { label: 'p3 neo' }) });
	if (want('noop'))
		variants.push({ name: 'noop', run: () => execRun(ctx, ctx.wf.p3noop, { label: 'p3 noop' }) });
	if (want('shaped'))
		variants.push({
			name: 'shaped',
			run: () => execRun(ctx, ctx.wf.p3shaped, { label: 'p3 shaped (same output, no requests)' }),
		});
	const res = await interleaved(variants, P3.runs);
	const m = (name, k) => median((res[name] ?? []).map((r) => r[k]));
	return {
		...P3,
		neoPeakKb: m('neo', 'peakRssKb'),
		noopPeakKb: m('noop', 'peakRssKb'),
		growthKb: m('neo', 'peakRssKb') - m('noop', 'peakRssKb'),
		shapedPeakKb: m('shaped', 'peakRssKb'),
		neoNodeMs: m('neo', 'nodeMs'),
		neoItems: m('neo', 'outputItems'),
		runnerKb: m('neo', 'runnerPeakRssKb'),
		all: {
			neo: (res.neo ?? []).map((r) => r.peakRssKb),
			noop: (res.noop ?? []).map((r) => r.peakRssKb),
			shaped: (res.shaped ?? []).map((r) => r.peakRssKb),
		},
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
// report

const verdict = (ok) => (ok === undefined ? '' : ok ? 'met' : '**missed**');

function summaryTable(R) {
	const lines = ['| Row | Measured (median) | Target | Result |', '| --- | --- | --- | --- |'];
	if (R.p1) {
		const r = R.p1.ratios;
		const get = (n) => R.p1.rows.find((x) => x.name === n);
		if (get('neo10') && get('floor10'))
			lines.push(
				`| P1 throughput, ${R.p1.n} creates, ${R.p1.latencyMs} ms latency, 10 in flight | Neo ${fmtS(get('neo10').nodeMs)} vs undici ${fmtS(get('floor10').nodeMs)} = ${fmtX(r.neo10VsFloor)} | ≤ 1.15× floor | ${verdict(r.neo10VsFloor <= 1.15)} |`,
			);
		if (get('neo100') && get('floor100'))
			lines.push(
				`| P1 throughput, 100 in flight | Neo ${fmtS(get('neo100').nodeMs)} vs undici ${fmtS(get('floor100').nodeMs)} = ${fmtX(r.neo100VsFloor)} | ≤ 1.15× floor | ${verdict(r.neo100VsFloor <= 1.15)} |`,
			);
		if (get('neo100') && get('http'))
			lines.push(
				`| P1, 100 in flight vs HTTP Request (all at once) | Neo ${fmtS(get('neo100').nodeMs)} vs HTTP Request ${fmtS(get('http').nodeMs)} = ${fmtX(r.neo100VsHttp)} | ≤ 1.00× | ${verdict(r.neo100VsHttp <= 1)} |`,
			);
	}
	if (R.p2) {
		const neo = R.p2.rows.find((x) => x.name === 'neo10');
		const http = R.p2.rows.find((x) => x.name === 'httpRetry');
		if (neo)
			lines.push(
				`| P2 rate limit ${R.p2.limit}/${R.p2.windowMs / 1000} s, ${R.p2.n} creates | Neo: ${neo.successes} ok, ${neo.failures} failed, ${neo.duplicates + neo.conflicts409} duplicates, ${neo.rateLimited} × 429, ${fmtS(neo.nodeMs)} = ${fmtX(neo.vsFloor)} floor (${fmtS(R.p2.floorMs)})${http ? `; HTTP Request + Retry On Fail: ${http.successes} items out, ${http.failures} failed, ${http.created} created, ${http.duplicates + http.conflicts409} repeat creates (409), ${http.rateLimited} × 429` : ''} | 0 failed, 0 duplicates, ≤ 1.10× floor | ${neo.failures === 0 && neo.duplicates + neo.conflicts409 === 0 ? 'met (failures, duplicates)' : '**missed** (failures, duplicates)'}; ${neo.vsFloor <= 1.1 ? 'met (time)' : '**missed** (time)'} |`,
			);
	}
	if (R.p3)
		lines.push(
			`| P3 memory, ${R.p3.n} items | n8n peak RSS ${fmtMB(R.p3.neoPeakKb)} with Neo vs ${fmtMB(R.p3.noopPeakKb)} with No-op: +${fmtMB(R.p3.growthKb)}${Number.isFinite(R.p3.shapedPeakKb) ? ` (same items made by a Set node without requests: +${fmtMB(R.p3.shapedPeakKb - R.p3.noopPeakKb)})` : ''} | ≤ +60 MB | ${verdict(R.p3.growthKb <= 60 * 1024)} |`,
		);
	if (R.p4)
		lines.push(
			`| P4 footprint | ${(R.p4.size / 1000).toFixed(1)} kB packed (${(R.p4.unpackedSize / 1000).toFixed(1)} kB unpacked), ${R.p4.files} files, ${R.p4.deps} runtime dependencies | ≤ 60 kB, 0 | ${verdict(R.p4.size <= 60_000 && R.p4.deps === 0)} |`,
		);
	if (R.overhead) {
		const g = (n) => R.overhead.rows.find((x) => x.name === n);
		const neo = g('neo100') ?? g('neo5');
		if (neo && g('http'))
			lines.push(
				`| Per-item overhead, 0 ms latency, ${R.overhead.n} items | Neo ${neo.perItemMs.toFixed(2)} ms/item (${neo.name === 'neo100' ? '100' : '5'} in flight) vs HTTP Request ${g('http').perItemMs.toFixed(2)} ms/item${g('floor100') ? `; undici ${g('floor100').perItemMs.toFixed(2)} ms/item` : ''} | (reported) | |`,
			);
	}
	return lines.join('\n');
}

function detailTables(R) {
	const out = [];
	if (R.p1) {
		out.push(
			`### P1 throughput (no server limit): ${R.p1.n} Channel → Create, sandbox latency ${R.p1.latencyMs} ms, ${R.p1.runs} runs each (interleaved)`,
		);
		out.push(
			'',
			'"Node" is the node\'s `executionTime` in the run data (for undici: the whole client run). "CLI" is the wall time of `n8n execute`; "beyond start-up" subtracts the No-op workflow\'s CLI time (same items, same Code node).',
			'',
		);
		out.push(
			'| Variant | Node (median) | First request after | CLI wall (median) | CLI beyond start-up | Created | Runs (node ms) |',
			'| --- | --- | --- | --- | --- | --- | --- |',
		);
		for (const r of R.p1.rows)
			out.push(
				`| ${r.what} | ${fmtS(r.nodeMs)} | ${r.name.startsWith('floor') || r.name === 'noop' ? '–' : fmtS(r.firstRequestMs)} | ${r.name.startsWith('floor') ? '–' : fmtS(r.cliMs)} | ${r.name.startsWith('floor') || r.name === 'noop' ? '–' : fmtS(r.beyondStartupMs)} | ${r.created} | ${r.all.join(', ')} |`,
			);
		out.push(
			'',
			"\"First request after\": from the node's start to the first request reaching the sandbox. The Neo node evaluates every item's parameters (n8n's expression engine) before it sends anything; the HTTP Request node starts each item's request as soon as that item is evaluated.",
		);
		const q = R.p1.ratios;
		out.push(
			'',
			`Ratios: Neo(10) / floor(10) = ${fmtX(q.neo10VsFloor)}; Neo(100) / floor(100) = ${fmtX(q.neo100VsFloor)}; Neo(100) / HTTP Request = ${fmtX(q.neo100VsHttp)} (node time), ${fmtX(q.neo100VsHttpBeyondStartup)} (CLI beyond start-up).`,
		);
		out.push(
			'',
			`Reproduce: \`${R.p1.command}\` (one variant: add \`--only neo10,floor10\`; the floor alone against a running sandbox: \`npm run sandbox -- --latency ${R.p1.latencyMs} --rate-limit 100000000/60000\`, then \`node bench/undiciFloor.mjs --url http://127.0.0.1:5680 --key <tenant key> --n ${R.p1.n} --connections 10\`)`,
			'',
		);
	}
	if (R.p2) {
		const p = R.p2;
		out.push(
			`### P2 under the rate limit: ${p.n} creates, sliding window ${p.limit} requests / ${p.windowMs / 1000} s, 429 + Retry-After (seconds), latency ${p.latencyMs} ms, ${p.runs} run(s)`,
		);
		out.push(
			'',
			`Floor = (N − limit) / limit × window = (${p.n} − ${p.limit}) / ${p.limit} × ${p.windowMs / 1000} s = ${fmtS(p.floorMs)}. Duplicates = channels created twice under one name (the sandbox refuses a second create of a name with 409, so a re-sent create that had already succeeded shows up as a 409).`,
			'',
		);
		out.push(
			'| Variant | Successes (items out) | Failures | Created | Duplicates / 409 | 429s met | Requests sent | Node time | vs floor | Sandbox span | Pauses > 1 s | CLI wall | Error |',
			'| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
		);
		for (const r of p.rows)
			out.push(
				`| ${r.what} | ${r.successes} | ${r.failures} | ${r.created} | ${r.duplicates} / ${r.conflicts409} | ${r.rateLimited} | ${r.requests} | ${fmtS(r.nodeMs)} | ${fmtX(r.vsFloor)} | ${fmtS(r.spanMs)} | ${r.pauses} (${fmtS(r.pausedMs)}) | ${fmtS(r.cliMs)} | ${r.error ? r.error.slice(0, 120).replace(/\|/g, '/') : ''} |`,
			);
		out.push('', `Reproduce: \`${p.command}\``, '');
	}
	if (R.p3) {
		const p = R.p3;
		out.push(`### P3 memory: ${p.n} items, sandbox latency 0, ${p.runs} runs each`);
		out.push(
			'',
			'Peak RSS (VmHWM) of the `n8n execute` process, sampled every 50 ms from /proc; the internal task runner (Code node) is a separate process and not included.',
			'',
		);
		out.push('| Workflow | Peak RSS (median) | Runs |', '| --- | --- | --- |');
		out.push(
			`| Items → Neo (Channel → Create, defaults) | ${fmtMB(p.neoPeakKb)} | ${p.all.neo.map(fmtMB).join(', ')} |`,
		);
		out.push(
			`| Items → No Operation | ${fmtMB(p.noopPeakKb)} | ${p.all.noop.map(fmtMB).join(', ')} |`,
		);
		if (p.all.shaped.length)
			out.push(
				`| Items → Set node making the same channel-shaped items (no requests) | ${fmtMB(p.shapedPeakKb)} | ${p.all.shaped.map(fmtMB).join(', ')} |`,
			);
		out.push(
			'',
			`Growth: ${fmtMB(p.growthKb)} over No-op (Neo node time ${fmtS(p.neoNodeMs)}, ${p.neoItems} items out)${p.all.shaped.length ? `; of it, ${fmtMB(p.shapedPeakKb - p.noopPeakKb)} is n8n holding, saving and printing 10,000 channel-sized items (the Set-node workflow, no requests) and ${fmtMB(p.neoPeakKb - p.shapedPeakKb)} comes with the requests (the node plus n8n's HTTP helper)` : ''}.`,
			'',
			`Reproduce: \`${p.command}\``,
			'',
		);
	}
	if (R.p4) {
		out.push(
			'### P4 footprint',
			'',
			`| Packed | Unpacked | Files | Runtime dependencies |`,
			'| --- | --- | --- | --- |',
			`| ${R.p4.size} B | ${R.p4.unpackedSize} B | ${R.p4.files} | ${R.p4.deps} |`,
			'',
			`Reproduce: \`${R.p4.command}\` (and \`${cmd('--rows p4')}\`)`,
			'',
		);
	}
	if (R.overhead) {
		out.push(
			`### Per-item overhead at 0 ms latency: ${R.overhead.n} creates, ${R.overhead.runs} runs each`,
			'',
		);
		out.push(
			'| Variant | Node time (median) | Per item | CLI wall | Runs (node ms) |',
			'| --- | --- | --- | --- | --- |',
		);
		for (const r of R.overhead.rows)
			out.push(
				`| ${r.what} | ${fmtS(r.nodeMs)} | ${r.perItemMs.toFixed(3)} ms | ${r.name.startsWith('floor') ? '–' : fmtS(r.cliMs)} | ${r.all.join(', ')} |`,
			);
		out.push('', `Reproduce: \`${R.overhead.command}\``, '');
	}
	return out.join('\n');
}

function machineBlock(M, loadAtEnd) {
	return [
		`- Date: ${M.date} (run took ${((Date.now() - t0) / 60000).toFixed(1)} min)`,
		`- Machine: ${M.nproc} CPUs (\`nproc\`), ${M.cpu}, ${M.memory}, ${M.os}`,
		`- Load average (1/5/15 min): ${M.loadAtStart} at start, ${loadAtEnd} at the end`,
		`- n8n ${M.n8n} on Node ${M.n8nNode} (scripts/real-n8n/install.sh 2), SQLite, CLI \`execute --id --rawOutput\`; package installed as a community package from \`npm pack\``,
		`- Bench driver and undici ${M.undici} floor: Node ${M.benchNode}; the sandbox: Node ${M.benchNode} (ts-node, separate process)`,
		`- Package at commit ${M.commit} (${M.dirty}), \`dist/\` as built${M.tarball ? `; tarball ${M.tarball}` : ''}`,
	].join('\n');
}

function writeReport(file, R, M) {
	const loadAtEnd = loadavg()
		.map((x) => x.toFixed(2))
		.join(' ');
	const generated = [
		'<!-- bench:begin (generated by `npm run bench`; edits between these markers are overwritten) -->',
		'## Results',
		'',
		machineBlock(M, loadAtEnd),
		'',
		'### Summary',
		'',
		summaryTable(R),
		'',
		detailTables(R),
		'<!-- bench:end -->',
	].join('\n');
	const path = join(REPO_ROOT, file);
	let text = existsSync(path)
		? readFileSync(path, 'utf8')
		: '# Benchmarks\n\n<!-- bench:begin -->\n<!-- bench:end -->\n';
	const a = text.indexOf('<!-- bench:begin');
	const b = text.indexOf('<!-- bench:end -->');
	text =
		a >= 0 && b > a
			? text.slice(0, a) + generated + text.slice(b + '<!-- bench:end -->'.length)
			: text + '\n' + generated + '\n';
	writeFileSync(path, text);
	log(`wrote ${path}`);
}

// ---------------------------------------------------------------------------------------------

async function main() {
	if (!n8nInstall('2')) {
		log('n8n 2 is not installed: running scripts/real-n8n/install.sh 2 (several minutes, once)');
		execFileSync('bash', [join(REPO_ROOT, 'scripts', 'real-n8n', 'install.sh'), '2'], {
			stdio: 'inherit',
		});
	}
	if (!existsSync(join(REPO_ROOT, 'dist', 'nodes', 'Neo', 'Neo.node.js'))) {
		log('dist/ missing: npm run build');
		execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
	}
	const M = machine();
	log(`rows ${[...ROWS].join(',')}; ${M.nproc} CPUs, load ${M.loadAtStart}`);
	const R = {};
	if (ROWS.has('p4')) R.p4 = rowP4();
	const needN8n = ['p1', 'p2', 'p3', 'overhead'].some((r) => ROWS.has(r));
	if (needN8n) {
		const ctx = await setup({ log });
		// Ctrl-C / kill: stop the sandbox and remove the throwaway n8n folder before leaving.
		for (const sig of ['SIGINT', 'SIGTERM']) {
			process.once(sig, () => {
				log(`${sig}: cleaning up`);
				ctx.dispose().finally(() => process.exit(130));
			});
		}
		try {
			const { sandbox } = ctx;
			M.tarball = `${ctx.pack.name}@${ctx.pack.version}, sha256 ${ctx.pack.sha256.slice(0, 16)}`;
			ctx.wf = {
				neo10: neoWorkflow(N, { concurrency: 10 }),
				neo100: neoWorkflow(N, { concurrency: 100 }),
				neoDefault: neoWorkflow(N),
				http: httpWorkflow(N, sandbox.url),
				noop: noopWorkflow(N),
				p2neo: neoWorkflow(P2.n, { concurrency: 10 }),
				p2http: httpWorkflow(P2.n, sandbox.url, { retry: { maxTries: 5, waitBetweenTries: 1000 } }),
				p3neo: neoWorkflow(P3.n),
				p3noop: noopWorkflow(P3.n),
				p3shaped: shapedWorkflow(P3.n),
			};
			const ids = new Map(Object.values(ctx.wf).map((w) => [w.id, w]));
			await ctx.n8n.importWorkflows([...ids.values()]);
			if (ROWS.has('p1')) R.p1 = await rowP1(ctx);
			if (ROWS.has('overhead')) R.overhead = await rowOverhead(ctx);
			if (ROWS.has('p3')) R.p3 = await rowP3(ctx);
			if (ROWS.has('p2')) R.p2 = await rowP2(ctx);
		} finally {
			await ctx.dispose();
		}
	}
	console.log('\n' + summaryTable(R) + '\n\n' + detailTables(R));
	const resultsDir = join(CACHE_DIR, '..', 'bench');
	mkdirSync(resultsDir, { recursive: true });
	const jsonFile = join(resultsDir, `results-${M.date.replace(/[:.]/g, '-')}.json`);
	writeFileSync(jsonFile, JSON.stringify({ machine: M, args, results: R }, null, 2));
	log(`raw results: ${jsonFile}`);
	if (args.out !== '-') writeReport(args.out, R, M);
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
