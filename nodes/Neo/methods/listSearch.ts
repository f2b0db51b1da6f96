import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { failureMessage } from '../helpers/errors';
import { NeoClient } from '../transport/client';
import { MAX_PAGE_SIZE } from '../transport/paginate';
import {
	agentLabel,
	type AgentFilter,
	isConversational,
	isRunKind,
	isRunnable,
	isRunnableOfKind,
	isTriggered,
} from './agentFilters';

/**
 * One page of agents for a resource locator. Neo's agent list has no name search (assumed), so the
 * filter is applied here to each page; the cursor goes back to n8n as the pagination token.
 */
async function searchAgentPage(
	ctx: ILoadOptionsFunctions,
	fits: AgentFilter,
	filter?: string,
	paginationToken?: string,
	label: (agent: IDataObject) => string = agentLabel,
): Promise<INodeListSearchResult> {
	const client = await NeoClient.create(ctx);
	const result = await client.send({
		method: 'GET',
		path: '/public-api/agents',
		query: { page_size: MAX_PAGE_SIZE, ...(paginationToken ? { cursor: paginationToken } : {}) },
	});
	if (!result.ok) throw new NodeOperationError(ctx.getNode(), failureMessage(result.failure));
	const agents = Array.isArray(result.value.data) ? result.value.data : [];
	const needle = filter?.trim().toLowerCase() ?? '';
	const pagination = result.value.meta.pagination;
	return {
		results: agents
			.filter(fits)
			.filter(
				(agent) =>
					needle === '' ||
					String(agent.name ?? '')
						.toLowerCase()
						.includes(needle) ||
					String(agent.id) === needle,
			)
			.map((agent) => ({ name: label(agent), value: String(agent.id) })),
		paginationToken: pagination?.has_more ? (pagination.next_cursor ?? undefined) : undefined,
	};
}

export async function searchConversationalAgents(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchAgentPage(this, isConversational, filter, paginationToken);
}

export async function searchTriggeredAgents(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchAgentPage(this, isTriggered, filter, paginationToken);
}

export async function searchAgents(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchAgentPage(this, () => true, filter, paginationToken);
}

/**
 * Run Now's agents: those of the Agent Kind chosen above the list (the parameter is sent along
 * with every list request). A node without a valid kind gets every runnable agent, each labelled.
 */
export async function searchRunnableAgents(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const kind = this.getNodeParameter('agentKind', 'triggered');
	if (isRunKind(kind)) {
		return await searchAgentPage(this, isRunnableOfKind(kind), filter, paginationToken);
	}
	const withKind = (agent: IDataObject) =>
		`${agentLabel(agent)}, ${String(agent.trigger_type).toLowerCase()}`;
	return await searchAgentPage(this, isRunnable, filter, paginationToken, withKind);
}
