// Version 1 as saved workflows know it: the agent is a number inside Additional Fields. The other
// fields are version 2's unchanged ones; the request is built as in version 2.
import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	audienceField,
	channelCreateBody,
	channelTypeField,
	internalNameField,
} from '../../../actions/channel/create.operation';
import { channelDetailFields } from '../../../actions/channel/fields';
import { type NeoOperation, sendOne } from '../../../actions/operation';

const agentIdField: INodeProperties = {
	displayName: 'Agent ID',
	name: 'agentId',
	type: 'number',
	typeOptions: { minValue: 1, numberPrecision: 0 },
	default: 0,
	description:
		'Numeric ID of the CONVERSATIONAL agent the channel runs. Without one the channel does not answer until an agent is set.',
};

export const description = updateDisplayOptions(
	{ show: { resource: ['channel'], operation: ['create'] } },
	[
		audienceField,
		internalNameField,
		channelTypeField,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [agentIdField, ...channelDetailFields],
		},
	],
);

export const create: NeoOperation = {
	description,
	prepare: (read) =>
		sendOne({
			method: 'POST',
			path: '/public-api/channels',
			body: channelCreateBody(read, read.optionalInteger('additionalFields.agentId')),
		}),
};
