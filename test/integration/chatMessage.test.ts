/**
 * Chat Message → Send through n8n's real engine against the sandbox's scripted agent: the reply
 * read from the event stream, and every fault of the issue: no fault sends a message twice (the
 * sandbox counts turns per session).
 */
import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import {
	chain,
	collectorNode,
	errorOutput,
	itemsNode,
	mergeConnections,
	neoNode,
	runWorkflow,
	type RunResult,
} from '../helpers/n8nEngine';
import { SEED, scriptedReply, type NeoSandbox } from '../sandbox';
import { DEFAULT_READINGS, type Readings } from '../sandbox/readings';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();
const SESSION = SEED.sessions.tenant;
const MESSAGES = `/public-api/chat/sessions/${SESSION}/messages`;
const EVENTS = `/public-api/chat/sessions/${SESSION}/events`;
const MESSAGES_TEMPLATE = '/public-api/chat/sessions/{session_id}/messages';

// The first run of a file loads n8n's engine: more than jest's default 5 s.
jest.setTimeout(30_000);
beforeEach(() => sandbox().chat.configure({ partMs: 2 }));
// Tests that turn single readings on put the run's own readings back (reset() keeps the config).
let runReadings: Readings;
beforeAll(() => {
	runReadings = sandbox().state().config.readings;
});
afterEach(() => sandbox().configure({ readings: runReadings }));

/** The readings this run's sandbox answers under (all of them in jest's other-readings project). */
const readings = (): Readings => sandbox().state().config.readings;
/** Only these readings on (the rest as in the sandbox's default). */
const onlyReadings = (on: Partial<Readings>) =>
	sandbox().configure({ readings: { ...DEFAULT_READINGS, ...on } });
/** Whether a repeated client_message_id's 409 carries the cursor of the original turn. */
const duplicateHasCursor = () =>
	!readings().duplicateMessageNoCursor && !readings().duplicateMessageNoDetails;

interface ChatRun {
	result: RunResult;
	ok: INodeExecutionData[];
	errors: INodeExecutionData[];
}

const send = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'chatMessage',
	operation: 'send',
	sessionId: '={{ $json.sessionId }}',
	message: '={{ $json.message }}',
	...extra,
});

async function runChat(
	parameters: INodeParameters,
	items: IDataObject[],
	onError?: INode['onError'],
): Promise<ChatRun> {
	const sb = sandbox();
	const nodes: INode[] = [
		itemsNode('Input', items),
		neoNode('Neo', parameters, { typeVersion: 2, ...(onError ? { onError } : {}) }),
		collectorNode('OK'),
		collectorNode('Errors'),
	];
	const connections = mergeConnections(chain('Input', 'Neo', 'OK'), errorOutput('Neo', 'Errors'));
	const result = await runWorkflow({
		nodes,
		connections,
		credentials: { neoApi: { apiKey: sb.keys.tenant, baseUrl: sb.url } },
	});
	return { result, ok: result.output('Neo', 0), errors: result.output('Neo', 1) };
}

const ask = (message: string, sessionId = SESSION) => ({ sessionId, message });

/** A fresh session of the tenant, created over the API (the scripted agent runs per session). */
async function newSession(sb: NeoSandbox): Promise<string> {
	const res = await fetch(`${sb.url}/public-api/chat/sessions`, {
		method: 'POST',
		headers: { authorization: `Bearer ${sb.keys.tenant}`, 'content-type': 'application/json' },
		body: JSON.stringify({ agent_id: SEED.agents.tenant[0] }),
	});
	return ((await res.json()) as { data: { id: string } }).data.id;
}

const postsTo = (sb: NeoSandbox, path = MESSAGES) =>
	sb.requests.filter((r) => r.method === 'POST' && r.path === path);
const getsOf = (sb: NeoSandbox, path = EVENTS) =>
	sb.requests.filter((r) => r.method === 'GET' && r.path === path);

