// Drive a REAL n8n (the pinned installs from scripts/real-n8n/install.sh) through its CLI:
// install a packed node package the way a user does, import credentials and workflows, execute a
// workflow by id and read back per-node output items. Plain Node ESM, no TypeScript.
//
//   const n8n = await createN8n({ major: '2', packageDir: REPO_ROOT });
//   await n8n.importCredentials([{ id, name, type: 'neoApi', data: { apiKey, baseUrl } }]);
//   await n8n.importWorkflow(workflowJson);            // node types rewritten for the install mode
//   const run = await n8n.execute(workflowJson.id);    // { ok, nodes: { [name]: { main, error } } }
//   await n8n.dispose();
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join, basename, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
	REPO_ROOT,
	CACHE_DIR,
	n8nInstall,
	n8nEnv,
	makeUserFolder,
	removeUserFolder,
	installedMajors,
	freePort,
} from '../real-n8n/env.mjs';

export { REPO_ROOT, CACHE_DIR, n8nInstall, installedMajors, freePort };

/** The package to test: the repo (its dist/), or a staged build (scripts/real-n8n/stage-build.sh). */
export const PACKAGE_DIR = process.env.REAL_N8N_PACKAGE_DIR
	? resolve(process.env.REAL_N8N_PACKAGE_DIR)
	: REPO_ROOT;

const now = () => performance.now();
const secs = (ms) => Math.round(ms / 100) / 10;

/** `npm pack` the package in `packageDir`; returns the tarball path (in `outDir`). */
export function packPackage(packageDir = PACKAGE_DIR, outDir) {
	if (!outDir) {
		// a fresh folder per pack: parallel runs (a benchmark, the demo) must not share a tarball
		mkdirSync(join(CACHE_DIR, 'packs'), { recursive: true });
		outDir = mkdtempSync(join(CACHE_DIR, 'packs', 'pack-'));
	}
	mkdirSync(outDir, { recursive: true });
	const out = execFileSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', outDir],
		{
			cwd: packageDir,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	const info = JSON.parse(out.slice(out.indexOf('[')));
	return {
		tarball: join(outDir, info[0].filename),
		name: info[0].name,
		version: info[0].version,
		files: info[0].files.map((f) => f.path),
	};
}

/** Run one n8n CLI command; never throws on exit code (callers read the output). */
export function runN8n(install, args, { env, timeoutMs = 240_000, onLine, cwd } = {}) {
	return new Promise((resolve) => {
		const t0 = now();
		const child = spawn(install.node, [install.bin, ...args], {
			env,
			cwd: cwd ?? env.N8N_USER_FOLDER,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => {
			stdout += d;
			if (onLine) for (const l of String(d).split('\n')) if (l) onLine(l, 'stdout');
		});
		child.stderr.on('data', (d) => {
			stderr += d;
			if (onLine) for (const l of String(d).split('\n')) if (l) onLine(l, 'stderr');
		});
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			stderr += `\n[realN8n] killed after ${timeoutMs} ms`;
		}, timeoutMs);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr, ms: now() - t0, args });
		});
	});
}

/**
 * Find the run data JSON that `n8n execute --rawOutput` prints, ignoring log lines before or
 * after it (and a crash on exit after it). Returns the parsed IRun or null.
 */
export function parseRunOutput(text) {
	const lines = text.split('\n');
	const starts = [];
	const ends = [];
	lines.forEach((l, i) => {
		if (l === '{' || l.startsWith('{"')) starts.push(i);
		if (l === '}' || l.endsWith('}')) ends.push(i);
	});
	for (const s of starts) {
		for (let k = ends.length - 1; k >= 0; k--) {
			const e = ends[k];
			if (e < s) break;
			try {
				const obj = JSON.parse(lines.slice(s, e + 1).join('\n'));
				if (obj && typeof obj === 'object' && obj.data && obj.data.resultData) return obj;
			} catch {
				/* try a shorter span */
			}
		}
	}
	return null;
}

/**
 * Per-node outputs of a run: for each node name, the items' json of its last run:
 * `main` (output 0), `outputs` (all outputs), `error` (the error output when the node has
 * onError=continueErrorOutput: its last output), `executionStatus`, and `nodeError`.
 */
