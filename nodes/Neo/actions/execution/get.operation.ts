import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { neoPath } from '../../transport';
import { type NeoOperation, sendOne } from '../operation';

export const executionIdField: INodeProperties = {
	displayName: 'Execution ID',
	name: 'executionId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. ex_7001',
	description: 'The agent run (its "execution_id")',
};

export function executionPath(executionId: string, tail = ''): string {
	return neoPath(`/public-api/executions/{execution_id}${tail}`, { execution_id: executionId });
}

export const description = updateDisplayOptions(
	{ show: { resource: ['execution'], operation: ['get'] } },
	[executionIdField],
);

export const get: NeoOperation = {
	description,
	prepare: (read) => sendOne({ method: 'GET', path: executionPath(read.pathId('executionId')) }),
};