describe('Chat Message → Send', () => {
	it("sends the message and outputs the agent's whole reply, read from the turn's cursor", async () => {
		const { ok, errors, result } = await runChat(send(), [ask('Is ticket T-4711 still open?')]);
		const sb = sandbox();

		expect(result.error).toBeUndefined();
		expect(errors).toEqual([]);
		expect(ok).toHaveLength(1);
		expect(ok[0].json).toEqual({
			session_id: SESSION,
			chat_turn_id: sb.chat.turns[0].id,
			user_message_id: sb.chat.turns[0].userMessageId,
			client_message_id: expect.stringMatching(/^n8n_[0-9a-z]{10,24}$/),
			already_sent: false,
			reply: scriptedReply('Is ticket T-4711 still open?'),
			finish_reason: 'stop',
			ended_by: 'finish',
		});
		expect(ok[0].pairedItem).toEqual({ item: 0 });
		expect(postsTo(sb).map((r) => r.body)).toEqual([
			{
				message: 'Is ticket T-4711 still open?',
				model_tier: 'FAST',
				client_message_id: ok[0].json.client_message_id,
			},
		]);
		expect(getsOf(sb).map((r) => r.query)).toEqual([{ since: sb.chat.turns[0].sinceCursor }]);
		expect(sb.chat.turnCount(SESSION)).toBe(1);
	});

	it('with Include Steps, outputs the tool call, its result, the reasoning and data parts', async () => {
		const { ok } = await runChat(
			send({ modelTier: 'SMART', sendOptions: { includeSteps: true } }),
			[ask('Mailbox full')],
		);

		expect(ok[0].json.reply).toBe(scriptedReply('Mailbox full'));
		// Under streamExtraParts the agent also asks for a second tool, is denied, cites and attaches.
		const extra = readings().streamExtraParts
			? [
					expect.objectContaining({ type: 'tool-input-available', toolName: 'reset_mfa' }),
					expect.objectContaining({ type: 'tool-approval-request', approvalId: 'apr_1' }),
					expect.objectContaining({ type: 'tool-approval-response', approved: false }),
					expect.objectContaining({ type: 'tool-output-denied' }),
					expect.objectContaining({ type: 'source-url', url: expect.stringMatching(/^https:/) }),
					expect.objectContaining({ type: 'source-document', title: 'Runbook' }),
					expect.objectContaining({ type: 'file', mediaType: 'image/png' }),
				]
			: [];
		expect(ok[0].json.parts).toEqual([
			{ type: 'reasoning', id: 'r1', text: 'The user asks about a ticket; search the PSA first.' },
			expect.objectContaining({
				type: 'tool-input-available',
				toolName: 'search_tickets',
				input: { query: 'Mailbox full' },
			}),
			expect.objectContaining({ type: 'tool-output-available' }),
			...extra,
			{ type: 'data-progress', data: { stage: 'answering' } },
		]);
		expect(ok[0].json.ignored_parts).toBeUndefined();
		expect(postsTo(sandbox())[0].body).toMatchObject({ model_tier: 'SMART' });
	});

	it('without Wait for Reply, outputs as soon as Neo accepted the message and reads no stream', async () => {
		const { ok } = await runChat(send({ sendOptions: { waitForReply: false } }), [ask('hello')]);

		expect(ok[0].json).toMatchObject({
			session_id: SESSION,
			chat_turn_id: expect.stringMatching(/^ct_/),
			since_cursor: '0',
			already_sent: false,
		});
		expect(ok[0].json.reply).toBeUndefined();
		expect(getsOf(sandbox())).toEqual([]);
		expect(sandbox().chat.turnCount(SESSION)).toBe(1);
	});

	it('a 500 after Neo stored the message: retried, the 409 names the original, one turn, not two', async () => {
		const sb = sandbox();
		sb.addFault({
			path: MESSAGES_TEMPLATE,
			times: 1,
			fault: { kind: 'status', status: 500, acted: true },
		});
		const { ok, errors } = await runChat(send(), [ask('Reset MFA for j.doe')]);

		expect(errors).toEqual([]);
		expect(postsTo(sb).map((r) => r.status)).toEqual([500, 409]);
		expect(sb.chat.turnCount(SESSION)).toBe(1);
		if (duplicateHasCursor()) {
			expect(ok[0].json).toMatchObject({
				chat_turn_id: sb.chat.turns[0].id,
				user_message_id: sb.chat.turns[0].userMessageId,
				// Our own first attempt sent it, not an earlier run.
				already_sent: false,
				reply: scriptedReply('Reset MFA for j.doe'),
			});
		} else {
			// No cursor in the 409: the reply cannot be read, and the item says the message went out.
			expect(ok[0].json).toMatchObject({ already_sent: true, reply: null });
		}
	});

	describe.each([
		['duplicateMessageNoCursor', { duplicateMessageNoCursor: true }],
		['duplicateMessageNoDetails', { duplicateMessageNoDetails: true }],
	])("a 409 without the original turn's cursor (%s)", (name, on) => {
		const why =
			"^Neo's 409 for this Client Message ID \\((duplicate_client_message_id|conflict): .+, request [0-9a-f-]{36}\\) did not say where the turn starts in the event stream \\(no since_cursor\\), so its reply cannot be followed here: read it from the session in Neo\\.";
		const noReply = expect.stringMatching(new RegExp(`${why}$`));
		// n8n's hints name the item.
		const noReplyHint = expect.stringMatching(new RegExp(`${why} \\(item 0\\)$`));

		it('after our own retry of a 500: already_sent true, reply null and why, one turn', async () => {
			onlyReadings(on);
			const sb = sandbox();
			sb.addFault({
				path: MESSAGES_TEMPLATE,
				times: 1,
				fault: { kind: 'status', status: 500, acted: true },
			});
			const { ok, errors, result } = await runChat(send(), [ask('Reset MFA for j.doe')]);

			expect(errors).toEqual([]);
			expect(postsTo(sb).map((r) => r.status)).toEqual([500, 409]);
			expect(sb.chat.turnCount(SESSION)).toBe(1);
			expect(ok[0].json).toEqual({
				session_id: SESSION,
				chat_turn_id: null,
				user_message_id:
					name === 'duplicateMessageNoCursor' ? sb.chat.turns[0].userMessageId : null,
				client_message_id: expect.stringMatching(/^n8n_/),
				already_sent: true,
				reply: null,
				no_reply_reason: noReply,
			});
			expect(getsOf(sb)).toEqual([]);
			expect(result.hints('Neo').map((h) => h.message)).toEqual([
				expect.stringContaining("sent by this execution's own earlier attempt (before the retry)"),
				noReplyHint,
			]);
		});

		it('a re-run with the same Client Message ID: already_sent true, reply null and why', async () => {
			onlyReadings(on);
			const sb = sandbox();
			const params = send({ sendOptions: { clientMessageId: 'T-200' } });
			await runChat(params, [ask('Printer offline')]);
			const again = await runChat(params, [ask('Printer offline')]);

			expect(sb.chat.turnCount(SESSION)).toBe(1);
			expect(again.errors).toEqual([]);
			expect(again.ok[0].json).toMatchObject({
				client_message_id: 'T-200',
				already_sent: true,
				reply: null,
				no_reply_reason: noReply,
			});
			expect(again.result.hints('Neo').map((h) => h.message)).toEqual([
				expect.stringContaining('Neo already had Client Message ID "T-200" in session'),
				noReplyHint,
			]);
		});
	});

	it('a 500 before Neo acted: retried, one turn', async () => {
		const sb = sandbox();
		sb.addFault({ path: MESSAGES_TEMPLATE, times: 2, fault: { kind: 'status', status: 503 } });
		const { ok } = await runChat(send(), [ask('hello')]);

		expect(postsTo(sb).map((r) => r.status)).toEqual([503, 503, 202]);
		expect(sb.chat.turnCount(SESSION)).toBe(1);
		expect(ok[0].json.reply).toBe(scriptedReply('hello'));
	});

	it('a Client Message ID Neo has seen is not an error: the item is the original message and its reply', async () => {
		const sb = sandbox();
		const first = await runChat(send({ sendOptions: { clientMessageId: '={{ $json.ticket }}' } }), [
			{ ...ask('Printer offline'), ticket: 'T-100' },
		]);
		const again = await runChat(send({ sendOptions: { clientMessageId: '={{ $json.ticket }}' } }), [
			{ ...ask('Printer offline'), ticket: 'T-100' },
		]);

		expect(sb.chat.turnCount(SESSION)).toBe(1);
		expect(again.errors).toEqual([]);
		const hints = again.result.hints('Neo').map((h) => h.message);
		expect(hints[0]).toContain('Neo already had Client Message ID "T-100"');
		if (!duplicateHasCursor()) {
			expect(again.ok[0].json).toMatchObject({ already_sent: true, reply: null });
			return;
		}
		expect(again.ok[0].json).toEqual({
			...first.ok[0].json,
			already_sent: true,
		});
		expect(hints).toHaveLength(1);
	});

	it('keeps the default Client Message ID stable for the same run inputs and distinct per item', async () => {
		const { ok } = await runChat(send({ sendOptions: { waitForReply: false } }), [
			ask('same words'),
			ask('same words'),
		]);
		const ids = ok.map((item) => item.json.client_message_id);
		expect(new Set(ids).size).toBe(2);
		expect(sandbox().chat.turnCount(SESSION)).toBe(2);
	});

	it('an error part gives an error item with the reply so far', async () => {
		sandbox().chat.addFault({ fault: { kind: 'errorPart', errorText: 'Model overloaded' } });
		const { ok, errors } = await runChat(send(), [ask('Why is VPN down?')], 'continueErrorOutput');

		expect(ok).toEqual([]);
		const error = errors[0].json.error as IDataObject;
		expect(error).toMatchObject({
			code: 'agent_error',
			message: expect.stringContaining('Model overloaded'),
			itemIndex: 0,
		});
		expect(error.details).toMatchObject({
			session_id: SESSION,
			chat_turn_id: sandbox().chat.turns[0].id,
			partial_reply: expect.stringMatching(/^I looked/),
		});
		expect(sandbox().chat.turnCount(SESSION)).toBe(1);
	});

	it('fails the execution on an error part without Continue', async () => {
		sandbox().chat.addFault({ fault: { kind: 'errorPart', errorText: 'Model overloaded' } });
		const { result } = await runChat(send(), [ask('Why is VPN down?')]);
		expect(result.error?.message).toMatch(
			/agent_error: The Neo agent reported an error: Model overloaded/,
		);
	});

	it('a turn that never finishes fails at Reply Timeout with what arrived', async () => {
		sandbox().chat.addFault({ fault: { kind: 'neverFinish' } });
		const started = Date.now();
		const { errors } = await runChat(
			send({ sendOptions: { replyTimeoutSeconds: 1 } }),
			[ask('slow one')],
			'continueErrorOutput',
		);

		const error = errors[0].json.error as IDataObject;
		expect(error.code).toBe('reply_timeout');
		// No drop happened: the message says only that the time ran out.
		expect(error.message).toBe(
			"Neo error reply_timeout: The Neo agent's reply did not finish within 1 s",
		);
		expect(error.details).toMatchObject({
			resumes: 0,
			partial_reply: expect.stringMatching(/^I looked/),
		});
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(sandbox().chat.turnCount(SESSION)).toBe(1);
	});

	it('an answer that is not an event stream is a clear error, and the message is not sent again', async () => {
		sandbox().chat.addFault({ fault: { kind: 'notEventStream' } });
		const { errors } = await runChat(send(), [ask('hi')], 'continueErrorOutput');

		expect(errors[0].json.error).toMatchObject({
			code: 'not_event_stream',
			message: expect.stringContaining(
				'"text/html" instead of text/event-stream ("Welcome to the portal")',
			),
		});
		expect(postsTo(sandbox())).toHaveLength(1);
		expect(sandbox().chat.turnCount(SESSION)).toBe(1);
	});

	it('a stream cut mid-turn resumes after Last-Event-Id: the reply is whole, nothing twice', async () => {
		const sb = sandbox();
		sb.chat.addFault({ fault: { kind: 'cutStream', afterEvents: 10 }, times: 2 });
		const { ok, errors } = await runChat(send(), [ask('Disk space on SRV-01')]);

		expect(errors).toEqual([]);
		expect(ok[0].json.reply).toBe(scriptedReply('Disk space on SRV-01'));
		const gets = getsOf(sb);
		expect(gets).toHaveLength(3);
		// The first read starts at the cursor; the resumes carry Last-Event-Id instead.
		expect(gets.map((r) => r.query)).toEqual([{ since: '0' }, {}, {}]);
		expect(sb.chat.turnCount(SESSION)).toBe(1);
	});

	it('a 503 and a 429 on the event stream reconnect, and the reply is whole', async () => {
		const sb = sandbox();
		const events = '/public-api/chat/sessions/{session_id}/events';
		sb.addFault({ path: events, method: 'GET', times: 1, fault: { kind: 'status', status: 503 } });
		sb.addFault({
			path: events,
			method: 'GET',
			times: 1,
			fault: { kind: 'status', status: 429, retryAfter: '1' },
		});
		const { ok, errors } = await runChat(send(), [ask('Licence count for Contoso')]);

		expect(errors).toEqual([]);
		expect(ok[0].json.reply).toBe(scriptedReply('Licence count for Contoso'));
		expect(getsOf(sb).map((r) => r.status)).toEqual([503, 429, 200]);
		expect(postsTo(sb)).toHaveLength(1);
	});

	it('sends many items in parallel, each with its own stream, output in input order', async () => {
		const sb = sandbox();
		const sessions = await Promise.all(Array.from({ length: 6 }, () => newSession(sb)));
		// Longer messages make longer replies: the first items finish last.
		const items = sessions.map((sessionId, i) => ask(`${'why '.repeat(6 - i)}#${i}`, sessionId));
		const { ok } = await runChat(send({ options: { concurrency: 6 } }), items);

		expect(ok.map((item) => item.json.session_id)).toEqual(sessions);
		expect(ok.map((item) => item.json.reply)).toEqual(items.map((i) => scriptedReply(i.message)));
		expect(ok.map((item) => item.pairedItem)).toEqual(items.map((_i, item) => ({ item })));
		for (const sessionId of sessions) expect(sb.chat.turnCount(sessionId)).toBe(1);
	});

	it('checks every item before sending anything', async () => {
		const { errors } = await runChat(
			send(),
			[ask('fine'), ask('   '), ask('fine', 'cs/../x')],
			'continueErrorOutput',
		);
		expect(errors.map((e) => (e.json.error as IDataObject).message)).toEqual([
			'Parameter "Message" is required but is empty (item 1)',
			'Parameter "Session ID" must be an ID without "/", "?" or "#", got "cs/../x" (item 2)',
		]);
		expect(sandbox().chat.turnCount()).toBe(1);
	});

	it("a session of another tenant is Neo's 404, with no turn", async () => {
		const { errors } = await runChat(
			send(),
			[ask('hi', SEED.sessions.otherTenant)],
			'continueErrorOutput',
		);
		expect(errors[0].json.error).toMatchObject({ httpStatus: 404, code: 'not_found' });
		expect(sandbox().chat.turnCount()).toBe(0);
	});
});

