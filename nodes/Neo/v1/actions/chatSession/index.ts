import type { INodeProperties } from 'n8n-workflow';

import { create } from './create.operation';

export const operations = { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chatSession'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Open a chat session against a Neo agent',
				action: 'Create a chat session',
			},
		],
		default: 'create',
	},
	...create.description,
];
