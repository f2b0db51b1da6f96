/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// Events over time, for polling triggers' tests: create approval requests and agent runs on demand
// (with explicit created_at, so tests can make equal and back-dated timestamps), finish runs,
// decide requests, and schedules that add one every N ms. Used by the NeoSandbox object and by
// the /__sandbox control endpoints alike.
import { TENANT_IDS } from './keys';
import { DEFAULT_READINGS, type Readings } from './readings';
import type { Store } from './store';
import { makeTilRequest, TECHNICIANS } from './store/approvals';
import { finish, makeExecution } from './store/executions';
import { type InboxRow, makeInboxRow, publicInboxRow } from './store/inbox';
import { decide, publicTilRequest } from './routes/tilRequests';
import { publicExecution } from './routes/executions';
import type {
	Agent,
	ExecutionStatus,
	Person,
	PublicExecution,
	PublicTilRequest,
	TilStatus,
} from './types';

/** How far in the past lateEvents stamps a row it stores now. */
export const LATE_EVENT_DELAY_MS = 2 * 60_000;

export type TenantName = keyof typeof TENANT_IDS;

interface EventSpec {
	/** How many rows (1..1000, default 1); all share created_at. */
	count?: number;
	/** Whose rows: 'tenant' (default), 'otherTenant' or 'platform'. */
	tenant?: TenantName;
	/** An agent of that tenant (default: its first TRIGGERED agent). */
	agent_id?: number;
	/** ISO date-time (default: now). */
	created_at?: string;
}

export interface TilRequestEvent extends EventSpec {
	/** Default PENDING. */
	status?: TilStatus;
	ticket_id?: string | null;
	ticket_number?: string | null;
	comment?: string | null;
	/** The run that raised them (listed by GET /executions/{id}/til-requests). */
	execution_id?: string;
}

export interface ExecutionEvent extends EventSpec {
	/** Default RUNNING. */
	status?: ExecutionStatus;
	entity_id?: string | null;
	entity_number?: string | null;
	error?: string | null;
}

export interface InboxEvent {
	/** How many rows (1..1000, default 1); all share created_at. */
	count?: number;
	/** Whose inbox: 'tenant' (default), 'otherTenant' or 'platform'. */
	tenant?: TenantName;
	/** ISO date-time (default: now). */
	created_at?: string;
	message?: string;
	/** Default: a fresh key per row. */
	deduplication_message_id?: string;
}

/** A schedule: `kind`, `every_ms`, optional `limit`, and the fields of that kind's event. */
export interface ScheduleSpec
	extends Omit<TilRequestEvent, 'status'>,
		Omit<ExecutionEvent, 'status'> {
	kind: 'til-request' | 'execution';
	/** Interval in ms (>= 10). */
	every_ms: number;
	/** Stop after this many ticks (default: until stopped or reset). */
	limit?: number;
	status?: TilStatus | ExecutionStatus;
}

/** A control-call error with the HTTP status the control endpoint answers. */
export class EventError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

const oneOf = <T extends string>(value: unknown, allowed: readonly T[], name: string): T => {
	if (!allowed.includes(value as T))
		throw new EventError(400, `${name} must be one of ${allowed.join(', ')}`);
	return value as T;
};

interface Schedule {
	spec: ScheduleSpec;
	timer: NodeJS.Timeout;
	made: number;
}

export class Events {
	private schedules = new Map<number, Schedule>();
	private nextSchedule = 1;
	private inboxCount = 0;

	constructor(
		private readonly store: Store,
		private readonly clock: () => Date = () => new Date(),
		private readonly readings: () => Readings = () => DEFAULT_READINGS,
	) {}

	createTilRequests(spec: TilRequestEvent = {}): PublicTilRequest[] {
		const { count, tenantId, agent, createdAt } = this.common(spec);
		const status = oneOf(spec.status ?? 'PENDING', ['PENDING', 'APPROVED', 'REJECTED'], 'status');
		const rows = Array.from({ length: count }, () =>
			makeTilRequest({
				id: this.store.nextId('til'),
				tenantId,
				agent,
				status,
				createdAt,
				ticketId: spec.ticket_id,
				ticketNumber: spec.ticket_number,
				comment: spec.comment,
			}),
		);
		for (const row of rows) row.executionId = spec.execution_id ?? null;
		this.store.tilRequests.push(...rows);
		this.store.created.tilRequests.push(...rows);
		return rows.map(publicTilRequest);
	}

