// End-to-end in REAL n8n 2.41 (n8n 1.x has no streaming): the example "a Neo agent behind n8n's
// chat" published, its Chat Trigger's webhook (what n8n's hosted chat page posts to) called over
// HTTP and its streamed answer read as it arrives. The reply comes in parts while Neo is still
// writing (the sandbox paces its parts), two chats at once each get only their own reply, and a
// chat's second message goes to the same Neo chat session as its first.
//   npm run build && node --test test/e2e/streaming.test.mjs
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { installedMajors, PACKAGE_DIR } from '../../scripts/lib/realN8n.mjs';
import { sendChat, startChatStack } from './chatStream.mjs';

const wanted = (process.env.REAL_N8N_MAJORS ?? '2,1').split(',').map((s) => s.trim());
const runs = installedMajors().includes('2') && wanted.includes('2');
const PART_MS = 40;

/** The sandbox agent's reply to a message (test/sandbox/chat/agent.ts, scriptedReply). */
const replyTo = (message) =>
	`I looked into "${message}". Ticket T-4711 matches: it is open and assigned to the service desk, and the mailbox quota was raised to 50 GB.`;

describe('n8n 2: Chat Trigger (streaming) → Neo Chat Message → Send', { skip: !runs }, () => {
	let stack;
	before(async () => {
		assert.ok(
			existsSync(join(PACKAGE_DIR, 'dist', 'nodes', 'Neo', 'Neo.node.js')),
			'run npm run build',
		);
		stack = await startChatStack({ partMs: PART_MS });
	});
	after(async () => await stack?.stop());

	const turns = async () => (await stack.control('GET', 'chat')).turns;

	test('the reply arrives in parts while Neo is still writing, then the whole of it', async () => {
		const message = 'Why can j.doe not sign in?';
		const chat = await sendChat(stack.chatUrl, 'chat-a', message);

		assert.equal(chat.status, 200);
		const types = chat.neo.map((c) => c.type);
		assert.equal(types[0], 'begin');
		assert.equal(types.at(-1), 'end');
		assert.equal(chat.text, replyTo(message));
		const items = chat.neo.filter((c) => c.type === 'item');
		// Several items, read off the socket in several reads, spread over the turn's writing.
		assert.ok(items.length >= 5, `${items.length} items`);
		assert.ok(new Set(items.map((c) => c.read)).size >= 5, 'items came in separate reads');
		const end = chat.neo.at(-1);
		assert.ok(
			end.at - items[0].at > 5 * PART_MS,
			`first item ${Math.round(end.at - items[0].at)} ms before the end`,
		);
		// The turn had not finished in Neo when the first characters reached the client.
		const [turn] = await turns();
		const firstAtWall = Date.now() - (performance.now() - items[0].at);
		assert.ok(firstAtWall < Date.parse(turn.endedAt), 'first characters before the turn finished');
	});

	test("two chats at once each get only their own reply; a chat's second message continues its Neo session", async () => {
		const [a2, b1] = await Promise.all([
			sendChat(stack.chatUrl, 'chat-a', 'And his mailbox quota?'),
			sendChat(stack.chatUrl, 'chat-b', 'Is SRV-01 low on disk?'),
		]);
		assert.equal(a2.text, replyTo('And his mailbox quota?'));
		assert.equal(b1.text, replyTo('Is SRV-01 low on disk?'));
		assert.ok(!a2.text.includes('SRV-01') && !b1.text.includes('mailbox quota?'));
		const b2 = await sendChat(stack.chatUrl, 'chat-b', 'Thanks, and SRV-02?');
		assert.equal(b2.text, replyTo('Thanks, and SRV-02?'));

		const all = await turns();
		const sessionOf = (message) => all.find((t) => t.message === message).sessionId;
		const chatA = sessionOf('Why can j.doe not sign in?');
		const chatB = sessionOf('Is SRV-01 low on disk?');
		assert.equal(sessionOf('And his mailbox quota?'), chatA, 'chat A stays in one Neo session');
		assert.equal(sessionOf('Thanks, and SRV-02?'), chatB, 'chat B stays in one Neo session');
		assert.notEqual(chatA, chatB);
		assert.equal(all.length, 4);
	});
});