export function summarizeRun(run, workflow) {
	const nodes = {};
	const byName = Object.fromEntries((workflow?.nodes ?? []).map((n) => [n.name, n]));
	const runData = run?.data?.resultData?.runData ?? {};
	for (const [name, runs] of Object.entries(runData)) {
		const last = runs[runs.length - 1] ?? {};
		const outputs = (last.data?.main ?? []).map((items) => (items ?? []).map((it) => it.json));
		const onError = byName[name]?.onError;
		nodes[name] = {
			main: outputs[0] ?? [],
			outputs,
			error: onError === 'continueErrorOutput' ? (outputs[outputs.length - 1] ?? []) : [],
			runs: runs.length,
			executionStatus: last.executionStatus,
			nodeError: last.error
				? { message: last.error.message, description: last.error.description }
				: undefined,
			pairedItems: (last.data?.main ?? []).map((items) => (items ?? []).map((it) => it.pairedItem)),
		};
	}
	return {
		ok: !run?.data?.resultData?.error,
		status: run?.status,
		finished: run?.finished,
		mode: run?.mode,
		lastNodeExecuted: run?.data?.resultData?.lastNodeExecuted,
		error: run?.data?.resultData?.error,
		nodes,
	};
}

/** Rewrite `n8n-nodes-neo.*` node types for the install mode (`CUSTOM.*` for custom extensions). */
export function retypeWorkflow(workflow, { packageName, typePrefix }) {
	const wf = structuredClone(workflow);
	for (const node of wf.nodes) {
		if (node.type.startsWith(packageName + '.'))
			node.type = typePrefix + node.type.slice(packageName.length + 1);
	}
	return wf;
}

/**
 * Create a throwaway n8n "instance" (user folder + SQLite DB) for one major with the package
 * installed. mode 'community' (default): `npm install <tarball>` into <userFolder>/.n8n/nodes
 * (type `<package>.<node>`); mode 'custom': the unpacked tarball's dist/ in
 * N8N_CUSTOM_EXTENSIONS (type `CUSTOM.<node>`).
 */
