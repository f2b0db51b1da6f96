import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { type ParameterReader, withoutEmpty } from '../../helpers/parameters';
import { agentLocator } from '../common';
import { type NeoOperation, sendOne } from '../operation';

export const managedAgentField: INodeProperties = {
	displayName: 'Managed Agent',
	name: 'managedAgentKey',
	type: 'options',
	required: true,
	displayOptions: { show: { agentSource: ['managedAgent'] } },
	options: [
		{ name: 'Neo Support', value: 'NEO_SUPPORT', description: "The tenant's Neo Support agent" },
	],
	default: 'NEO_SUPPORT',
	description: 'Neo-managed agent to run the session against',
};

export const titleCollection: INodeProperties = {
	displayName: 'Additional Fields',
	name: 'additionalFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: [
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			default: '',
			placeholder: 'e.g. Contoso onboarding',
			description: 'Title of the chat session',
		},
	],
};

/** Version 2 shows these only with "Send as Platform Relay" on; version 1 always showed them. */
export const platformNotice: INodeProperties = {
	displayName:
		'Platform relay fields are honored only for a Neo platform service account. Any other key sending a client ID gets a 403.',
	name: 'platformNotice',
	type: 'notice',
	default: '',
};

export const platformRelayFieldsCollection: INodeProperties = {
	displayName: 'Platform Relay Fields',
	name: 'platformRelayFields',
	type: 'collection',
	placeholder: 'Add Platform Field',
	default: {},
	description: 'Routing fields the platform relay forwards',
	options: [
		{
			displayName: 'Bot ID',
			name: 'botId',
			type: 'string',
			default: '',
			description:
				'Inbound Teams bot app ID, so Neo routes the session to the ACTIVE channel registered for that bot',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			description: 'Tenant to create the session for. Omit to use your own tenant.',
		},
		{
			displayName: 'Inbound Tenant ID',
			name: 'inboundTenantId',
			type: 'string',
			default: '',
			description:
				"The inbound message's Microsoft 365 tenant ID, used with Bot ID to route a white-label session",
		},
	],
};

const properties: INodeProperties[] = [
	{
		// One selector decides which of agent_id / managed_agent_key is sent: the UI cannot send both or neither.
		displayName: 'Agent Source',
		name: 'agentSource',
		type: 'options',
		required: true,
		noDataExpression: true,
		options: [
			{
				name: 'One of Your Agents',
				value: 'agentId',
				description: 'A CONVERSATIONAL agent of your tenant',
			},
			{
				name: 'Managed Agent',
				value: 'managedAgent',
				description: 'An agent Neo manages for every tenant, by its stable key',
			},
		],
		default: 'agentId',
		description: 'Which agent the session runs against',
	},
	{
		...agentLocator({
			displayName: 'Agent',
			name: 'agent',
			search: 'searchConversationalAgents',
			required: true,
			description: 'The CONVERSATIONAL agent to run the session against',
		}),
		displayOptions: { show: { agentSource: ['agentId'] } },
	},
	managedAgentField,
	titleCollection,
	{
		displayName: 'Send as Platform Relay',
		name: 'platformRelay',
		type: 'boolean',
		default: false,
		description:
			'Whether to add the routing fields a Neo platform service account forwards (bot, client, inbound tenant). Leave off unless your key is a platform key.',
	},
	...updateDisplayOptions({ show: { platformRelay: [true] } }, [
		platformNotice,
		platformRelayFieldsCollection,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chatSession'], operation: ['create'] } },
	properties,
);

/** The create body; `readAgentId` is how this node version reads "one of your agents". */
export function chatSessionBody(
	read: ParameterReader,
	readAgentId: () => number,
	platformRelay: boolean,
): IDataObject {
	const source = read.option('agentSource');
	const relay = (field: string) =>
		platformRelay ? read.optionalString(`platformRelayFields.${field}`) : undefined;
	return withoutEmpty({
		agent_id: source === 'agentId' ? readAgentId() : undefined,
		managed_agent_key: source === 'managedAgent' ? read.option('managedAgentKey') : undefined,
		title: read.optionalString('additionalFields.title'),
		bot_id: relay('botId'),
		client_id: relay('clientId'),
		inbound_tenant_id: relay('inboundTenantId'),
	});
}

export const create: NeoOperation = {
	description,
	prepare: (read) =>
		sendOne({
			method: 'POST',
			path: '/public-api/chat/sessions',
			body: chatSessionBody(
				read,
				() => read.agentId('agent'),
				read.booleanOrDefault('platformRelay'),
			),
		}),
};
