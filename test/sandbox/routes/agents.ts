// GET /public-api/agents and /public-api/agents/{agent_id}. The list exists per Neo's
// authentication guide; its filters, row fields and the single read are assumed (openapi.json).
import { notFound, type Route } from '../http';
import { cursorPage } from '../pagination';
import type { Agent, PublicAgent } from '../types';

export function publicAgent(a: Agent): PublicAgent {
	const rest: Partial<Agent> = { ...a };
	delete rest.tenantId;
	return rest as PublicAgent;
}

export const listAgents: Route = ({ caller, query, store }) => {
	const rows = store
		.tenantAgents(caller.tenantId)
		.filter((a) => query.state === undefined || a.state === query.state)
		.sort((a, b) => a.id - b.id);
	const { data, pagination } = cursorPage(rows, (a) => [a.id], query);
	return { status: 200, data: data.map(publicAgent), pagination };
};

export const getAgent: Route = ({ caller, params, store }) => {
	const agent = store.findAgent(caller.tenantId, params.agent_id as number);
	if (!agent) throw notFound('Agent', 'agent_id', params.agent_id);
	return { status: 200, data: publicAgent(agent) };
};
