// `npm run bench:profile`: where n8n's main thread spends its time while a node sends 1,000 creates.
// Runs `n8n execute` of the bench workflows (bench/workflows.mjs) under V8's CPU profiler
// (`node --cpu-prof`) against the sandbox, then adds up the samples between the node's first call and
// its last frame by package (node_modules/<package>; `node-core` = Node's own http/net code).
// Profiling slows everything down about twofold: read the shares, not the absolute times.
//
//   npm run bench:profile                               neo10, neo100, httpInline; 1000 items, 50 ms
//   npm run bench:profile -- --only neo10 --n 500 --keep  keep the .cpuprofile files (Chrome DevTools)
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../scripts/lib/realN8n.mjs';
import { setup, UNLIMITED } from './harness.mjs';
import { httpWorkflow, neoWorkflow } from './workflows.mjs';

const { values: args } = parseArgs({
	options: {
		only: { type: 'string', default: 'neo10,neo100,httpInline' },
		n: { type: 'string', default: '1000' },
		latency: { type: 'string', default: '50' },
		keep: { type: 'boolean', default: false },
	},
});
const N = Number(args.n);

// the node under test's code: where its window starts (first call) and ends (last frame seen)
const NEO = { start: /n8n-nodes-neo\/.*#execute$/, end: /n8n-nodes-neo\// };
const HTTP = { start: /HttpRequest\/.*#execute$/, end: /HttpRequest\// };
const VARIANTS = {
	neo10: { marker: NEO, wf: () => neoWorkflow(N, { concurrency: 10 }) },
	neo100: { marker: NEO, wf: () => neoWorkflow(N, { concurrency: 100 }) },
	httpInline: { marker: HTTP, wf: (sandbox) => httpWorkflow(N, sandbox, { auth: 'inline' }) },
};

function packageOf(url) {
	if (!url) return '(native, GC)';
	const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(url);
	if (m) return m[1];
	return url.startsWith('node:') ? 'node-core' : url.split('/').slice(-2).join('/');
}

/** Busy time by package inside the node's window; idle samples counted apart. */
export function analyzeProfile(profile, marker) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const times = [];
	let t = profile.startTime;
	for (const d of profile.timeDeltas) times.push((t += d));
	const onStack = (id, re) => {
		for (let x = id; x; x = parent.get(x)) {
			const f = byId.get(x).callFrame;
			if (re.test(`${f.url}#${f.functionName}`)) return true;
		}
		return false;
	};
	let first = -1;
	let last = -1;
	profile.samples.forEach((id, i) => {
		if (first < 0 && onStack(id, marker.start)) first = i;
		if (first >= 0 && onStack(id, marker.end)) last = i;
	});
	const byPackage = new Map();
	let busyUs = 0;
	let idleUs = 0;
	for (let i = first; i >= 0 && i <= last; i++) {
		const frame = byId.get(profile.samples[i]).callFrame;
		const dt = (times[i + 1] ?? times[i]) - times[i];
		if (frame.functionName === '(idle)') {
			idleUs += dt;
			continue;
		}
		busyUs += dt;
		const key =
			frame.functionName === '(garbage collector)' ? '(garbage collector)' : packageOf(frame.url);
		byPackage.set(key, (byPackage.get(key) ?? 0) + dt);
	}
	return {
		windowMs: (times[last] - times[first]) / 1000,
		busyMs: busyUs / 1000,
		idleMs: idleUs / 1000,
		packages: [...byPackage].sort((a, b) => b[1] - a[1]).map(([name, us]) => [name, us / 1000]),
	};
}

async function profiledExecute(n8n, id) {
	const dir = mkdtempSync(join(tmpdir(), 'neo-prof-'));
	const env = {
		...n8n.env,
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_PORT: String(await freePort()),
	};
	const args = ['--cpu-prof', `--cpu-prof-dir=${dir}`, n8n.install.bin, 'execute', `--id=${id}`];
	const code = await new Promise((resolve) => {
		const child = spawn(n8n.install.node, args, { env, cwd: env.N8N_USER_FOLDER, stdio: 'ignore' });
		child.on('close', resolve);
	});
	const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
	if (code !== 0 || !file) throw new Error(`n8n execute --id=${id} exited ${code}`);
	return { dir, profile: JSON.parse(readFileSync(join(dir, file), 'utf8')) };
}

const log = (m) => console.error(`[profile] ${m}`);
const ctx = await setup({ log });
try {
	await ctx.sandbox.configure({
		latencyMs: Number(args.latency),
		latencyJitterMs: 0,
		rateLimit: UNLIMITED,
	});
	const chosen = args.only.split(',').filter((v) => VARIANTS[v]);
	const workflows = Object.fromEntries(chosen.map((v) => [v, VARIANTS[v].wf(ctx.sandbox)]));
	await ctx.n8n.importWorkflows(Object.values(workflows));
	for (const name of chosen) {
		await ctx.sandbox.reset();
		const { dir, profile } = await profiledExecute(ctx.n8n, workflows[name].id);
		const created = (await ctx.sandbox.state()).created.channels;
		const r = analyzeProfile(profile, VARIANTS[name].marker);
		console.log(
			`\n${name}: ${created} created; node window ${r.windowMs.toFixed(0)} ms, main thread busy ${r.busyMs.toFixed(0)} ms (${(r.busyMs / N).toFixed(2)} ms per request, profiled), idle ${r.idleMs.toFixed(0)} ms`,
		);
		for (const [pkg, ms] of r.packages.slice(0, 12))
			console.log(
				`  ${ms.toFixed(0).padStart(6)} ms  ${((100 * ms) / r.busyMs).toFixed(1).padStart(5)} %  ${pkg}`,
			);
		if (args.keep) log(`kept ${dir}`);
		else rmSync(dir, { recursive: true, force: true });
	}
	console.log(
		`\nReproduce: npm run bench:profile -- --only ${chosen.join(',')} --n ${N} --latency ${args.latency}`,
	);
} finally {
	await ctx.dispose();
}
