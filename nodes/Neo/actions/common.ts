import type { IDataObject, INodeProperties, INodePropertyMode } from 'n8n-workflow';

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
 *
 * Only a top-level locator gets the editor's By ID check: n8n checks a collection's options
 * against the top-level parameter of the same name (`agent`), so each locator inside a collection
 * repeated the top-level one's message (four times in one error). Inside a collection the node's
 * own check (ParameterReader.optionalAgentId) names the field and the item instead.
 */
export function agentLocator(
	options: Pick<INodeProperties, 'name' | 'displayName' | 'description'> & {
		search: AgentSearch;
		required?: boolean;
		inCollection?: boolean;
		/** Parameters the list reads: a change to one of them empties the choice and reloads the list. */
		dependsOn?: string[];
	},
): INodeProperties {
	const byIdCheck: INodePropertyMode['validation'] = [
		{
			type: 'regex',
			properties: {
				regex: '^\\s*[0-9]+\\s*$',
				errorMessage: `${options.displayName} (By ID) must be a whole number, e.g. 101`,
			},
		},
	];
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
				...(options.inCollection ? {} : { validation: byIdCheck }),
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

/**
 * Said when rows came back without a `status` although the Status filter was sent: Neo may ignore
 * the filter then, so the user should know the rows are unchecked (they pass through as Neo sent them).
 */
export function unfilteredStatusNotice(
	statuses: string[] | undefined,
	records: IDataObject[],
	what: string,
): string[] {
	if (!statuses || !records.some((r) => typeof r.status !== 'string')) return [];
	return [
		`Neo's ${what} carry no status field, so the Status filter (${statuses.join(', ')}) could not be checked on them: they are returned as Neo listed them.`,
	];
}
