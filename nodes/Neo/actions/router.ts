import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toErrorItem, toNodeApiError } from '../helpers/errors';
import { addCautionHints, addNoticeHints, addWarningHints } from '../helpers/hints';
import { ParameterReader } from '../helpers/parameters';
import { runInPool } from '../helpers/pool';
import { runsAsAiTool } from '../helpers/toolMode';
import { NeoClient } from '../transport/client';
import type { NeoResources } from './node.type';
import type { CallResult, NeoCall } from './operation';
import { type NodeSettings, readNodeSettings } from './options';

/**
 * Runs one operation over all input items: reads each item's parameters (all of them before the
 * first request, unless the node continues on failure), makes the calls with the configured
 * parallelism and maps each answer onto the item it came from. Never edited when an operation is
 * added.
 */
export async function router(
	this: IExecuteFunctions,
	resources: NeoResources,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resources[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" is not supported for resource "${resource}"`,
		);
	}
	// As an AI Agent's tool, a failed item is the tool's answer: the model reads the error instead
	// of the workflow failing (n8n 2.x does this for tools itself; 1.x does not).
	const continueOnFail =
		this.continueOnFail() || (runsAsAiTool(this) && this.getNode().onError !== 'stopWorkflow');
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

	const prepare = (itemIndex: number): NeoCall | NodeOperationError => {
		try {
			return operation.prepare(new ParameterReader(this, itemIndex, operation.description), this);
		} catch (error) {
			const parameterError = new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			if (!continueOnFail) throw parameterError;
			return parameterError;
		}
	};
	// When one bad item stops the node, every item is checked before anything is sent. Under
	// Continue (or the error output) each item stands alone: it is read just before it is sent, so
	// the first requests leave while later items are still being evaluated.
	const calls: Array<NeoCall | NodeOperationError | undefined> = continueOnFail
		? new Array(items.length)
		: items.map((_item, itemIndex) => prepare(itemIndex));

	let failed = false;
	const results = await runInPool<CallResult | undefined>(
		items.length,
		settings.concurrency,
		async (itemIndex) => {
			const call = (calls[itemIndex] ??= prepare(itemIndex));
			if (call instanceof NodeOperationError) return undefined;
			const result = await call(client);
			if (!result.ok && !continueOnFail) failed = true;
			return result;
		},
		() => failed,
	);

	const output: INodeExecutionData[] = [];
	const warnings: Array<{ itemIndex: number; warning: string }> = [];
	const notices: Array<{ itemIndex: number; warning: string }> = [];
	const cautions: Array<{ itemIndex: number; warning: string }> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const call = calls[itemIndex];
		const result = results[itemIndex];
		if (call instanceof NodeOperationError) {
			output.push(parameterErrorItem(call, 'invalid_parameter', itemIndex));
		} else if (result && !result.ok) {
			const context = { resource, operation: operationName };
			if (!continueOnFail) throw toNodeApiError(this.getNode(), result.failure, itemIndex, context);
			output.push(toErrorItem(result.failure, itemIndex, context));
		} else if (result && result.ok) {
			for (const warning of result.warnings) warnings.push({ itemIndex, warning });
			for (const notice of result.notices ?? []) notices.push({ itemIndex, warning: notice });
			for (const caution of result.cautions ?? []) cautions.push({ itemIndex, warning: caution });
			const withMeta =
				settings.includeResponseMetadata && result.meta && result.records.length === 1;
			for (const record of result.records) {
				output.push({
					json: withMeta ? { data: record, meta: result.meta } : record,
					pairedItem: { item: itemIndex },
				});
			}
		}
	}
	addWarningHints(this, warnings);
	addNoticeHints(this, notices);
	addCautionHints(this, cautions);
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
