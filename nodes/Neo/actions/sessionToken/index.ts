import type { INodeProperties } from 'n8n-workflow';

import { mint } from './mint.operation';

export const operations = { mint };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sessionToken'] } },
		options: [
			{
				name: 'Mint',
				value: 'mint',
				description: 'Mint a short-lived end-user token bound to one chat session',
				action: 'Mint a session token',
			},
		],
		default: 'mint',
	},
	...mint.description,
];
