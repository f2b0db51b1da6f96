// The bench's report: renders measured results (bench/run.mjs) as Markdown and writes the generated
// part of BENCHMARKS.md, between the bench:begin / bench:end markers. Measures nothing.
//
//   node bench/report.mjs .cache/bench/results-<date>.json [--out BENCHMARKS.md]   re-render a run
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const fmtS = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'n/a');
export const fmtX = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a');
export const fmtMB = (kb) => (Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} MB` : 'n/a');
const fmtMs = (ms) => (Number.isFinite(ms) ? `${ms.toFixed(2)} ms` : '–');
const verdict = (ok) => (ok === undefined ? '' : ok ? 'met' : '**missed**');

/** The targets of issue 12, one place. */
export const TARGETS = {
	p1Neo10VsFloor: 1.1,
	p1Neo100VsHttp: 1.0,
	p2VsFloor: 1.03,
};

const latencyText = (p) =>
	p.latency.latencyJitterMs
		? `${p.latency.latencyMs} ms ${p.latency.latencyDistribution} jitter ${p.latency.latencyJitterMs} ms (seed ${p.latency.latencySeed})`
		: `${p.latency.latencyMs} ms fixed`;

const shapeName = (p) =>
	p.shape === 'real' ? "Neo's real shape" : p.shape === 'scaled' ? 'scaled' : 'custom';

export function summaryTable(R) {
	const lines = ['| Row | Measured (median) | Target | Result |', '| --- | --- | --- | --- |'];
	for (const p of R.p1 ?? []) {
		const get = (n) => p.rows.find((x) => x.name === n);
		const r = p.ratios;
		const head = `P1 ${p.n} creates, ${latencyText(p)}`;
		if (get('neo10') && get('floor10'))
			lines.push(
				`| ${head}, 10 in flight | Neo ${fmtS(get('neo10').nodeMs)} vs undici ${fmtS(get('floor10').nodeMs)} = ${fmtX(r.neo10VsFloor)} | ≤ ${TARGETS.p1Neo10VsFloor}× floor | ${verdict(r.neo10VsFloor <= TARGETS.p1Neo10VsFloor)} |`,
			);
		for (const [name, label, ratio] of [
			['httpInline', 'header typed inline', r.neo100VsHttpInline],
			['httpCred', 'Header Auth credential', r.neo100VsHttpCred],
		])
			if (get('neo100') && get(name))
				lines.push(
					`| ${head}, 100 in flight vs HTTP Request (${label}) | Neo ${fmtS(get('neo100').nodeMs)} vs ${fmtS(get(name).nodeMs)} = ${fmtX(ratio)}; main-thread CPU per request ${fmtMs(get('neo100').mainCpuPerRequestMs)} vs ${fmtMs(get(name).mainCpuPerRequestMs)} | no slower (≤ 1.00×) | ${verdict(ratio <= TARGETS.p1Neo100VsHttp)} |`,
				);
	}
	for (const p of R.p2 ?? []) {
		const neo = p.rows.find((x) => x.name === 'neo10');
		if (!neo) continue;
		const dup = neo.duplicates + neo.conflicts409;
		const ok = neo.failures === 0 && dup === 0 && neo.rateLimited === 0;
		lines.push(
			`| P2 ${shapeName(p)}: ${p.limit} / ${p.windowMs / 1000} s, ${p.n} creates, 10 in flight | ${neo.successes} ok, ${neo.failures} failed, ${dup} duplicates, ${neo.rateLimited} × 429; ${fmtS(neo.nodeMs)} = ${fmtX(neo.vsFloor)} of ${fmtS(p.floorMs)} (${fmtS(p.rateFloorMs)} + last window ${fmtS(p.lastWindowMs)}) | 0 failed, 0 duplicates, 0 × 429, ≤ ${TARGETS.p2VsFloor}× | ${ok ? 'met' : '**missed**'} (failures, duplicates, 429s); ${verdict(neo.vsFloor <= TARGETS.p2VsFloor)} (time) |`,
		);
	}
	for (const q of R.p2queue ?? []) {
		if (q.failed) {
			lines.push(
				`| P2 queue mode, ${shapeName(q)}: ${q.limit} / ${q.windowMs / 1000} s, ${q.n} creates | the row failed: ${q.failed.replace(/\|/g, '/')} | 0 failed, 0 duplicates | **not measured** |`,
			);
			continue;
		}
		const ok = q.failures === 0 && q.duplicates + q.conflicts409 === 0;
		lines.push(
			`| P2 queue mode (PostgreSQL, main + 2 workers), ${shapeName(q)}: ${q.limit} / ${q.windowMs / 1000} s, ${q.n} creates, 2 × 10 in flight | ${q.successes} ok, ${q.failures} failed, ${q.duplicates + q.conflicts409} duplicates, ${q.rateLimited} × 429 met; ${fmtS(q.nodeMs)} = ${fmtX(q.vsFloor)} of ${fmtS(q.floorMs)} | 0 failed, 0 duplicates; ratio and 429s reported | ${verdict(ok)} |`,
		);
	}
	if (R.p3)
		lines.push(
			`| P3 memory, ${R.p3.n} items: peak RSS growth over No-op | Neo +${fmtMB(R.p3.neoGrowthKb)} vs HTTP Request (header inline) +${fmtMB(R.p3.httpGrowthKb)} | no larger | ${verdict(R.p3.neoGrowthKb <= R.p3.httpGrowthKb)} |`,
		);
	if (R.p4)
		lines.push(
			`| P4 footprint | ${(R.p4.size / 1000).toFixed(1)} kB packed (${(R.p4.unpackedSize / 1000).toFixed(1)} kB unpacked), ${R.p4.files} files, ${R.p4.deps} runtime dependencies | ≤ 60 kB, 0 | ${verdict(R.p4.size <= 60_000 && R.p4.deps === 0)} |`,
		);
	return lines.join('\n');
}

function p1Details(p) {
	const out = [
		`### P1 throughput (no server limit): ${p.n} Channel → Create, latency ${latencyText(p)}, ${p.runs} runs each (interleaved)`,
		'',
		'"Node" is the node\'s `executionTime` in the run data (for undici: the whole client run). "Main-thread CPU / request": CPU time of the `n8n execute` main thread (/proc/<pid>/task/<pid>/stat) beyond the No-op workflow\'s, divided by the requests; it includes evaluating each item\'s parameters and n8n\'s HTTP stack.',
		'',
		'| Variant | Node (median) | First request after | Main-thread CPU / request | CLI wall (median) | Created | Runs (node ms) |',
		'| --- | --- | --- | --- | --- | --- | --- |',
	];
	for (const r of p.rows) {
		const isFloor = r.name.startsWith('floor');
		out.push(
			`| ${r.what} | ${fmtS(r.nodeMs)} | ${isFloor || r.name === 'noop' ? '–' : fmtS(r.firstRequestMs)} | ${fmtMs(r.mainCpuPerRequestMs)} | ${isFloor ? '–' : fmtS(r.cliMs)} | ${r.created} | ${r.all.join(', ')} |`,
		);
	}
	const q = p.ratios;
	out.push(
		'',
		`Ratios: Neo(10) / floor(10) = ${fmtX(q.neo10VsFloor)}; Neo(100) / floor(100) = ${fmtX(q.neo100VsFloor)}; Neo(100) / HTTP Request inline = ${fmtX(q.neo100VsHttpInline)}; Neo(100) / HTTP Request with credential = ${fmtX(q.neo100VsHttpCred)}.`,
		'',
		`Reproduce: \`${p.command}\``,
		'',
	);
	return out;
}

