// Version 1 as saved workflows know it: Allowed Agent IDs is comma-separated text. The other fields
// are version 2's, and so is the request.
import { updateDisplayOptions } from 'n8n-workflow';

import type { NeoOperation } from '../../../actions/operation';
import {
	allowInAiToolField,
	mint as currentMint,
	mintDetailFields,
	sessionIdField,
	tokenNotice,
} from '../../../actions/sessionToken/mint.operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['sessionToken'], operation: ['mint'] } },
	[
		sessionIdField,
		tokenNotice,
		// Added after version 1 shipped: off by default, so saved workflows behave as before.
		allowInAiToolField,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
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
				...mintDetailFields,
			],
		},
	],
);

export const mint: NeoOperation = { description, prepare: currentMint.prepare };
