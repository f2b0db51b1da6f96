import type { IDataObject } from 'n8n-workflow';

import { shortHash } from '../Neo/actions/chatMessage/clientMessageId';

import type { NeoClient } from '../Neo/transport/client';
import { fetchList } from '../Neo/transport/paginate';
import type { NeoFailure, NeoRequest } from '../Neo/transport';
import type { EventKey, Mark } from './window';

export type NeoEventName = 'newApprovalRequest' | 'agentRunFinished' | 'newInboxMessage';

export interface TriggerSettings {
	event: NeoEventName;
	/** Neo filters lists by one agent: several agents are one read each. Empty: every agent. */
	agentIds: number[];
	onlyPending: boolean;
	/** Run statuses to deliver (Agent Run Finished). */
	outcomes: string[];
	longestRunMs: number;
	timeoutMs: number;
}

/**
 * What a poll reads. `since`: every event at or after the mark (from the beginning when there is
 * none yet). `edge`: only the newest events, to place the first mark or to show one in a test run.
 */
export type ReadScope = { kind: 'since'; mark: Mark | undefined } | { kind: 'edge' };

export type ReadResult = { ok: true; rows: IDataObject[] } | { ok: false; failure: NeoFailure };

interface NeoEvent {
	/** The time that orders the event, and its id. */
	keyOf(row: IDataObject): EventKey;
	/** One list read for one agent (or for all), and where it may stop. */
	list(
		settings: TriggerSettings,
		agentId: number | undefined,
		scope: ReadScope,
	): { request: NeoRequest; stopAt?: (row: IDataObject) => boolean };
}

const ms = (value: unknown) => (typeof value === 'string' ? Date.parse(value) : NaN);

/** For an edge read of a newest-first list: stop at the first row older than the first one. */
function olderThanFirst(time: (row: IDataObject) => number) {
	let first: number | undefined;
	return (row: IDataObject) => {
		const t = time(row);
		first ??= t;
		return t < first;
	};
}

/**
 * New approval requests: ordered by created_at, which Neo filters on (`created_after`, read as
 * inclusive or exclusive alike: the query starts a millisecond before the mark and the mark's ids
 * drop what was delivered).
 */
const newApprovalRequest: NeoEvent = {
	keyOf: (row) => ({ at: String(row.created_at), id: String(row.id) }),
	list: (settings, agentId, scope) => {
		const since = scope.kind === 'since' && scope.mark ? Date.parse(scope.mark.at) - 1 : undefined;
		return {
			request: {
				method: 'GET',
				path: '/public-api/til-requests',
				query: {
					...(settings.onlyPending ? { status: 'PENDING' } : {}),
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
 * stops at runs that started more than the longest run's length before the mark: those finished
 * before it. Without a mark (edge), the newest finish time read so far stands in for it.
 */
const agentRunFinished: NeoEvent = {
	keyOf: (row) => ({ at: String(row.updated_at), id: String(row.execution_id) }),
	list: (settings, agentId, scope) => {
		let reference = scope.kind === 'since' && scope.mark ? Date.parse(scope.mark.at) : -Infinity;
		const stopAt =
			scope.kind === 'since' && !scope.mark
				? undefined
				: (row: IDataObject) => {
						if (scope.kind === 'edge')
							reference = Math.max(reference, ms(row.updated_at) || -Infinity);
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
	list: () => ({ request: { method: 'GET', path: '/public-api/inbox' } }),
};

export const NEO_EVENTS: Record<NeoEventName, NeoEvent> = {
	newApprovalRequest,
	agentRunFinished,
	newInboxMessage,
};

/** Reads every list the settings need, each to its end (or its stop), through one client. */
export async function readEvents(
	client: NeoClient,
	settings: TriggerSettings,
	scope: ReadScope,
): Promise<ReadResult> {
	const event = NEO_EVENTS[settings.event];
	const agents = settings.agentIds.length > 0 ? settings.agentIds : [undefined];
	const rows: IDataObject[] = [];
	for (const agentId of agents) {
		const { request, stopAt } = event.list(settings, agentId, scope);
		const result = await fetchList(client, request, {
			returnAll: true,
			limit: 0,
			style: 'cursor',
			stopAt,
		});
		if (!result.ok) return result;
		rows.push(...result.records);
	}
	return { ok: true, rows };
}
