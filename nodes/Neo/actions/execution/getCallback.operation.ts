import { updateDisplayOptions } from 'n8n-workflow';

import { type NeoOperation, sendOne } from '../operation';
import { executionIdField, executionPath } from './get.operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['execution'], operation: ['getCallback'] } },
	[executionIdField],
);

/**
 * The PSA callback (webhook) that started the run, as Neo keeps it (its fields are assumed, and
 * passed through). A run started otherwise (Run Now, a schedule) has none: Neo's 404.
 */
export const getCallback: NeoOperation = {
	description,
	prepare: (read) =>
		sendOne({ method: 'GET', path: executionPath(read.pathId('executionId'), '/callback') }),
};
