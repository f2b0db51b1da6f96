// GET /public-api/executions, /executions/{execution_id}, /executions/{execution_id}/steps.
// /executions/{execution_id}/til-requests and /callback. Status values, newest-first order and
// the callback's shape are assumed (openapi.json).
import { notFound, type Route } from '../http';
import { cursorPaginationAsRead, rowAsRead, statusAsRead, statusFilter } from '../listReadings';
import { cursorPage, newestFirst } from '../pagination';
import type { Readings } from '../readings';
import type { Execution, ExecutionStep, PublicExecution } from '../types';
import { publicTilRequest } from './tilRequests';

const KNOWN_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED'] as const;
const SEEDED = /^ex_(seed|globex)_/;

/** The run's status under the readings: seeded runs may carry one outside the enum. */
const readStatus = (e: Execution, readings: Readings) =>
	statusAsRead(e.status, e.execution_id, SEEDED.test(e.execution_id), readings);

/** A run as answered under the readings (status absent or other). */
export function executionAsRead(e: Execution, readings: Readings): Record<string, unknown> {
	return rowAsRead(publicExecution(e), readings, { status: readStatus(e, readings) });
}

export function publicExecution(e: Execution): PublicExecution {
	const rest: Partial<Execution> = { ...e };
	delete rest.tenantId;
	delete rest.steps;
	delete rest.callback;
	delete rest.finishAt;
	delete rest.outcome;
	return rest as PublicExecution;
}

function matches(e: Execution, q: Record<string, unknown>): boolean {
	if (q.agent_id !== undefined && e.agent_id !== q.agent_id) return false;
	if (q.entity_id !== undefined && e.entity_id !== q.entity_id) return false;
	if (q.entity_number !== undefined && e.entity_number !== q.entity_number) return false;
	return true;
}

export const listExecutions: Route = ({ caller, query, store, readings }) => {
	const status = statusFilter(query.status as string[] | undefined, KNOWN_STATUSES, readings);
	const rows = newestFirst(
		store.executions.filter(
			(e) => e.tenantId === caller.tenantId && matches(e, query) && status(readStatus(e, readings)),
		),
		(e) => e.execution_id,
	);
	const { data, pagination } = cursorPage(
		rows,
		(e) => [e.created_at, e.execution_id],
		query,
		'desc',
	);
	return {
		status: 200,
		data: data.map((e) => executionAsRead(e, readings)),
		pagination: cursorPaginationAsRead(pagination, readings),
	};
};

function find({ caller, params, store }: Parameters<Route>[0]): Execution {
	const run = store.findExecution(caller.tenantId, params.execution_id as string);
	if (!run) throw notFound('Execution', 'execution_id', params.execution_id);
	return run;
}

export const getExecution: Route = (ctx) => ({
	status: 200,
	data: executionAsRead(find(ctx), ctx.readings),
});

/** Steps in order. include_data=false omits `data` (the documented default is true). */
export const listExecutionSteps: Route = (ctx) => {
	const types = ctx.query.type as string[] | undefined;
	const withData = ctx.query.include_data !== false;
	const steps = find(ctx)
		.steps.filter((s) => !types || types.length === 0 || types.includes(s.type))
		.map((s): ExecutionStep => {
			if (withData) return { ...s };
			const rest: Partial<ExecutionStep> = { ...s };
			delete rest.data;
			return rest as ExecutionStep;
		});
	return { status: 200, data: steps };
};

/** The approval requests one run raised, oldest first (an empty list when it raised none). */
export const listExecutionTilRequests: Route = (ctx) => {
	const run = find(ctx);
	const rows = ctx.store.tilRequests
		.filter((r) => r.tenantId === run.tenantId && r.executionId === run.execution_id)
		.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
	return { status: 200, data: rows.map(publicTilRequest) };
};

/** The PSA callback that started the run; a run started otherwise (run-now, schedule) has none: 404. */
export const getExecutionCallback: Route = (ctx) => {
	const run = find(ctx);
	if (!run.callback) throw notFound('Callback of execution', 'execution_id', run.execution_id);
	return { status: 200, data: { ...run.callback } };
};
