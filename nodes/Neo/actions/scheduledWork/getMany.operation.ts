import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { withoutEmpty } from '../../helpers/parameters';
import { readListOptions, returnAllOrLimit } from '../common';
import { readList, type NeoOperation } from '../operation';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Cancelled', value: 'CANCELLED' },
					{ name: 'Completed', value: 'COMPLETED' },
					{ name: 'Failed', value: 'FAILED' },
					{ name: 'Pending', value: 'PENDING' },
					{ name: 'Processing', value: 'PROCESSING' },
				],
				default: 'PENDING',
				description: 'Only work in this state',
			},
			{
				displayName: 'Ticket ID',
				name: 'ticketId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 40012',
				description: 'Only work on this ticket',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['scheduledWork'], operation: ['getMany'] } },
	properties,
);

/** The one list Neo pages by number (`page` from 1) rather than by cursor. */
export const getMany: NeoOperation = {
	description,
	prepare: (read) =>
		readList(
			{
				method: 'GET',
				path: '/public-api/scheduled-work',
				query: withoutEmpty({
					status: read.optionalOption('filters.status'),
					ticket_id: read.optionalString('filters.ticketId'),
				}),
			},
			readListOptions(read, 'page'),
		),
};
