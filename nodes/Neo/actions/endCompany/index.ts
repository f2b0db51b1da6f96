import type { INodeProperties } from 'n8n-workflow';

import { create } from './create.operation';
import { get } from './get.operation';

export const operations = { create, get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['endCompany'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Register a client company with Neo, keyed by its PSA company ID',
				action: 'Create an end company',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Read an end company by its PSA company ID',
				action: 'Get an end company',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
];
