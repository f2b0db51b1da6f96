import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { withoutEmpty } from '../../helpers/parameters';
import { agentLocator, toIsoDateTime } from '../common';
import { type NeoOperation, sendOne } from '../operation';

const properties: INodeProperties[] = [
	agentLocator({
		displayName: 'Agent',
		name: 'agent',
		search: 'searchTriggeredAgents',
		required: true,
		description: 'The agent to run: only TRIGGERED agents can be scheduled',
	}),
	{
		displayName: 'Scheduled For',
		name: 'scheduledFor',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'When Neo runs the agent',
	},
	{
		displayName: 'Ticket ID',
		name: 'ticketId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 40012',
		description: 'The ticket the run works on (its ID in your PSA)',
	},
	{
		displayName: 'Additional Instructions',
		name: 'additionalInstructions',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: "Instructions added to the agent's own for this run only",
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['scheduledWork'], operation: ['create'] } },
	properties,
);

/** A create: never re-sent after a failure Neo may have acted on (the client's default for POST). */
export const create: NeoOperation = {
	description,
	prepare: (read) => {
		const scheduledFor = toIsoDateTime(read.optionalDateTime('scheduledFor'));
		if (scheduledFor === undefined)
			read.fail(read.label('scheduledFor'), 'is required but is empty');
		return sendOne({
			method: 'POST',
			path: '/public-api/scheduled-work',
			body: withoutEmpty({
				workflow_id: read.agentId('agent'),
				scheduled_for: scheduledFor,
				ticket_id: read.optionalString('ticketId'),
				additional_custom_instructions: read.optionalString('additionalInstructions'),
			}),
		});
	},
};
