import type { INodeProperties } from 'n8n-workflow';

import { get } from './get.operation';
import { getApprovalRequests } from './getApprovalRequests.operation';
import { getCallback } from './getCallback.operation';
import { getMany } from './getMany.operation';
import { getSteps } from './getSteps.operation';

export const operations = { get, getApprovalRequests, getCallback, getMany, getSteps };

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
				name: 'Get Approval Requests',
				value: 'getApprovalRequests',
				description: 'List the approval requests one run raised',
				action: 'Get the approval requests of an execution',
			},
			{
				name: 'Get Callback',
				value: 'getCallback',
				description: 'Read the PSA callback (webhook) that started a run',
				action: 'Get the callback of an execution',
			},
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
	...getApprovalRequests.description,
	...getCallback.description,
	...getMany.description,
	...getSteps.description,
];
