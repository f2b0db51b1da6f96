import { updateDisplayOptions } from 'n8n-workflow';

import { neoPath } from '../../transport';
import { type NeoOperation, sendOne } from '../operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['chatSession'], operation: ['reset'] } },
	[
		{
			displayName: 'Session ID',
			name: 'sessionId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. cs_3f9a1c',
			description:
				'ID of the chat session to archive. A turn still running is cancelled; the next message on its channel starts a new session.',
		},
	],
);

/**
 * Archives a session and cancels any turn in flight. Neo documents the call as idempotent (an
 * archived session answers 200 again), so it is safely re-sent after a 5xx or a timeout. The path
 * is assumed: POST …/chat/sessions/{session_id}/reset.
 */
export const reset: NeoOperation = {
	description,
	prepare: (read) =>
		sendOne({
			method: 'POST',
			path: neoPath('/public-api/chat/sessions/{session_id}/reset', {
				session_id: read.pathId('sessionId'),
			}),
			safeToRepeat: true,
		}),
};
