import type { IDataObject } from 'n8n-workflow';

/**
 * Neo's chat event stream, in one place: server-sent events (the WHATWG "event stream"
 * interpretation), each event's data a Vercel AI SDK v6 UI-message-stream part, and the assembly
 * of one chat turn's reply from those parts.
 *
 * ASSUMED: Neo's page names the AI SDK v6 format but its event list could not be read. The part
 * types below are the SDK's; a part type this file does not know is ignored and counted, never an
 * error, so new or renamed parts cannot break a reply.
 */

/** One dispatched server-sent event. */
export interface ServerSentEvent {
	/** The last event ID seen on the stream (sticky, as the spec says), or '' when none. */
	id: string;
	/** The `event:` field, 'message' when absent. */
	event: string;
	data: string;
}

export class EventStreamError extends Error {
	constructor(
		readonly code: 'line_too_long' | 'event_too_large' | 'reply_too_long' | 'invalid_part',
		message: string,
	) {
		super(message);
	}
}

export const MAX_LINE_CHARS = 256 * 1024;
export const MAX_EVENT_CHARS = 1024 * 1024;

/**
 * Incremental SSE parser: decoded text in, complete events out. Lines end in CRLF, LF or CR (a CR
 * at the end of one chunk and an LF at the start of the next are one line break). Memory is
 * bounded: a line longer than `maxLineChars`, or an event's data longer than `maxEventChars`, is
 * an error instead of an ever-growing buffer.
 */
export class SseParser {
	private pending = '';
	private afterCR = false;
	private started = false;
	private data: string[] = [];
	private dataChars = 0;
	private eventType = '';
	/** The last event ID (sticky across events; sent back as Last-Event-Id on resume). */
	lastEventId = '';
	/** The server's reconnection time in ms (`retry:`), if it sent one. */
	retryMs: number | undefined;
	comments = 0;

	constructor(
		private readonly maxLineChars = MAX_LINE_CHARS,
		private readonly maxEventChars = MAX_EVENT_CHARS,
	) {}

	push(text: string): ServerSentEvent[] {
		const events: ServerSentEvent[] = [];
		if (text === '') return events;
		let chunk = text;
		if (!this.started) {
			this.started = true;
			if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
		}
		let start = 0;
		if (this.afterCR && chunk[0] === '\n') start = 1;
		this.afterCR = false;
		for (let i = start; i < chunk.length; i++) {
			const char = chunk[i];
			if (char !== '\n' && char !== '\r') continue;
			this.line(this.pending + chunk.slice(start, i), events);
			this.pending = '';
			if (char === '\r') {
				if (i + 1 === chunk.length) this.afterCR = true;
				else if (chunk[i + 1] === '\n') i++;
			}
			start = i + 1;
		}
		this.pending += chunk.slice(start);
		if (this.pending.length > this.maxLineChars) {
			throw new EventStreamError(
				'line_too_long',
				`The event stream sent a line longer than ${this.maxLineChars} characters`,
			);
		}
		return events;
	}

	/** The stream ended: an unterminated event is discarded, as the spec says. */
	end(): void {
		this.pending = '';
		this.data = [];
		this.dataChars = 0;
		this.eventType = '';
	}

	private line(line: string, events: ServerSentEvent[]): void {
		if (line.length > this.maxLineChars) {
			throw new EventStreamError(
				'line_too_long',
				`The event stream sent a line longer than ${this.maxLineChars} characters`,
			);
		}
		if (line === '') return this.dispatch(events);
		if (line[0] === ':') {
			this.comments++;
			return;
		}
		const colon = line.indexOf(':');
		const field = colon === -1 ? line : line.slice(0, colon);
		let value = colon === -1 ? '' : line.slice(colon + 1);
		if (value[0] === ' ') value = value.slice(1);
		switch (field) {
			case 'data':
				this.dataChars += value.length + 1;
				if (this.dataChars > this.maxEventChars) {
					throw new EventStreamError(
						'event_too_large',
						`The event stream sent an event larger than ${this.maxEventChars} characters`,
					);
				}
				this.data.push(value);
				return;
			case 'event':
				this.eventType = value;
				return;
			case 'id':
				if (!value.includes('\u0000')) this.lastEventId = value;
				return;
			case 'retry':
				if (/^\d+$/.test(value)) this.retryMs = Number(value);
				return;
			default:
				return; // unknown fields are ignored
		}
	}

