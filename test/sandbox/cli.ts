/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- the sandbox CLI is test tooling, not node code */
// `npm run sandbox -- [--port 5680] [--host 127.0.0.1] [--latency MS] [--latency-jitter MS]
//   [--latency-distribution uniform|lognormal] [--latency-seed N] [--rate-limit N/WINDOW_MS] [--readings other|a,b]
//   [--state-file PATH] [--json]`
// Starts the Neo sandbox for manual runs, a real n8n (e2e) or benchmarks; Ctrl-C stops it.
// --state-file keeps what requests created or changed across restarts (the demo, npm run dev):
// read at the start when the file exists, written whenever it changed and when stopping.
// Keys are random unless NEO_SANDBOX_TENANT_KEY / _PLATFORM_KEY / _OTHER_TENANT_KEY are set.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import type { NeoSandbox } from './types';
import { startSandbox } from './server';
import { parseReadings } from './readings';

function parseRateLimit(value: string): { limit: number; windowMs: number } {
	const match = /^(\d+)\/(\d+)$/.exec(value);
	if (!match) throw new Error(`--rate-limit must be N/WINDOW_MS (e.g. 1200/60000), got ${value}`);
	return { limit: Number(match[1]), windowMs: Number(match[2]) };
}

const out = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '5680' },
			host: { type: 'string', default: '127.0.0.1' },
			latency: { type: 'string' },
			'latency-jitter': { type: 'string' },
			'latency-distribution': { type: 'string' },
			'latency-seed': { type: 'string' },
			'rate-limit': { type: 'string' },
			// other | default | a comma list of switches (test/sandbox/readings.ts)
			readings: { type: 'string' },
			'state-file': { type: 'string' },
			json: { type: 'boolean', default: false },
		},
	});
	const sandbox = await startSandbox({
		host: values.host,
		port: Number(values.port),
		latencyMs: values.latency === undefined ? undefined : Number(values.latency),
		latencyJitterMs:
			values['latency-jitter'] === undefined ? undefined : Number(values['latency-jitter']),
		latencyDistribution: values['latency-distribution'] as 'uniform' | 'lognormal' | undefined,
		latencySeed: values['latency-seed'] === undefined ? undefined : Number(values['latency-seed']),
		rateLimit:
			values['rate-limit'] === undefined ? undefined : parseRateLimit(values['rate-limit']),
		readings: values.readings === undefined ? undefined : parseReadings(values.readings),
		// Fixed keys let a credential be configured before the sandbox starts (e2e, benchmarks).
		keys: {
			tenant: process.env.NEO_SANDBOX_TENANT_KEY || undefined,
			platform: process.env.NEO_SANDBOX_PLATFORM_KEY || undefined,
			otherTenant: process.env.NEO_SANDBOX_OTHER_TENANT_KEY || undefined,
		},
	});
	const saveState = values['state-file'] ? keepState(sandbox, values['state-file']) : () => {};
	if (values.json) {
		// One line for scripts to parse.
		out(JSON.stringify({ url: sandbox.url, keys: sandbox.keys, seed: sandbox.seed }));
	} else {
		out(`Neo sandbox listening on ${sandbox.url}`);
		out(`  tenant key:       ${sandbox.keys.tenant}`);
		out(`  platform key:     ${sandbox.keys.platform}`);
		out(`  otherTenant key:  ${sandbox.keys.otherTenant}`);
		out(`  control:          ${sandbox.url}/__sandbox/state`);
	}
	const stop = (signal: string) => {
		process.stderr.write(`${signal}: stopping the Neo sandbox\n`);
		saveState();
		sandbox.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', () => stop('SIGINT'));
	process.once('SIGTERM', () => stop('SIGTERM'));
}

/** Loads the state file if there is one, then writes it (whole, atomically) whenever it changed. */
function keepState(sandbox: NeoSandbox, file: string): () => void {
	if (existsSync(file)) {
		try {
			sandbox.restore(JSON.parse(readFileSync(file, 'utf8')));
		} catch (error) {
			throw new Error(
				`${file} is not a sandbox state the sandbox can read (${(error as Error).message}): delete it, or start the demo with --fresh`,
			);
		}
	}
	let saved = JSON.stringify(sandbox.snapshot());
	const save = () => {
		const now = JSON.stringify(sandbox.snapshot());
		if (now === saved) return;
		writeFileSync(`${file}.tmp`, now);
		renameSync(`${file}.tmp`, file);
		saved = now;
	};
	setInterval(save, 1000).unref();
	return save;
}

main().catch((err: unknown) => {
	process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
	process.exit(1);
});
