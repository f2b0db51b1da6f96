// GET /public-api/agents and /public-api/agents/{agent_id}. The list exists per Neo's
// authentication guide; its filters, row fields and the single read are assumed (openapi.json).
// POST /agents (create), PUT /agents/{agent_id} (partial update) and POST …/run-now (documented).
import { ApiError, notFound, validationError, type Route, type RouteResult } from '../http';
import { cursorPaginationAsRead, idAsRead } from '../listReadings';
import { cursorPage } from '../pagination';
import { makeExecution } from '../store/executions';
import type { Agent, PublicAgent } from '../types';

export function publicAgent(a: Agent): PublicAgent {
	const rest: Partial<Agent> = { ...a };
	delete rest.tenantId;
	delete rest.settings;
	return rest as PublicAgent;
}

export const listAgents: Route = ({ caller, query, store, readings }) => {
	const rows = store
		.tenantAgents(caller.tenantId)
		.filter((a) => query.state === undefined || a.state === query.state)
		.sort((a, b) => a.id - b.id);
	const { data, pagination } = cursorPage(rows, (a) => [a.id], query);
	return {
		status: 200,
		data: data.map((a) => idAsRead(publicAgent(a), readings)),
		pagination: cursorPaginationAsRead(pagination, readings),
	};
};

export const getAgent: Route = ({ caller, params, store, readings }) => {
	const agent = store.findAgent(caller.tenantId, params.agent_id as number);
	if (!agent) throw notFound('Agent', 'agent_id', params.agent_id);
	return { status: 200, data: idAsRead(publicAgent(agent), readings) };
};

/**
 * POST /agents/{agent_id}/run-now: starts a run (RUNNING until runNow.durationMs has passed, then
 * runNow.outcome) and answers {execution_id, status: "queued"} at once. A TRIGGERED agent needs
 * target_entity_id; a SCHEDULED one takes none (a target sent anyway is ignored: assumed); a
 * CONVERSATIONAL one is 400 invalid_for_conversational; a DISABLED one is 422 (assumed). Under
 * the runNowBareAnswer reading the answer is the bare object, without {data, meta}.
 */
export const runAgentNow: Route = ({ caller, params, body, store, now, runNow, readings }) => {
	const agent = store.findAgent(caller.tenantId, params.agent_id as number);
	if (!agent) throw notFound('Agent', 'agent_id', params.agent_id);
	if (agent.autonomy_type === 'CONVERSATIONAL') {
		throw new ApiError(
			400,
			'invalid_for_conversational',
			`Agent ${agent.id} is conversational: it answers chats and cannot be run.`,
		);
	}
	if (agent.state !== 'ENABLED') {
		throw validationError('Only an enabled agent can be run.', [
			{ field: 'agent_id', message: `agent ${agent.id} is ${agent.state}` },
		]);
	}
	const target = typeof body.target_entity_id === 'string' ? body.target_entity_id : undefined;
	if (agent.trigger_type === 'TRIGGERED' && target === undefined) {
		throw validationError('A TRIGGERED agent runs on an entity.', [
			{ field: 'target_entity_id', message: 'required for a TRIGGERED agent' },
		]);
	}
	const run = makeExecution({
		id: store.nextId('execution'),
		tenantId: caller.tenantId,
		agent,
		status: 'RUNNING',
		createdAt: now.toISOString(),
		entityId: agent.trigger_type === 'TRIGGERED' ? target : null,
		entityNumber: null,
		withCallback: false,
	});
	run.finishAt = now.getTime() + runNow.durationMs;
	run.outcome = runNow.outcome;
	store.executions.push(run);
	store.created.runs.push(run);
	const accepted = { execution_id: run.execution_id, status: 'queued' };
	if (readings.runNowBareAnswer) return bare(202, accepted);
	return { status: 202, data: accepted };
};

/** An answer without Neo's envelope, as a page that shows only the object could be read. */
function bare(status: number, body: unknown): RouteResult {
	return {
		status,
		data: null,
		stream: (res) => {
			const text = JSON.stringify(body);
			res.writeHead(status, {
				'Content-Type': 'application/json; charset=utf-8',
				'Content-Length': Buffer.byteLength(text),
			});
			res.end(text);
		},
	};
}

