import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { optionsDescription } from './actions/options';
import { router } from './actions/router';
import * as channel from './v1/actions/channel';
import * as chatSession from './v1/actions/chatSession';
import * as sessionToken from './v1/actions/sessionToken';

/** Version 1, kept as saved workflows know it: agent IDs typed as numbers, three operations. */
export class NeoV1 implements INodeType {
	description: INodeTypeDescription = {
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

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this, {
			channel: channel.operations,
			chatSession: chatSession.operations,
			sessionToken: sessionToken.operations,
		});
	}
}
