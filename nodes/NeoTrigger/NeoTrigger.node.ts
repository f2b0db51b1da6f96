import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { loadOptions } from '../Neo/methods';
import { triggerProperties } from './description';
import { pollNeo } from './poll';

/** Polls Neo for approval requests and finished agent runs: Neo sends no webhooks. */
export class NeoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Neo Trigger',
		name: 'neoTrigger',
		icon: { light: 'file:../../icons/neo.svg', dark: 'file:../../icons/neo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ {"newApprovalRequest": "New Approval Request", "agentRunFinished": "Agent Run Finished"}[$parameter["event"]] }}',
		// n8n's node panel shows one "Neo" entry for both nodes, described by the trigger's text:
		// so this text speaks for both.
		description:
			"Work with Neo's AI agents for MSPs, or start a workflow when an agent asks for approval or an agent run finishes",
		defaults: { name: 'Neo Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'neoApi', required: true }],
		properties: triggerProperties,
	};

	methods = { loadOptions: { getAgents: loadOptions.getAgents } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollNeo(this);
	}
}