function p2Details(p) {
	const out = [
		`### P2 under the rate limit (${p.shape}): ${p.n} creates, sliding window ${p.limit} / ${p.windowMs / 1000} s, 429 + Retry-After (seconds), latency ${p.latencyMs} ms fixed, ${p.runs} run(s)`,
		'',
		`Floor = rate floor (N − limit) / limit × window = ${fmtS(p.rateFloorMs)}, plus the last window's ${p.limit} requests at 10 in flight as the undici floor sends them against the same sandbox (${fmtS(p.lastWindowMs)}): ${fmtS(p.floorMs)}. Duplicates = channels created twice under one name (a re-sent create of a name that exists shows up as a 409).`,
		'',
		'| Variant | Successes | Failures | Created | Duplicates / 409 | 429s met | Requests | Node time | vs floor | Sandbox span | Pauses > 1 s | Error |',
		'| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
	];
	for (const r of p.rows)
		out.push(
			`| ${r.what} | ${r.successes} | ${r.failures} | ${r.created} | ${r.duplicates} / ${r.conflicts409} | ${r.rateLimited} | ${r.requests} | ${fmtS(r.nodeMs)} | ${fmtX(r.vsFloor)} | ${fmtS(r.spanMs)} | ${r.pauses} (${fmtS(r.pausedMs)}) | ${r.error ? r.error.slice(0, 120).replace(/\|/g, '/') : ''} |`,
		);
	out.push('', `Reproduce: \`${p.command}\``, '');
	return out;
}

function p2QueueDetails(q) {
	const out = [
		`### P2 in queue mode (${q.shape}): ${q.n} creates by two n8n workers at once, sliding window ${q.limit} / ${q.windowMs / 1000} s, latency ${q.latencyMs} ms fixed`,
		'',
		`PostgreSQL + Redis + n8n main + 2 workers (\`--concurrency=1\` each), all on loopback (\`scripts/lib/queueCluster.mjs\`). The provisioning workflow (Webhook → ${q.n / 2} items → Neo Channel → Create, 10 in flight) is called twice at once; each worker runs one call under the same API key, so both share one rate limit and neither sees the other's requests. Time = first Target start to last Target end across both executions (run data read from PostgreSQL); floor = rate floor ${fmtS(q.rateFloorMs)} + the last window's ${q.limit} requests at 20 in flight by the undici client (${fmtS(q.lastWindowMs)}) = ${fmtS(q.floorMs)}.`,
		'',
		'| Execution | Worker | Status | Items out | Target node time | Error |',
		'| --- | --- | --- | --- | --- | --- |',
		...q.executions.map(
			(e) =>
				`| ${e.id} | ${e.worker ?? '?'} | ${e.status} | ${e.outputItems} | ${fmtS(e.targetMs)} | ${e.error ? String(e.error).slice(0, 120).replace(/\|/g, '/') : ''} |`,
		),
		'',
		`Both together: ${q.successes} ok, ${q.failures} failed, ${q.created} created, ${q.duplicates} duplicates / ${q.conflicts409} × 409, ${q.rateLimited} × 429 met, ${q.requests} requests; ${fmtS(q.nodeMs)} = ${fmtX(q.vsFloor)} of the floor (first webhook call to last execution stopped: ${fmtS(q.wallMs)}).`,
		'',
		`Reproduce: \`${q.command}\``,
		'',
	];
	return out;
}

