import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { type ParameterReader, withoutEmpty } from '../../helpers/parameters';
import { neoPath } from '../../transport';
import { agentLocator } from '../common';
import { createOrReturnExisting, ifExistsField } from '../ifExists';
import type { NeoOperation } from '../operation';
import { channelDetailFields, readChannelDetails } from './fields';

export const audienceField: INodeProperties = {
	displayName: 'Audience',
	name: 'audience',
	type: 'options',
	required: true,
	options: [
		{
			name: 'End User',
			value: 'END_USER',
			description:
				"For the MSP's end-client users (a white-label Teams bot). Identity always comes from the session, never from tool parameters.",
		},
		{
			name: 'Internal (MSP)',
			value: 'MSP',
			description: "For the MSP's own technicians: the dashboard's Internal surface",
		},
	],
	default: 'END_USER',
	description: 'Who the channel serves. End-user and internal surfaces never share tools.',
};

export const channelTypeField: INodeProperties = {
	displayName: 'Channel Type',
	name: 'channelType',
	type: 'options',
	required: true,
	options: [
		{ name: 'Microsoft Teams', value: 'TEAMS', description: 'The only live transport today' },
		{ name: 'Slack (Reserved)', value: 'SLACK', description: 'Reserved by Neo: not live yet' },
		{ name: 'Portal (Reserved)', value: 'PORTAL', description: 'Reserved by Neo: not live yet' },
		{ name: 'Email (Reserved)', value: 'EMAIL', description: 'Reserved by Neo: not live yet' },
	],
	default: 'TEAMS',
	description: 'Transport the channel binds its agent to',
};

export const internalNameField: INodeProperties = {
	displayName: 'Internal Name',
	name: 'internalName',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. contoso-helpdesk',
	description:
		'Name that identifies the channel inside Neo; unique per tenant (a duplicate is a 409)',
};

const properties: INodeProperties[] = [
	audienceField,
	internalNameField,
	channelTypeField,
	agentLocator({
		displayName: 'Agent',
		name: 'agent',
		search: 'searchConversationalAgents',
		description:
			'The CONVERSATIONAL agent the channel runs. Leave empty to bind one later with Channel → Update: until then the channel does not answer.',
	}),
	ifExistsField(
		'channel',
		'assumed: Neo names the existing channel in its 409; nothing is updated',
	),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: channelDetailFields,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['channel'], operation: ['create'] } },
	properties,
);

/** The create body; `agentId` is read by the caller, as each node version types it its own way. */
export function channelCreateBody(read: ParameterReader, agentId: number | undefined): IDataObject {
	return withoutEmpty({
		audience: read.option('audience'),
		internal_name: read.string('internalName'),
		type: read.option('channelType'),
		agent_id: agentId,
		...readChannelDetails(read, 'additionalFields'),
	});
}

export const create: NeoOperation = {
	description,
	prepare: (read) => {
		const body = channelCreateBody(read, read.optionalAgentId('agent'));
		return createOrReturnExisting(
			read,
			{ method: 'POST', path: '/public-api/channels', body },
			{
				label: 'channel',
				key: { field: 'internal_name', value: String(body.internal_name) },
				read: (conflict) => {
					const id = existingChannelId(conflict.details);
					return id === undefined
						? { problem: NO_CHANNEL_NAMED }
						: {
								method: 'GET',
								path: neoPath('/public-api/channels/{channel_id}', { channel_id: id }),
							};
				},
				howToChange: 'Change them with Channel → Update.',
			},
		);
	},
};

const NO_CHANNEL_NAMED =
	"Neo's 409 does not name the existing channel (assumed: its details carry the channel's ID, e.g. existing_channel_id), and Neo documents no channel list to find it by internal name. Find the channel in Neo's dashboard and read it with Channel → Get by its ID, or choose another internal name.";

/**
 * The existing channel's ID in a 409's details (assumed: Neo documents no channel list, so only a
 * 409 that names the channel leads back to it). Any of the keys Neo might use; the read-back's
 * internal name decides whether it is the channel asked for.
 */
export function existingChannelId(details: IDataObject | undefined): string | undefined {
	const candidates = [
		details?.existing_channel_id,
		details?.channel_id,
		details?.existing_id,
		details?.id,
		...['existing_channel', 'channel', 'existing'].map(
			(key) => (details?.[key] as IDataObject)?.id,
		),
	];
	const id = candidates.find(
		(value) => (typeof value === 'string' && value !== '') || typeof value === 'number',
	);
	return id === undefined ? undefined : String(id);
}
