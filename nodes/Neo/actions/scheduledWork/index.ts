import type { INodeProperties } from 'n8n-workflow';

import { create } from './create.operation';
import { getMany } from './getMany.operation';

export const operations = { create, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['scheduledWork'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Schedule a TRIGGERED agent to run later, optionally on a ticket',
				action: 'Create scheduled work',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List scheduled work, soonest first',
				action: 'Get many scheduled work items',
			},
		],
		default: 'create',
	},
	...create.description,
	...getMany.description,
];
