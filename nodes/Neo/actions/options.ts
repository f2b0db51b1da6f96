import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ParameterReader } from '../helpers/parameters';
import type { RetrySettings } from '../transport';

/** Node-wide settings, shared by every operation. */
export const optionsDescription: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Include Response Metadata',
			name: 'includeResponseMetadata',
			type: 'boolean',
			default: false,
			description:
				"Whether each output item holds Neo's full answer {data, meta} (request ID, warnings, timings) instead of the data alone",
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 0 },
			default: 4,
			description:
				'How many times one item is re-sent after a rate limit (429), a connection that never reached Neo, or (for token mints) a server error',
		},
		{
			displayName: 'Max Retry Wait (Seconds)',
			name: 'maxRetryWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 120,
			description: 'Longest total wait between the attempts of one item before it fails',
		},
		{
			displayName: 'Requests in Parallel',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
			default: 5,
			description:
				'How many items are sent to Neo at once. 1 sends them strictly one after another. Output order always follows input order.',
		},
		{
			displayName: 'Retry Creates After Server Errors',
			name: 'retryServerErrorsOnCreate',
			type: 'boolean',
			default: false,
			description:
				'Whether a channel or chat session create is re-sent after a 5xx, a dropped connection or a timeout. Neo may already have created it, so this CAN CREATE DUPLICATES. Off: such items fail instead.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 0.001 },
			default: 30,
			description: 'How long to wait for Neo to answer one request',
		},
	],
};

export interface NodeSettings extends RetrySettings {
	concurrency: number;
	includeResponseMetadata: boolean;
}

export function readNodeSettings(ctx: IExecuteFunctions): NodeSettings {
	const read = new ParameterReader(ctx, 0, [optionsDescription]);
	return {
		includeResponseMetadata: read.booleanOrDefault('options.includeResponseMetadata'),
		concurrency: read.integerOrDefault('options.concurrency'),
		maxRetries: read.integerOrDefault('options.maxRetries'),
		maxRetryWaitMs: read.numberOrDefault('options.maxRetryWaitSeconds') * 1000,
		timeoutMs: read.numberOrDefault('options.timeoutSeconds') * 1000,
		retryServerErrorsOnCreate: read.booleanOrDefault('options.retryServerErrorsOnCreate'),
	};
}
