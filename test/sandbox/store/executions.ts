// Agent runs ("executions") with their steps: a seeded history per tenant and the factory control
// calls use to start and finish runs.
import { TENANT_IDS } from '../keys';
import type {
	Agent,
	Execution,
	ExecutionCallback,
	ExecutionStatus,
	ExecutionStep,
	TilRequest,
} from '../types';

const at = (iso: string, plusMs: number) => new Date(Date.parse(iso) + plusMs).toISOString();

/** THOUGHT -> TOOL_CALL -> TOOL_RESULT (-> FINAL_MESSAGE once the run has finished). */
export function runSteps(
	id: string,
	createdAt: string,
	status: ExecutionStatus,
	error: string | null,
): ExecutionStep[] {
	const call = `call_${id}_1`;
	const steps: ExecutionStep[] = [
		{
			step_id: `${id}_s1`,
			type: 'THOUGHT',
			created_at: at(createdAt, 1_000),
			tool_call_id: null,
			tool_type_name: null,
			message: 'Looking up the user in Entra ID.',
			data: { reasoning_tokens: 212 },
			is_error: false,
		},
		{
			step_id: `${id}_s2`,
			type: 'TOOL_CALL',
			created_at: at(createdAt, 2_000),
			tool_call_id: call,
			tool_type_name: 'entra_find_user',
			message: null,
			data: { arguments: { upn: 'jane.doe@contoso.com' } },
			is_error: false,
		},
		{
			step_id: `${id}_s3`,
			type: 'TOOL_RESULT',
			created_at: at(createdAt, 3_000),
			tool_call_id: call,
			tool_type_name: 'entra_find_user',
			message: null,
			data: status === 'FAILED' ? { error: error ?? 'failed' } : { id: 'a1b2', enabled: true },
			is_error: status === 'FAILED',
		},
	];
	if (status !== 'RUNNING') {
		steps.push({
			step_id: `${id}_s4`,
			type: 'FINAL_MESSAGE',
			created_at: at(createdAt, 4_000),
			tool_call_id: null,
			tool_type_name: null,
			message:
				status === 'FAILED'
					? `Run failed: ${error ?? 'unknown error'}`
					: 'Done: MFA reset and the ticket updated.',
			data: null,
			is_error: status === 'FAILED',
		});
	}
	return steps;
}

export interface ExecutionSpec {
	id: string;
	tenantId: string;
	agent: Agent;
	status: ExecutionStatus;
	createdAt: string;
	entityId?: string | null;
	entityNumber?: string | null;
	error?: string | null;
	/** false: started without a PSA callback (run-now). Default: TRIGGERED agents have one. */
	withCallback?: boolean;
}

/** The PSA webhook a TRIGGERED agent's run was started by (shape assumed). */
function callbackOf(run: Execution): ExecutionCallback {
	return {
		callback_id: `cb_${run.execution_id}`,
		execution_id: run.execution_id,
		source: 'CONNECTWISE_PSA',
		event_type: 'ticket.created',
		entity_id: run.entity_id,
		entity_number: run.entity_number,
		received_at: run.created_at,
		payload: { ID: run.entity_id, Action: 'added', Type: 'ticket' },
	};
}

export function makeExecution(spec: ExecutionSpec): Execution {
	const failed = spec.status === 'FAILED';
	const error = failed ? (spec.error ?? 'Entra ID answered 403: insufficient privileges') : null;
	const done = spec.status !== 'RUNNING';
	const ticket = spec.agent.entity_type === 'TICKET';
	const n = Number(spec.id.replace(/\D/g, '')) || 0;
	const run: Execution = {
		execution_id: spec.id,
		agent_id: spec.agent.id,
		agent_name: spec.agent.name,
		status: spec.status,
		entity_id: spec.entityId !== undefined ? spec.entityId : ticket ? String(40_000 + n) : null,
		entity_number:
			spec.entityNumber !== undefined ? spec.entityNumber : ticket ? `TCK-${40_000 + n}` : null,
		created_at: spec.createdAt,
		updated_at: done ? at(spec.createdAt, 4_000) : spec.createdAt,
		seconds_spent: done ? 4 : null,
		error,
		message_for_dashboard: done ? (failed ? 'Needs a technician' : 'Completed') : null,
		additional_custom_instructions: null,
		tenantId: spec.tenantId,
		steps: runSteps(spec.id, spec.createdAt, spec.status, error),
	};
	const started = spec.withCallback ?? spec.agent.trigger_type === 'TRIGGERED';
	run.callback = started ? callbackOf(run) : null;
	return run;
}

