/**
 * Fast checks of what an operation sends: its `prepare` runs over parameters completed with their
 * defaults by n8n's own NodeHelpers.getNodeParameters (as the editor saves them), and a recording
 * client answers each request with the next canned answer. What Neo accepts is the sandbox's job
 * (the engine tests); this only pins the request each parameter set becomes.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeParameters,
	INodeProperties,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import type { CallResult, NeoOperation } from '../../nodes/Neo/actions/operation';
import { ParameterReader } from '../../nodes/Neo/helpers/parameters';
import type { NeoClient } from '../../nodes/Neo/transport/client';
import type { NeoRequest, SendResult } from '../../nodes/Neo/transport';

const node: INode = {
	id: 'neo',
	name: 'Neo',
	type: 'n8n-nodes-neo.neo',
	typeVersion: 2,
	position: [0, 0],
	parameters: {},
};

/** A page of records, as Neo's list endpoints answer. */
export const page = (records: IDataObject[], nextCursor?: string): SendResult => ({
	ok: true,
	value: {
		data: records,
		meta: { pagination: { has_more: nextCursor !== undefined, next_cursor: nextCursor ?? null } },
	},
});

export const record = (data: IDataObject): SendResult => ({ ok: true, value: { data, meta: {} } });

function fakeContext(parameters: INodeParameters): IExecuteFunctions {
	const get = (path: string, fallback: unknown, options?: { extractValue?: boolean }) => {
		let value: unknown = parameters;
		for (const key of path.split('.')) value = (value as IDataObject | undefined)?.[key];
		if (value === undefined) return fallback;
		if (options?.extractValue && value && typeof value === 'object' && '__rl' in value) {
			return (value as unknown as { value: unknown }).value;
		}
		return value;
	};
	return {
		getNode: () => node,
		getNodeParameter: (path: string, _item: number, fallback?: unknown, options?: IDataObject) =>
			get(path, fallback, options),
	} as unknown as IExecuteFunctions;
}

/**
 * Prepares `operation` for `parameters` (resource and operation included, as saved) and runs its
 * call; returns the requests sent and the result. `answers` feed the client in order.
 */
export async function runOperation(
	operation: NeoOperation,
	allProperties: INodeProperties[],
	parameters: INodeParameters,
	answers: SendResult[] = [],
): Promise<{ requests: NeoRequest[]; result: CallResult }> {
	const completed =
		NodeHelpers.getNodeParameters(allProperties, parameters, true, false, node, null) ?? {};
	const ctx = fakeContext(completed);
	const requests: NeoRequest[] = [];
	const client = {
		send: async (request: NeoRequest) => {
			requests.push(request);
			return answers.shift() ?? record({});
		},
	} as unknown as NeoClient;
	const call = operation.prepare(new ParameterReader(ctx, 0, operation.description), ctx);
	return { requests, result: await call(client) };
}

/** Only `prepare`: the parameter error it throws, if any. */
export function prepareError(
	operation: NeoOperation,
	allProperties: INodeProperties[],
	parameters: INodeParameters,
): string | undefined {
	const completed =
		NodeHelpers.getNodeParameters(allProperties, parameters, true, false, node, null) ?? {};
	const ctx = fakeContext(completed);
	try {
		operation.prepare(new ParameterReader(ctx, 0, operation.description), ctx);
		return undefined;
	} catch (error) {
		return (error as Error).message;
	}
}
