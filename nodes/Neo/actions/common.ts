import type { INodeProperties } from 'n8n-workflow';

import type { ParameterReader } from '../helpers/parameters';
import type { ListOptions } from '../transport/paginate';

/** Which agents a list search offers: the methods in methods/listSearch.ts. */
export type AgentSearch =
	| 'searchConversationalAgents'
	| 'searchTriggeredAgents'
	| 'searchRunnableAgents'
	| 'searchAgents';

/**
 * An agent chosen From List (searchable, only the agents that fit there) or By ID. Saved as
 * `{ mode, value }`; the value is the agent's numeric ID either way.
 */
export function agentLocator(
	options: Pick<INodeProperties, 'name' | 'displayName' | 'description'> & {
		search: AgentSearch;
		required?: boolean;
		/** Parameters the list reads: a change to one of them empties the choice and reloads the list. */
		dependsOn?: string[];
	},
): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: options.required ?? false,
		description: options.description,
		...(options.dependsOn ? { typeOptions: { loadOptionsDependsOn: options.dependsOn } } : {}),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: options.search, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 101',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*[0-9]+\\s*$',
							errorMessage: 'An agent ID is a whole number',
						},
					},
				],
			},
		],
	};
}

/** n8n's convention for list operations: Return All, or Limit. */
export const returnAllOrLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		displayOptions: { show: { returnAll: [false] } },
		default: 50,
		description: 'Max number of results to return',
	},
];

export function readListOptions(
	read: ParameterReader,
	style: ListOptions['style'] = 'cursor',
): ListOptions {
	const returnAll = read.booleanOrDefault('returnAll');
	return { returnAll, limit: returnAll ? 0 : read.integerOrDefault('limit'), style };
}

/** A date-time as Neo expects it (UTC ISO 8601); one without an offset is read in n8n's timezone. */
export function toIsoDateTime(text: string | undefined): string | undefined {
	return text === undefined ? undefined : new Date(text).toISOString();
}

/** Neo's list filters that take several values take them as one comma list (`status=A,B`). */
export function commaList(values: string[] | undefined): string | undefined {
	return values && values.length > 0 ? values.join(',') : undefined;
}
