/**
 * Fast request-shape checks for operations: `prepare` gets a ParameterReader over a small stand-in
 * for n8n's execute context (parameters from a plain object, by path, resource locators resolved
 * as n8n's extractValue does), and the call runs against a client that records each request and
 * answers from a script. What the engine adds (expressions, defaults) is covered by the engine
 * tests against the sandbox; this checks the mapping from parameters to requests.
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { resources } from '../../../nodes/Neo/actions/node.type';
import type { CallResult } from '../../../nodes/Neo/actions/operation';
import { ParameterReader } from '../../../nodes/Neo/helpers/parameters';
import type { NeoClient } from '../../../nodes/Neo/transport/client';
import type { NeoRequest, SendResult } from '../../../nodes/Neo/transport';

const NODE: INode = {
	id: 'n1',
	name: 'Neo',
	type: 'n8n-nodes-neo.neo',
	typeVersion: 2,
	position: [0, 0],
	parameters: {},
};

function byPath(parameters: IDataObject, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (value as IDataObject)?.[key], parameters);
}

export function fakeContext(parameters: IDataObject): IExecuteFunctions {
	return {
		getNode: () => NODE,
		getNodeParameter: (
			path: string,
			_itemIndex: number,
			fallback?: unknown,
			options?: { extractValue?: boolean },
		) => {
			const value = byPath(parameters, path);
			if (value === undefined) return fallback;
			if (options?.extractValue && value && typeof value === 'object' && '__rl' in value) {
				return (value as IDataObject).value;
			}
			return value;
		},
	} as unknown as IExecuteFunctions;
}

/** A saved resource locator, as n8n stores one. */
export const locator = (value: string | number, mode = 'list') => ({ __rl: true, mode, value });

/** A client that records requests and answers each from `answer` (default: an empty success). */
export function recordingClient(answer?: (request: NeoRequest, index: number) => SendResult) {
	const sent: NeoRequest[] = [];
	const client = {
		send: async (request: NeoRequest): Promise<SendResult> => {
			sent.push(request);
			return answer
				? answer(request, sent.length - 1)
				: { ok: true, value: { data: {}, meta: { request_id: 'r' } } };
		},
	} as unknown as NeoClient;
	return { client, sent };
}

/** Prepares `resource.operation` for item `itemIndex` (throws the parameter error) and runs it. */
export async function call(
	resource: string,
	operation: string,
	parameters: IDataObject,
	client: NeoClient,
	itemIndex = 0,
): Promise<CallResult> {
	const op = (resources as Record<string, Record<string, (typeof resources)['agent']['get']>>)[
		resource
	][operation];
	const ctx = fakeContext(parameters);
	return await op.prepare(new ParameterReader(ctx, itemIndex, op.description), ctx)(client);
}

/** A list page as Neo sends it (cursor style unless `page` is given). */
export function page(
	rows: IDataObject[],
	more: { next_cursor?: string; page?: number; has_more?: boolean } = {},
): SendResult {
	const hasMore = more.has_more ?? more.next_cursor !== undefined;
	return {
		ok: true,
		value: {
			data: rows,
			meta: {
				request_id: 'r',
				pagination:
					more.page !== undefined
						? ({ page: more.page, has_more: hasMore } as IDataObject)
						: { has_more: hasMore, next_cursor: more.next_cursor ?? null },
			},
		},
	};
}
