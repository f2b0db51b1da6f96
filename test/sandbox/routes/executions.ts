// GET /public-api/executions, /executions/{execution_id}, /executions/{execution_id}/steps.
// /executions/{execution_id}/til-requests and /callback. Status values, newest-first order and
// the callback's shape are assumed (openapi.json).
import { notFound, type Route } from '../http';
import { cursorPage, newestFirst } from '../pagination';
import type { Execution, ExecutionStep, PublicExecution } from '../types';
import { publicTilRequest } from './tilRequests';

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
	const statuses = q.status as string[] | undefined;
	if (statuses && statuses.length > 0 && !statuses.includes(e.status)) return false;
	if (q.agent_id !== undefined && e.agent_id !== q.agent_id) return false;
	if (q.entity_id !== undefined && e.entity_id !== q.entity_id) return false;
	if (q.entity_number !== undefined && e.entity_number !== q.entity_number) return false;
	return true;
}

export const listExecutions: Route = ({ caller, query, store }) => {
	const rows = newestFirst(
		store.executions.filter((e) => e.tenantId === caller.tenantId && matches(e, query)),
		(e) => e.execution_id,
	);
	const { data, pagination } = cursorPage(
		rows,
		(e) => [e.created_at, e.execution_id],
		query,
		'desc',
	);
	return { status: 200, data: data.map(publicExecution), pagination };
};

function find({ caller, params, store }: Parameters<Route>[0]): Execution {
	const run = store.findExecution(caller.tenantId, params.execution_id as string);
	if (!run) throw notFound('Execution', 'execution_id', params.execution_id);
	return run;
}

export const getExecution: Route = (ctx) => ({ status: 200, data: publicExecution(find(ctx)) });

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
