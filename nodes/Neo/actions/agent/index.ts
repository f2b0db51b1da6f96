import type { INodeProperties } from 'n8n-workflow';

import { get } from './get.operation';
import { getMany } from './getMany.operation';
import { runNow } from './runNow.operation';

export const operations = { get, getMany, runNow };

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
			{
				name: 'Run Now',
				value: 'runNow',
				description: 'Start a triggered or scheduled agent now, and optionally wait for its result',
				action: 'Run an agent now',
			},
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
	...runNow.description,
];
