import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { withoutEmpty } from '../../helpers/parameters';
import { neoPath } from '../../transport';
import { agentLocator } from '../common';
import type { NeoOperation } from '../operation';
import { sendOne } from '../operation';
import { audienceField, channelTypeField } from './create.operation';
import { channelDetailFields, readChannelDetails } from './fields';
import { channelIdField } from './get.operation';

/** Fields Neo bakes into the Teams app package: they change in Teams only after a re-publish. */
const PACKAGED_FIELDS = ['display_name', 'description', 'color_icon_url', 'outline_icon_url'];

const REPUBLISH_NOTICE =
	"Display name, description and icons reach Teams only after the channel's app is re-published in Neo's dashboard; the welcome message and status apply at once";

const properties: INodeProperties[] = [
	channelIdField,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here are sent; everything else keeps its value',
		options: [
			agentLocator({
				displayName: 'Agent',
				inCollection: true,
				name: 'agent',
				search: 'searchConversationalAgents',
				description: 'The CONVERSATIONAL agent the channel runs',
			}),
			{ ...audienceField, required: false },
			{ ...channelTypeField, required: false },
			...channelDetailFields,
		].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['channel'], operation: ['update'] } },
	properties,
);

export const update: NeoOperation = {
	description,
	prepare: (read) => {
		const body = withoutEmpty({
			agent_id: read.optionalAgentId('updateFields.agent'),
			audience: read.optionalOption('updateFields.audience'),
			type: read.optionalOption('updateFields.channelType'),
			...readChannelDetails(read, 'updateFields'),
		});
		if (Object.keys(body).length === 0) {
			read.fail(read.label('updateFields'), 'needs at least one field to change');
		}
		const path = neoPath('/public-api/channels/{channel_id}', {
			channel_id: read.pathId('channelId'),
		});
		const call = sendOne({ method: 'PATCH', path, body });
		const repackaged = PACKAGED_FIELDS.some((field) => field in body);
		return async (client) => {
			const result = await call(client);
			return result.ok && repackaged ? { ...result, notices: [REPUBLISH_NOTICE] } : result;
		};
	},
};
