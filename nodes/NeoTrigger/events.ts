import type { IDataObject } from 'n8n-workflow';

import { shortHash } from '../Neo/actions/chatMessage/clientMessageId';

import type { NeoClient } from '../Neo/transport/client';
import { fetchList } from '../Neo/transport/paginate';
import type { NeoFailure, NeoRequest } from '../Neo/transport';
import { type EventKey, LATE_EVENT_WINDOW_MS, type Mark, windowStart } from './window';

export type NeoEventName = 'newApprovalRequest' | 'agentRunFinished' | 'newInboxMessage';

export interface TriggerSettings {
	event: NeoEventName;
	/** Neo filters lists by one agent: several agents are one read each. Empty: every agent. */
	agentIds: number[];
	onlyPending: boolean;
	/** The status values Neo gives a waiting request (New Approval Request, Only Pending). */
	pendingStatuses: string[];
	/** Run statuses to deliver (Agent Run Finished), as Neo spells them. */
	outcomes: string[];
	longestRunMs: number;
	timeoutMs: number;
}

/**
 * What a poll reads. `since`: every event from the mark's look-back window on (from the beginning
 * when there is none yet). `edge`: only the newest events (and the look-back before them), to place
 * the first mark or to show one in a test run.
 */
export type ReadScope = { kind: 'since'; mark: Mark | undefined } | { kind: 'edge' };

/** The events read; `cannotTell` when the rows could not be judged (then `rows` is empty). */
export type ReadResult =
	| { ok: true; rows: IDataObject[]; cannotTell?: string }
	| { ok: false; failure: NeoFailure };

/**
 * Whether a row is an event, and, when the rows cannot say, why (the trigger then fails plainly).
 * Neo documents no status values and its sample rows carry no `status` (more-endpoints.md): a row
 * with a status was already filtered by Neo on it and passes as it is, whatever its value; a row
 * without one is judged by a documented field instead.
 */
type Judge = (row: IDataObject, settings: TriggerSettings) => boolean | 'cannotTell';

interface NeoEvent {
	/** The time that orders the event, and its id. */
	keyOf(row: IDataObject): EventKey;
	isEvent: Judge;
	/** Said when rows carry neither a status nor the field that stands in for it. */
	cannotTell: string;
	/** One list read for one agent (or for all), and where it may stop. */
	list(
		settings: TriggerSettings,
		agentId: number | undefined,
		scope: ReadScope,
	): { request: NeoRequest; stopAt?: (row: IDataObject) => boolean };
}

const ms = (value: unknown) => (typeof value === 'string' ? Date.parse(value) : NaN);
const hasStatus = (row: IDataObject) => typeof row.status === 'string' && row.status !== '';
const upper = (values: string[]) => values.map((v) => v.toUpperCase());

/** For an edge read of a newest-first list: stop past the look-back before the first row. */
function olderThanFirst(time: (row: IDataObject) => number) {
	let first: number | undefined;
	return (row: IDataObject) => {
		const t = time(row);
		first ??= t;
		return t < first - LATE_EVENT_WINDOW_MS;
	};
}

/**
 * New approval requests: ordered by created_at, which Neo filters on (`created_after`, read as
 * inclusive or exclusive alike: the query starts a millisecond before the window and the mark's ids
 * drop what was delivered). Without a status, a request is pending while `decided_by` is empty.
 */
const newApprovalRequest: NeoEvent = {
	keyOf: (row) => ({ at: String(row.created_at), id: String(row.id) }),
	isEvent: (row, settings) => {
		if (!settings.onlyPending || hasStatus(row)) return true;
		if (!('decided_by' in row)) return 'cannotTell';
		return row.decided_by === null || row.decided_by === '';
	},
	cannotTell:
		"Neo's approval requests carry neither a status nor decided_by, so Only Pending cannot tell a waiting request from a decided one: turn Only Pending off",
	list: (settings, agentId, scope) => {
		const since =
			scope.kind === 'since' && scope.mark ? Date.parse(windowStart(scope.mark)) - 1 : undefined;
		return {
			request: {
				method: 'GET',
				path: '/public-api/til-requests',
				query: {
					...(settings.onlyPending ? { status: settings.pendingStatuses.join(',') } : {}),
					...(agentId !== undefined ? { agent_id: agentId } : {}),
					...(since !== undefined ? { created_after: new Date(since).toISOString() } : {}),
				},
			},
			stopAt: scope.kind === 'edge' ? olderThanFirst((row) => ms(row.created_at)) : undefined,
		};
	},
};

