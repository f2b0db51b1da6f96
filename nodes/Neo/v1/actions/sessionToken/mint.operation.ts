// Version 1's fields, frozen as saved workflows know them; the request is built as in version 2.
import type { INodeProperties } from 'n8n-workflow';

import { type NeoOperation, sendOne } from '../../../actions/operation';
import {
	allowInAiToolField,
	mintBody,
	refuseAsAiTool,
} from '../../../actions/sessionToken/mint.operation';

const showFor = { show: { resource: ['sessionToken'], operation: ['mint'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		required: true,
		displayOptions: showFor,
		default: '',
		placeholder: 'e.g. cs_3f9a1c',
		description:
			'ID of the chat session the token is bound to, usually an expression on the output of Chat Session → Create',
	},
	{
		displayName:
			'The minted token is a secret: anyone holding it can chat in this session until it expires. Do not log it or send it where end users other than its owner can read it.',
		name: 'tokenNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor,
	},
	// Added after version 1 shipped: off by default, so saved workflows behave as before.
	{ ...allowInAiToolField, displayOptions: showFor },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor,
		options: [
			{
				displayName: 'Allowed Agent IDs',
				name: 'allowedAgentIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 101, 102',
				description:
					'Agents the token may talk to: comma-separated numeric IDs, or an array of numbers from an expression',
			},
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
		],
	},
];

/** Version 1 typed Allowed Agent IDs as comma-separated text; the body is version 2's. */
export const mint: NeoOperation = {
	description,
	prepare: (read, ctx) => {
		refuseAsAiTool(read, ctx);
		return sendOne({
			method: 'POST',
			path: '/public-api/sessions',
			safeToRepeat: true,
			body: mintBody(read),
		});
	},
};
