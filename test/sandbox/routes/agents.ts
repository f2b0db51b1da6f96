// GET /public-api/agents and /public-api/agents/{agent_id}. The list exists per Neo's
// authentication guide; its filters, row fields and the single read are assumed (openapi.json).
import { notFound, type Route } from '../http';
import { cursorPaginationAsRead, idAsRead } from '../listReadings';
import { cursorPage } from '../pagination';
import type { Agent, PublicAgent } from '../types';

export function publicAgent(a: Agent): PublicAgent {
	const rest: Partial<Agent> = { ...a };
	delete rest.tenantId;
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