/**
 * Links each approval request to the oldest finished run of its agent, so some runs have
 * approval requests (GET /executions/{id}/til-requests) and most have none.
 */
export function linkApprovals(requests: TilRequest[], runs: Execution[]): void {
	for (const request of requests) {
		request.executionId ??=
			runs.find(
				(r) =>
					r.tenantId === request.tenantId &&
					r.agent_id === request.agent_id &&
					r.status !== 'RUNNING',
			)?.execution_id ?? null;
	}
}

/** Finishes run-now runs whose time has come (lazily, whenever the API is read). */
export function settleRuns(runs: Execution[], nowMs: number): void {
	for (const run of runs) {
		if (run.finishAt === undefined || run.finishAt > nowMs) continue;
		const { finishAt, outcome } = run;
		delete run.finishAt;
		delete run.outcome;
		if (run.status === 'RUNNING') {
			finish(run, outcome ?? 'SUCCEEDED', new Date(finishAt).toISOString(), 'Run failed');
		}
	}
}

/** Marks a running execution finished at `when`, with its final step. */
export function finish(
	run: Execution,
	status: 'SUCCEEDED' | 'FAILED',
	when: string,
	error?: string,
): void {
	run.status = status;
	run.error = status === 'FAILED' ? (error ?? 'Run failed') : null;
	run.updated_at = when;
	run.seconds_spent = Math.max(
		0,
		Math.round((Date.parse(when) - Date.parse(run.created_at)) / 1000),
	);
	run.message_for_dashboard = status === 'FAILED' ? 'Needs a technician' : 'Completed';
	run.steps = runSteps(run.execution_id, run.created_at, status, run.error);
	run.steps[run.steps.length - 1].created_at = when;
}

const T0 = Date.parse('2026-10-01T06:00:00.000Z');
const pad = (n: number) => String(n).padStart(4, '0');

/** 130 runs for the main tenant (every 11th FAILED, the newest 3 RUNNING), 6 for the other. */
export function seedExecutions(agents: Agent[]): Execution[] {
	const rows: Execution[] = [];
	const add = (tenantId: string, prefix: string, count: number) => {
		const pool = agents.filter((a) => a.tenantId === tenantId && a.trigger_type !== 'NONE');
		for (let i = 0; i < count; i++) {
			const status: ExecutionStatus =
				i >= count - 3 ? 'RUNNING' : i % 11 === 5 ? 'FAILED' : 'SUCCEEDED';
			rows.push(
				makeExecution({
					id: `${prefix}${pad(i + 1)}`,
					tenantId,
					agent: pool[i % pool.length],
					status,
					createdAt: new Date(T0 + i * 3_600_000).toISOString(),
				}),
			);
		}
	};
	add(TENANT_IDS.tenant, 'ex_seed_', 130);
	add(TENANT_IDS.otherTenant, 'ex_globex_', 6);
	return rows;
}

export const SEED_EXECUTIONS = {
	/** ex_seed_0001 (oldest) .. ex_seed_0130 (newest); 0128..0130 are RUNNING. */
	first: 'ex_seed_0001',
	newest: 'ex_seed_0130',
	running: 'ex_seed_0130',
	failed: 'ex_seed_0006',
	succeeded: 'ex_seed_0001',
	count: 130,
	otherTenant: 'ex_globex_0001',
};
