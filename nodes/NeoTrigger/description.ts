import type { INodeProperties } from 'n8n-workflow';

/** The Neo Trigger's fields. Its events are in events.ts. */
export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'New Approval Request',
				value: 'newApprovalRequest',
				description: 'An agent asks a technician to approve or reject an action',
			},
			{
				name: 'Agent Run Finished',
				value: 'agentRunFinished',
				description: 'An agent run (execution) succeeded or failed',
			},
			{
				name: 'New Inbox Message',
				value: 'newInboxMessage',
				description: 'Neo adds a notice to its inbox (e.g. an integration stopped working)',
			},
		],
		default: 'newApprovalRequest',
	},
	{
		displayName: 'Agent Names or IDs',
		name: 'agentIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getAgents' },
		displayOptions: { hide: { event: ['newInboxMessage'] } },
		default: [],
		description:
			'Only events of these agents; none chosen: every agent. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Only Pending',
		name: 'onlyPending',
		type: 'boolean',
		default: true,
		displayOptions: { show: { event: ['newApprovalRequest'] } },
		description:
			'Whether to deliver only requests still waiting for a decision when the trigger sees them (off: also requests already decided by then). Requests without a status count as waiting while they have no decided_by.',
	},
	{
		displayName: 'Outcome',
		name: 'outcome',
		type: 'options',
		displayOptions: { show: { event: ['agentRunFinished'] } },
		options: [
			{ name: 'Succeeded or Failed', value: 'any' },
			{ name: 'Succeeded', value: 'SUCCEEDED' },
			{ name: 'Failed', value: 'FAILED' },
		],
		default: 'any',
		description:
			'Which finished runs to deliver, by the status Neo gives them. Neo documents no status values: if yours differ, set this with an expression to them, comma-separated (e.g. SUCCESS,FAILURE).',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Longest Run (Hours)',
				name: 'longestRunHours',
				displayOptions: { show: { '/event': ['agentRunFinished'] } },
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 24,
				description:
					'How long an agent run can take at most. Neo lists runs by start time, so each poll reads back this far to find runs that finished since the last poll.',
			},
			{
				displayName: 'Pending Status',
				name: 'pendingStatus',
				displayOptions: { show: { '/event': ['newApprovalRequest'], '/onlyPending': [true] } },
				type: 'string',
				default: 'PENDING',
				placeholder: 'e.g. PENDING',
				description:
					'The status Neo gives a request that waits for a decision, sent as the status filter (several: comma-separated). Neo documents no status values; change it if yours differ.',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 0.001 },
				default: 30,
				description:
					'How long to wait for Neo to answer one request; a poll that times out fails and reads the same window next time',
			},
		],
	},
];