/**
 * Finished agent runs: ordered by updated_at (the finish time, assumed not to change once a run has
 * finished). Neo lists runs newest first by created_at and cannot filter on updated_at, so a read
 * stops at runs that started more than the longest run's length before the window: those finished
 * before it. Without a mark (edge), the newest finish time read so far stands in for it. A run
 * without a status has finished once it carries `seconds_spent` (the time it took), and failed when
 * it carries an `error`.
 */
const agentRunFinished: NeoEvent = {
	keyOf: (row) => ({ at: String(row.updated_at), id: String(row.execution_id) }),
	isEvent: (row, settings) => {
		if (hasStatus(row)) return true;
		if (!('seconds_spent' in row)) return 'cannotTell';
		if (typeof row.seconds_spent !== 'number') return false;
		const outcome = typeof row.error === 'string' && row.error !== '' ? 'FAILED' : 'SUCCEEDED';
		return upper(settings.outcomes).includes(outcome);
	},
	cannotTell:
		"Neo's agent runs carry neither a status nor seconds_spent, so the trigger cannot tell a finished run from a running one",
	list: (settings, agentId, scope) => {
		let reference =
			scope.kind === 'since' && scope.mark ? Date.parse(windowStart(scope.mark)) : -Infinity;
		const stopAt =
			scope.kind === 'since' && !scope.mark
				? undefined
				: (row: IDataObject) => {
						if (scope.kind === 'edge') {
							reference = Math.max(
								reference,
								(ms(row.updated_at) || -Infinity) - LATE_EVENT_WINDOW_MS,
							);
						}
						return ms(row.created_at) < reference - settings.longestRunMs;
					};
		return {
			request: {
				method: 'GET',
				path: '/public-api/executions',
				query: {
					status: settings.outcomes.join(','),
					...(agentId !== undefined ? { agent_id: agentId } : {}),
				},
			},
			stopAt,
		};
	},
};

/**
 * The key of an inbox row, which has no documented id: `deduplication_message_id` is Neo's own key
 * for one notice (a recurrence bumps `number_of_occurrences` on the same row), so client id plus
 * that key names the row. A row without it falls back to a hash of client, text and created_at.
 */
export function inboxRowId(row: IDataObject): string {
	const client = row.client_id === undefined || row.client_id === null ? '' : String(row.client_id);
	const dedupe = row.deduplication_message_id;
	if ((typeof dedupe === 'string' && dedupe !== '') || typeof dedupe === 'number') {
		return `${client}/${dedupe}`;
	}
	return `${client}/#${shortHash([client, String(row.message), String(row.created_at)].join('\u0000'))}`;
}

/**
 * New inbox messages: a row Neo adds to its inbox, ordered by created_at. A recurrence of a
 * notice already delivered (the same row, its number_of_occurrences and updated_at bumped) is not
 * a new message: updated_at also moves when the row is read or e-mailed, so it cannot tell a
 * recurrence apart. The inbox takes no documented filter or order, so every poll reads it whole
 * (page_size 200); the mark keeps each row from being delivered twice.
 */
const newInboxMessage: NeoEvent = {
	keyOf: (row) => ({ at: String(row.created_at), id: inboxRowId(row) }),
	// Every inbox row is a message: there is no status to judge it by.
	isEvent: () => true,
	cannotTell: '',
	list: () => ({ request: { method: 'GET', path: '/public-api/inbox' } }),
};

export const NEO_EVENTS: Record<NeoEventName, NeoEvent> = {
	newApprovalRequest,
	agentRunFinished,
	newInboxMessage,
};

/**
 * Reads every list the settings need, each to its end (or its stop), through one client, and keeps
 * the rows that are events. A row that cannot be judged is not one; when no row read can be
 * judged, the read says why (the trigger cannot work against such answers).
 */
export async function readEvents(
	client: NeoClient,
	settings: TriggerSettings,
	scope: ReadScope,
): Promise<ReadResult> {
	const event = NEO_EVENTS[settings.event];
	const agents = settings.agentIds.length > 0 ? settings.agentIds : [undefined];
	const rows: IDataObject[] = [];
	let read = 0;
	let unjudged = 0;
	for (const agentId of agents) {
		const { request, stopAt } = event.list(settings, agentId, scope);
		const result = await fetchList(client, request, {
			returnAll: true,
			limit: 0,
			style: 'cursor',
			stopAt,
		});
		if (!result.ok) return result;
		for (const row of result.records) {
			read++;
			const verdict = event.isEvent(row, settings);
			if (verdict === 'cannotTell') unjudged++;
			else if (verdict) rows.push(row);
		}
	}
	if (read > 0 && unjudged === read) return { ok: true, rows: [], cannotTell: event.cannotTell };
	return { ok: true, rows };
}
