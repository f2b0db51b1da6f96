import { updateDisplayOptions } from 'n8n-workflow';

import { readListOptions, returnAllOrLimit } from '../common';
import { type NeoOperation, readList } from '../operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['inbox'], operation: ['getMany'] } },
	returnAllOrLimit,
);

/**
 * Neo's inbox: its notices to the MSP (an integration that stopped working, a failing agent), one
 * row per notice with how often it recurred. Neo documents no parameters: read as the usual cursor
 * list (assumed).
 */
export const getMany: NeoOperation = {
	description,
	prepare: (read) => readList({ method: 'GET', path: '/public-api/inbox' }, readListOptions(read)),
};
