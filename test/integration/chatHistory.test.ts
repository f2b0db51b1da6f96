/**
 * Chat Message → Get Many and Chat Session → Reset (Neo node version 2) through n8n's engine
 * against the sandbox: the history read back after a turn (whichever message shape Neo answers),
 * and a reset that archives, cancels the turn in flight, is idempotent and is re-sent after a 5xx.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SEED } from '../sandbox';
import { runNeo } from './neoWorkflow';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();
const SESSION = SEED.sessions.tenant;
const run = (parameters: INodeParameters, items?: IDataObject[]) =>
	runNeo({ sandbox: sandbox(), parameters, items, node: { typeVersion: 2 } });
const send = (message: string, waitForReply = true) =>
	run({
		resource: 'chatMessage',
		operation: 'send',
		sessionId: SESSION,
		message,
		sendOptions: { waitForReply },
	});
const history = (extra: INodeParameters = {}) =>
	run({ resource: 'chatMessage', operation: 'getMany', sessionId: SESSION, ...extra });
const reset = (sessionId = SESSION) =>
	run({ resource: 'chatSession', operation: 'reset', sessionId });

beforeEach(() => sandbox().chat.configure({ partMs: 1 }));

describe('Chat Message → Get Many', () => {
	it('reads the session’s messages, oldest first, each with its text', async () => {
		const sent = await send('Why is the printer offline?');
		expect(sent.result.error).toBeUndefined();
		const { ok } = await history({ returnAll: true });
		expect(ok.map((i) => i.json.role)).toEqual(['user', 'assistant']);
		expect(ok[0].json.text).toBe('Why is the printer offline?');
		expect(ok[1].json.text).toBe(sent.ok[0].json.reply);
		expect(ok[0].json.id).toBe(sent.ok[0].json.user_message_id);
	});

	it('Limit stops after that many messages', async () => {
		await send('One');
		await send('Two');
		const { ok } = await history({ limit: 3 });
		expect(ok).toHaveLength(3);
		expect(sandbox().requests.at(-1)?.query).toEqual({ page_size: '3' });
	});

	it('an unknown session is Neo’s 404; a session ID with a slash fails before sending', async () => {
		const unknown = await run({
			resource: 'chatMessage',
			operation: 'getMany',
			sessionId: 'cs_nope',
		});
		expect(unknown.result.error?.message).toMatch(/^Neo error 404 not_found/);
		sandbox().requests.length = 0;
		const bad = await run({ resource: 'chatMessage', operation: 'getMany', sessionId: 'cs_1/x' });
		expect(bad.result.error?.message).toMatch(/^Parameter "Session ID" must be an ID without "\/"/);
		expect(sandbox().requests).toHaveLength(0);
	});
});

describe('Chat Session → Reset', () => {
	it('archives the session and cancels the turn in flight', async () => {
		sandbox().chat.configure({ partMs: 100 });
		await send('A long investigation', false);
		const { ok, result } = await reset();
		expect(result.error).toBeUndefined();
		expect(ok[0].json).toMatchObject({ id: SESSION, archived_at: expect.any(String) });
		expect(sandbox().chat.turns.map((t) => t.status)).toEqual(['cancelled']);
	});

	it('is idempotent: a second reset answers the same archived session', async () => {
		const first = await reset();
		const second = await reset();
		expect(second.ok[0].json.archived_at).toBe(first.ok[0].json.archived_at);
	});

	it('is re-sent after a 5xx (Neo documents it as idempotent)', async () => {
		sandbox().addFault({
			path: '/public-api/chat/sessions/{session_id}/reset',
			method: 'POST',
			times: 1,
			fault: { kind: 'status', status: 503, acted: true },
		});
		const { ok, result } = await reset();
		expect(result.error).toBeUndefined();
		expect(sandbox().count(`POST /public-api/chat/sessions/${SESSION}/reset`)).toBe(2);
		expect(ok[0].json.archived_at).toEqual(expect.any(String));
	});

	it('a Session ID that resolves to nothing fails before anything is sent', async () => {
		const { result } = await reset('={{ $json.missing }}');
		expect(result.error?.message).toBe('Parameter "Session ID" is required but is empty (item 0)');
		expect(sandbox().count()).toBe(0);
	});
});
