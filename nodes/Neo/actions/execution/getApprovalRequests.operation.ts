import { updateDisplayOptions } from 'n8n-workflow';

import { type NeoOperation, sendOne } from '../operation';
import { executionIdField, executionPath } from './get.operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['execution'], operation: ['getApprovalRequests'] } },
	[executionIdField],
);

/** One output item per approval request the run raised; a run that raised none outputs nothing. */
export const getApprovalRequests: NeoOperation = {
	description,
	prepare: (read) =>
		sendOne({ method: 'GET', path: executionPath(read.pathId('executionId'), '/til-requests') }),
};
