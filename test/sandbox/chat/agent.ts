/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// The sandbox's scripted conversational agent: a message enqueues a chat turn; turns of one
// session run one after another; each turn appends AI SDK v6 UI-message-stream parts to the
// session's event log at a configurable pace, and live event streams receive them as they come.
// Fault switches make a turn fail (an `error` part), be aborted (an `abort` part), end with
// `[DONE]` instead of its `finish`, or never finish, and make an event stream cut mid-turn or
// answer something that is not an event stream. Readings (readings.ts) change the parts a turn
// sends: extra part types, a `[DONE]` after each turn, a `start` that names no turn.
import { randomBytes } from 'node:crypto';

import type { Readings } from '../readings';

export interface ChatConfig {
	/** Pause before each part of a turn (the pace of the text deltas), in ms. */
	partMs: number;
}

export const DEFAULT_CHAT_CONFIG: ChatConfig = { partMs: 30 };

export type ChatFault =
	/** Turn: a few parts, then an `error` part instead of the finish. */
	| { kind: 'errorPart'; errorText?: string }
	/** Turn: a few parts, then an `abort` part (as when the session is reset mid-turn). */
	| { kind: 'abortPart'; reason?: string }
	/** Turn: every part but the `finish`, then `data: [DONE]`. */
	| { kind: 'doneWithoutFinish' }
	/** Turn: a few parts, then nothing more (the queue moves on to the next turn). */
	| { kind: 'neverFinish' }
	/** Event stream: the connection is destroyed after `afterEvents` events. */
	| { kind: 'cutStream'; afterEvents: number }
	/** Event stream: 200 with an HTML page instead of text/event-stream. */
	| { kind: 'notEventStream' };

export interface ChatFaultRule {
	fault: ChatFault;
	/** Only for this session; omitted = any session. */
	sessionId?: string;
	/** How many turns (turn faults) or connections (stream faults) it applies to; default 1. */
	times?: number;
}

export type TurnStatus = 'queued' | 'running' | 'finished' | 'failed' | 'aborted' | 'unfinished' | 'cancelled';

/** The readings that change a turn's parts. */
export type TurnReadings = Pick<
	Readings,
	'streamExtraParts' | 'streamDoneMarker' | 'startWithoutTurnId'
>;

export interface ChatTurn {
	id: string;
	sessionId: string;
	userMessageId: string;
	assistantMessageId: string;
	clientMessageId: string | null;
	message: string;
	modelTier: 'FAST' | 'SMART';
	/** The session's event cursor when the message was accepted. */
	sinceCursor: string;
	status: TurnStatus;
	fault?: ChatFault;
	readings?: Partial<TurnReadings>;
	/** When the message was accepted, and when its turn ended (ISO). */
	createdAt: string;
	endedAt?: string;
}

export interface ChatEvent {
	seq: number;
	/** A UI-message-stream part, or null for the AI SDK's end-of-stream marker `data: [DONE]`. */
	part: Record<string, unknown> | null;
}

type Listener = (event: ChatEvent) => void;

interface SessionLog {
	events: ChatEvent[];
	listeners: Set<Listener>;
	queue: ChatTurn[];
	running: boolean;
	byClientMessageId: Map<string, ChatTurn>;
}

const TURN_FAULTS = new Set(['errorPart', 'abortPart', 'doneWithoutFinish', 'neverFinish']);
const STREAM_FAULTS = new Set(['cutStream', 'notEventStream']);