/** What create and update answer: the id as a string here (an integer everywhere else). */
function agentWritten(agent: Agent) {
	return {
		id: String(agent.id),
		name: agent.name,
		created_at: agent.created_at,
		updated_at: agent.updated_at,
	};
}

const SETTINGS = [
	'actions',
	'ticket_conditions',
	'callback_settings',
	'toolbox',
	'agent_settings',
	'integrations',
	'audience',
	'access',
] as const;

/** A toolbox may not carry external-API credentials (Neo: 400 validation_error). */
function checkToolbox(toolbox: unknown): void {
	const text = JSON.stringify(toolbox ?? null);
	if (/"(api_key|apikey|password|secret|client_secret|token)"\s*:/i.test(text)) {
		throw new ApiError(400, 'validation_error', 'A toolbox cannot hold external-API credentials.', {
			errors: [{ field: 'toolbox', message: 'holds a credential' }],
		});
	}
}

/** POST /agents: the body is a union on autonomy_type (checked by the contract). */
export const createAgent: Route = ({ caller, body, store, now }) => {
	checkToolbox(body.toolbox);
	const stamp = now.toISOString();
	const autonomy = (body.autonomy_type as Agent['autonomy_type'] | undefined) ?? 'CHAINED_ACTIONS';
	const agent: Agent = {
		id: store.nextId('agent'),
		name: body.name as string,
		state: 'ENABLED',
		autonomy_type: autonomy,
		trigger_type: body.trigger_type as Agent['trigger_type'],
		entity_type: (body.entity_type as string | undefined) ?? null,
		description: (body.description as string | undefined) ?? null,
		managed_agent_key: null,
		created_at: stamp,
		updated_at: stamp,
		tenantId: caller.tenantId,
		settings: Object.fromEntries(SETTINGS.filter((k) => k in body).map((k) => [k, body[k]])),
	};
	store.agents.push(agent);
	store.created.agents.push(agent);
	return { status: 201, data: agentWritten(agent) };
};

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * PUT /agents/{agent_id}: a partial patch. autonomy_type and entity_type cannot change; actions
 * and toolbox merge (objects key by key; a list replaces: assumed), agent_settings and integrations
 * replace whole. A Neo-managed agent is 403 agent_managed_by_neo. (409 agent_update_conflict, a
 * concurrent edit, is injected with a fault.)
 */
export const updateAgent: Route = ({ caller, params, body, store, now }) => {
	const agent = store.findAgent(caller.tenantId, params.agent_id as number);
	if (!agent) throw notFound('Agent', 'agent_id', params.agent_id);
	if (agent.managed_agent_key) {
		throw new ApiError(
			403,
			'agent_managed_by_neo',
			`Agent ${agent.id} is managed by Neo and cannot be changed through the API.`,
		);
	}
	for (const field of ['autonomy_type', 'entity_type'] as const) {
		if (field in body && body[field] !== agent[field]) {
			throw new ApiError(400, 'bad_request', `${field} cannot change after the agent is created.`);
		}
	}
	if ('actions' in body && agent.autonomy_type === 'AGENTIC') {
		throw new ApiError(400, 'bad_request', 'An AGENTIC agent has no actions.');
	}
	if ('ticket_conditions' in body && agent.autonomy_type === 'CONVERSATIONAL') {
		throw new ApiError(400, 'bad_request', 'A CONVERSATIONAL agent has no ticket conditions.');
	}
	checkToolbox(body.toolbox);
	const settings = { ...agent.settings };
	for (const key of SETTINGS) {
		if (!(key in body)) continue;
		const merges = key === 'actions' || key === 'toolbox';
		settings[key] =
			merges && isObject(settings[key]) && isObject(body[key])
				? { ...settings[key], ...body[key] }
				: body[key];
	}
	agent.settings = settings;
	if (typeof body.name === 'string') agent.name = body.name;
	if ('description' in body) agent.description = (body.description as string | null) ?? null;
	if (typeof body.trigger_type === 'string') {
		agent.trigger_type = body.trigger_type as Agent['trigger_type'];
	}
	agent.updated_at = now.toISOString();
	return { status: 200, data: agentWritten(agent) };
};
