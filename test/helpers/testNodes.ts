/**
 * Test-only node types for the in-process engine harness (test/helpers/n8nEngine.ts).
 * n8n-nodes-base is not installed, so the harness brings its own start node ("items") and a
 * pass-through sink ("collector"); the node under test is always the real Neo node.
 */
import { NodeConnectionTypes, jsonParse } from 'n8n-workflow';
import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

export const ITEMS_NODE_TYPE = 'harness.items';
export const COLLECTOR_NODE_TYPE = 'harness.collector';

/** Start node: ignores its (single, empty) trigger item and emits the items given as JSON. */
export class HarnessItems implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Items',
		name: ITEMS_NODE_TYPE,
		group: ['input'],
		version: 1,
		usableAsTool: true,
		description: 'Emits fixed items (test only)',
		defaults: { name: 'Items' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Items (JSON Array)',
				name: 'items',
				type: 'json',
				default: '[]',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
		const items = typeof raw === 'string' ? jsonParse<IDataObject[]>(raw) : raw;
		// An item's `$binary` (property name -> IBinaryData, n8n's in-memory form: base64 `data`)
		// becomes the item's binary data.
		return [
			items.map(({ $binary, ...json }) => ({
				json,
				...($binary ? { binary: $binary as unknown as IBinaryKeyData } : {}),
				pairedItem: { item: 0 },
			})),
		];
	}
}

/** Pass-through sink: outputs its input items unchanged (json and binary), paired 1:1. */
export class HarnessCollector implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Collector',
		name: COLLECTOR_NODE_TYPE,
		group: ['transform'],
		version: 1,
		usableAsTool: true,
		description: 'Collects items (test only)',
		defaults: { name: 'Collector' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((item, i) => ({
				json: item.json,
				...(item.binary ? { binary: item.binary } : {}),
				pairedItem: { item: i },
			})),
		];
	}
}
