import type { INodeProperties } from 'n8n-workflow';

import { get } from './get.operation';
import { getMany } from './getMany.operation';

export const operations = { get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['agent'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Read one agent', action: 'Get an agent' },
			{
				name: 'Get Many',
				value: 'getMany',
				description: "List your tenant's agents",
				action: 'Get many agents',
			},
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
];
