import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { withoutEmpty } from '../../helpers/parameters';
import {
	agentLocator,
	commaList,
	unfilteredStatusNotice,
	readListOptions,
	returnAllOrLimit,
	toIsoDateTime,
} from '../common';
import { readList, type NeoOperation } from '../operation';

/** Neo names the status filter but not its values: these three are assumed (others by expression). */
export const APPROVAL_STATUSES = [
	{ name: 'Pending', value: 'PENDING', description: 'Waiting for a technician' },
	{ name: 'Approved', value: 'APPROVED' },
	{ name: 'Rejected', value: 'REJECTED' },
];

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			agentLocator({
				displayName: 'Agent',
				inCollection: true,
				name: 'agent',
				search: 'searchAgents',
				description: 'Only requests raised by this agent',
			}),
			{
				displayName: 'Approver',
				name: 'approver',
				type: 'string',
				default: '',
				placeholder: 'e.g. u_alice',
				description: 'Only requests this technician may decide (user ID or name)',
			},
			{
				displayName: 'Created After',
				name: 'createdAfter',
				type: 'dateTime',
				default: '',
				description: 'Only requests created at or after this time',
			},
			{
				displayName: 'Created Before',
				name: 'createdBefore',
				type: 'dateTime',
				default: '',
				description: 'Only requests created before this time',
			},
			{
				displayName: 'Search Text',
				name: 'q',
				type: 'string',
				default: '',
				placeholder: 'e.g. TCK-40012',
				description: "Free text Neo matches against the ticket ID or number and the request's text",
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				options: APPROVAL_STATUSES,
				default: [],
				description:
					"Only requests in these states. Neo documents no status values: these are the usual ones. To use Neo's own, set the field with an expression to them (comma-separated text or a list).",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['approvalRequest'], operation: ['getMany'] } },
	properties,
);

export const getMany: NeoOperation = {
	description,
	prepare: (read) => {
		const statuses = read.optionalStatuses('filters.status');
		return readList(
			{
				method: 'GET',
				path: '/public-api/til-requests',
				query: withoutEmpty({
					status: commaList(statuses),
					agent_id: read.optionalAgentId('filters.agent'),
					approver: read.optionalString('filters.approver'),
					q: read.optionalString('filters.q'),
					created_after: toIsoDateTime(read.optionalDateTime('filters.createdAfter')),
					created_before: toIsoDateTime(read.optionalDateTime('filters.createdBefore')),
				}),
			},
			readListOptions(read),
			(records) => unfilteredStatusNotice(statuses, records, 'approval requests'),
		);
	},
};
