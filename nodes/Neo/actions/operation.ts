import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ParameterReader } from '../helpers/parameters';
import type { NeoClient } from '../transport/client';
import { fetchList, type ListOptions } from '../transport/paginate';
import type { NeoFailure, NeoRequest, NeoSuccess } from '../transport';

/** What one input item's call produced: records (one output item each) or a failure. */
export type CallResult =
	| {
			ok: true;
			records: IDataObject[];
			/** Neo's meta, for a single answer (shown with "Include Response Metadata"). */
			meta?: NeoSuccess['meta'];
			/** Neo's non-fatal meta.warnings. */
			warnings: string[];
			/** Our own advice for the user, shown as execution hints. */
			notices?: string[];
			/** Our own warnings (a result that may not be what was meant), shown as warning hints. */
			cautions?: string[];
	  }
	| { ok: false; failure: NeoFailure };

/** The work for one item, once its parameters are checked: one or more requests through the client. */
export type NeoCall = (client: NeoClient) => Promise<CallResult>;

/**
 * One operation: its fields, and `prepare`, which reads and checks one item's parameters before
 * anything is sent (it throws the parameter error) and returns the call to make.
 */
export interface NeoOperation {
	description: INodeProperties[];
	prepare: (read: ParameterReader, ctx: IExecuteFunctions) => NeoCall;
}

/** The usual call: one request, its `data` as one output item. */
export function sendOne(request: NeoRequest): NeoCall {
	return async (client) => toCallResult(await client.send(request));
}

export function toCallResult(
	result: { ok: true; value: NeoSuccess } | { ok: false; failure: NeoFailure },
): CallResult {
	if (!result.ok) return result;
	const { data, meta } = result.value;
	return {
		ok: true,
		records: Array.isArray(data) ? data : [data],
		meta,
		warnings: meta.warnings ?? [],
	};
}

/**
 * A list call: every record one output item (Return All, or up to Limit). `notice` adds advice from
 * the records read (e.g. a filter Neo could not apply).
 */
export function readList(
	request: NeoRequest,
	options: ListOptions,
	notice?: (records: IDataObject[]) => string[],
): NeoCall {
	return async (client) => {
		const result = await fetchList(client, request, options);
		if (!result.ok) return result;
		const notices = [...(result.notices ?? []), ...(notice?.(result.records) ?? [])];
		return {
			ok: true,
			records: result.records,
			warnings: result.warnings,
			...(notices.length > 0 ? { notices } : {}),
		};
	};
}
