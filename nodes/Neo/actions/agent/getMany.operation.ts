import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { withoutEmpty } from '../../helpers/parameters';
import { readList, type NeoOperation } from '../operation';
import { readListOptions, returnAllOrLimit } from '../common';

export const AGENT_KINDS = [
	{
		name: 'Conversational',
		value: 'CONVERSATIONAL',
		description: 'Can back a channel or a chat session',
	},
	{ name: 'Agentic', value: 'AGENTIC' },
	{ name: 'Chained Actions', value: 'CHAINED_ACTIONS' },
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
			{
				displayName: 'Kind',
				name: 'kinds',
				type: 'multiOptions',
				options: AGENT_KINDS,
				default: [],
				description: "Only agents of these kinds (Neo's autonomy type)",
			},
			{
				displayName: 'Only Enabled',
				name: 'enabledOnly',
				type: 'boolean',
				default: true,
				description: 'Whether to list only enabled agents',
			},
			{
				displayName: 'Trigger Type',
				name: 'triggerTypes',
				type: 'multiOptions',
				options: [
					{
						name: 'Triggered',
						value: 'TRIGGERED',
						description: 'Can be scheduled (Scheduled Work)',
					},
					{ name: 'Scheduled', value: 'SCHEDULED' },
					{ name: 'None', value: 'NONE' },
				],
				default: [],
				description: 'Only agents started this way',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['agent'], operation: ['getMany'] } },
	properties,
);

export const getMany: NeoOperation = {
	description,
	prepare: (read) => {
		const kinds = read.optionalOptions('filters.kinds');
		const triggerTypes = read.optionalOptions('filters.triggerTypes');
		const enabledOnly = read.optionalBoolean('filters.enabledOnly');
		// Neo filters by state (assumed); the kind and trigger filters are applied here, page by page.
		const keep = (agent: IDataObject) =>
			(!kinds || kinds.includes(String(agent.autonomy_type))) &&
			(!triggerTypes || triggerTypes.includes(String(agent.trigger_type)));
		return readList(
			{
				method: 'GET',
				path: '/public-api/agents',
				query: withoutEmpty({ state: enabledOnly ? 'ENABLED' : undefined }),
			},
			{ ...readListOptions(read), keep: kinds || triggerTypes ? keep : undefined },
		);
	},
};