	createExecutions(spec: ExecutionEvent = {}): PublicExecution[] {
		const { count, tenantId, agent, createdAt } = this.common(spec);
		const status = oneOf(spec.status ?? 'RUNNING', ['RUNNING', 'SUCCEEDED', 'FAILED'], 'status');
		const rows = Array.from({ length: count }, () =>
			makeExecution({
				id: this.store.nextId('execution'),
				tenantId,
				agent,
				status,
				createdAt,
				entityId: spec.entity_id,
				entityNumber: spec.entity_number,
				error: spec.error,
			}),
		);
		this.store.executions.push(...rows);
		this.store.created.executions.push(...rows);
		return rows.map(publicExecution);
	}

	/** Adds notices to a tenant's inbox, as Neo does when something needs the MSP's attention. */
	createInboxMessages(spec: InboxEvent = {}): ReturnType<typeof publicInboxRow>[] {
		if (spec === null || typeof spec !== 'object')
			throw new EventError(400, 'body must be an object');
		const count = spec.count ?? 1;
		if (!(Number.isInteger(count) && count >= 1 && count <= 1000)) {
			throw new EventError(400, 'count must be an integer 1..1000');
		}
		const tenantId =
			TENANT_IDS[oneOf(spec.tenant ?? 'tenant', ['tenant', 'otherTenant', 'platform'], 'tenant')];
		const createdAt = this.time(spec.created_at, 'created_at');
		const rows = Array.from({ length: count }, () => {
			const n = ++this.inboxCount;
			return makeInboxRow({
				tenantId,
				createdAt,
				dedupe: spec.deduplication_message_id ?? `notice-${n}`,
				message: spec.message ?? `Notice ${n}: something needs your attention.`,
			});
		});
		this.store.inbox.push(...rows);
		return rows.map(publicInboxRow);
	}

	/**
	 * A notice recurs (number_of_occurrences and updated_at bumped), or is read or e-mailed
	 * (updated_at bumped): the same row, not a new message.
	 */
	touchInboxMessage(
		dedupe: string,
		spec: { tenant?: TenantName; recur?: boolean; read?: boolean; at?: string } = {},
	): ReturnType<typeof publicInboxRow> {
		const tenantId =
			TENANT_IDS[oneOf(spec.tenant ?? 'tenant', ['tenant', 'otherTenant', 'platform'], 'tenant')];
		const row: InboxRow | undefined = this.store.inbox.find(
			(r) => r.tenantId === tenantId && r.deduplication_message_id === dedupe,
		);
		if (!row) throw new EventError(404, `no inbox message ${dedupe}`);
		row.updated_at = this.time(spec.at, 'at');
		if (spec.recur !== false) row.number_of_occurrences += 1;
		if (spec.read !== undefined) row.read = spec.read;
		return publicInboxRow(row);
	}

	/** Finishes a RUNNING execution (any tenant's): SUCCEEDED or FAILED, at `at` (default now). */
	finishExecution(
		executionId: string,
		spec: { status: 'SUCCEEDED' | 'FAILED'; error?: string; at?: string },
	): PublicExecution {
		const run = this.store.executions.find((e) => e.execution_id === executionId);
		if (!run) throw new EventError(404, `no execution ${executionId}`);
		if (run.status !== 'RUNNING')
			throw new EventError(409, `execution ${executionId} is ${run.status}, not RUNNING`);
		const status = oneOf(spec?.status, ['SUCCEEDED', 'FAILED'], 'status');
		finish(run, status, this.time(spec.at, 'at'), spec.error);
		return publicExecution(run);
	}

	/** Decides a PENDING request (any tenant's) as a technician would in Neo's dashboard. */
	decide(
		requestId: number,
		spec: { action: 'approve' | 'reject'; note?: string | null; by?: Person; at?: string },
	): PublicTilRequest {
		const request = this.store.tilRequests.find((r) => r.id === requestId);
		if (!request) throw new EventError(404, `no TIL request ${requestId}`);
		if (request.status !== 'PENDING')
			throw new EventError(409, `TIL request ${requestId} is ${request.status}`);
		const action = oneOf(spec?.action, ['approve', 'reject'], 'action');
		const by = spec.by ?? TECHNICIANS[0];
		if (typeof by?.id !== 'string' || typeof by.name !== 'string') {
			throw new EventError(400, 'by must be {id, name}');
		}
		decide(this.store, request, action, by, spec.note ?? null, this.time(spec.at, 'at'), 'control');
		return publicTilRequest(request);
	}

