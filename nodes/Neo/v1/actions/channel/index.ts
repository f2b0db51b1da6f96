import type { INodeProperties } from 'n8n-workflow';

import { create } from './create.operation';

export const operations = { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['channel'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Bind a Neo agent to a transport such as a Microsoft Teams bot',
				action: 'Create a channel',
			},
		],
		default: 'create',
	},
	...create.description,
];
