// Child processes the e2e suites and the bench start and stop themselves (n8n main and workers,
// redis-server, postgres): output kept, waitable for a line, stopped with SIGTERM then SIGKILL.
import { spawn } from 'node:child_process';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A child process whose output is kept and can be waited on for a line. */
export function startProcess(label, cmd, args, opts = {}) {
	const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
	const proc = { label, child, output: '', waiters: [] };
	// NEO_E2E_ECHO=1 prints every line live, prefixed with the label (for debugging a suite)
	const echo = process.env.NEO_E2E_ECHO === '1';
	const onData = (d) => {
		proc.output += d;
		if (echo) process.stderr.write(String(d).replace(/^(?=.)/gm, `[${label}] `));
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
	proc.stop = async (timeoutMs = 15_000, signal = 'SIGTERM') => {
		if (proc.exit || child.exitCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill(signal);
		const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		await exited;
		clearTimeout(t);
	};
	return proc;
}

/** Resolves once `url` answers 2xx; throws after `timeoutMs`. */
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
