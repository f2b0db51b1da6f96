#!/usr/bin/env node
// The streaming row: how much Chat Message → Send adds between Neo writing its reply and the
// person in n8n's chat seeing it. Real n8n 2.41 with the example "a Neo agent behind n8n's chat"
// published (test/e2e/chatStream.mjs); the sandbox paces its parts (partMs). A second reader tails
// the same Neo session's event stream straight from the sandbox: the moment it sees a part is
// "Neo sent it". For each message:
//   first: Neo's first text-delta (tail) → the first characters at the chat client (n8n's webhook)
//   last:  Neo's last text-delta (tail) → the last characters at the client
//   finish: Neo's finish part (tail) → the streamed message's end chunk at the client
// Both readers are in this process on one clock, so the difference is the node's share plus
// n8n's (engine, sendChunk, the HTTP response); the tail's own read cancels out.
//
//   npm run build && REAL_N8N_CACHE=/work/cache/real-n8n node bench/streamRow.mjs [--messages 10] [--part-ms 30]
import { sendChat, startChatStack } from '../test/e2e/chatStream.mjs';

const arg = (name, fallback) => {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const MESSAGES = arg('messages', 10);
const PART_MS = arg('part-ms', 30);
const log = (m) => process.stderr.write(`[streamRow] ${m}\n`);
const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;

/** Tails one Neo session's event stream from the sandbox; records when each turn's parts arrive. */
function tailSession(sandbox, sessionId) {
	const turns = new Map();
	const controller = new AbortController();
	let current;
	const done = (async () => {
		const res = await fetch(`${sandbox.url}/public-api/chat/sessions/${sessionId}/events?since=0`, {
			headers: { authorization: `Bearer ${sandbox.keys.tenant}`, accept: 'text/event-stream' },
			signal: controller.signal,
		});
		const decoder = new TextDecoder();
		let buffer = '';
		try {
			for await (const piece of res.body) {
				const at = performance.now();
				buffer += decoder.decode(piece, { stream: true });
				let end;
				while ((end = buffer.indexOf('\n\n')) >= 0) {
					const event = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					const data = event
						.split('\n')
						.filter((l) => l.startsWith('data:'))
						.map((l) => l.slice(5).trim())
						.join('\n');
					if (!data || data === '[DONE]') continue;
					const part = JSON.parse(data);
					if (part.type === 'start') {
						current = { turnId: part.messageMetadata?.chat_turn_id, texts: [] };
						turns.set(current.turnId, current);
					} else if (current && part.type === 'text-delta') current.texts.push(at);
					else if (current && part.type === 'finish') current.finish = at;
				}
			}
		} catch (error) {
			if (error.name !== 'AbortError') throw error;
		}
	})();
	return { turns, stop: () => controller.abort(), done };
}

const stack = await startChatStack({ log, partMs: PART_MS });
const rows = [];
try {
	// The first message creates the chat's Neo session (and warms n8n up): not measured.
	await sendChat(stack.chatUrl, 'bench', 'warm-up: who is on call?');
	const { turns: known } = await stack.control('GET', 'chat');
	const tail = tailSession(stack.sandbox, known[0].sessionId);
	await new Promise((r) => setTimeout(r, 500));
	for (let i = 0; i < MESSAGES; i++) {
		const message = `Question ${i + 1}: is ticket T-${4700 + i} still open?`;
		const chat = await sendChat(stack.chatUrl, 'bench', message);
		const { turns } = await stack.control('GET', 'chat');
		const turn = turns.find((t) => t.message === message);
		await new Promise((r) => setTimeout(r, 50));
		const neo = tail.turns.get(turn.id);
		const items = chat.neo.filter((c) => c.type === 'item');
		const end = chat.neo.find((c) => c.type === 'end');
		const row = {
			first: items[0].at - neo.texts[0],
			last: items.at(-1).at - neo.texts.at(-1),
			finish: end.at - neo.finish,
			items: items.length,
			deltas: neo.texts.length,
			whole: chat.endedAt - chat.sentAt,
		};
		rows.push(row);
		log(
			`message ${i + 1}: first ${ms(row.first)}, last ${ms(row.last)}, finish→end ${ms(row.finish)}, ${row.items} items for ${row.deltas} deltas`,
		);
	}
	tail.stop();
	await tail.done;
} finally {
	await stack.stop();
}
const pick = (k) => rows.map((r) => r[k]);
const result = {
	messages: rows.length,
	partMs: PART_MS,
	n8n: '2.41.1',
	medianMs: {
		firstTextToFirstChars: +median(pick('first')).toFixed(1),
		lastTextToLastChars: +median(pick('last')).toFixed(1),
		finishToEnd: +median(pick('finish')).toFixed(1),
	},
	maxMs: {
		firstTextToFirstChars: +Math.max(...pick('first')).toFixed(1),
		lastTextToLastChars: +Math.max(...pick('last')).toFixed(1),
		finishToEnd: +Math.max(...pick('finish')).toFixed(1),
	},
	itemsPerReply: median(pick('items')),
	textDeltasPerReply: median(pick('deltas')),
	target: 'node share under 50 ms',
	reproduce: `npm run build && REAL_N8N_CACHE=/work/cache/real-n8n node bench/streamRow.mjs --messages ${MESSAGES} --part-ms ${PART_MS}`,
};
console.log(JSON.stringify(result, null, 2));
