// GET /public-api/executions, /executions/{execution_id}, /executions/{execution_id}/steps.
// Status values and newest-first order are assumed (openapi.json).
import { notFound, type Route } from '../http';
import { cursorPage, newestFirst } from '../pagination';
import type { Execution, ExecutionStep, PublicExecution } from '../types';

export function publicExecution(e: Execution): PublicExecution {
	const rest: Partial<Execution> = { ...e };
	delete rest.tenantId;
	delete rest.steps;
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