	private dispatch(events: ServerSentEvent[]): void {
		if (this.data.length > 0) {
			events.push({
				id: this.lastEventId,
				event: this.eventType || 'message',
				data: this.data.join('\n'),
			});
		}
		this.data = [];
		this.dataChars = 0;
		this.eventType = '';
	}
}

/** One UI-message-stream part: `type` plus the part's own fields. */
export type UiPart = IDataObject & { type: string };

/** The AI SDK's end-of-stream marker (`data: [DONE]`). */
export const DONE = Symbol('done');

/** An event's data as a part; `[DONE]` as DONE. Data that is not a JSON object with a type is an error. */
export function parsePart(data: string): UiPart | typeof DONE {
	if (data.trim() === '[DONE]') return DONE;
	const value = parseJson(data);
	if (value === NOT_JSON) {
		throw new EventStreamError('invalid_part', `An event's data is not JSON: ${preview(data)}`);
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new EventStreamError(
			'invalid_part',
			`An event's data is not a JSON object: ${preview(data)}`,
		);
	}
	const type = (value as IDataObject).type;
	if (typeof type !== 'string') {
		throw new EventStreamError('invalid_part', `An event's part has no type: ${preview(data)}`);
	}
	return value as UiPart;
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return NOT_JSON;
	}
}

function preview(text: string): string {
	return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
}

/**
 * Every part type of the AI SDK v6 UI message stream, by what the turn does with it. Steps are kept
 * only with Include Steps; SUPERSEDED steps never (a later part carries their content); FRAME parts
 * open or close a turn's pieces and keep nothing. `text-delta` carries the reply; `finish`, `abort`
 * and `error` end the turn. Anything else is unknown: ignored and counted.
 */
const STEP_TYPES = new Set([
	'tool-input-available',
	'tool-input-error',
	'tool-output-available',
	'tool-output-error',
	'tool-output-denied',
	'tool-approval-request',
	'tool-approval-response',
	'reasoning-delta',
	'source-url',
	'source-document',
	'file',
]);
const SUPERSEDED = new Set([
	'tool-input-start',
	'tool-input-delta',
	'reasoning-start',
	'reasoning-end',
]);
const FRAME_TYPES = new Set([
	'start',
	'start-step',
	'finish-step',
	'text-start',
	'text-end',
	'message-metadata',
]);

const isStep = (type: string) => STEP_TYPES.has(type) || type.startsWith('data-');

export interface TurnLimits {
	maxReplyChars: number;
	maxSteps: number;
}

export const DEFAULT_TURN_LIMITS: TurnLimits = { maxReplyChars: 1_000_000, maxSteps: 200 };

export type TurnState = 'open' | 'finished' | 'failed' | 'aborted';

/**
 * What ended the turn: its `finish` part; the stream's `[DONE]` marker before any `finish` (the
 * server said the stream is over: the reply is what arrived); an `abort` part (the turn was cut
 * off, e.g. a session reset); an `error` part.
 */
export type TurnEnd = 'finish' | 'done' | 'abort' | 'error';

/**
 * Collects one chat turn from its parts: text-delta into the reply; `finish` or `[DONE]` end the
 * turn, `abort` and `error` end it unfinished. With `includeSteps`, tool, approval, reasoning,
 * source, file and data parts are kept (at most `maxSteps`; the rest are counted). Unknown part
 * types are counted and otherwise ignored.
 *
 * A stream read from a cursor may begin with the end of an earlier turn of the same session: parts
 * (and a `[DONE]`) before the first `start` are skipped, and so is a turn whose `start` names
 * another chat turn (ASSUMED: `messageMetadata.chat_turn_id`), until the next `start`.
 */
