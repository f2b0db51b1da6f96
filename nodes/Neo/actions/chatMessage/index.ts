import type { INodeProperties } from 'n8n-workflow';

import { send } from './send.operation';

export const operations = { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chatMessage'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description:
					"Send a message to a Neo agent in a chat session and wait for the agent's reply",
				// Also the tool description an AI Agent reads when this node is its tool.
				action: 'Send a message to an agent and get its reply',
			},
		],
		default: 'send',
	},
	...send.description,
];
