import type { INodeProperties } from 'n8n-workflow';

import { getUsage } from './getUsage.operation';
import { getUsageDetail } from './getUsageDetail.operation';

export const operations = { getUsage, getUsageDetail };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['billing'] } },
		options: [
			{
				name: 'Get Usage',
				value: 'getUsage',
				description: "A month's active Teams end users and what Neo charges for them",
				action: 'Get usage',
			},
			{
				name: 'Get Usage Detail',
				value: 'getUsageDetail',
				description: 'Active end users per company and per user, with the monthly history',
				action: 'Get usage detail',
			},
		],
		default: 'getUsage',
	},
	...getUsage.description,
	...getUsageDetail.description,
];
