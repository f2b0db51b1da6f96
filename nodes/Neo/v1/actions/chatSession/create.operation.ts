// Version 1's fields, frozen as saved workflows know them; the request is built as in version 2.
import type { INodeProperties } from 'n8n-workflow';

import { chatSessionBody } from '../../../actions/chatSession/create.operation';
import { type NeoOperation, sendOne } from '../../../actions/operation';

const showFor = { show: { resource: ['chatSession'], operation: ['create'] } };

export const description: INodeProperties[] = [
	{
		// One selector decides which of agent_id / managed_agent_key is sent: the UI cannot send both or neither.
		displayName: 'Agent',
		name: 'agentSource',
		type: 'options',
		required: true,
		noDataExpression: true,
		displayOptions: showFor,
		options: [
			{
				name: 'By Agent ID',
				value: 'agentId',
				description: 'A CONVERSATIONAL agent of your tenant, by its numeric ID',
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
		displayName: 'Agent ID',
		name: 'agentId',
		type: 'number',
		required: true,
		typeOptions: { minValue: 1, numberPrecision: 0 },
		displayOptions: { show: { ...showFor.show, agentSource: ['agentId'] } },
		default: 0,
		description: 'Numeric ID of the CONVERSATIONAL agent to run the session against',
	},
	{
		displayName: 'Managed Agent',
		name: 'managedAgentKey',
		type: 'options',
		required: true,
		displayOptions: { show: { ...showFor.show, agentSource: ['managedAgent'] } },
		options: [
			{ name: 'Neo Support', value: 'NEO_SUPPORT', description: "The tenant's Neo Support agent" },
		],
		default: 'NEO_SUPPORT',
		description: 'Neo-managed agent to run the session against',
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
				displayName: 'Title',
				name: 'title',
				type: 'string',
				default: '',
				placeholder: 'e.g. Contoso onboarding',
				description: 'Title of the chat session',
			},
		],
	},
	{
		displayName:
			'Platform relay fields are honored only for a Neo platform service account. Any other key sending a client ID gets a 403.',
		name: 'platformNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor,
	},
	{
		displayName: 'Platform Relay Fields',
		name: 'platformRelayFields',
		type: 'collection',
		placeholder: 'Add Platform Field',
		default: {},
		displayOptions: showFor,
		description:
			'Routing fields the platform relay forwards. Leave empty unless you are the platform.',
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
	},
];

/** Version 1 typed the agent as a number, and always read the platform relay fields. */
export const create: NeoOperation = {
	description,
	prepare: (read) =>
		sendOne({
			method: 'POST',
			path: '/public-api/chat/sessions',
			body: chatSessionBody(read, () => read.integer('agentId'), true),
		}),
};
