import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toErrorItem, toNodeApiError } from '../helpers/errors';
import { addWarningHints } from '../helpers/hints';
import { runInPool } from '../helpers/pool';
import type { NeoRequest } from '../transport';
import type { SendResult } from '../transport/client';
import { NeoClient } from '../transport/client';
import * as channel from './channel';
import * as chatSession from './chatSession';
import { type NodeSettings, readNodeSettings } from './options';
import * as sessionToken from './sessionToken';

type BuildRequest = (this: IExecuteFunctions, itemIndex: number) => NeoRequest;

const operations: Record<string, Record<string, BuildRequest>> = {
	channel: { create: channel.create.buildRequest },
	chatSession: { create: chatSession.create.buildRequest },
	sessionToken: { mint: sessionToken.mint.buildRequest },
};

/**
 * Checks every item's parameters first (so bad input fails before anything is sent), then sends the
 * requests with the configured parallelism and maps each answer onto the item it came from.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const buildRequest = operations[resource]?.[operation];
	if (!buildRequest) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not supported for resource "${resource}"`,
		);
	}
	const continueOnFail = this.continueOnFail();
	let settings: NodeSettings;
	let client: NeoClient;
	try {
		settings = readNodeSettings(this);
		client = await NeoClient.create(this, settings);
	} catch (error) {
		// A bad option or Base URL fails every item alike. Under "Continue" each item still gets its
		// own error item: left to n8n, the input items would pass through on the success output.
		const nodeError = new NodeOperationError(this.getNode(), error as Error);
		if (!continueOnFail) throw nodeError;
		return [
			items.map((_item, itemIndex) =>
				parameterErrorItem(nodeError, 'invalid_configuration', itemIndex),
			),
		];
	}

	const requests = items.map((_item, itemIndex) => {
		try {
			return buildRequest.call(this, itemIndex);
		} catch (error) {
			const parameterError = new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			if (!continueOnFail) throw parameterError;
			return parameterError;
		}
	});

	let failed = false;
	const results = await runInPool<SendResult | undefined>(
		requests.length,
		settings.concurrency,
		async (itemIndex) => {
			const request = requests[itemIndex];
			if (request instanceof NodeOperationError) return undefined;
			const result = await client.send(request);
			if (!result.ok && !continueOnFail) failed = true;
			return result;
		},
		() => failed,
	);

	const output: INodeExecutionData[] = [];
	const warnings: Array<{ itemIndex: number; warning: string }> = [];
	for (let itemIndex = 0; itemIndex < requests.length; itemIndex++) {
		const request = requests[itemIndex];
		const result = results[itemIndex];
		if (request instanceof NodeOperationError) {
			output.push(parameterErrorItem(request, 'invalid_parameter', itemIndex));
		} else if (result && !result.ok) {
			if (!continueOnFail) throw toNodeApiError(this.getNode(), result.failure, itemIndex);
			output.push(toErrorItem(result.failure, itemIndex));
		} else if (result && result.ok) {
			const { data, meta } = result.value;
			for (const warning of meta.warnings ?? []) warnings.push({ itemIndex, warning });
			output.push({
				json: settings.includeResponseMetadata ? { data, meta } : data,
				pairedItem: { item: itemIndex },
			});
		}
	}
	addWarningHints(this, warnings);
	return [output];
}

/** The error item for an input item that was not sent because of the node's own parameters. */
function parameterErrorItem(
	error: NodeOperationError,
	code: 'invalid_parameter' | 'invalid_configuration',
	itemIndex: number,
): INodeExecutionData {
	return {
		json: { error: { message: error.message, code, itemIndex } },
		pairedItem: { item: itemIndex },
	};
}