	/** Creates one batch every `every_ms` until stopped, reset, closed or `limit` batches. */
	schedule(spec: ScheduleSpec): { id: number } {
		if (!(typeof spec?.every_ms === 'number' && spec.every_ms >= 10)) {
			throw new EventError(400, 'every_ms must be a number >= 10');
		}
		oneOf(spec.kind, ['til-request', 'execution'], 'kind');
		if (spec.limit !== undefined && !(Number.isInteger(spec.limit) && spec.limit >= 1)) {
			throw new EventError(400, 'limit must be an integer >= 1');
		}
		const event: Partial<ScheduleSpec> = { ...spec };
		delete event.every_ms;
		delete event.kind;
		delete event.limit;
		this.tick(spec.kind, event, true); // validates now, so a bad spec fails the call, not a timer
		const id = this.nextSchedule++;
		const timer = setInterval(() => {
			const s = this.schedules.get(id);
			if (!s) return;
			this.tick(spec.kind, event, false);
			s.made += 1;
			if (spec.limit !== undefined && s.made >= spec.limit) this.stop(id);
		}, spec.every_ms);
		this.schedules.set(id, { spec, timer, made: 0 });
		return { id };
	}

	/** Stops one schedule, or all; returns how many stopped. */
	stop(id?: number): number {
		const ids = id === undefined ? [...this.schedules.keys()] : [id];
		let stopped = 0;
		for (const key of ids) {
			const s = this.schedules.get(key);
			if (!s) continue;
			clearInterval(s.timer);
			this.schedules.delete(key);
			stopped += 1;
		}
		return stopped;
	}

	list(): { id: number; kind: string; every_ms: number; made: number; limit?: number }[] {
		return [...this.schedules].map(([id, s]) => ({
			id,
			kind: s.spec.kind,
			every_ms: s.spec.every_ms,
			made: s.made,
			limit: s.spec.limit,
		}));
	}

	private tick(
		kind: ScheduleSpec['kind'],
		event: TilRequestEvent | ExecutionEvent,
		dryRun: boolean,
	): void {
		if (dryRun) {
			this.common(event);
			return;
		}
		if (kind === 'til-request') this.createTilRequests(event as TilRequestEvent);
		else this.createExecutions(event as ExecutionEvent);
	}

	private common(spec: EventSpec): {
		count: number;
		tenantId: string;
		agent: Agent;
		createdAt: string;
	} {
		if (spec === null || typeof spec !== 'object')
			throw new EventError(400, 'body must be an object');
		const count = spec.count ?? 1;
		if (!(Number.isInteger(count) && count >= 1 && count <= 1000)) {
			throw new EventError(400, 'count must be an integer 1..1000');
		}
		const tenantId =
			TENANT_IDS[oneOf(spec.tenant ?? 'tenant', ['tenant', 'otherTenant', 'platform'], 'tenant')];
		const agents = this.store.tenantAgents(tenantId);
		const agent =
			spec.agent_id === undefined
				? (agents.find((a) => a.trigger_type === 'TRIGGERED') ?? agents[0])
				: agents.find((a) => a.id === spec.agent_id);
		if (!agent)
			throw new EventError(400, `agent_id ${String(spec.agent_id)} is not an agent of ${tenantId}`);
		return { count, tenantId, agent, createdAt: this.time(spec.created_at, 'created_at') };
	}

	private time(value: unknown, name: string): string {
		if (value === undefined) {
			// lateEvents: Neo stamps the row with when the work began, and stores it later.
			const late = this.readings().lateEvents ? LATE_EVENT_DELAY_MS : 0;
			return new Date(this.clock().getTime() - late).toISOString();
		}
		if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
			throw new EventError(400, `${name} must be an ISO date-time`);
		}
		return new Date(value).toISOString();
	}
}
