import type { INodeProperties } from 'n8n-workflow';

import { get } from './get.operation';
import { getMany } from './getMany.operation';
import { getSteps } from './getSteps.operation';

export const operations = { get, getMany, getSteps };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['execution'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Read one agent run', action: 'Get an execution' },
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List agent runs, newest first',
				action: 'Get many executions',
			},
			{
				name: 'Get Steps',
				value: 'getSteps',
				description: "Read a run's steps: thoughts, tool calls and results, the final message",
				action: 'Get the steps of an execution',
			},
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
	...getSteps.description,
];
