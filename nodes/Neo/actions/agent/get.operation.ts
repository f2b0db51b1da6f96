import { updateDisplayOptions } from 'n8n-workflow';

import { neoPath } from '../../transport';
import { agentLocator } from '../common';
import { type NeoOperation, sendOne } from '../operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['agent'], operation: ['get'] } },
	[
		agentLocator({
			displayName: 'Agent',
			name: 'agent',
			search: 'searchAgents',
			required: true,
			description: 'The agent to read',
		}),
	],
);

export const get: NeoOperation = {
	description,
	prepare: (read) =>
		sendOne({
			method: 'GET',
			path: neoPath('/public-api/agents/{agent_id}', { agent_id: read.agentId('agent') }),
		}),
};
