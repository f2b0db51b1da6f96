import type { INodeProperties } from 'n8n-workflow';

import { create } from './create.operation';
import { reset } from './reset.operation';

export const operations = { create, reset };

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
			{
				name: 'Reset',
				value: 'reset',
				description:
					'Archive a chat session and cancel its running turn; the next message starts afresh',
				action: 'Reset a chat session',
			},
		],
		default: 'create',
	},
	...create.description,
	...reset.description,
];