export class TurnAssembler {
	state: TurnState = 'open';
	endedBy: TurnEnd | undefined;
	private readonly replyParts: string[] = [];
	private replyChars = 0;
	readonly steps: IDataObject[] = [];
	stepsDropped = 0;
	ignoredParts = 0;
	partsReceived = 0;
	finishReason: string | undefined;
	errorText: string | undefined;
	abortReason: string | undefined;
	messageId: string | undefined;
	/** Until this turn's `start`: a stream read from a cursor may begin inside an earlier turn. */
	private skipping = true;
	private readonly reasoning = new Map<string, IDataObject>();
	/** Sees each part of this turn once it is taken (a streamed reply passes the text on). */
	onPart: ((part: UiPart) => void) | undefined;

	constructor(
		private readonly turnId: string | undefined,
		private readonly includeSteps: boolean,
		private readonly limits: TurnLimits = DEFAULT_TURN_LIMITS,
	) {}

	get reply(): string {
		return this.replyParts.join('');
	}

	/** The stream's `[DONE]`: ends this turn once it has started (an earlier turn's is skipped). */
	done(): TurnState {
		if (this.state !== 'open' || this.skipping) return this.state;
		return this.end('finished', 'done');
	}

	accept(part: UiPart): TurnState {
		if (this.state !== 'open') return this.state;
		if (part.type === 'start') {
			const metadata = part.messageMetadata as IDataObject | undefined;
			const turn = metadata?.chat_turn_id;
			this.skipping = this.turnId !== undefined && typeof turn === 'string' && turn !== this.turnId;
			if (!this.skipping && typeof part.messageId === 'string') this.messageId = part.messageId;
		}
		if (this.skipping) return this.state;
		this.partsReceived++;
		const state = this.take(part);
		this.onPart?.(part);
		return state;
	}

	/** What one part of this turn does to it. */
	private take(part: UiPart): TurnState {
		switch (part.type) {
			case 'text-delta':
				this.addText(typeof part.delta === 'string' ? part.delta : '');
				return this.state;
			case 'finish':
				if (typeof part.finishReason === 'string') this.finishReason = part.finishReason;
				return this.end('finished', 'finish');
			case 'abort':
				if (typeof part.reason === 'string') this.abortReason = part.reason;
				return this.end('aborted', 'abort');
			case 'error':
				this.errorText = typeof part.errorText === 'string' ? part.errorText : 'Unknown error';
				return this.end('failed', 'error');
		}
		if (isStep(part.type) || SUPERSEDED.has(part.type)) {
			if (this.includeSteps) this.keepStep(part);
		} else if (!FRAME_TYPES.has(part.type)) {
			this.ignoredParts++;
		}
		return this.state;
	}

	private end(state: TurnState, by: TurnEnd): TurnState {
		this.state = state;
		this.endedBy = by;
		return state;
	}

	private addText(delta: string): void {
		this.replyChars += delta.length;
		if (this.replyChars > this.limits.maxReplyChars) {
			throw new EventStreamError(
				'reply_too_long',
				`The reply is longer than ${this.limits.maxReplyChars} characters`,
			);
		}
		this.replyParts.push(delta);
	}

	/**
	 * Reasoning deltas join one { type: 'reasoning', id, text } entry; tool-input-start and -delta are
	 * dropped (tool-input-available carries the whole input), as are reasoning-start and -end.
	 */
	private keepStep(part: UiPart): void {
		if (SUPERSEDED.has(part.type)) return;
		const id = String(part.id ?? '');
		const open = part.type === 'reasoning-delta' ? this.reasoning.get(id) : undefined;
		if (open) {
			open.text = `${String(open.text)}${String(part.delta ?? '')}`;
			return;
		}
		if (this.steps.length >= this.limits.maxSteps) {
			this.stepsDropped++;
			return;
		}
		if (part.type === 'reasoning-delta') {
			const entry: IDataObject = { type: 'reasoning', id, text: String(part.delta ?? '') };
			this.reasoning.set(id, entry);
			this.steps.push(entry);
		} else {
			this.steps.push({ ...part });
		}
	}
}
