import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as channel from './channel';
import * as chatSession from './chatSession';
import { optionsDescription } from './options';
import * as sessionToken from './sessionToken';

export const versionDescription: INodeTypeDescription = {
	displayName: 'Neo',
	name: 'neo',
	icon: { light: 'file:../../icons/neo.svg', dark: 'file:../../icons/neo.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
	description:
		"Create Teams channels and chat sessions for Neo's AI agents, and mint end-user session tokens",
	defaults: { name: 'Neo' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'neoApi', required: true }],
	properties: [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Channel', value: 'channel' },
				{ name: 'Chat Session', value: 'chatSession' },
				{ name: 'Session Token', value: 'sessionToken' },
			],
			default: 'channel',
		},
		...channel.description,
		...chatSession.description,
		...sessionToken.description,
		optionsDescription,
	],
};
