// POST /public-api/chat/sessions/{session_id}/messages ("Append a user message and enqueue a chat
// turn") and GET /public-api/chat/sessions/{session_id}/events ("Tail chat session events (SSE)").
import type { ChatEvent, ChatTurn } from '../chat/agent';
import { ApiError, notFound, validationError, type Route } from '../http';

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

export const sendChatMessage: Route = ({ caller, params, body, store }) => {
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
		if (original) {
			throw new ApiError(
				409,
				DUPLICATE_CODE,
				'A message with this client_message_id was already sent; no new turn was started.',
				{
					client_message_id: clientMessageId,
					...messageData(original, session.show_agent_progress_steps),
				},
			);
		}
	}
	const tier = (body.model_tier as 'FAST' | 'SMART' | undefined) ?? 'FAST';
	const turn = store.chat.enqueue(sessionId, message, clientMessageId, tier);
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
 * Replays the session's events after the cursor (Last-Event-Id wins over ?since=, as a browser's
 * EventSource resumes), then tails new ones until the client leaves. Each event: `id: <seq>` and
 * `data: <part JSON>`.
 */
export const tailChatEvents: Route = ({ caller, params, query, headers, store }) => {
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
			res.write(': tail of chat session events\nretry: 1000\n\n');
			let sent = 0;
			const send = (event: ChatEvent) => {
				if (res.destroyed || (fault?.kind === 'cutStream' && sent >= fault.afterEvents)) return;
				checkPart(event.part);
				const cut = fault?.kind === 'cutStream' && ++sent === fault.afterEvents;
				// A cut is abrupt (no end of the chunked body), once the event itself is out.
				res.write(`id: ${event.seq}\ndata: ${JSON.stringify(event.part)}\n\n`, () => {
					if (cut) res.socket?.destroy();
				});
			};
			const unsubscribe = store.chat.subscribe(sessionId, after, send);
			res.on('close', unsubscribe);
		},
	};
};
