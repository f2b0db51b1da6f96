import type { INodeProperties } from 'n8n-workflow';

import { getMany } from './getMany.operation';
import { send } from './send.operation';

export const operations = { send, getMany };

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
			{
				name: 'Get Many',
				value: 'getMany',
				description: "Read a chat session's messages, oldest first",
				action: 'Get many chat messages',
			},
		],
		default: 'send',
	},
	...send.description,
	...getMany.description,
];
