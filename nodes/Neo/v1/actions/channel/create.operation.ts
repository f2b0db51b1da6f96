// Version 1's fields, frozen as saved workflows know them; the request is built as in version 2.
import type { INodeProperties } from 'n8n-workflow';

import { channelCreateBody } from '../../../actions/channel/create.operation';
import { type NeoOperation, sendOne } from '../../../actions/operation';

const showFor = { show: { resource: ['channel'], operation: ['create'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Audience',
		name: 'audience',
		type: 'options',
		required: true,
		displayOptions: showFor,
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
	},
	{
		displayName: 'Internal Name',
		name: 'internalName',
		type: 'string',
		required: true,
		displayOptions: showFor,
		default: '',
		placeholder: 'e.g. contoso-helpdesk',
		description:
			'Name that identifies the channel inside Neo; unique per tenant (a duplicate is a 409)',
	},
	{
		displayName: 'Channel Type',
		name: 'channelType',
		type: 'options',
		required: true,
		displayOptions: showFor,
		options: [
			{ name: 'Microsoft Teams', value: 'TEAMS', description: 'The only live transport today' },
			{ name: 'Slack (Reserved)', value: 'SLACK', description: 'Reserved by Neo: not live yet' },
			{ name: 'Portal (Reserved)', value: 'PORTAL', description: 'Reserved by Neo: not live yet' },
			{ name: 'Email (Reserved)', value: 'EMAIL', description: 'Reserved by Neo: not live yet' },
		],
		default: 'TEAMS',
		description: 'Transport the channel binds its agent to',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor,
		options: [
			{
				displayName: 'Agent ID',
				name: 'agentId',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 0 },
				default: 0,
				description:
					'Numeric ID of the CONVERSATIONAL agent the channel runs. Without one the channel does not answer until an agent is set.',
			},
			{
				displayName: 'Color Icon URL',
				// Named without "color": n8n's lint reserves such names for color pickers.
				name: 'iconUrl',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/icon-color.png',
				description: 'Full-color icon shown for the bot',
			},
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				description: 'Description shown to users of the channel',
			},
			{
				displayName: 'Display Name',
				name: 'displayName',
				type: 'string',
				default: '',
				placeholder: 'e.g. Contoso IT Help',
				description: 'Name users see in Teams',
			},
			{
				displayName: 'Outline Icon URL',
				name: 'outlineIconUrl',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/icon-outline.png',
				description: 'Transparent outline icon shown for the bot',
			},
			{
				displayName: 'Relay Prefix',
				name: 'relayPrefix',
				type: 'string',
				default: '',
				description: 'Prefix the platform relay uses to route messages to this channel',
			},
			{
				displayName: 'Show Agent Progress Steps',
				name: 'showAgentProgressSteps',
				type: 'boolean',
				default: true,
				description: "Whether users see the agent's intermediate steps (Neo's default: on)",
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Active', value: 'ACTIVE' },
					{ name: 'Disconnected', value: 'DISCONNECTED' },
				],
				default: 'ACTIVE',
				description: "Whether the channel answers. Neo's default is Active.",
			},
			{
				displayName: 'Welcome Message',
				name: 'welcomeMessage',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: 'First message the bot sends when a user opens the chat',
			},
		],
	},
];

/** Version 1 typed the agent as a number inside Additional Fields. */
export const create: NeoOperation = {
	description,
	prepare: (read) =>
		sendOne({
			method: 'POST',
			path: '/public-api/channels',
			body: channelCreateBody(read, read.optionalInteger('additionalFields.agentId')),
		}),
};
