import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ParameterReader } from '../../helpers/parameters';

/** A channel's optional details: Additional Fields on Create, Update Fields on Update. */
export const channelDetailFields: INodeProperties[] = [
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
			{
				name: 'Disconnected',
				value: 'DISCONNECTED',
				description: 'Paused: the bot stays installed but does not answer',
			},
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
];

/** The details the user added to `collection`, in Neo's snake_case; nothing unset is sent. */
export function readChannelDetails(read: ParameterReader, collection: string): IDataObject {
	return {
		color_icon_url: read.optionalUrl(`${collection}.iconUrl`),
		description: read.optionalString(`${collection}.description`),
		display_name: read.optionalString(`${collection}.displayName`),
		outline_icon_url: read.optionalUrl(`${collection}.outlineIconUrl`),
		relay_prefix: read.optionalString(`${collection}.relayPrefix`),
		show_agent_progress_steps: read.optionalBoolean(`${collection}.showAgentProgressSteps`),
		status: read.optionalOption(`${collection}.status`),
		welcome_message: read.optionalString(`${collection}.welcomeMessage`),
	};
}
