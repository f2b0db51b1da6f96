import {
	DONE,
	EventStreamError,
	parsePart,
	SseParser,
	type ServerSentEvent,
	TurnAssembler,
	type UiPart,
} from '../../nodes/Neo/transport/eventStream';

/** Feeds the text as the given chunks (bytes decoded incrementally, as the node does). */
function parseChunks(chunks: Uint8Array[], parser = new SseParser()): ServerSentEvent[] {
	const decoder = new TextDecoder();
	const events: ServerSentEvent[] = [];
	for (const chunk of chunks) events.push(...parser.push(decoder.decode(chunk, { stream: true })));
	events.push(...parser.push(decoder.decode()));
	return events;
}

const bytes = (text: string) => new TextEncoder().encode(text);

// A stream with every field kind, CRLF and CR line ends, a comment, multi-line data and a
// non-ASCII character whose bytes a split can cut in half.
const STREAM = [
	': keep-alive\r\n',
	'retry: 1500\r\n',
	'id: 1\r\n',
	'data: {"type":"start","messageId":"m1"}\r\n\r\n',
	'id: 2\n',
	'event: part\n',
	'data: {"type":"text-delta","id":"t","delta":"Grüße 👋"}\n\n',
	'id: 3\r',
	'data: line one\r',
	'data: line two\r\r',
	'data: no id here\n\n',
].join('');

const EXPECTED: ServerSentEvent[] = [
	{ id: '1', event: 'message', data: '{"type":"start","messageId":"m1"}' },
	{ id: '2', event: 'part', data: '{"type":"text-delta","id":"t","delta":"Grüße 👋"}' },
	{ id: '3', event: 'message', data: 'line one\nline two' },
	// The spec's last event ID is sticky: an event without `id:` keeps the previous one.
	{ id: '3', event: 'message', data: 'no id here' },
];

describe('SseParser', () => {
	it('parses every field kind in one chunk', () => {
		const parser = new SseParser();
		expect(parseChunks([bytes(STREAM)], parser)).toEqual(EXPECTED);
		expect(parser.retryMs).toBe(1500);
		expect(parser.comments).toBe(1);
		expect(parser.lastEventId).toBe('3');
	});

	it('gives the same events whatever byte the stream is split at', () => {
		const all = bytes(STREAM);
		for (let cut = 0; cut <= all.length; cut++) {
			expect(parseChunks([all.slice(0, cut), all.slice(cut)])).toEqual(EXPECTED);
		}
	});

	it('gives the same events one byte at a time', () => {
		const all = bytes(STREAM);
		const single = Array.from(all, (_byte, i) => all.slice(i, i + 1));
		expect(parseChunks(single)).toEqual(EXPECTED);
	});

	it('treats a CR at the end of a chunk and an LF at the start of the next as one line end', () => {
		const events = parseChunks([
			bytes('data: a\r'),
			bytes(''),
			bytes('\ndata: b\r'),
			bytes('\n\r\n'),
		]);
		expect(events).toEqual([{ id: '', event: 'message', data: 'a\nb' }]);
	});

	it('strips a leading BOM and one space after the colon only', () => {
		const events = parseChunks([bytes('\uFEFFdata:  two spaces\ndata:none\n\n')]);
		expect(events).toEqual([{ id: '', event: 'message', data: ' two spaces\nnone' }]);
	});

	it('reads one event from an event field and multi-line data, all CRLF, in one chunk', () => {
		const chunk =
			'id: 7\r\nevent: ui-message-part\r\ndata: {"type":\r\ndata: "text-delta",\r\ndata: "delta":"hi"}\r\n\r\n';
		const parser = new SseParser();
		expect(parser.push(chunk)).toEqual([
			{
				id: '7',
				event: 'ui-message-part',
				data: '{"type":\n"text-delta",\n"delta":"hi"}',
			},
		]);
		expect(parser.push('')).toEqual([]);
	});

	it('drops an event the stream ended before its blank line', () => {
		const parser = new SseParser();
		expect(parseChunks([bytes('id: 9\ndata: half')], parser)).toEqual([]);
		parser.end();
		expect(parser.push('\n\n')).toEqual([]);
		expect(parser.lastEventId).toBe('9');
	});

	it('ignores an id containing NUL and a non-numeric retry', () => {
		const parser = new SseParser();
		parseChunks([bytes('id: 5\nretry: soon\ndata: x\n\nid: a\u0000b\ndata: y\n\n')], parser);
		expect(parser.lastEventId).toBe('5');
		expect(parser.retryMs).toBeUndefined();
	});

	it('fails on a line longer than the limit instead of buffering it', () => {
		const parser = new SseParser(64);
		expect(() => parser.push(`data: ${'x'.repeat(100)}`)).toThrow(EventStreamError);
		const chunked = new SseParser(64);
		chunked.push('data: ');
		expect(() => {
			for (let i = 0; i < 20; i++) chunked.push('xxxxx');
		}).toThrow(/longer than 64 characters/);
	});

	it('fails on an event whose data lines together exceed the limit', () => {
		const parser = new SseParser(64, 100);
		expect(() => parser.push('data: 0123456789\n'.repeat(12))).toThrow(/larger than 100/);
	});
});