export async function createN8n({
	major,
	packageDir = PACKAGE_DIR,
	pack,
	mode = process.env.REAL_N8N_INSTALL_MODE ?? 'community',
	log = () => {},
	extraEnv = {},
	encryptionKey,
	userFolder: givenUserFolder, // optional: an existing folder (the dev demo's); default a fresh one under runs/
} = {}) {
	const install = n8nInstall(major);
	if (!install)
		throw new Error(`n8n ${major} is not installed: run scripts/real-n8n/install.sh ${major}`);
	const timings = {};
	const userFolder = givenUserFolder ?? makeUserFolder(`n8n${major}`);
	const packed = pack ?? packPackage(packageDir);
	let t0 = now();
	const extra = { ...extraEnv };
	let typePrefix;
	if (mode === 'community') {
		const nodesDir = join(userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		writeFileSync(
			join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
		// what n8n itself does for a community package, from a local tarball instead of the registry
		execFileSync(
			'npm',
			[
				'install',
				packed.tarball,
				'--omit=dev',
				'--omit=peer',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				'--package-lock=false',
				'--loglevel=error',
			],
			{
				cwd: nodesDir,
				stdio: ['ignore', 'pipe', 'pipe'],
				env: { ...process.env, npm_config_yes: 'true' },
			},
		);
		typePrefix = packed.name + '.';
	} else if (mode === 'custom') {
		const extDir = join(userFolder, 'custom-extension');
		mkdirSync(extDir, { recursive: true });
		execFileSync('tar', ['-xzf', packed.tarball, '-C', extDir]);
		extra.N8N_CUSTOM_EXTENSIONS = join(extDir, 'package', 'dist');
		typePrefix = 'CUSTOM.';
	} else {
		throw new Error(`unknown install mode ${mode}`);
	}
	timings.installPackageMs = now() - t0;
	const env = n8nEnv(install, {
		userFolder,
		encryptionKey: encryptionKey ?? 'e2e-' + randomBytes(12).toString('hex'),
		extra,
	});
	const filesDir = join(userFolder, 'import');
	mkdirSync(filesDir, { recursive: true });
	let seq = 0;

	const run = async (args, opts = {}) => {
		// n8n's task broker listens on a fixed port (5679) by default: give every CLI process its
		// own, so parallel runs (another major, the dev demo, a lingering runner) cannot collide.
		const callEnv = {
			...env,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...(opts.env ?? {}),
		};
		const r = await runN8n(install, args, { ...opts, env: callEnv });
		log(
			`[n8n ${install.version}] ${args.join(' ')} -> exit ${r.code ?? r.signal} in ${secs(r.ms)} s`,
		);
		return r;
	};
	const assertImported = (r, what) => {
		const text = r.stdout + r.stderr;
		if (!/Successfully imported|Imported \d+/i.test(text)) {
			throw new Error(`${what} failed (exit ${r.code ?? r.signal}):\n${text.slice(-4000)}`);
		}
	};

	return {
		install,
		major: install.major,
		version: install.version,
		mode,
		userFolder,
		env,
		packed,
		typePrefix,
		timings,
		run,
		/** Import decrypted credentials (`[{ id, name, type, data }]`). */
		async importCredentials(creds) {
			const file = join(filesDir, `creds-${++seq}.json`);
			writeFileSync(file, JSON.stringify(creds, null, 2));
			const r = await run(['import:credentials', `--input=${file}`]);
			assertImported(r, 'import:credentials');
			return r;
		},
		/** Import one workflow (its JSON carries its own id); node types retyped for this mode. */
		async importWorkflow(workflow) {
			const wf = this.retype(workflow);
			if (!wf.id) throw new Error('workflow needs an id');
			const file = join(filesDir, `wf-${++seq}-${wf.id}.json`);
			writeFileSync(file, JSON.stringify(wf, null, 2));
			const r = await run(['import:workflow', `--input=${file}`]);
			assertImported(r, 'import:workflow');
			return wf;
		},
		/** Import several workflows with one CLI call (`--separate`): a cold n8n start each time costs seconds. */
		async importWorkflows(workflows) {
			const dir = join(filesDir, `wfs-${++seq}`);
			mkdirSync(dir, { recursive: true });
			const out = workflows.map((w) => this.retype(w));
			for (const wf of out) {
				if (!wf.id) throw new Error(`workflow ${wf.name} needs an id`);
				writeFileSync(join(dir, `${wf.id}.json`), JSON.stringify(wf, null, 2));
			}
			const r = await run(['import:workflow', '--separate', `--input=${dir}`]);
			assertImported(r, 'import:workflow --separate');
			return out;
		},
		retype(workflow) {
			return retypeWorkflow(workflow, { packageName: 'n8n-nodes-neo', typePrefix });
		},
		/** Execute a workflow by id; returns the summary plus the raw CLI result. */
		async execute(id, workflow, { timeoutMs } = {}) {
			const r = await run(['execute', `--id=${id}`, '--rawOutput'], { timeoutMs });
			const parsed = parseRunOutput(r.stdout) ?? parseRunOutput(r.stdout + '\n' + r.stderr);
			if (!parsed) {
				const err = new Error(
					`n8n execute --id ${id} printed no run data (exit ${r.code ?? r.signal}):\n--- stdout\n${r.stdout.slice(-6000)}\n--- stderr\n${r.stderr.slice(-3000)}`,
				);
				err.cli = r;
				throw err;
			}
			return {
				...summarizeRun(parsed, workflow ? this.retype(workflow) : undefined),
				raw: parsed,
				cli: { code: r.code, signal: r.signal, ms: r.ms },
			};
		},
		async dispose() {
			removeUserFolder(userFolder);
		},
	};
}

// CLI smoke: `node scripts/lib/realN8n.mjs <major> [probe|neo] [community|custom]`
if (
	process.argv[1] &&
	basename(process.argv[1]) === 'realN8n.mjs' &&
	!process.env.NODE_TEST_CONTEXT
) {
	const [major = '2', what = 'probe', mode = 'community'] = process.argv.slice(2);
	const packageDir =
		what === 'probe'
			? join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'n8n-nodes-e2e-probe')
			: PACKAGE_DIR;
	const t0 = now();
	const n8n = await createN8n({ major, packageDir, mode, log: console.error });
	console.error(
		`package ${n8n.packed.name}@${n8n.packed.version} installed (${mode}) in ${secs(n8n.timings.installPackageMs)} s`,
	);
	const type = (mode === 'custom' ? 'CUSTOM.' : n8n.packed.name + '.') + 'probe';
	const wf = {
		id: 'probeSmoke0000001',
		name: 'probe smoke',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] },
		},
		nodes: [
			{
				id: 'a1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'a2',
				name: 'Items',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: { jsCode: 'return [{json:{n:1}},{json:{n:2, fail:true}},{json:{n:3}}];' },
			},
			{
				id: 'a3',
				name: 'Probe',
				type,
				typeVersion: 1,
				position: [400, 0],
				parameters: {},
				onError: 'continueErrorOutput',
			},
		],
		pinData: {},
	};
	if (what === 'probe') {
		await n8n.importWorkflow(wf);
		const res = await n8n.execute(wf.id, wf);
		console.log(
			JSON.stringify(
				{
					ok: res.ok,
					nodes: res.nodes,
					cli: res.cli,
					rawProbe: process.env.REAL_N8N_RAW ? res.raw.data.resultData.runData.Probe : undefined,
				},
				null,
				2,
			),
		);
	}
	console.error(`total ${secs(now() - t0)} s; user folder ${n8n.userFolder}`);
	if (!process.env.REAL_N8N_KEEP) await n8n.dispose();
}
