import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { type ParameterReader, withoutEmpty } from '../../helpers/parameters';
import { runsAsAiTool } from '../../helpers/toolMode';
import { type NeoOperation, sendOne } from '../operation';

/** The opt-in that lets Mint run as an AI Agent's tool (both node versions show it). */
export const allowInAiToolField: INodeProperties = {
	displayName: 'Allow Token in AI Tool Output',
	name: 'allowTokenInAiTool',
	type: 'boolean',
	default: false,
	description:
		"Whether Mint may run when this node is an AI Agent's tool. Off: it refuses, because the token would enter the model's context (and the model provider's logs), where any later prompt can reveal it.",
};

/**
 * As an AI tool, Mint would hand a secret to the model: it refuses unless the user opted in.
 * Thrown before anything is sent; the model reads the refusal as the tool's answer.
 */
export function refuseAsAiTool(read: ParameterReader, ctx: IExecuteFunctions): void {
	if (!runsAsAiTool(ctx) || read.booleanOrDefault('allowTokenInAiTool')) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`Session Token → Mint refuses to run as an AI tool (item ${read.itemIndex}): the minted token is a secret and would enter the model's context. Turn on "Allow Token in AI Tool Output" on the node only if the model may see it.`,
		{ itemIndex: read.itemIndex },
	);
}

export const sessionIdField: INodeProperties = {
	displayName: 'Session ID',
	name: 'sessionId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. cs_3f9a1c',
	description:
		'ID of the chat session the token is bound to, usually an expression on the output of Chat Session → Create',
};

export const tokenNotice: INodeProperties = {
	displayName:
		'The minted token is a secret: anyone holding it can chat in this session until it expires. Do not log it or send it where end users other than its owner can read it.',
	name: 'tokenNotice',
	type: 'notice',
	default: '',
};

/** Mint's optional fields that every node version shares (Allowed Agents differs). */
export const mintDetailFields: INodeProperties[] = [
	{
		displayName: 'Client ID',
		name: 'clientId',
		type: 'string',
		default: '',
		description:
			"Platform service accounts only: mint for another tenant's Neo Support session. Any other key gets a 403.",
	},
	{
		displayName: 'End Company ID',
		name: 'endCompanyId',
		type: 'string',
		default: '',
		description:
			"End company of the user. A session already scoped to an end company keeps its own: this value never widens or changes the session's scope.",
	},
	{
		displayName: 'End User',
		name: 'endUser',
		type: 'string',
		default: '',
		description: 'Identifier of the end user the token is for',
	},
	{
		displayName: 'End User Email',
		name: 'endUserEmail',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'Email address of the end user the token is for',
	},
	{
		displayName: 'TTL (Seconds)',
		name: 'ttlSeconds',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: 900,
		description: "How long the token stays valid, in seconds. Leave unset for Neo's default.",
	},
];

const properties: INodeProperties[] = [
	sessionIdField,
	tokenNotice,
	allowInAiToolField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Allowed Agent Names or IDs',
				name: 'allowedAgentIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getConversationalAgents' },
				default: [],
				description:
					'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			...mintDetailFields,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['sessionToken'], operation: ['mint'] } },
	properties,
);

/** The mint body: the same fields in every node version. */
export function mintBody(read: ParameterReader): IDataObject {
	return withoutEmpty({
		session_id: read.string('sessionId'),
		ttl_seconds: read.optionalInteger('additionalFields.ttlSeconds'),
		allowed_agent_ids: read.integerList('additionalFields.allowedAgentIds'),
		end_user: read.optionalString('additionalFields.endUser'),
		end_user_email: read.optionalEmail('additionalFields.endUserEmail'),
		end_company_id: read.optionalString('additionalFields.endCompanyId'),
		client_id: read.optionalString('additionalFields.clientId'),
	});
}

export const mint: NeoOperation = {
	description,
	prepare: (read, ctx) => {
		refuseAsAiTool(read, ctx);
		return sendOne({
			method: 'POST',
			path: '/public-api/sessions',
			// Minting twice only yields a second short-lived token, so Neo's advice (retry 5xx) applies.
			safeToRepeat: true,
			body: mintBody(read),
		});
	},
};
