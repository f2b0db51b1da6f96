/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// The sandbox's chat: messages (202, 409 on a repeated client_message_id, tenant isolation) and the
// event stream (since, Last-Event-Id, faults), with the agent's parts checked against the contract.
import { request } from 'undici';

import { SseParser } from '../../nodes/Neo/transport/eventStream';
import { startSandbox } from './server';
import { client } from './testClient';
import { scriptedReply, turnScript } from './chat/agent';
import { DEFAULT_READINGS, parseReadings, type Readings } from './readings';
import type { NeoSandbox } from './types';

let sb: NeoSandbox;
const api = client(() => sb);
const SESSION = 'cs_seed_acme_support';
const messages = (session = SESSION) => `/public-api/chat/sessions/${session}/messages`;

beforeAll(async () => {
	sb = await startSandbox();
});
afterAll(async () => await sb.close());
beforeEach(() => {
	sb.reset();
	sb.chat.configure({ partMs: 1 });
});
afterEach(() => expect(sb.contractViolations).toEqual([]));

interface Read {
	status: number;
	contentType: string;
	events: Array<{ id: string; part: Record<string, unknown> }>;
	/** finish: a finish or error part ended the turn. */
	ended: 'finish' | 'closed' | 'limit';
}

/** Reads the event stream until a finish part, the server closing it, or `maxEvents`. */
async function readEvents(
	query = '',
	headers: Record<string, string> = {},
	maxEvents = 1000,
	key = sb.keys.tenant,
): Promise<Read> {
	const res = await request(`${sb.url}/public-api/chat/sessions/${SESSION}/events${query}`, {
		headers: { authorization: `Bearer ${key}`, ...headers },
	});
	const contentType = String(res.headers['content-type']);
	const parser = new SseParser();
	const events: Read['events'] = [];
	const decoder = new TextDecoder();
	let ended: Read['ended'] = 'closed';
	try {
		outer: for await (const chunk of res.body) {
			if (!contentType.startsWith('text/event-stream')) continue;
			for (const event of parser.push(decoder.decode(chunk as Uint8Array, { stream: true }))) {
				const part = JSON.parse(event.data) as Record<string, unknown>;
				events.push({ id: event.id, part });
				if (part.type === 'finish' || part.type === 'error') {
					ended = 'finish';
					break outer;
				}
				if (events.length >= maxEvents) {
					ended = 'limit';
					break outer;
				}
			}
		}
	} catch {
		ended = 'closed';
	}
	res.body.destroy();
	return { status: res.statusCode, contentType, events, ended };
}

const replyOf = (read: Read) =>
	read.events
		.filter((e) => e.part.type === 'text-delta')
		.map((e) => e.part.delta)
		.join('');

describe('POST …/messages', () => {
	it('answers 202 with the turn, and the events since its cursor carry the whole reply', async () => {
		const sent = await api.post(messages(), {
			message: 'Mailbox full for j.doe',
			model_tier: 'SMART',
		});
		expect(sent.status).toBe(202);
		expect(sent.json.data).toEqual({
			chat_turn_id: expect.stringMatching(/^ct_/),
			user_message_id: expect.stringMatching(/^um_/),
			since_cursor: '0',
			show_agent_progress_steps: true,
		});
		const read = await readEvents(`?since=${sent.json.data.since_cursor}`);
		expect(read.contentType).toMatch(/^text\/event-stream/);
		expect(read.ended).toBe('finish');
		expect(read.events[0].part).toMatchObject({
			type: 'start',
			messageMetadata: { chat_turn_id: sent.json.data.chat_turn_id },
		});
		expect(replyOf(read)).toBe(scriptedReply('Mailbox full for j.doe'));
		expect(read.events.map((e) => e.part.type)).toEqual(
			expect.arrayContaining(['tool-input-available', 'tool-output-available', 'finish-step']),
		);
		expect(read.events.map((e) => Number(e.id))).toEqual(read.events.map((_e, i) => i + 1));
		expect(sb.chat.turnCount(SESSION)).toBe(1);
	});

	it('answers 409 with the original message for a repeated client_message_id, and runs no second turn', async () => {
		const first = await api.post(messages(), { message: 'hi', client_message_id: 'ticket-42' });
		const again = await api.post(messages(), { message: 'hi', client_message_id: 'ticket-42' });
		expect(again.status).toBe(409);
		expect(again.json.error.code).toBe('duplicate_client_message_id');
		expect(again.json.error.details).toMatchObject({
			client_message_id: 'ticket-42',
			user_message_id: first.json.data.user_message_id,
			chat_turn_id: first.json.data.chat_turn_id,
			since_cursor: first.json.data.since_cursor,
		});
		expect(sb.chat.turnCount(SESSION)).toBe(1);
	});

	it("404s another tenant's session and 422s a bad body", async () => {
		const other = await api.post(messages('cs_seed_globex_support'), { message: 'hi' });
		expect(other.status).toBe(404);
		const bad = await api.post(messages(), { message: 'hi', model_tier: 'TURBO', extra: 1 });
		expect(bad.status).toBe(422);
		expect(bad.json.error.details.errors.map((e: { field: string }) => e.field).sort()).toEqual([
			'extra',
			'model_tier',
		]);
		expect(sb.chat.turnCount()).toBe(0);
	});

	it('runs the turn even when it answers 500 after acting', async () => {
		sb.addFault({
			path: '/public-api/chat/sessions/{session_id}/messages',
			times: 1,
			fault: { kind: 'status', status: 500, acted: true },
		});
		const sent = await api.post(messages(), { message: 'hi', client_message_id: 'x1' });
		expect(sent.status).toBe(500);
		expect(sb.chat.turnCount(SESSION)).toBe(1);
		expect((await api.post(messages(), { message: 'hi', client_message_id: 'x1' })).status).toBe(
			409,
		);
	});
});

