// A real `n8n start` driven through its REST API, as the editor does: used by the install tests
// (test/install, test/e2e/install-tarball.test.mjs), which need n8n running as a server.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `n8n start` in its own process group; resolves once the REST API answers. */
export async function startN8n(install, env, logFile) {
	const child = spawn(install.node, [install.bin, 'start'], {
		env,
		cwd: env.N8N_USER_FOLDER,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const out = createWriteStream(logFile);
	let output = '';
	const onData = (d) => {
		output = (output + d).slice(-100_000);
		out.write(d);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	const exited = new Promise((r) => child.once('exit', r));
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			process.kill(-child.pid, 'SIGTERM');
			const timer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 20_000);
			await exited;
			clearTimeout(timer);
		}
		try {
			process.kill(-child.pid, 'SIGKILL'); // the task runner, if it outlived n8n
		} catch {
			// nothing left
		}
		out.end();
	};
	const started = Date.now();
	while (!/Editor is now accessible via/.test(output)) {
		if (child.exitCode !== null || Date.now() - started > 180_000) {
			await stop();
			throw new Error(`n8n did not come up (exit ${child.exitCode}):\n${output.slice(-4000)}`);
		}
		await sleep(250);
	}
	return { stop, output: () => output };
}

/** A logged-in client for n8n's REST API. */
export function restClient(baseUrl, cookie) {
	return async (method, path, body) => {
		const res = await fetch(`${baseUrl}${path}`, {
			method,
			headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: res.status, body: json?.data ?? json, text };
	};
}

/** Waits for an execution to finish; returns it with its run data parsed (n8n stores it flatted). */
export async function finishedExecution(install, rest, executionId) {
	const { parse } = createRequire(join(install.dir, 'node_modules', 'n8n', 'package.json'))('flatted'); // prettier-ignore
	let execution;
	for (let i = 0; i < 240; i++) {
		execution = await rest('GET', `/rest/executions/${executionId}`);
		if (execution.status === 200 && !['new', 'running', 'waiting'].includes(execution.body.status)) break; // prettier-ignore
		await sleep(250);
	}
	return { status: execution.body.status, data: parse(execution.body.data) };
}
