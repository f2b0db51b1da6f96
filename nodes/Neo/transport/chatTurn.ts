import type { IDataObject } from 'n8n-workflow';

import type { NeoClient } from './client';
import { parseFailure } from './envelope';
import {
	DONE,
	EventStreamError,
	parsePart,
	SseParser,
	TurnAssembler,
	type UiPart,
} from './eventStream';
import { neoPath } from './path';
import { backoffDelay } from './retryPolicy';
import type { NeoFailure, NeoHttpResponse, NeoStreamResponse } from './types';
import { waitUnlessCancelled } from './wait';

export interface FollowTurnOptions {
	sessionId: string;
	/** The message call's since_cursor: where this turn's events begin. */
	sinceCursor: string;
	/** The turn to assemble (a stream read from a cursor may begin inside an earlier turn). */
	chatTurnId: string | undefined;
	includeSteps: boolean;
	timeoutMs: number;
	/** Reconnections after a dropped stream, a 5xx or a 429, before the item fails. */
	maxResumes?: number;
	/** Sees the turn's parts as they arrive (a streamed reply). */
	relay?: TurnRelay;
}

/**
 * Watches a turn while it is read. `restart` means the read starts at the cursor again (a drop
 * before any event ID): the parts already seen come again.
 */
export interface TurnRelay {
	part(part: UiPart): void;
	restart(): void;
}

export type FollowTurnResult =
	| { ok: true; turn: TurnAssembler; resumes: number }
	| { ok: false; failure: NeoFailure };

/** How one connection ended. */
type Read =
	| { end: 'turn' }
	/** The reply timeout closed the connection: not a drop. */
	| { end: 'deadline' }
	| { end: 'dropped'; reason: string; waitMs?: number }
	| { end: 'failed'; code: string; message: string; httpStatus?: number; details?: IDataObject };

const DEFAULT_MAX_RESUMES = 5;
const MAX_ERROR_BODY_CHARS = 16 * 1024;
const PARTIAL_REPLY_CHARS = 2000;

/**
 * Reads one chat turn from Neo's event stream, from `since_cursor`, until its `finish` or the
 * stream's `[DONE]`; its `error` or `abort` part fails it. A dropped stream, a 5xx or a 429
 * reconnects with Last-Event-Id (at most `maxResumes` times, with backoff); the whole wait is
 * bounded by `timeoutMs`. Failures carry what arrived so far.
 */
export async function followTurn(
	client: NeoClient,
	options: FollowTurnOptions,
): Promise<FollowTurnResult> {
	const deadline = Date.now() + options.timeoutMs;
	const maxResumes = options.maxResumes ?? DEFAULT_MAX_RESUMES;
	const newTurn = () => {
		const assembler = new TurnAssembler(options.chatTurnId, options.includeSteps);
		if (options.relay) assembler.onPart = (part) => options.relay?.part(part);
		return assembler;
	};
	let turn = newTurn();
	const position = { lastEventId: '' };
	let resumes = 0;
	let drops = 0;
	let lastDrop = '';
	const fail = (code: string, message: string, extra: Partial<NeoFailure> = {}) => ({
		ok: false as const,
		failure: {
			code,
			message,
			attempts: resumes + 1,
			waitedMs: 0,
			...extra,
			details: { ...extra.details, ...received(options, turn, position.lastEventId, resumes) },
		},
	});

	for (;;) {
		const left = deadline - Date.now();
		if (left <= 0) break;
		const read = await readOnce(client, options, turn, position, left);
		if (read.end === 'deadline') break;
		if (read.end === 'turn') {
			if (turn.state === 'finished') return { ok: true, turn, resumes };
			if (turn.state === 'aborted') {
				const why = turn.abortReason ? ` (${turn.abortReason})` : '';
				return fail(
					'turn_aborted',
					`Neo aborted the agent's turn before it finished${why}: the reply is incomplete (what arrived is in partial_reply)`,
				);
			}
			return fail('agent_error', `The Neo agent reported an error: ${turn.errorText}`);
		}
		if (read.end === 'failed') {
			const { code, message, httpStatus, details } = read;
			return fail(code, message, { httpStatus, details });
		}
		drops++;
		lastDrop = read.reason;
		// No event ID to resume after: the next read starts at the cursor again, so start over.
		if (!position.lastEventId) {
			turn = newTurn();
			options.relay?.restart();
		}
		if (client.cancelled?.aborted) return fail('cancelled', 'The execution was cancelled');
		if (Date.now() >= deadline) break;
		if (resumes >= maxResumes) {
			return fail(
				'stream_dropped',
				`Neo's event stream dropped ${resumes + 1} times before the reply finished (last: ${lastDrop})`,
			);
		}
		const waitMs = Math.min(read.waitMs ?? backoffDelay(resumes), deadline - Date.now());
		resumes++;
		if (!(await waitUnlessCancelled(Math.max(0, waitMs), client.cancelled))) {
			return fail('cancelled', 'The execution was cancelled');
		}
	}
	// Only a real drop is worth naming: the timeout closing the stream itself is not one.
	const dropped = drops === 0 ? '' : ` (the stream dropped ${times(drops)}, last: ${lastDrop})`;
	return fail(
		'reply_timeout',
		`The Neo agent's reply did not finish within ${options.timeoutMs / 1000} s${dropped}`,
	);
}