describe('GET …/events', () => {
	it('resumes after Last-Event-Id (which wins over since) without repeating events', async () => {
		await api.post(messages(), { message: 'resume me' });
		const head = await readEvents('?since=0', {}, 5);
		expect(head.ended).toBe('limit');
		const tail = await readEvents('?since=0', { 'Last-Event-Id': head.events.at(-1)!.id });
		expect(tail.events[0].id).toBe('6');
		expect(replyOf({ ...tail, events: [...head.events, ...tail.events] })).toBe(
			scriptedReply('resume me'),
		);
	});

	it('cuts the stream mid-turn, answers HTML, and runs turns that fail or never finish', async () => {
		sb.chat.addFault({ fault: { kind: 'cutStream', afterEvents: 3 } });
		await api.post(messages(), { message: 'one' });
		const cut = await readEvents('?since=0');
		expect(cut.ended).toBe('closed');
		expect(cut.events).toHaveLength(3);

		sb.chat.addFault({ fault: { kind: 'notEventStream' } });
		const html = await readEvents('?since=0');
		expect(html.contentType).toBe('text/html');
		expect(html.events).toEqual([]);

		// Turn "one" runs on after the cut; the next turn's stream would start inside it.
		while (sb.chat.turns[0].status === 'running') await new Promise((r) => setTimeout(r, 5));
		sb.chat.addFault({ fault: { kind: 'errorPart', errorText: 'boom' } });
		const failing = await api.post(messages(), { message: 'two' });
		const failed = await readEvents(`?since=${failing.json.data.since_cursor}`, {}, 1000);
		expect(failed.events.some((e) => e.part.type === 'error' && e.part.errorText === 'boom')).toBe(
			true,
		);
	}, 10_000);

	it('422s a malformed cursor and 404s a session of another tenant', async () => {
		const bad = await api.get(`/public-api/chat/sessions/${SESSION}/events`, { since: 'abc' });
		expect(bad.status).toBe(422);
		const other = await readEvents('', {}, 1, sb.keys.otherTenant);
		expect(other.status).toBe(404);
	});
});

/** The whole raw text of an event stream, until the server ends it or `untilText` arrives. */
async function rawStream(
	query: string,
	untilText?: string,
): Promise<{ text: string; ended: boolean }> {
	const res = await request(`${sb.url}/public-api/chat/sessions/${SESSION}/events${query}`, {
		headers: { authorization: `Bearer ${sb.keys.tenant}` },
	});
	const decoder = new TextDecoder();
	let text = '';
	let ended = true;
	try {
		for await (const chunk of res.body) {
			text += decoder.decode(chunk as Uint8Array, { stream: true });
			if (untilText !== undefined && text.includes(untilText)) {
				ended = false;
				break;
			}
		}
	} catch {
		ended = false;
	}
	res.body.destroy();
	return { text, ended };
}

const partsOf = (text: string) =>
	new SseParser()
		.push(text)
		.map((event) =>
			event.data === '[DONE]' ? '[DONE]' : (JSON.parse(event.data) as { type: string }).type,
		);

