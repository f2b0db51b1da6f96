import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { failureMessage } from '../helpers/errors';
import { NeoClient } from '../transport/client';
import { fetchList } from '../transport/paginate';
import { agentLabel, type AgentFilter, isConversational } from './agentFilters';

async function agentOptions(
	ctx: ILoadOptionsFunctions,
	keep?: AgentFilter,
): Promise<INodePropertyOptions[]> {
	const client = await NeoClient.create(ctx);
	const result = await fetchList(
		client,
		{ method: 'GET', path: '/public-api/agents' },
		{ returnAll: true, limit: 0, style: 'cursor', keep },
	);
	if (!result.ok) throw new NodeOperationError(ctx.getNode(), failureMessage(result.failure));
	return result.records
		.map((agent) => ({ name: agentLabel(agent), value: Number(agent.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every CONVERSATIONAL agent, for multi-selects (Allowed Agent IDs on Session Token → Mint). */
export async function getConversationalAgents(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await agentOptions(this, isConversational);
}

/** Every agent, for multi-selects (the Neo Trigger's agent filter). */
export async function getAgents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await agentOptions(this);
}
