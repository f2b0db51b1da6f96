import type { INodeProperties } from 'n8n-workflow';

import { create } from './create.operation';
import { get } from './get.operation';
import { update } from './update.operation';

export const operations = { create, get, update };

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
			{
				name: 'Get',
				value: 'get',
				description: 'Read a channel by its ID',
				action: 'Get a channel',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					"Change a channel's agent, status or details; only the fields you add are sent",
				action: 'Update a channel',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...update.description,
];
