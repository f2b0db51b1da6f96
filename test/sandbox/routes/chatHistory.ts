// GET /public-api/chat/sessions/{session_id}/messages (the session's history; shape assumed) and
// POST /public-api/chat/sessions/{session_id}/reset (archive + cancel a turn in flight; path
// assumed; idempotent: an archived session answers 200 again).
import { scriptedReply, type ChatTurn } from '../chat/agent';
import { notFound, type Route } from '../http';
import { cursorPage } from '../pagination';
import { toResource } from './chatSessions';

interface HistoryRow {
	id: string;
	role: 'user' | 'assistant';
	text: string;
	created_at: string;
	chat_turn_id: string;
}

function rowsOf(turn: ChatTurn): HistoryRow[] {
	const user: HistoryRow = {
		id: turn.userMessageId,
		role: 'user',
		text: turn.message,
		created_at: turn.createdAt,
		chat_turn_id: turn.id,
	};
	if (turn.status !== 'finished' || turn.fault) return [user];
	const reply: HistoryRow = {
		id: turn.assistantMessageId,
		role: 'assistant',
		text: scriptedReply(turn.message),
		created_at: turn.endedAt ?? turn.createdAt,
		chat_turn_id: turn.id,
	};
	return [user, reply];
}

/** Oldest first (the conversation's order). The other reading: AI SDK UI messages (`parts`). */
export const listChatMessages: Route = ({ caller, params, query, store, readings }) => {
	const sessionId = params.session_id as string;
	if (!store.findSession(caller.tenantId, sessionId)) {
		throw notFound('Session', 'session_id', sessionId);
	}
	const rows = store.chat.turns.filter((t) => t.sessionId === sessionId).flatMap(rowsOf);
	const position = new Map(rows.map((row, index) => [row.id, index]));
	const { data, pagination } = cursorPage(rows, (row) => [position.get(row.id) ?? 0], query);
	const shaped = data.map(({ text, ...row }) =>
		readings.chatMessagesAsUiMessages
			? { ...row, parts: [{ type: 'text', text }] }
			: { ...row, content: text },
	);
	return { status: 200, data: shaped, pagination };
};

export const resetChatSession: Route = ({ caller, params, store, now }) => {
	const sessionId = params.session_id as string;
	const session = store.findSession(caller.tenantId, sessionId);
	if (!session) throw notFound('Session', 'session_id', sessionId);
	if (session.archived_at === null) {
		session.archived_at = now.toISOString();
		session.updated_at = session.archived_at;
		store.chat.cancel(sessionId);
	}
	return { status: 200, data: toResource(session) };
};
