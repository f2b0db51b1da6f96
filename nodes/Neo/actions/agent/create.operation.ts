import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { type ParameterReader, withoutEmpty } from '../../helpers/parameters';
import { type NeoOperation, sendOne } from '../operation';
import {
	actionsField,
	blobFields,
	conversationalFields,
	descriptionField,
	entityTypeField,
	kindField,
	readBlobs,
	TRIGGER_TYPES,
} from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Printer Troubleshooting',
	},
	kindField,
	{
		displayName: 'Trigger Type',
		name: 'triggerType',
		type: 'options',
		required: true,
		options: TRIGGER_TYPES,
		default: 'TRIGGERED',
		description: 'How its runs start',
	},
	{
		...actionsField,
		required: true,
		displayOptions: { show: { autonomyType: ['CHAINED_ACTIONS'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [...blobFields, ...conversationalFields, descriptionField, entityTypeField],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['agent'], operation: ['create'] } },
	properties,
);

/** audience and access belong to conversational agents: refused for the others before sending. */
export function readConversational(
	read: ParameterReader,
	collection: string,
	kind: string | undefined,
): IDataObject {
	const fields = withoutEmpty({
		audience: read.optionalOption(`${collection}.audience`),
		access: read.optionalOption(`${collection}.access`),
	});
	for (const name of Object.keys(fields)) {
		if (kind !== undefined && kind !== 'CONVERSATIONAL') {
			read.fail(read.label(`${collection}.${name}`), 'applies to conversational agents only');
		}
	}
	return fields;
}

/**
 * POST /public-api/agents. A create: never re-sent after a failure Neo may have acted on (the
 * client's rule for every create). Neo answers the new agent's id as a string; every agent field
 * of the node takes it as a string or a number.
 */
export const create: NeoOperation = {
	description,
	prepare: (read) => {
		const kind = read.option('autonomyType');
		const actions = kind === 'CHAINED_ACTIONS' ? readBlobs(read, '', ['actions']) : {};
		if (kind === 'CHAINED_ACTIONS' && !hasContent(actions.actions)) {
			read.fail(read.label('actions'), 'is required for a Chained Actions agent but is empty');
		}
		return sendOne({
			method: 'POST',
			path: '/public-api/agents',
			body: withoutEmpty({
				name: read.string('name'),
				autonomy_type: kind,
				trigger_type: read.option('triggerType'),
				...actions,
				...readBlobs(read, 'additionalFields', [
					'ticketConditions',
					'callbackSettings',
					'toolbox',
					'agentSettings',
				]),
				...readConversational(read, 'additionalFields', kind),
				description: read.optionalString('additionalFields.description'),
				entity_type: read.optionalString('additionalFields.entityType'),
			}),
		});
	},
};

function hasContent(value: unknown): boolean {
	if (Array.isArray(value)) return value.length > 0;
	return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}
