import type { INodeProperties } from 'n8n-workflow';

import { approve } from './approve.operation';
import { getMany } from './getMany.operation';
import { reject } from './reject.operation';

export const operations = { approve, getMany, reject };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['approvalRequest'] } },
		options: [
			{
				name: 'Approve',
				value: 'approve',
				description: 'Approve a request an agent is waiting on (technician-in-the-loop)',
				action: 'Approve an approval request',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List approval requests, newest first',
				action: 'Get many approval requests',
			},
			{
				name: 'Reject',
				value: 'reject',
				description: 'Reject a request an agent is waiting on',
				action: 'Reject an approval request',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
	...approve.description,
	...reject.description,
];
