// POST /public-api/chat/sessions/{session_id}/messages ("Append a user message and enqueue a chat
// turn") and GET /public-api/chat/sessions/{session_id}/events ("Tail chat session events (SSE)").
import type { ChatEvent, ChatTurn } from '../chat/agent';
import { ApiError, notFound, validationError, type Route } from '../http';
import type { Readings } from '../readings';

/** Sandbox decision (x-assumed in openapi.json): a repeated client_message_id's 409. */
export const DUPLICATE_CODE = 'duplicate_client_message_id';

function messageData(turn: ChatTurn, showSteps: boolean) {
	return {
		chat_turn_id: turn.id,
		user_message_id: turn.userMessageId,
		since_cursor: turn.sinceCursor,
		show_agent_progress_steps: showSteps,
	};
}

/**
 * The 409 for a client_message_id already seen. Its details name the original message and where its
 * turn starts; under duplicateMessageNoCursor only the message, under duplicateMessageNoDetails
 * nothing at all (Neo's page says only that the 409 carries the original message's id).
 */
function duplicate(original: ChatTurn, showSteps: boolean, readings: Readings): ApiError {
	if (readings.duplicateMessageNoDetails) {
		return new ApiError(409, 'conflict', 'This message was already sent.');
	}
	const details = readings.duplicateMessageNoCursor
		? { client_message_id: original.clientMessageId, user_message_id: original.userMessageId }
		: { client_message_id: original.clientMessageId, ...messageData(original, showSteps) };
	return new ApiError(
		409,
		DUPLICATE_CODE,
		'A message with this client_message_id was already sent; no new turn was started.',
		details,
	);
}

export const sendChatMessage: Route = ({ caller, params, body, store, readings }) => {
	const sessionId = params.session_id as string;
	const session = store.findSession(caller.tenantId, sessionId);
	if (!session) throw notFound('Session', 'session_id', sessionId);
	const message = body.message as string;
	if (message.trim() === '') {
		throw validationError('message is empty.', [
			{ field: 'message', message: 'must not be empty' },
		]);
	}
	store.blobs.checkAttachments(sessionId, body.attachments);
	const clientMessageId = (body.client_message_id as string | null | undefined) ?? null;
	if (clientMessageId !== null) {
		const original = store.chat.findByClientMessageId(sessionId, clientMessageId);
		if (original) throw duplicate(original, session.show_agent_progress_steps, readings);
	}
	const tier = (body.model_tier as 'FAST' | 'SMART' | undefined) ?? 'FAST';
	const turn = store.chat.enqueue(sessionId, message, clientMessageId, tier, readings);
	return { status: 202, data: messageData(turn, session.show_agent_progress_steps) };
};

function cursor(value: unknown, field: string, where: 'query' | 'header'): number {
	if (value === undefined || value === '') return 0;
	if (typeof value !== 'string' || !/^\d+$/.test(value)) {
		throw new ApiError(422, 'validation_error', 'Request validation failed.', {
			errors: [{ field, message: 'must be a cursor from this session', in: where }],
		});
	}
	return Number(value);
}

/**
 * One event's text: `id: <seq>` and `data: <part JSON>`, LF line ends. Under sseCrlf: CRLF line
 * ends, an `event:` field and the JSON over several `data:` lines (a client joins them with LF).
 * A null part is the AI SDK's `data: [DONE]`.
 */
function eventText(event: ChatEvent, crlf: boolean): string {
	const data = event.part === null ? '[DONE]' : JSON.stringify(event.part, null, crlf ? 1 : 0);
	const lines = [`id: ${event.seq}`];
	if (crlf) lines.push('event: ui-message-part');
	for (const line of data.split('\n')) lines.push(`data: ${line}`);
	const eol = crlf ? '\r\n' : '\n';
	return `${lines.join(eol)}${eol}${eol}`;
}

/**
 * Replays the session's events after the cursor (Last-Event-Id wins over ?since=, as a browser's
 * EventSource resumes), then tails new ones until the client leaves. A `[DONE]` (streamDoneMarker,
 * or the doneWithoutFinish fault) ends the stream.
 */
export const tailChatEvents: Route = ({ caller, params, query, headers, store, readings }) => {
	const sessionId = params.session_id as string;
	if (!store.findSession(caller.tenantId, sessionId)) {
		throw notFound('Session', 'session_id', sessionId);
	}
	const lastEventId = headers['last-event-id'];
	const after =
		typeof lastEventId === 'string' && lastEventId !== ''
			? cursor(lastEventId, 'Last-Event-Id', 'header')
			: cursor(query.since, 'since', 'query');
	const fault = store.chat.takeStreamFault(sessionId);
	return {
		status: 200,
		data: null,
		stream: (res, checkPart) => {
			if (fault?.kind === 'notEventStream') {
				const html = '<html><body><h1>Welcome to the portal</h1></body></html>';
				res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': html.length });
				res.end(html);
				return;
			}
			res.writeHead(200, {
				'Content-Type': 'text/event-stream; charset=utf-8',
				'Cache-Control': 'no-cache',
			});
			const crlf = readings.sseCrlf;
			const preamble = ': tail of chat session events\nretry: 1000\n\n';
			// A cut is abrupt (no end of the chunked body), once what precedes it is out.
			const cutAt = fault?.kind === 'cutStream' ? fault.afterEvents : Infinity;
			res.write(crlf ? preamble.replace(/\n/g, '\r\n') : preamble, () => {
				if (cutAt === 0) res.socket?.destroy();
			});
			let sent = 0;
			const send = (event: ChatEvent) => {
				if (res.destroyed || res.writableEnded || sent >= cutAt) return;
				if (event.part !== null) checkPart(event.part);
				const cut = ++sent === cutAt;
				res.write(eventText(event, crlf), () => {
					if (cut) res.socket?.destroy();
				});
				if (event.part === null && !cut) res.end();
			};
			const unsubscribe = store.chat.subscribe(sessionId, after, send);
			res.on('close', unsubscribe);
		},
	};
};
