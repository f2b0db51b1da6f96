import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { withoutEmpty } from '../../helpers/parameters';
import { isErrorCode, neoPath, type NeoFailure } from '../../transport';
import type { NeoClient } from '../../transport/client';
import { agentLocator } from '../common';
import { type CallResult, type NeoOperation, toCallResult } from '../operation';
import {
	actionsField,
	blobFields,
	conversationalFields,
	descriptionField,
	integrationsField,
	readBlobs,
	TRIGGER_TYPES,
} from './fields';

const properties: INodeProperties[] = [
	agentLocator({
		displayName: 'Agent',
		name: 'agent',
		search: 'searchAgents',
		required: true,
		description: 'The agent to change',
	}),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description:
			'Only the fields added here change. Actions and Toolbox merge into what the agent has; Agent Settings and Integrations replace it whole.',
		options: [
			{ ...actionsField, description: `${actionsField.description}; merged into the agent's` },
			...blobFields,
			conversationalFields[0],
			descriptionField,
			integrationsField,
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{
				displayName: 'Trigger Type',
				name: 'triggerType',
				type: 'options',
				options: TRIGGER_TYPES,
				default: 'TRIGGERED',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['agent'], operation: ['update'] } },
	properties,
);

/**
 * PUT /public-api/agents/{agent_id}: a partial patch despite the verb (Neo), so only the fields the
 * user added are sent, and repeating it after a 5xx is harmless. A concurrent edit is Neo's 409
 * agent_update_conflict: the agent is read back and the item fails saying so, with the agent as it
 * is now in the details (the user decides whether the update still applies).
 */
export const update: NeoOperation = {
	description,
	prepare: (read) => {
		const agentId = read.agentId('agent');
		const body = withoutEmpty({
			name: read.optionalString('updateFields.name'),
			description: read.optionalString('updateFields.description'),
			trigger_type: read.optionalOption('updateFields.triggerType'),
			...readBlobs(read, 'updateFields', [
				'actions',
				'ticketConditions',
				'callbackSettings',
				'toolbox',
				'agentSettings',
				'integrations',
			]),
			access: read.optionalOption('updateFields.access'),
		});
		if (Object.keys(body).length === 0) {
			read.fail(read.label('updateFields'), 'has no field to change: add at least one');
		}
		const path = neoPath('/public-api/agents/{agent_id}', { agent_id: agentId });
		return async (client) => {
			const result = toCallResult(await client.send({ method: 'PUT', path, body }));
			if (result.ok || !isErrorCode(result.failure, 'agent_update_conflict')) return result;
			return await conflict(client, path, agentId, result.failure);
		};
	},
};

async function conflict(
	client: NeoClient,
	path: string,
	agentId: number,
	failure: NeoFailure,
): Promise<CallResult> {
	const reread = await client.send({ method: 'GET', path });
	if (!reread.ok) {
		return {
			ok: false,
			failure: {
				...failure,
				message: `${failure.message}. Agent ${agentId} was changed by someone else meanwhile; reading it back failed too (${reread.failure.code}).`,
			},
		};
	}
	const current = reread.value.data as IDataObject;
	const when = typeof current.updated_at === 'string' ? ` (updated at ${current.updated_at})` : '';
	return {
		ok: false,
		failure: {
			...failure,
			message: `${failure.message}. Agent ${agentId} was changed by someone else meanwhile${when}; nothing of this update was applied. Its current state is in the details: run the item again to apply these fields on top of it.`,
			details: { ...failure.details, current },
		},
	};
}
