/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions */
/**
 * Chat Message → Send under load, through n8n's real engine in this process, against the Neo
 * sandbox in a child process (so this process's memory is the engine's and the node's alone) at
 * the sandbox's default pacing:
 *   1. send → reply item: CHAT_BENCH_SINGLE (default 15) one-item runs, one after another; the
 *      time is the Neo node's execution time in the run data (message POST to reply item);
 *   2. CHAT_BENCH_PARALLEL (default 100) conversations in one run (Requests in Parallel = all,
 *      each in its own session, each with its own event stream): wall time, peak RSS and heap
 *      growth over the idle baseline, sampled every 20 ms.
 *
 *   npx ts-node --transpile-only scripts/chatBench.ts
 *   CHAT_BENCH_PARALLEL=100 CHAT_BENCH_SINGLE=15 npx ts-node --transpile-only scripts/chatBench.ts
 *
 * Exit code 1 when a reply is missing or wrong, or a session got more than one turn.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

import type { IDataObject, INode } from 'n8n-workflow';

import {
	chain,
	collectorNode,
	itemsNode,
	neoNode,
	runWorkflow,
	type RunResult,
} from '../test/helpers/n8nEngine';
import { scriptedReply } from '../test/sandbox/chat/agent';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const MB = 1024 * 1024;

interface SandboxChild {
	url: string;
	tenantKey: string;
	stop(): void;
}

async function startSandboxChild(): Promise<SandboxChild> {
	const root = path.resolve(__dirname, '..');
	const child = spawn(
		process.execPath,
		[
			require.resolve('ts-node/dist/bin.js'),
			'--transpile-only',
			'test/sandbox/cli.ts',
			'--port',
			'0',
			'--json',
		],
		{ cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const line = await new Promise<string>((resolve, reject) => {
		createInterface({ input: child.stdout! }).once('line', resolve);
		child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
	});
	const { url, keys } = JSON.parse(line) as { url: string; keys: { tenant: string } };
	return { url, tenantKey: keys.tenant, stop: () => child.kill('SIGTERM') };
}

async function api(sb: SandboxChild, method: string, route: string, body?: unknown) {
	const res = await fetch(`${sb.url}${route}`, {
		method,
		headers: { authorization: `Bearer ${sb.tenantKey}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return (await res.json()) as { data: IDataObject } & IDataObject;
}

async function runChat(sb: SandboxChild, items: IDataObject[]): Promise<RunResult> {
	const nodes: INode[] = [
		itemsNode('Input', items),
		neoNode(
			'Neo',
			{
				resource: 'chatMessage',
				operation: 'send',
				sessionId: '={{ $json.sessionId }}',
				message: '={{ $json.message }}',
				options: { concurrency: Math.min(100, items.length) },
			},
			{ typeVersion: 2 },
		),
		collectorNode('OK'),
	];
	return await runWorkflow({
		nodes,
		connections: chain('Input', 'Neo', 'OK'),
		credentials: { neoApi: { apiKey: sb.tenantKey, baseUrl: sb.url } },
	});
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function checkReplies(result: RunResult, items: Array<{ message: string }>): number {
	const out = result.output('Neo', 0);
	return items.filter((item, i) => out[i]?.json.reply !== scriptedReply(item.message)).length;
}

async function main(): Promise<number> {
	const parallel = setting('CHAT_BENCH_PARALLEL', 100);
	const single = setting('CHAT_BENCH_SINGLE', 15);
	const sb = await startSandboxChild();
	try {
		const { config } = (await (await fetch(`${sb.url}/__sandbox/chat`)).json()) as {
			config: { partMs: number };
		};
		const newSession = async () =>
			String((await api(sb, 'POST', '/public-api/chat/sessions', { agent_id: 101 })).data.id);
		const sessions: string[] = [];
		for (let i = 0; i < parallel; i++) sessions.push(await newSession());
		const singleSession = await newSession();
		const message = (i: number) => `Why can user${i}@contoso.com not sign in to Outlook?`;

		// Warm-up: loads n8n's engine and compiles the node once.
		await runChat(sb, [{ sessionId: singleSession, message: 'warm-up' }]);

		const times: number[] = [];
		let wrong = 0;
		for (let i = 0; i < single; i++) {
			const items = [{ sessionId: singleSession, message: `${message(i)} (single)` }];
			const result = await runChat(sb, items);
			wrong += checkReplies(result, items);
			times.push(result.run.data.resultData.runData.Neo[0].executionTime);
		}

		global.gc?.();
		const baseline = process.memoryUsage();
		let peakRss = baseline.rss;
		let peakHeap = baseline.heapUsed;
		const sampler = setInterval(() => {
			const now = process.memoryUsage();
			peakRss = Math.max(peakRss, now.rss);
			peakHeap = Math.max(peakHeap, now.heapUsed);
		}, 20);
		const items = sessions.map((sessionId, i) => ({ sessionId, message: message(i) }));
		const started = Date.now();
		const result = await runChat(sb, items);
		const wallMs = Date.now() - started;
		clearInterval(sampler);
		wrong += checkReplies(result, items);

		const chat = (await (await fetch(`${sb.url}/__sandbox/chat`)).json()) as {
			turns: Array<{ sessionId: string }>;
		};
		const perSession = new Map<string, number>();
		for (const turn of chat.turns)
			perSession.set(turn.sessionId, (perSession.get(turn.sessionId) ?? 0) + 1);
		const doubled = sessions.filter((session) => perSession.get(session) !== 1).length;

		const lines = [
			`sandbox pacing:         ${config.partMs} ms between parts (default), ~${Math.round(scriptedReply(message(0)).split(' ').length / 2)} text deltas per reply`,
			`send → reply item:      median ${median(times)} ms, min ${Math.min(...times)} ms, max ${Math.max(...times)} ms over ${single} one-item runs (Neo node execution time)`,
			`${parallel} parallel:           ${wallMs} ms wall for all replies (Requests in Parallel ${Math.min(100, parallel)})`,
			`peak RSS:               ${(peakRss / MB).toFixed(1)} MB (baseline ${(baseline.rss / MB).toFixed(1)} MB, +${((peakRss - baseline.rss) / MB).toFixed(1)} MB)`,
			`peak heap used:         ${(peakHeap / MB).toFixed(1)} MB (baseline ${(baseline.heapUsed / MB).toFixed(1)} MB, +${((peakHeap - baseline.heapUsed) / MB).toFixed(1)} MB, ${((peakHeap - baseline.heapUsed) / Math.max(parallel, 1) / 1024).toFixed(0)} kB per conversation)`,
			`wrong or missing replies: ${wrong}`,
			`sessions without exactly one turn: ${doubled}`,
			`reproduce:              npx ts-node --transpile-only scripts/chatBench.ts  (node --expose-gc for a GC'd baseline)`,
		];
		process.stdout.write(`${lines.join('\n')}\n`);
		return wrong === 0 && doubled === 0 ? 0 : 1;
	} finally {
		sb.stop();
	}
}

main().then(
	(code) => {
		process.exitCode = code;
		process.exit();
	},
	(error: unknown) => {
		process.stderr.write(
			`chat bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exit(1);
	},
);
