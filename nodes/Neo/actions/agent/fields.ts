import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { type ParameterReader, withoutEmpty } from '../../helpers/parameters';
import { AGENT_KINDS } from './getMany.operation';

export const TRIGGER_TYPES = [
	{ name: 'Triggered', value: 'TRIGGERED', description: 'Runs on a PSA entity (e.g. a ticket)' },
	{ name: 'Scheduled', value: 'SCHEDULED', description: 'Runs on a schedule' },
	{ name: 'None', value: 'NONE', description: 'Started otherwise (e.g. a conversational agent)' },
];

const json = (displayName: string, name: string, apiName: string, description: string) =>
	({
		displayName,
		name,
		type: 'json',
		default: '',
		description: `${description} (sent as "${apiName}", passed through as Neo documents it)`,
	}) satisfies INodeProperties;

/** The configuration blobs, by parameter name and the name Neo gives them. */
export const BLOBS = {
	actions: 'actions',
	ticketConditions: 'ticket_conditions',
	callbackSettings: 'callback_settings',
	toolbox: 'toolbox',
	agentSettings: 'agent_settings',
	integrations: 'integrations',
} as const;

export const actionsField = json(
	'Actions',
	'actions',
	'actions',
	'What a chained-actions agent does, in order',
);

export const blobFields: INodeProperties[] = [
	json(
		'Agent Settings',
		'agentSettings',
		'agent_settings',
		'The agent settings; an update replaces them whole',
	),
	json(
		'Callback Settings',
		'callbackSettings',
		'callback_settings',
		'Which PSA callbacks start it',
	),
	json('Ticket Conditions', 'ticketConditions', 'ticket_conditions', 'Which tickets it takes'),
	json(
		'Toolbox',
		'toolbox',
		'toolbox',
		'The tools it may use; no external-API credentials (Neo refuses them); an update merges it',
	),
];

export const integrationsField = json(
	'Integrations',
	'integrations',
	'integrations',
	'The integrations it uses; an update replaces them whole',
);

export const descriptionField: INodeProperties = {
	displayName: 'Description',
	name: 'description',
	type: 'string',
	typeOptions: { rows: 2 },
	default: '',
};

export const entityTypeField: INodeProperties = {
	displayName: 'Entity Type',
	name: 'entityType',
	type: 'string',
	default: '',
	placeholder: 'e.g. TICKET',
	description: 'What a run is about (cannot change after the create)',
};

export const kindField: INodeProperties = {
	displayName: 'Kind',
	name: 'autonomyType',
	type: 'options',
	options: [...AGENT_KINDS].reverse(),
	default: 'CHAINED_ACTIONS',
	description: "Neo's autonomy type (cannot change after the create)",
};

export const conversationalFields: INodeProperties[] = [
	{
		displayName: 'Access',
		name: 'access',
		type: 'options',
		options: [
			{ name: 'All Users', value: 'ALL_USERS' },
			{ name: 'Admins Only', value: 'ADMINS_ONLY' },
			{ name: 'Specific Users', value: 'SPECIFIC_USERS' },
		],
		default: 'ALL_USERS',
		description: 'Who may chat with it (conversational agents only)',
	},
	{
		displayName: 'Audience',
		name: 'audience',
		type: 'options',
		options: [
			{ name: 'MSP', value: 'MSP' },
			{ name: 'End User', value: 'END_USER' },
		],
		default: 'MSP',
		description: 'Who it talks to (conversational agents only; cannot change after the create)',
	},
];

/** The blobs set under `collection` (or at the top level), under Neo's names. */
export function readBlobs(read: ParameterReader, collection: string, names: string[]): IDataObject {
	const body: IDataObject = {};
	for (const name of names) {
		const path = collection === '' ? name : `${collection}.${name}`;
		const value = read.optionalJson(path);
		if (value !== undefined) body[BLOBS[name as keyof typeof BLOBS]] = value;
	}
	return withoutEmpty(body);
}
