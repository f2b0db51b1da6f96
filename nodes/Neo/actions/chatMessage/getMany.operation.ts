import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { neoPath } from '../../transport';
import { fetchList } from '../../transport/paginate';
import { readListOptions, returnAllOrLimit } from '../common';
import type { CallResult, NeoOperation } from '../operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. cs_3f9a1c',
		description: 'ID of the Neo chat session whose messages to read',
	},
	...returnAllOrLimit,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chatMessage'], operation: ['getMany'] } },
	properties,
);

/**
 * A message's text, whichever shape Neo sends (assumed: `content` as text; the AI SDK's UI
 * message has `parts`, whose text parts hold it). Undefined when neither is there.
 */
export function messageText(row: IDataObject): string | undefined {
	for (const field of ['content', 'text', 'message']) {
		if (typeof row[field] === 'string') return row[field] as string;
	}
	if (!Array.isArray(row.parts)) return undefined;
	const texts = (row.parts as unknown[])
		.filter((part): part is IDataObject => typeof part === 'object' && part !== null)
		.filter((part) => part.type === 'text' && typeof part.text === 'string')
		.map((part) => part.text as string);
	return texts.length > 0 ? texts.join('') : undefined;
}

/**
 * The session's history, as Neo lists it (`GET …/messages`: a cursor list, rows at least id,
 * role, content and created_at, all assumed). Each message is passed through as Neo sent it, with
 * `text` added when Neo put the text elsewhere (the UI message's parts), so later nodes read one
 * field whatever the shape.
 */
export const getMany: NeoOperation = {
	description,
	prepare: (read) => {
		const path = neoPath('/public-api/chat/sessions/{session_id}/messages', {
			session_id: read.pathId('sessionId'),
		});
		const options = readListOptions(read);
		return async (client): Promise<CallResult> => {
			const result = await fetchList(client, { method: 'GET', path }, options);
			if (!result.ok) return result;
			const records = result.records.map((row) => {
				if (typeof row.text === 'string') return row;
				const text = messageText(row);
				return text === undefined ? row : { ...row, text };
			});
			return { ok: true, records, warnings: result.warnings };
		};
	},
};
