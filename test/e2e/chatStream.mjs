// Real n8n 2.x with the example "a Neo agent behind n8n's chat" published: its Chat Trigger's
// webhook (the one n8n's hosted chat page and the @n8n/chat widget post to) answers in n8n's
// streaming format, one JSON object a line. Used by test/e2e/streaming.test.mjs and
// bench/streamRow.mjs.
import { createN8n, packPackage, PACKAGE_DIR } from '../../scripts/lib/realN8n.mjs';
import { startMain } from '../../scripts/lib/queueCluster.mjs';
import { startSandboxProcess } from '../../scripts/lib/sandboxProcess.mjs';
import { e2eCredentials, loadExample } from './workflows.mjs';

export const CHAT_EXAMPLE = 'neo-agent-chat';

/** Sandbox + n8n 2 (the package installed, the example imported and published, `n8n start`). */
export async function startChatStack({ log = () => {}, partMs = 40 } = {}) {
	const sandbox = await startSandboxProcess();
	let n8n;
	let main;
	try {
		await sandboxControl(sandbox, 'POST', 'chat/configure', { partMs });
		n8n = await createN8n({ major: '2', pack: packPackage(PACKAGE_DIR), log });
		await n8n.importCredentials(e2eCredentials(sandbox));
		const workflow = loadExample(CHAT_EXAMPLE);
		await n8n.importWorkflows([workflow]);
		const published = await n8n.run(['publish:workflow', `--id=${workflow.id}`]);
		if (published.code !== 0) {
			throw new Error(`publishing failed:\n${published.stdout}\n${published.stderr}`);
		}
		main = await startMain(n8n, {}, { label: 'n8n (chat)' });
		const trigger = workflow.nodes.find((n) => n.type.endsWith('chatTrigger'));
		const chatUrl = `${main.url}/webhook/${trigger.webhookId}/chat`;
		return {
			sandbox,
			n8n,
			url: main.url,
			chatUrl,
			control: (method, path, body) => sandboxControl(sandbox, method, path, body),
			async stop() {
				await main?.proc.stop();
				await n8n?.dispose();
				await sandbox.stop();
			},
		};
	} catch (error) {
		await main?.proc.stop();
		await n8n?.dispose();
		await sandbox.stop();
		throw error;
	}
}

async function sandboxControl(sandbox, method, path, body) {
	const res = await fetch(`${sandbox.url}/__sandbox/${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return res.json();
}

/**
 * One chat message as the hosted chat page sends it; reads the streamed answer as it arrives.
 * Returns every chunk with its arrival time (ms, performance.now()), the Neo node's text, and
 * when the request was sent and the response ended. A registration race (the webhook not yet
 * registered right after start) is retried.
 */
export async function sendChat(chatUrl, sessionId, chatInput) {
	for (let attempt = 0; ; attempt++) {
		const sentAt = performance.now();
		const res = await fetch(chatUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ action: 'sendMessage', sessionId, chatInput }),
			signal: AbortSignal.timeout(60_000),
		});
		if (res.status === 404 && attempt < 40) {
			await res.text();
			await new Promise((r) => setTimeout(r, 500));
			continue;
		}
		const chunks = [];
		const decoder = new TextDecoder();
		let buffer = '';
		let reads = 0;
		for await (const piece of res.body) {
			const at = performance.now();
			reads++;
			buffer += decoder.decode(piece, { stream: true });
			let nl;
			while ((nl = buffer.indexOf('\n')) >= 0) {
				const line = buffer.slice(0, nl).trim();
				buffer = buffer.slice(nl + 1);
				if (!line) continue;
				try {
					chunks.push({ ...JSON.parse(line), at, read: reads });
				} catch {
					chunks.push({ type: 'unparsed', content: line, at, read: reads });
				}
			}
		}
		const endedAt = performance.now();
		if (buffer.trim()) chunks.push({ type: 'unparsed', content: buffer.trim(), at: endedAt });
		const neo = chunks.filter((c) => c.metadata?.nodeName === 'Ask the Neo agent');
		const text = neo
			.filter((c) => c.type === 'item')
			.map((c) => c.content)
			.join('');
		return { status: res.status, sentAt, endedAt, chunks, neo, text, reads };
	}
}