describe('other readings of the chat stream and the duplicate message', () => {
	afterEach(() => sb.configure({ readings: parseReadings(process.env.NEO_SANDBOX_READINGS) }));
	const on = (readings: Partial<Readings>) =>
		sb.configure({ readings: { ...DEFAULT_READINGS, ...readings } });

	it('streamExtraParts: the turn also sends the approval, denied, source and file parts', async () => {
		on({ streamExtraParts: true });
		await api.post(messages(), { message: 'extra' });
		const read = await readEvents('?since=0');
		expect(read.events.map((e) => e.part.type)).toEqual(
			expect.arrayContaining([
				'tool-approval-request',
				'tool-approval-response',
				'tool-output-denied',
				'source-url',
				'source-document',
				'file',
			]),
		);
		expect(replyOf(read)).toBe(scriptedReply('extra'));
		on({});
		await api.post(messages(), { message: 'plain' });
		const plain = await readEvents(`?since=${read.events.at(-1)!.id}`);
		expect(plain.events.map((e) => e.part.type)).not.toContain('tool-approval-request');
	});

	it('streamDoneMarker: data: [DONE] follows the finish and ends the stream', async () => {
		on({ streamDoneMarker: true });
		await api.post(messages(), { message: 'done' });
		const read = await rawStream('?since=0');
		expect(read.ended).toBe(true);
		expect(partsOf(read.text).slice(-2)).toEqual(['finish', '[DONE]']);
		expect(read.text.endsWith('data: [DONE]\n\n')).toBe(true);
	});

	it('sseCrlf: CRLF line ends, an event field and multi-line data; the same parts', async () => {
		on({ sseCrlf: true });
		await api.post(messages(), { message: 'crlf' });
		const read = await rawStream('?since=0', '"finish"');
		expect(read.text).toMatch(/^: tail of chat session events\r\nretry: 1000\r\n\r\n/);
		expect(read.text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
		expect(read.text).toContain(
			'id: 1\r\nevent: ui-message-part\r\ndata: {\r\ndata:  "type": "start",\r\n',
		);
		expect(partsOf(read.text)).toEqual(
			turnScript(sb.chat.turns[0])
				.slice(0, partsOf(read.text).length)
				.map((p) => p.type),
		);
	});

	it('duplicateMessageNoCursor and duplicateMessageNoDetails: the 409 names less', async () => {
		on({ duplicateMessageNoCursor: true });
		const first = await api.post(messages(), { message: 'hi', client_message_id: 'dup-1' });
		const noCursor = await api.post(messages(), { message: 'hi', client_message_id: 'dup-1' });
		expect(noCursor.status).toBe(409);
		expect(noCursor.json.error.details).toEqual({
			client_message_id: 'dup-1',
			user_message_id: first.json.data.user_message_id,
		});
		on({ duplicateMessageNoDetails: true });
		const bare = await api.post(messages(), { message: 'hi', client_message_id: 'dup-1' });
		expect(bare.status).toBe(409);
		expect(bare.json.error).toEqual({
			code: 'conflict',
			message: 'This message was already sent.',
		});
		expect(sb.chat.turnCount(SESSION)).toBe(1);
	});

	it('startWithoutTurnId: the start part names no turn', async () => {
		on({ startWithoutTurnId: true });
		await api.post(messages(), { message: 'anon' });
		const read = await readEvents('?since=0');
		expect(read.events[0].part).toEqual({
			type: 'start',
			messageId: expect.stringMatching(/^am_/),
		});
		expect(replyOf(read)).toBe(scriptedReply('anon'));
	});

	it('faults: an aborted turn, a turn ended by [DONE] alone, a stream cut before any event', async () => {
		sb.chat.addFault({ fault: { kind: 'abortPart', reason: 'session reset' } });
		sb.chat.addFault({ fault: { kind: 'doneWithoutFinish' } });
		await api.post(messages(), { message: 'one' });
		await api.post(messages(), { message: 'two' });
		while (sb.chat.turns[1].status !== 'finished') await new Promise((r) => setTimeout(r, 5));
		expect(sb.chat.turns.map((t) => t.status)).toEqual(['aborted', 'finished']);
		const read = await rawStream('?since=0');
		const parts = partsOf(read.text);
		expect(parts.filter((p) => p === 'abort')).toHaveLength(1);
		expect(read.text).toContain('"reason":"session reset"');
		expect(parts.filter((p) => p === 'finish')).toEqual([]);
		expect(parts.at(-1)).toBe('[DONE]');
		expect(read.ended).toBe(true);

		sb.chat.addFault({ fault: { kind: 'cutStream', afterEvents: 0 } });
		const cut = await rawStream('?since=0');
		expect(cut.ended).toBe(false);
		expect(partsOf(cut.text)).toEqual([]);
	});
});
