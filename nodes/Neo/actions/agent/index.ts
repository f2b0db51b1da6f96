import type { INodeProperties } from 'n8n-workflow';

import { create } from './create.operation';
import { createFromTemplate } from './createFromTemplate.operation';
import { get } from './get.operation';
import { getMany } from './getMany.operation';
import { runNow } from './runNow.operation';
import { update } from './update.operation';

export const operations = { create, createFromTemplate, get, getMany, runNow, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['agent'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create an agent',
				action: 'Create an agent',
			},
			{
				name: 'Create From Template',
				value: 'createFromTemplate',
				description: "Create an agent from a template of Neo's library",
				action: 'Create an agent from a template',
			},
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
			{
				name: 'Update',
				value: 'update',
				description: 'Change some of an agent’s fields',
				action: 'Update an agent',
			},
		],
		default: 'getMany',
	},
	...create.description,
	...createFromTemplate.description,
	...get.description,
	...getMany.description,
	...runNow.description,
	...update.description,
];
