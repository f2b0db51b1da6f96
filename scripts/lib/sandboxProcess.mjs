// Start the Neo sandbox (test/sandbox/cli.ts) as a child process for a real n8n to call, and
// talk to its /__sandbox/* control endpoints.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../real-n8n/env.mjs';

/**
 * `readings`: the sandbox's reading of Neo's docs, `other` (every assumption's other reading,
 * test/sandbox/readings.ts), `default`, or a comma list of switches; omitted = the CLI's default
 * (NEO_SANDBOX_READINGS when set).
 */
export async function startSandboxProcess({
	port = 0,
	readings,
	host = '127.0.0.1',
	env = {},
	timeoutMs = 60_000,
	stateFile,
} = {}) {
	const tsNode = join(REPO_ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js');
	const child = spawn(
		process.execPath,
		[
			tsNode,
			'--transpile-only',
			join(REPO_ROOT, 'test', 'sandbox', 'cli.ts'),
			'--port',
			String(port),
			'--host',
			host,
			'--json',
			...(readings === undefined ? [] : ['--readings', readings]),
			...(stateFile ? ['--state-file', stateFile] : []),
		],
		{
			cwd: REPO_ROOT,
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	let stderr = '';
	child.stderr.on('data', (d) => (stderr += d));
	const info = await new Promise((resolve, reject) => {
		let buf = '';
		const timer = setTimeout(
			() => reject(new Error(`sandbox did not start in ${timeoutMs} ms: ${stderr}`)),
			timeoutMs,
		);
		child.stdout.on('data', (d) => {
			buf += d;
			const nl = buf.indexOf('\n');
			if (nl >= 0) {
				clearTimeout(timer);
				try {
					resolve(JSON.parse(buf.slice(0, nl)));
				} catch (e) {
					reject(new Error(`sandbox printed ${buf.slice(0, nl)}: ${e.message}`));
				}
			}
		});
		child.on('exit', (code) => reject(new Error(`sandbox exited ${code}: ${stderr}`)));
	});
	const call = async (method, path, body) => {
		const res = await fetch(info.url + path, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return res.json();
	};
	return {
		url: info.url,
		keys: info.keys,
		seed: info.seed,
		readings: readings ?? process.env.NEO_SANDBOX_READINGS ?? 'default',
		pid: child.pid,
		state: () => call('GET', '/__sandbox/state'),
		requests: () => call('GET', '/__sandbox/requests'),
		reset: () => call('POST', '/__sandbox/reset'),
		configure: (patch) => call('POST', '/__sandbox/configure', patch),
		addFault: (rule) => call('POST', '/__sandbox/faults', rule),
		clearFaults: () => call('DELETE', '/__sandbox/faults'),
		/** Any other control call, e.g. call('POST', '/__sandbox/til-requests', { count: 3 }). */
		call,
		async stop() {
			if (child.exitCode !== null) return;
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			const t = setTimeout(() => child.kill('SIGKILL'), 5000);
			await exited;
			clearTimeout(t);
		},
	};
}