const id = (prefix: string) =>
	`${prefix}_${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;

/** The agent's answer to a message: what tests expect as the reply text. */
export function scriptedReply(message: string): string {
	const topic = message.length > 60 ? `${message.slice(0, 60)}…` : message;
	return `I looked into "${topic}". Ticket T-4711 matches: it is open and assigned to the service desk, and the mailbox quota was raised to 50 GB.`;
}

/** The parts of one turn, in order (AI SDK v6 UI-message-stream parts). */
export function turnScript(turn: ChatTurn): Record<string, unknown>[] {
	const readings = turn.readings ?? {};
	const toolCallId = `call_${turn.id.slice(3)}`;
	const words = scriptedReply(turn.message).match(/\S+\s*/g) ?? [];
	const deltas: string[] = [];
	for (let i = 0; i < words.length; i += 2) deltas.push(words.slice(i, i + 2).join(''));
	return [
		readings.startWithoutTurnId
			? { type: 'start', messageId: turn.assistantMessageId }
			: {
					type: 'start',
					messageId: turn.assistantMessageId,
					messageMetadata: { chat_turn_id: turn.id },
				},
		{ type: 'start-step' },
		{ type: 'reasoning-start', id: 'r1' },
		{ type: 'reasoning-delta', id: 'r1', delta: 'The user asks about a ticket; ' },
		{ type: 'reasoning-delta', id: 'r1', delta: 'search the PSA first.' },
		{ type: 'reasoning-end', id: 'r1' },
		{ type: 'tool-input-start', toolCallId, toolName: 'search_tickets' },
		{ type: 'tool-input-delta', toolCallId, inputTextDelta: '{"query":' },
		{ type: 'tool-input-delta', toolCallId, inputTextDelta: `${JSON.stringify(turn.message)}}` },
		{
			type: 'tool-input-available',
			toolCallId,
			toolName: 'search_tickets',
			input: { query: turn.message },
		},
		{
			type: 'tool-output-available',
			toolCallId,
			output: { tickets: [{ number: 'T-4711', status: 'open', queue: 'Service desk' }] },
		},
		...(readings.streamExtraParts ? extraParts(toolCallId) : []),
		{ type: 'data-progress', data: { stage: 'answering' } },
		{ type: 'finish-step' },
		{ type: 'start-step' },
		{ type: 'text-start', id: 't1' },
		...deltas.map((delta) => ({ type: 'text-delta', id: 't1', delta })),
		{ type: 'text-end', id: 't1' },
		{ type: 'finish-step' },
		{ type: 'finish', finishReason: 'stop' },
	];
}

/**
 * The streamExtraParts reading: the AI SDK parts the default script leaves out. The agent asks to
 * run a second tool, a technician denies it; the agent cites a KB article and attaches a file.
 */
function extraParts(toolCallId: string): Record<string, unknown>[] {
	const denied = `${toolCallId}_mfa`;
	return [
		{ type: 'tool-input-start', toolCallId: denied, toolName: 'reset_mfa' },
		{
			type: 'tool-input-available',
			toolCallId: denied,
			toolName: 'reset_mfa',
			input: { user: 'j.doe@contoso.com' },
		},
		{ type: 'tool-approval-request', approvalId: 'apr_1', toolCallId: denied },
		{ type: 'tool-approval-response', approvalId: 'apr_1', approved: false, reason: 'Not now' },
		{ type: 'tool-output-denied', toolCallId: denied },
		{
			type: 'source-url',
			sourceId: 'src_1',
			url: 'https://kb.example.com/mailbox-quota',
			title: 'Mailbox quota',
		},
		{
			type: 'source-document',
			sourceId: 'src_2',
			mediaType: 'application/pdf',
			title: 'Runbook',
			filename: 'runbook.pdf',
		},
		{ type: 'file', url: 'https://files.example.com/quota.png', mediaType: 'image/png' },
	];
}

/** Where the faulty turn stops: just after a few words of text (or, for [DONE], at the finish). */
function faultyScript(turn: ChatTurn, fault: ChatFault): Array<Record<string, unknown> | null> {
	const script = turnScript(turn);
	if (fault.kind === 'doneWithoutFinish') return [...script.slice(0, -1), null];
	const cut = script.findIndex((part) => part.type === 'text-delta') + 2;
	const head = script.slice(0, cut);
	if (fault.kind === 'abortPart') {
		return [...head, { type: 'abort', ...(fault.reason ? { reason: fault.reason } : {}) }];
	}
	if (fault.kind !== 'errorPart') return head;
	return [
		...head,
		{ type: 'error', errorText: fault.errorText ?? 'The agent failed: model overloaded' },
	];
}

const FAULT_STATUS: Record<ChatFault['kind'], TurnStatus> = {
	errorPart: 'failed',
	abortPart: 'aborted',
	doneWithoutFinish: 'finished',
	neverFinish: 'unfinished',
	cutStream: 'finished',
	notEventStream: 'finished',
};

export class ChatAgent {
	config: ChatConfig = { ...DEFAULT_CHAT_CONFIG };
	readonly turns: ChatTurn[] = [];
	private sessions = new Map<string, SessionLog>();
	private faults: Array<{ rule: ChatFaultRule; left: number }> = [];
	private readonly timers = new Set<NodeJS.Timeout>();

	configure(patch: Partial<ChatConfig>): void {
		if (patch.partMs !== undefined && !(typeof patch.partMs === 'number' && patch.partMs >= 0)) {
			throw new Error('chat.partMs must be a number >= 0');
		}
		this.config = { ...this.config, ...patch };
	}

	addFault(rule: ChatFaultRule): void {
		const kind = (rule?.fault as { kind?: string } | undefined)?.kind ?? '';
		if (!TURN_FAULTS.has(kind) && !STREAM_FAULTS.has(kind)) {
			throw new Error(`invalid chat fault: unknown kind ${JSON.stringify(kind)}`);
		}
		if (rule.fault.kind === 'cutStream' && !(rule.fault.afterEvents >= 0)) {
			throw new Error('invalid chat fault: cutStream needs afterEvents >= 0');
		}
		this.faults.push({ rule, left: rule.times ?? 1 });
	}

	/** The next fault of these kinds for the session, consumed. */
	takeFault(kinds: Set<string>, sessionId: string): ChatFault | undefined {
		const hit = this.faults.find(
			(f) =>
				f.left > 0 &&
				kinds.has(f.rule.fault.kind) &&
				(f.rule.sessionId === undefined || f.rule.sessionId === sessionId),
		);
		if (!hit) return undefined;
		hit.left -= 1;
		return hit.rule.fault;
	}

	takeStreamFault(sessionId: string): ChatFault | undefined {
		return this.takeFault(STREAM_FAULTS, sessionId);
	}

	/** Turns enqueued for a session (or all sessions): "one turn, not two". */
	turnCount(sessionId?: string): number {
		return this.turns.filter((t) => sessionId === undefined || t.sessionId === sessionId).length;
	}

	findByClientMessageId(sessionId: string, clientMessageId: string): ChatTurn | undefined {
		return this.sessions.get(sessionId)?.byClientMessageId.get(clientMessageId);
	}

	/** Stores the user message and enqueues its turn. */
	enqueue(
		sessionId: string,
		message: string,
		clientMessageId: string | null,
		modelTier: 'FAST' | 'SMART',
		readings: Partial<TurnReadings> = {},
	): ChatTurn {
		const log = this.log(sessionId);
		const turn: ChatTurn = {
			id: id('ct'),
			sessionId,
			userMessageId: id('um'),
			assistantMessageId: id('am'),
			clientMessageId,
			message,
			modelTier,
			sinceCursor: String(log.events.at(-1)?.seq ?? 0),
			status: 'queued',
			fault: this.takeFault(TURN_FAULTS, sessionId),
			readings,
			createdAt: new Date().toISOString(),
		};
		this.turns.push(turn);
		if (clientMessageId !== null) log.byClientMessageId.set(clientMessageId, turn);
		log.queue.push(turn);
		this.runNext(log);
		return turn;
	}

	/**
	 * Cancels the session's running and queued turns (a session reset): the running one's stream
	 * ends with an `abort` part. Returns how many turns were cancelled.
	 */
	cancel(sessionId: string): number {
		const log = this.sessions.get(sessionId);
		if (!log) return 0;
		const live = this.turns.filter(
			(t) => t.sessionId === sessionId && (t.status === 'running' || t.status === 'queued'),
		);
		const wasRunning = live.some((t) => t.status === 'running');
		for (const turn of live) {
			turn.status = 'cancelled';
			turn.endedAt = new Date().toISOString();
		}
		log.queue.length = 0;
		log.running = false;
		if (wasRunning) {
			const event: ChatEvent = { seq: (log.events.at(-1)?.seq ?? 0) + 1, part: { type: 'abort' } };
			log.events.push(event);
			for (const listener of [...log.listeners]) listener(event);
		}
		return live.length;
	}

	/** Events after `afterSeq`, then live ones, until the returned unsubscribe is called. */
	subscribe(sessionId: string, afterSeq: number, listener: Listener): () => void {
		const log = this.log(sessionId);
		for (const event of log.events) if (event.seq > afterSeq) listener(event);
		log.listeners.add(listener);
		return () => log.listeners.delete(listener);
	}

	reset(): void {
		this.stopTimers();
		this.turns.length = 0;
		this.sessions = new Map();
		this.faults = [];
		this.config = { ...DEFAULT_CHAT_CONFIG };
	}

	stopTimers(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	private log(sessionId: string): SessionLog {
		let log = this.sessions.get(sessionId);
		if (!log) {
			log = {
				events: [],
				listeners: new Set(),
				queue: [],
				running: false,
				byClientMessageId: new Map(),
			};
			this.sessions.set(sessionId, log);
		}
		return log;
	}

	private runNext(log: SessionLog): void {
		if (log.running) return;
		const turn = log.queue.shift();
		if (!turn) return;
		log.running = true;
		turn.status = 'running';
		const script = turn.fault ? faultyScript(turn, turn.fault) : turnScript(turn);
		// The streamDoneMarker reading: a [DONE] after the turn's last part (not after a turn that
		// never finishes, nor twice).
		const open = turn.fault?.kind === 'neverFinish' || script.at(-1) === null;
		if (turn.readings?.streamDoneMarker && !open) script.push(null);
		const step = (index: number) => {
			if (turn.status === 'cancelled') return;
			if (index === script.length) {
				turn.endedAt = new Date().toISOString();
				turn.status = turn.fault ? FAULT_STATUS[turn.fault.kind] : 'finished';
				log.running = false;
				this.runNext(log);
				return;
			}
			this.later(this.config.partMs, () => {
				if (turn.status === 'cancelled') return;
				const event: ChatEvent = { seq: (log.events.at(-1)?.seq ?? 0) + 1, part: script[index] };
				log.events.push(event);
				for (const listener of [...log.listeners]) listener(event);
				step(index + 1);
			});
		};
		step(0);
	}

	private later(ms: number, fn: () => void): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			fn();
		}, ms);
		this.timers.add(timer);
	}
}
