import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { withoutEmpty } from '../../helpers/parameters';
import { neoPath } from '../../transport';
import { type NeoOperation, toCallResult } from '../operation';
import { descriptionField, entityTypeField, kindField, TRIGGER_TYPES } from './fields';

/** The template's configuration blobs, which Neo's create accepts verbatim (doc: "Get a template"). */
const TEMPLATE_BLOBS = [
	'actions',
	'agent_settings',
	'callback_settings',
	'toolbox',
	'integrations',
];

const properties: INodeProperties[] = [
	{
		displayName: 'Template ID',
		name: 'templateId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 11',
		description: "The template in Neo's library (its number)",
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		description: 'The new agent’s name',
	},
	{
		displayName: 'Trigger Type',
		name: 'triggerType',
		type: 'options',
		required: true,
		options: TRIGGER_TYPES,
		default: 'TRIGGERED',
		description: 'How its runs start (a template does not say; Neo requires it)',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ ...descriptionField, description: "Default: the template's description" },
			entityTypeField,
			{ ...kindField, default: 'CHAINED_ACTIONS' },
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['agent'], operation: ['createFromTemplate'] } },
	properties,
);

/**
 * GET /public-api/templates/{id}, then POST /public-api/agents with the template's blobs and the
 * user's name. The create is never re-sent after a failure Neo may have acted on (as every create);
 * the template read is. The output is the new agent with `template_id`.
 */
export const createFromTemplate: NeoOperation = {
	description,
	prepare: (read) => {
		const templateId = read.agentId('templateId');
		const fields = withoutEmpty({
			name: read.string('name'),
			trigger_type: read.option('triggerType'),
			autonomy_type: read.optionalOption('additionalFields.autonomyType'),
			entity_type: read.optionalString('additionalFields.entityType'),
			description: read.optionalString('additionalFields.description'),
		});
		return async (client) => {
			const template = await client.send({
				method: 'GET',
				path: neoPath('/public-api/templates/{template_id}', { template_id: templateId }),
			});
			if (!template.ok) return template;
			const blobs = template.value.data as IDataObject;
			const fromTemplate: IDataObject = {};
			for (const key of TEMPLATE_BLOBS) {
				if (blobs[key] !== undefined && blobs[key] !== null) fromTemplate[key] = blobs[key];
			}
			if (typeof blobs.description === 'string') fromTemplate.description = blobs.description;
			const created = toCallResult(
				await client.send({
					method: 'POST',
					path: '/public-api/agents',
					body: { ...fromTemplate, ...fields },
				}),
			);
			if (!created.ok) return created;
			return {
				...created,
				records: created.records.map((record) => ({ ...record, template_id: templateId })),
			};
		};
	},
};