describe('parsePart', () => {
	it('reads a part, the [DONE] marker, and rejects what is not a part', () => {
		expect(parsePart('{"type":"finish"}')).toEqual({ type: 'finish' });
		expect(parsePart('[DONE]')).toBe(DONE);
		expect(() => parsePart('<html>')).toThrow(/not JSON/);
		expect(() => parsePart('[1]')).toThrow(/not a JSON object/);
		expect(() => parsePart('{"delta":"x"}')).toThrow(/no type/);
	});
});

const TURN: UiPart[] = [
	{ type: 'start', messageId: 'am_1', messageMetadata: { chat_turn_id: 'ct_1' } },
	{ type: 'start-step' },
	{ type: 'reasoning-start', id: 'r1' },
	{ type: 'reasoning-delta', id: 'r1', delta: 'Check the ' },
	{ type: 'reasoning-delta', id: 'r1', delta: 'ticket.' },
	{ type: 'reasoning-end', id: 'r1' },
	{ type: 'tool-input-start', toolCallId: 'c1', toolName: 'lookup' },
	{ type: 'tool-input-delta', toolCallId: 'c1', inputTextDelta: '{"q":' },
	{ type: 'tool-input-available', toolCallId: 'c1', toolName: 'lookup', input: { q: 1 } },
	{ type: 'tool-output-available', toolCallId: 'c1', output: { status: 'open' } },
	{ type: 'data-progress', data: { percent: 50 } },
	{ type: 'source-url', sourceId: 's', url: 'https://example.com' },
	{ type: 'finish-step' },
	{ type: 'text-start', id: 't1' },
	{ type: 'text-delta', id: 't1', delta: 'The ticket ' },
	{ type: 'text-delta', id: 't1', delta: 'is open.' },
	{ type: 'text-end', id: 't1' },
	{ type: 'brand-new-part', whatever: true },
	{ type: 'finish', finishReason: 'stop' },
];

