import { updateDisplayOptions } from 'n8n-workflow';

import { withoutEmpty } from '../../helpers/parameters';
import { commaList } from '../common';
import { type NeoOperation, sendOne } from '../operation';
import { executionIdField, executionPath } from './get.operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['execution'], operation: ['getSteps'] } },
	[
		executionIdField,
		{
			displayName: 'Step Types',
			name: 'types',
			type: 'multiOptions',
			options: [
				{ name: 'Final Message', value: 'FINAL_MESSAGE' },
				{ name: 'Thought', value: 'THOUGHT' },
				{ name: 'Tool Call', value: 'TOOL_CALL' },
				{ name: 'Tool Result', value: 'TOOL_RESULT' },
			],
			default: [],
			description: 'Only steps of these types (none chosen: every step)',
		},
		{
			displayName: 'Include Data',
			name: 'includeData',
			type: 'boolean',
			default: true,
			description:
				'Whether each step carries its data (tool inputs and outputs); off keeps items small',
		},
	],
);

/** One output item per step, in the run's order. */
export const getSteps: NeoOperation = {
	description,
	prepare: (read) =>
		sendOne({
			method: 'GET',
			path: executionPath(read.pathId('executionId'), '/steps'),
			query: withoutEmpty({
				type: commaList(read.optionalOptions('types')),
				include_data: read.booleanOrDefault('includeData'),
			}),
		}),
};
