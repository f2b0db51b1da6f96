import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resourceDescriptions, resources } from './actions/node.type';
import { optionsDescription } from './actions/options';
import { router } from './actions/router';
import { listSearch, loadOptions } from './methods';

/** Version 2: agents chosen from a list, and the onboarding lifecycle's resources. */
export class NeoV2 implements INodeType {
	description: INodeTypeDescription;

	constructor(baseDescription: INodeTypeBaseDescription) {
		// the node's identity (name, icon, group) comes from Neo.node.ts, as in n8n's own versioned nodes
		this.description = {
			...baseDescription,
			version: 2,
			subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
			description:
				"Work with Neo's AI agents for MSPs: ask or run an agent, agents, approval requests, agent runs, scheduled work, end companies, Teams channels, chat sessions, session tokens, billing and the inbox",
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
						{ name: 'Agent', value: 'agent' },
						{ name: 'Approval Request', value: 'approvalRequest' },
						{ name: 'Billing', value: 'billing' },
						{ name: 'Channel', value: 'channel' },
						{ name: 'Chat Message', value: 'chatMessage' },
						{ name: 'Chat Session', value: 'chatSession' },
						{ name: 'End Company', value: 'endCompany' },
						{ name: 'Execution', value: 'execution' },
						{ name: 'Inbox', value: 'inbox' },
						{ name: 'Scheduled Work', value: 'scheduledWork' },
						{ name: 'Session Token', value: 'sessionToken' },
					],
					default: 'channel',
				},
				...resourceDescriptions,
				optionsDescription,
			],
		};
	}

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this, resources);
	}
}