function p3Details(p) {
	const runs = (name) => (p.all[name] ?? []).map(fmtMB).join(', ');
	return [
		`### P3 memory: ${p.n} items, sandbox latency 0, ${p.runs} runs each`,
		'',
		'Peak RSS (VmHWM) of the `n8n execute` process, sampled every 50 ms from /proc; the internal task runner (Code node) is a separate process and not included. Both request-sending workflows send the same 10,000 creates and output the created channels.',
		'',
		'| Workflow | Peak RSS (median) | Growth over No-op | Node time | Items out | Runs |',
		'| --- | --- | --- | --- | --- | --- |',
		`| Items → Neo (Channel → Create, defaults: 5 in parallel) | ${fmtMB(p.neoPeakKb)} | +${fmtMB(p.neoGrowthKb)} | ${fmtS(p.neoNodeMs)} | ${p.neoItems} | ${runs('neo')} |`,
		`| Items → HTTP Request (header inline, defaults) | ${fmtMB(p.httpPeakKb)} | +${fmtMB(p.httpGrowthKb)} | ${fmtS(p.httpNodeMs)} | ${p.httpItems} | ${runs('httpInline')} |`,
		`| Items → No Operation | ${fmtMB(p.noopPeakKb)} | – | – | – | ${runs('noop')} |`,
		'',
		`Reproduce: \`${p.command}\``,
		'',
	];
}

export function detailTables(R) {
	const out = [];
	for (const p of R.p1 ?? []) out.push(...p1Details(p));
	for (const p of R.p2 ?? []) out.push(...p2Details(p));
	for (const q of R.p2queue ?? []) if (!q.failed) out.push(...p2QueueDetails(q));
	if (R.p3) out.push(...p3Details(R.p3));
	if (R.p4)
		out.push(
			'### P4 footprint',
			'',
			'| Packed | Unpacked | Files | Runtime dependencies |',
			'| --- | --- | --- | --- |',
			`| ${R.p4.size} B | ${R.p4.unpackedSize} B | ${R.p4.files} | ${R.p4.deps} |`,
			'',
			`Reproduce: \`${R.p4.command}\` (and \`npm run bench -- --rows p4\`)`,
			'',
		);
	return out.join('\n');
}

function machineBlock(M) {
	return [
		`- Date: ${M.date} (run took ${Number(M.minutes ?? NaN).toFixed(1)} min)`,
		`- Machine: ${M.nproc} CPUs (\`nproc\`), ${M.cpu}, ${M.memory}, ${M.os}`,
		`- Load average (1/5/15 min): ${M.loadAtStart} at start, ${M.loadAtEnd ?? 'n/a'} at the end`,
		`- n8n ${M.n8n} on Node ${M.n8nNode} (scripts/real-n8n/install.sh 2), SQLite, CLI \`execute --id --rawOutput\` (the queue-mode row: PostgreSQL, \`n8n start\` + \`n8n worker\`); package installed as a community package from \`npm pack\``,
		`- Bench driver and undici ${M.undici} floor: Node ${M.benchNode}; the sandbox: Node ${M.benchNode} (ts-node, separate process)`,
		`- Package at commit ${M.commit} (${M.dirty}), \`dist/\` as built${M.tarball ? `; tarball ${M.tarball}` : ''}`,
	].join('\n');
}

/** Replaces the generated part of `path` (or appends it); returns the path. */
export function writeReport(path, R, M) {
	const generated = [
		'<!-- bench:begin (generated by `npm run bench`; edits between these markers are overwritten) -->',
		'## Results',
		'',
		machineBlock(M),
		'',
		'### Summary',
		'',
		summaryTable(R),
		'',
		detailTables(R),
		'<!-- bench:end -->',
	].join('\n');
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
	return path;
}

if (process.argv[1] && basename(process.argv[1]) === 'report.mjs') {
	const { values, positionals } = parseArgs({
		allowPositionals: true,
		options: { out: { type: 'string', default: 'BENCHMARKS.md' } },
	});
	if (positionals.length !== 1) {
		console.error('usage: node bench/report.mjs <results.json> [--out BENCHMARKS.md]');
		process.exit(2);
	}
	const { machine, results } = JSON.parse(readFileSync(positionals[0], 'utf8'));
	console.log(summaryTable(results));
	console.log(`wrote ${writeReport(resolve(values.out), results, machine)}`);
}