describe('TurnAssembler', () => {
	it('assembles the reply, stops at finish and counts unknown parts', () => {
		const turn = new TurnAssembler('ct_1', false);
		const states = TURN.map((part) => turn.accept(part));
		expect(states.at(-1)).toBe('finished');
		expect(states.slice(0, -1).every((s) => s === 'open')).toBe(true);
		expect(turn.reply).toBe('The ticket is open.');
		expect(turn.finishReason).toBe('stop');
		expect(turn.messageId).toBe('am_1');
		expect(turn.steps).toEqual([]);
		expect(turn.ignoredParts).toBe(1);
		expect(turn.endedBy).toBe('finish');
		// Parts after finish change nothing.
		expect(turn.accept({ type: 'text-delta', delta: 'more' })).toBe('finished');
		expect(turn.reply).toBe('The ticket is open.');
	});

	it('keeps the steps with Include Steps: reasoning merged, tool input once, data as sent', () => {
		const turn = new TurnAssembler('ct_1', true);
		for (const part of TURN) turn.accept(part);
		expect(turn.steps).toEqual([
			{ type: 'reasoning', id: 'r1', text: 'Check the ticket.' },
			{ type: 'tool-input-available', toolCallId: 'c1', toolName: 'lookup', input: { q: 1 } },
			{ type: 'tool-output-available', toolCallId: 'c1', output: { status: 'open' } },
			{ type: 'data-progress', data: { percent: 50 } },
			{ type: 'source-url', sourceId: 's', url: 'https://example.com' },
		]);
	});

	it('knows every part type of the AI SDK v6 UI message stream: none is ignored', () => {
		const every: UiPart[] = [
			{ type: 'start', messageId: 'am_1' },
			{ type: 'start-step' },
			{ type: 'message-metadata', messageMetadata: {} },
			{ type: 'text-start', id: 't' },
			{ type: 'text-delta', id: 't', delta: 'ok' },
			{ type: 'text-end', id: 't' },
			{ type: 'reasoning-start', id: 'r' },
			{ type: 'reasoning-delta', id: 'r', delta: 'hm' },
			{ type: 'reasoning-end', id: 'r' },
			{ type: 'tool-input-start', toolCallId: 'c', toolName: 'reset_mfa' },
			{ type: 'tool-input-delta', toolCallId: 'c', inputTextDelta: '{}' },
			{ type: 'tool-input-available', toolCallId: 'c', toolName: 'reset_mfa', input: {} },
			{ type: 'tool-input-error', toolCallId: 'c', toolName: 'x', input: {}, errorText: 'e' },
			{ type: 'tool-approval-request', approvalId: 'a', toolCallId: 'c' },
			{ type: 'tool-approval-response', approvalId: 'a', approved: false },
			{ type: 'tool-output-denied', toolCallId: 'c' },
			{ type: 'tool-output-available', toolCallId: 'd', output: 1 },
			{ type: 'tool-output-error', toolCallId: 'e', errorText: 'e' },
			{ type: 'source-url', sourceId: 's', url: 'https://example.com' },
			{ type: 'source-document', sourceId: 'd', mediaType: 'application/pdf', title: 'KB' },
			{ type: 'file', url: 'https://example.com/a.png', mediaType: 'image/png' },
			{ type: 'data-progress', data: {} },
			{ type: 'finish-step' },
			{ type: 'finish', finishReason: 'stop' },
		];
		const without = new TurnAssembler(undefined, false);
		for (const part of every) without.accept(part);
		expect(without.ignoredParts).toBe(0);
		expect(without.state).toBe('finished');
		const withSteps = new TurnAssembler(undefined, true);
		for (const part of every) withSteps.accept(part);
		expect(withSteps.ignoredParts).toBe(0);
		expect(withSteps.steps.map((step) => step.type)).toEqual([
			'reasoning',
			'tool-input-available',
			'tool-input-error',
			'tool-approval-request',
			'tool-approval-response',
			'tool-output-denied',
			'tool-output-available',
			'tool-output-error',
			'source-url',
			'source-document',
			'file',
			'data-progress',
		]);
	});

	it('ends the turn unfinished on an abort part, keeping its reason and the reply so far', () => {
		const turn = new TurnAssembler(undefined, false);
		turn.accept({ type: 'start' });
		turn.accept({ type: 'text-delta', delta: 'Half an ' });
		expect(turn.accept({ type: 'abort', reason: 'session reset' })).toBe('aborted');
		expect(turn.endedBy).toBe('abort');
		expect(turn.abortReason).toBe('session reset');
		expect(turn.reply).toBe('Half an ');
		expect(turn.accept({ type: 'finish' })).toBe('aborted');
	});

	it("ends the turn on [DONE] once it started; an earlier turn's [DONE] is skipped", () => {
		const turn = new TurnAssembler('ct_2', false);
		turn.accept({ type: 'start', messageMetadata: { chat_turn_id: 'ct_1' } });
		turn.accept({ type: 'finish' });
		expect(turn.done()).toBe('open');
		turn.accept({ type: 'start', messageMetadata: { chat_turn_id: 'ct_2' } });
		turn.accept({ type: 'text-delta', delta: 'mine' });
		expect(turn.done()).toBe('finished');
		expect(turn.endedBy).toBe('done');
		expect(turn.finishReason).toBeUndefined();
		expect(turn.reply).toBe('mine');
	});

	it('a [DONE] before any start leaves the turn open', () => {
		const turn = new TurnAssembler(undefined, false);
		expect(turn.done()).toBe('open');
		turn.accept({ type: 'start' });
		expect(turn.accept({ type: 'finish' })).toBe('finished');
		expect(turn.endedBy).toBe('finish');
	});

	it('keeps at most maxSteps steps and counts the rest', () => {
		const turn = new TurnAssembler(undefined, true, { maxReplyChars: 100, maxSteps: 2 });
		turn.accept({ type: 'start' });
		for (let i = 0; i < 5; i++) turn.accept({ type: 'data-row', data: { i } });
		expect(turn.steps).toHaveLength(2);
		expect(turn.stepsDropped).toBe(3);
	});

	it('fails the turn on an error part and keeps what came before', () => {
		const turn = new TurnAssembler(undefined, false);
		turn.accept({ type: 'start' });
		turn.accept({ type: 'text-delta', delta: 'Half an ' });
		expect(turn.accept({ type: 'error', errorText: 'Model overloaded' })).toBe('failed');
		expect(turn.errorText).toBe('Model overloaded');
		expect(turn.reply).toBe('Half an ');
	});

	it("skips the end of another turn that precedes this one's start", () => {
		const turn = new TurnAssembler('ct_2', false);
		turn.accept({ type: 'text-delta', delta: 'tail of ct_1 (no start seen)' });
		turn.accept({ type: 'start', messageMetadata: { chat_turn_id: 'ct_0' } });
		turn.accept({ type: 'text-delta', delta: 'other turn' });
		expect(turn.accept({ type: 'finish' })).toBe('open');
		turn.accept({ type: 'start', messageMetadata: { chat_turn_id: 'ct_2' } });
		turn.accept({ type: 'text-delta', delta: 'mine' });
		expect(turn.accept({ type: 'finish' })).toBe('finished');
		expect(turn.reply).toBe('mine');
	});

	it('fails when the reply outgrows its limit', () => {
		const turn = new TurnAssembler(undefined, false, { maxReplyChars: 10, maxSteps: 1 });
		turn.accept({ type: 'start' });
		turn.accept({ type: 'text-delta', delta: '0123456789' });
		expect(() => turn.accept({ type: 'text-delta', delta: 'x' })).toThrow(/longer than 10/);
	});
});
