// Glue between the benchmark rows and the shared process helpers (scripts/lib/realN8n.mjs,
// scripts/lib/sandboxProcess.mjs, scripts/real-n8n/env.mjs), which it imports and does not change.
// What it adds: one sandbox + one n8n instance per bench run, the node's own times read from the run
// data, and an `execute` that also samples the n8n process's peak RSS (needs the child's pid, which
// realN8n's runN8n does not expose).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
	createN8n,
	freePort,
	packPackage,
	parseRunOutput,
	REPO_ROOT,
	summarizeRun,
} from '../scripts/lib/realN8n.mjs';
import { startSandboxProcess } from '../scripts/lib/sandboxProcess.mjs';
import { credentials, TARGET } from './workflows.mjs';

export const UNLIMITED = { limit: 100_000_000, windowMs: 60_000 };

/** n8n processes started by executeSampled and still running (killed on dispose). */
const live = new Set();

export async function setup({ log = () => {}, major = '2' } = {}) {
	const sandbox = await startSandboxProcess();
	log(`sandbox ${sandbox.url} (pid ${sandbox.pid})`);
	const pack = packPackage();
	pack.sha256 = createHash('sha256').update(readFileSync(pack.tarball)).digest('hex');
	log(
		`packed ${pack.name}@${pack.version} (${pack.files.length} files, sha256 ${pack.sha256.slice(0, 12)})`,
	);
	const n8n = await createN8n({ major, pack, mode: 'community', log });
	log(
		`n8n ${n8n.version} user folder ${n8n.userFolder}, package installed in ${Math.round(n8n.timings.installPackageMs)} ms`,
	);
	await n8n.importCredentials(credentials(sandbox));
	return {
		sandbox,
		n8n,
		pack,
		async dispose() {
			for (const child of live) child.kill('SIGKILL');
			await sandbox.stop().catch(() => {});
			await n8n.dispose();
		},
	};
}

/** Reads /proc/<pid>/status fields in kB (VmHWM = peak RSS, VmRSS = now). */
function procStatus(pid) {
	try {
		const text = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? NaN);
		return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
	} catch {
		return undefined;
	}
}

/**
 * CPU time used so far (ms, user + system) by the whole process and by its main thread alone, from
 * /proc/<pid>/stat and /proc/<pid>/task/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms).
 */
function cpuMs(pid) {
	const read = (file) => {
		try {
			const text = readFileSync(file, 'utf8');
			const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
			return (Number(fields[11]) + Number(fields[12])) * 10;
		} catch {
			return undefined;
		}
	};
	return { all: read(`/proc/${pid}/stat`), main: read(`/proc/${pid}/task/${pid}/stat`) };
}

/** All descendants of `pid` (the internal task runner is one), from /proc. */
function childrenOf(pid) {
	try {
		const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
			.trim()
			.split(/\s+/)
			.filter(Boolean)
			.map(Number);
		return kids.flatMap((k) => [k, ...childrenOf(k)]);
	} catch {
		return [];
	}
}

/**
 * `n8n execute --id <id> --rawOutput`, like realN8n's execute(), plus peak RSS of the main n8n
 * process (VmHWM, sampled every `sampleMs` while it runs) and of its child processes.
 */
export async function executeSampled(n8n, id, { timeoutMs = 600_000, sampleMs = 50 } = {}) {
	const { install } = n8n;
	// Fresh ports for each run: other n8n processes on the machine (test suites) hold 5678/5679, and
	// `execute` starts a task broker for the Code node's runner.
	const env = {
		...n8n.env,
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_PORT: String(await freePort()),
	};
	// stdout goes to a file: n8n exits right after printing, and a pipe can lose the end of a
	// large output under load (seen: exit 0 with the run data cut off); a file write is synchronous.
	const outFile = join(env.N8N_USER_FOLDER, `execute-${id}-${Date.now()}.json`);
	const outFd = openSync(outFile, 'w');
	return await new Promise((resolve) => {
		const t0 = performance.now();
		const child = spawn(install.node, [install.bin, 'execute', `--id=${id}`, '--rawOutput'], {
			env,
			cwd: env.N8N_USER_FOLDER,
			stdio: ['ignore', outFd, 'pipe'],
		});
		closeSync(outFd);
		live.add(child);
		let stderr = '';
		child.stderr.on('data', (d) => (stderr += d));
		let peakKb = 0;
		let cpu = {};
		const childPeakKb = new Map();
		const sample = () => {
			const s = procStatus(child.pid);
			if (s && s.hwm > peakKb) peakKb = s.hwm;
			const c = cpuMs(child.pid);
			if (c.all !== undefined) cpu = c;
			for (const k of childrenOf(child.pid)) {
				const c = procStatus(k);
				if (c && Number.isFinite(c.hwm))
					childPeakKb.set(k, Math.max(childPeakKb.get(k) ?? 0, c.hwm));
			}
		};
		const timer = setInterval(sample, sampleMs);
		const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('exit', () => {
			live.delete(child);
			clearInterval(timer);
			clearTimeout(killer);
		});
		child.on('close', (code, signal) => {
			const ms = performance.now() - t0;
			const stdout = readFileSync(outFile, 'utf8');
			rmSync(outFile, { force: true });
			const parsed = parseRunOutput(stdout) ?? parseRunOutput(stdout + '\n' + stderr);
			if (!parsed) {
				const err = new Error(
					`n8n execute --id ${id} printed no run data (exit ${code ?? signal}):\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`,
				);
				return resolve({ noRunData: err, cli: { code, signal, ms } });
			}
			resolve({
				...summarizeRun(parsed),
				raw: parsed,
				cli: { code, signal, ms },
				peakRssKb: peakKb,
				// CPU of the n8n process up to the last sample (at most `sampleMs` before it exited)
				cpuMs: cpu.all,
				mainThreadCpuMs: cpu.main,
				childPeakRssKb: [...childPeakKb.values()].reduce((a, b) => a + b, 0),
			});
		});
	});
}

/** The node under test's task in the run data: how long n8n says it ran, and its items. */
export function targetTiming(run) {
	const task = run.raw?.data?.resultData?.runData?.[TARGET]?.at(-1);
	const items = run.raw?.data?.resultData?.runData?.Items?.at(-1);
	return {
		nodeMs: task?.executionTime,
		nodeStart: task?.startTime,
		itemsMs: items?.executionTime,
		outputItems: task?.data?.main?.[0]?.length ?? 0,
		nodeError: task?.error?.message,
		runs: run.raw?.data?.resultData?.runData?.[TARGET]?.length ?? 0,
	};
}

/** The undici floor (bench/undiciFloor.mjs) in its own process: nothing else on its event loop. */
export function floorRun(sandbox, n, connections, prefix) {
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