function times(count: number): string {
	return count === 1 ? 'once' : `${count} times`;
}

/** What arrived before a failure: the item's error details. */
function received(
	options: FollowTurnOptions,
	turn: TurnAssembler,
	lastEventId: string,
	resumes: number,
): IDataObject {
	const reply = turn.reply;
	return {
		session_id: options.sessionId,
		chat_turn_id: options.chatTurnId,
		parts_received: turn.partsReceived,
		partial_reply:
			reply.length > PARTIAL_REPLY_CHARS ? `${reply.slice(0, PARTIAL_REPLY_CHARS)}…` : reply,
		last_event_id: lastEventId || undefined,
		ended_by: turn.endedBy,
		resumes,
	};
}

/** One connection: open, check it is an event stream, feed its parts to the turn. */
async function readOnce(
	client: NeoClient,
	options: FollowTurnOptions,
	turn: TurnAssembler,
	position: { lastEventId: string },
	leftMs: number,
): Promise<Read> {
	const until = Date.now() + leftMs;
	const opened = await client.openStream(
		{
			path: neoPath('/public-api/chat/sessions/{session_id}/events', {
				session_id: options.sessionId,
			}),
			// Resuming: Last-Event-Id names where the stream stopped; the first read starts at the cursor.
			query: position.lastEventId ? undefined : { since: options.sinceCursor },
			lastEventId: position.lastEventId || undefined,
		},
		leftMs,
	);
	if ('networkFailure' in opened) {
		// Opening took the whole time left: the reply timeout, not a drop.
		if (Date.now() >= until) return { end: 'deadline' };
		return { end: 'dropped', reason: opened.networkFailure.errorCode };
	}
	const { stream } = opened;
	if (stream.statusCode === 429 || stream.statusCode >= 500) {
		await readText(stream, 0);
		return { end: 'dropped', reason: `HTTP ${stream.statusCode}` };
	}
	if (stream.statusCode < 200 || stream.statusCode >= 300) {
		const text = await readText(stream, MAX_ERROR_BODY_CHARS);
		const body = parseJsonOr(text) as NeoHttpResponse['body'];
		const failure = parseFailure({
			statusCode: stream.statusCode,
			headers: stream.headers as IDataObject,
			body,
		});
		return { end: 'failed', ...failure, message: failure.message };
	}
	const contentType = String(stream.headers['content-type'] ?? '');
	if (!/^text\/event-stream\b/i.test(contentType)) {
		const text = await readText(stream, 300);
		const snippet = text
			.replace(/<[^>]*>/g, ' ')
			.replace(/\s+/g, ' ')
			.trim()
			.slice(0, 120);
		return {
			end: 'failed',
			code: 'not_event_stream',
			httpStatus: stream.statusCode,
			message: `Neo answered the event stream with "${contentType || 'no content type'}" instead of text/event-stream ("${snippet}")`,
		};
	}
	// The deadline (or a cancelled execution) closes the body, which ends the loop below.
	const deadline = AbortSignal.timeout(Math.max(1, leftMs));
	// The request's own timeout (set to the time left) may close the body a moment before `deadline`.
	const outOfTime = () => deadline.aborted || Date.now() >= until;
	const cancel = client.cancelled;
	const stop = cancel ? AbortSignal.any([deadline, cancel]) : deadline;
	const close = () => closeBody(stream);
	stop.addEventListener('abort', close, { once: true });
	const parser = new SseParser();
	const decoder = new TextDecoder();
	try {
		for await (const chunk of stream.body) {
			const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
			for (const event of parser.push(text)) {
				position.lastEventId = event.id;
				const part = parsePart(event.data);
				// An earlier turn's [DONE] (before this turn's start) leaves the turn open.
				const state = part === DONE ? turn.done() : turn.accept(part);
				// Leaving the loop ends the iteration, which closes the connection.
				if (state !== 'open') return { end: 'turn' };
			}
		}
		if (outOfTime()) return { end: 'deadline' };
		return { end: 'dropped', reason: 'the stream ended before the turn finished' };
	} catch (error) {
		if (error instanceof EventStreamError) {
			return { end: 'failed', code: 'invalid_event_stream', message: error.message };
		}
		if (outOfTime()) return { end: 'deadline' };
		return { end: 'dropped', reason: findCode(error) };
	} finally {
		stop.removeEventListener('abort', close);
	}
}

/** Ends a body still streaming (n8n's helper gives a readable stream with destroy()). */
function closeBody(stream: NeoStreamResponse): void {
	(stream.body as { destroy?: () => void }).destroy?.();
}

/** Up to `maxChars` of a body (for error messages), then the connection is closed. */
async function readText(stream: NeoStreamResponse, maxChars: number): Promise<string> {
	const decoder = new TextDecoder();
	let text = '';
	try {
		for await (const chunk of stream.body) {
			if (text.length >= maxChars) break;
			text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
		}
	} catch {
		// What arrived is enough for a message.
	}
	return text.slice(0, maxChars);
}

function parseJsonOr(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

function findCode(error: unknown): string {
	const code = (error as { code?: unknown })?.code;
	return typeof code === 'string' ? code : 'the connection broke';
}
