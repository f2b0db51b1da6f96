import type { INodeProperties } from 'n8n-workflow';

import { getMany } from './getMany.operation';

export const operations = { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['inbox'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: "List Neo's inbox: its notices to your MSP",
				action: 'Get many inbox messages',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
