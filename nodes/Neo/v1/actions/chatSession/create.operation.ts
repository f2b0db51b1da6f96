// Version 1 as saved workflows know it: the agent is a number (Agent ID), and the platform relay
// fields are always shown. The other fields are version 2's; the request is built as in version 2.
import { updateDisplayOptions } from 'n8n-workflow';

import {
	chatSessionBody,
	managedAgentField,
	platformNotice,
	platformRelayFieldsCollection,
	titleCollection,
} from '../../../actions/chatSession/create.operation';
import { type NeoOperation, sendOne } from '../../../actions/operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['chatSession'], operation: ['create'] } },
	[
		{
			// One selector decides which of agent_id / managed_agent_key is sent: never both or neither.
			displayName: 'Agent',
			name: 'agentSource',
			type: 'options',
			required: true,
			noDataExpression: true,
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
			displayOptions: { show: { agentSource: ['agentId'] } },
			default: 0,
			description: 'Numeric ID of the CONVERSATIONAL agent to run the session against',
		},
		managedAgentField,
		titleCollection,
		platformNotice,
		{
			...platformRelayFieldsCollection,
			description:
				'Routing fields the platform relay forwards. Leave empty unless you are the platform.',
		},
	],
);

export const create: NeoOperation = {
	description,
	prepare: (read) =>
		sendOne({
			method: 'POST',
			path: '/public-api/chat/sessions',
			body: chatSessionBody(read, () => read.integer('agentId'), true),
		}),
};