describe('Chat Message → Send: how a turn ends, and the stream read other ways', () => {
	it.each([
		['streamExtraParts', { streamExtraParts: true }],
		['streamDoneMarker', { streamDoneMarker: true }],
		['sseCrlf', { sseCrlf: true }],
		['startWithoutTurnId', { startWithoutTurnId: true }],
	])('the reply is whole under %s, ended by its finish, nothing ignored', async (_name, on) => {
		onlyReadings(on);
		const { ok, errors } = await runChat(send(), [ask('Which licences does Contoso use?')]);

		expect(errors).toEqual([]);
		expect(ok[0].json).toMatchObject({
			reply: scriptedReply('Which licences does Contoso use?'),
			finish_reason: 'stop',
			ended_by: 'finish',
		});
		expect(ok[0].json.ignored_parts).toBeUndefined();
		expect(getsOf(sandbox())).toHaveLength(1);
	});

	it('sseCrlf: CRLF, an event field and multi-line data in one chunk are one event each, also on resume', async () => {
		onlyReadings({ sseCrlf: true });
		const sb = sandbox();
		sb.chat.addFault({ fault: { kind: 'cutStream', afterEvents: 7 } });
		const { ok, errors } = await runChat(send({ sendOptions: { includeSteps: true } }), [
			ask('Disk space on SRV-02'),
		]);

		expect(errors).toEqual([]);
		expect(ok[0].json.reply).toBe(scriptedReply('Disk space on SRV-02'));
		expect(ok[0].json.parts).toContainEqual(
			expect.objectContaining({
				type: 'tool-input-available',
				input: { query: 'Disk space on SRV-02' },
			}),
		);
		expect(getsOf(sb)).toHaveLength(2);
	});

	it('a turn the stream ends with [DONE] and no finish: the reply that arrived, ended_by done', async () => {
		sandbox().chat.addFault({ fault: { kind: 'doneWithoutFinish' } });
		const { ok, errors } = await runChat(send(), [ask('Who is on call?')]);

		expect(errors).toEqual([]);
		expect(ok[0].json).toMatchObject({
			reply: scriptedReply('Who is on call?'),
			finish_reason: null,
			ended_by: 'done',
		});
		expect(getsOf(sandbox())).toHaveLength(1);
	});

	it('an aborted turn fails the item (turn_aborted) with the partial reply, never as a reply', async () => {
		sandbox().chat.addFault({ fault: { kind: 'abortPart', reason: 'session reset' } });
		const { ok, errors } = await runChat(send(), [ask('Unlock j.doe')], 'continueErrorOutput');

		expect(ok).toEqual([]);
		const error = errors[0].json.error as IDataObject;
		expect(error).toMatchObject({
			code: 'turn_aborted',
			hint: expect.stringContaining('a session reset cancels a turn in flight'),
			message:
				"Neo error turn_aborted: Neo aborted the agent's turn before it finished (session reset): the reply is incomplete (what arrived is in partial_reply)",
		});
		expect(error.details).toMatchObject({
			ended_by: 'abort',
			chat_turn_id: sandbox().chat.turns[0].id,
			partial_reply: expect.stringMatching(/^I looked/),
			resumes: 0,
		});
		expect(getsOf(sandbox())).toHaveLength(1);
		expect(sandbox().chat.turnCount(SESSION)).toBe(1);
	});

	it('fails the execution on an aborted turn without Continue', async () => {
		sandbox().chat.addFault({ fault: { kind: 'abortPart' } });
		const { result } = await runChat(send(), [ask('Unlock j.doe')]);
		expect(result.error?.message).toMatch(
			/turn_aborted: Neo aborted the agent's turn before it finished: the reply is incomplete/,
		);
	});

	it('a stream that always drops ends with stream_dropped after exactly 5 resumes, long before the timeout', async () => {
		const sb = sandbox();
		sb.chat.addFault({ fault: { kind: 'cutStream', afterEvents: 0 }, times: 1000 });
		const started = Date.now();
		const { errors } = await runChat(
			send({ sendOptions: { replyTimeoutSeconds: 300 } }),
			[ask('Always dropping')],
			'continueErrorOutput',
		);

		const error = errors[0].json.error as IDataObject;
		expect(error).toMatchObject({
			code: 'stream_dropped',
			message: expect.stringMatching(
				/^Neo error stream_dropped: Neo's event stream dropped 6 times before the reply finished \(last: .+\)$/,
			),
		});
		expect((error.details as IDataObject).resumes).toBe(5);
		// The first read and five resumes: not one more.
		expect(getsOf(sb)).toHaveLength(6);
		expect(Date.now() - started).toBeLessThan(40_000);
		expect(postsTo(sb)).toHaveLength(1);
		expect(sb.chat.turnCount(SESSION)).toBe(1);
	}, 60_000);

	it('a reply timeout after a drop names the drop', async () => {
		const sb = sandbox();
		sb.chat.addFault({ fault: { kind: 'neverFinish' } });
		sb.chat.addFault({ fault: { kind: 'cutStream', afterEvents: 3 } });
		const { errors } = await runChat(
			send({ sendOptions: { replyTimeoutSeconds: 2 } }),
			[ask('slow and cut')],
			'continueErrorOutput',
		);

		const error = errors[0].json.error as IDataObject;
		expect(error.code).toBe('reply_timeout');
		expect(error.message).toMatch(
			/^Neo error reply_timeout: The Neo agent's reply did not finish within 2 s \(the stream dropped once, last: .+\)$/,
		);
		expect(error.details).toMatchObject({ resumes: 1 });
		expect(getsOf(sb)).toHaveLength(2);
	});
});
