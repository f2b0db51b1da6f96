import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { withoutEmpty } from '../../helpers/parameters';
import {
	agentLocator,
	commaList,
	readListOptions,
	returnAllOrLimit,
	unfilteredStatusNotice,
} from '../common';
import { readList, type NeoOperation } from '../operation';

/** Neo names the status filter but not its values: these three are assumed (others by expression). */
export const EXECUTION_STATUSES = [
	{ name: 'Running', value: 'RUNNING' },
	{ name: 'Succeeded', value: 'SUCCEEDED' },
	{ name: 'Failed', value: 'FAILED' },
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
				description: 'Only runs of this agent',
			}),
			{
				displayName: 'Entity ID',
				name: 'entityId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 40012',
				description: 'Only runs on this entity (a ticket, by its ID in your PSA)',
			},
			{
				displayName: 'Entity Number',
				name: 'entityNumber',
				type: 'string',
				default: '',
				placeholder: 'e.g. TCK-40012',
				description: 'Only runs on the entity with this number (e.g. a ticket number)',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				options: EXECUTION_STATUSES,
				default: [],
				description:
					"Only runs in these states. Neo documents no status values: these are the usual ones. To use Neo's own, set the field with an expression to them (comma-separated text or a list).",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['execution'], operation: ['getMany'] } },
	properties,
);

export const getMany: NeoOperation = {
	description,
	prepare: (read) => {
		const statuses = read.optionalStatuses('filters.status');
		return readList(
			{
				method: 'GET',
				path: '/public-api/executions',
				query: withoutEmpty({
					agent_id: read.optionalAgentId('filters.agent'),
					status: commaList(statuses),
					entity_id: read.optionalString('filters.entityId'),
					entity_number: read.optionalString('filters.entityNumber'),
				}),
			},
			readListOptions(read),
			(records) => unfilteredStatusNotice(statuses, records, 'runs'),
		);
	},
};
