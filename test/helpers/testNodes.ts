/**
 * Test-only node and credential types for the in-process engine harness (test/helpers/n8nEngine.ts).
 * n8n-nodes-base is not installed, so the harness brings its own start node ("items"), a pass-through
 * sink ("collector") and, for developing the harness itself, a stand-in for the Neo node that makes one
 * authenticated request per item through n8n-core's real `httpRequestWithAuthentication`.
 */
import { NodeApiError, NodeConnectionTypes, jsonParse } from 'n8n-workflow';
import type {
	IAuthenticateGeneric,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	JsonObject,
} from 'n8n-workflow';

export const ITEMS_NODE_TYPE = 'harness.items';
export const COLLECTOR_NODE_TYPE = 'harness.collector';
export const TEST_NEO_NODE_TYPE = 'harness.testNeo';

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
		return [items.map((json) => ({ json, pairedItem: { item: 0 } }))];
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

const testNeoApiProperties: INodeProperties[] = [
	{
		displayName: 'API Key',
		name: 'apiKey',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
	},
	{
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		required: true,
		default: 'https://api.neoagent.io',
	},
];

/**
 * Same shape as the real `neoApi` credential but with a GENERIC authenticate definition, so the
 * harness can prove it resolves `={{$credentials.…}}` expressions the way n8n's CredentialsHelper does.
 */
export class TestNeoApi implements ICredentialType {
	name = 'neoApi';

	displayName = 'Neo API (harness test credential)';

	properties: INodeProperties[] = testNeoApiProperties;

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};
}

/**
 * Stand-in for the Neo node: per item, `method` `path` on the credential's baseUrl with the item json
 * as body (POST) through `httpRequestWithAuthentication('neoApi', …)`. Success: json = response body.
 * Failure with continueOnFail / error output: `{ error, details }` as in docs/DESIGN.md. Adds one
 * execution hint per run.
 */
export class HarnessTestNeo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Test Neo',
		name: TEST_NEO_NODE_TYPE,
		group: ['transform'],
		version: 1,
		usableAsTool: true,
		description: 'Calls an HTTP endpoint with the neoApi credential (test only)',
		defaults: { name: 'Test Neo' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'neoApi', required: true }],
		properties: [
			{ displayName: 'Path', name: 'path', type: 'string', default: '/echo' },
			{
				displayName: 'Method',
				name: 'method',
				type: 'options',
				options: [
					{ name: 'GET', value: 'GET' },
					{ name: 'POST', value: 'POST' },
				],
				default: 'POST',
			},
			{ displayName: 'Hint', name: 'hint', type: 'string', default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const credentials = await this.getCredentials('neoApi');
		const baseUrl = String(credentials.baseUrl).replace(/\/+$/, '');
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const path = this.getNodeParameter('path', i) as string;
			const method = this.getNodeParameter('method', i) as IHttpRequestMethods;
			try {
				const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'neoApi', {
					method,
					url: `${baseUrl}${path}`,
					...(method === 'POST' ? { body: items[i].json } : {}),
					json: true,
				})) as IDataObject;
				out.push({ json: response, pairedItem: { item: i } });
			} catch (error) {
				const apiError =
					error instanceof NodeApiError
						? error
						: new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: i });
				if (this.continueOnFail()) {
					out.push({
						json: {
							error: apiError.message,
							details: { httpStatus: apiError.httpCode, itemIndex: i },
						},
						pairedItem: { item: i },
					});
					continue;
				}
				apiError.context.itemIndex = i;
				throw apiError;
			}
		}
		const hint = this.getNodeParameter('hint', 0) as string;
		if (hint) this.addExecutionHints({ message: hint, location: 'outputPane' });
		return [out];
	}
}
