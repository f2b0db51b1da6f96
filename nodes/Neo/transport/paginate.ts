import type { IDataObject } from 'n8n-workflow';

import type { NeoClient } from './client';
import type { NeoFailure, NeoRequest, NeoSuccess } from './types';

/** Neo's largest page, and its advice for anyone reading a whole list. */
export const MAX_PAGE_SIZE = 200;

export interface ListOptions {
	/** Follow the list to its end; otherwise stop at `limit` records. */
	returnAll: boolean;
	limit: number;
	/**
	 * `cursor`: `cursor` + `meta.pagination.next_cursor` (every list but one).
	 * `page`: `page` numbers from 1 (scheduled work).
	 */
	style: 'cursor' | 'page';
	/** A filter Neo does not offer, applied to each record as it arrives. */
	keep?: (record: IDataObject) => boolean;
	/**
	 * Where a list sorted by time can stop early: reading ends at the first record for which it is
	 * true (that record is not kept, and no further page is read).
	 */
	stopAt?: (record: IDataObject) => boolean;
}

export type ListResult =
	| { ok: true; records: IDataObject[]; warnings: string[]; notices?: string[] }
	| { ok: false; failure: NeoFailure };

/** Reads a list page by page until it ends or `limit` records are kept. */
export async function fetchList(
	client: NeoClient,
	request: NeoRequest,
	options: ListOptions,
): Promise<ListResult> {
	const records: IDataObject[] = [];
	const warnings: string[] = [];
	const wanted = options.returnAll ? Infinity : options.limit;
	let cursor: string | undefined;
	const seenCursors = new Set<string>();
	for (let page = 1; records.length < wanted; page++) {
		const pageSize =
			options.returnAll || options.keep || options.stopAt
				? MAX_PAGE_SIZE
				: Math.min(MAX_PAGE_SIZE, wanted - records.length);
		const position = options.style === 'page' ? { page } : cursor ? { cursor } : {};
		const result = await client.send({
			...request,
			query: { ...request.query, page_size: pageSize, ...position },
		});
		if (!result.ok) return result;
		const rows = Array.isArray(result.value.data) ? result.value.data : [result.value.data];
		warnings.push(...(result.value.meta.warnings ?? []));
		let stopped = false;
		for (const row of rows) {
			if (options.stopAt?.(row)) {
				stopped = true;
				break;
			}
			if (records.length < wanted && (!options.keep || options.keep(row))) records.push(row);
		}
		if (stopped) break;
		const next = nextPosition(result.value, rows.length, pageSize, options.style);
		if (next === undefined) {
			if (records.length < wanted && unpaged(result.value, rows.length, pageSize, options.style)) {
				return { ok: true, records, warnings, notices: [NO_PAGINATION_NOTICE(rows.length)] };
			}
			break;
		}
		if (options.style === 'cursor') {
			// A cursor that comes back again would loop for ever: stop with what was read.
			if (seenCursors.has(next)) return repeatedCursor(result.value);
			seenCursors.add(next);
			cursor = next;
		}
	}
	return { ok: true, records, warnings };
}

/**
 * A cursor list whose answer has no meta.pagination is read as its last page (assumed: Neo pages
 * every list by cursor); a full page without it may hide more, which the user is told.
 */
function unpaged(
	answer: NeoSuccess,
	rowCount: number,
	pageSize: number,
	style: ListOptions['style'],
): boolean {
	return style === 'cursor' && answer.meta.pagination === undefined && rowCount >= pageSize;
}

const NO_PAGINATION_NOTICE = (rows: number) =>
	`Neo answered a full page (${rows} records) without meta.pagination, so it was read as the last page; there may be more: narrow the filters to see them.`;

/** The next cursor (or 'next' for page numbers), or undefined when the list has ended. */
function nextPosition(
	answer: NeoSuccess,
	rowCount: number,
	pageSize: number,
	style: ListOptions['style'],
): string | undefined {
	const pagination = answer.meta.pagination;
	if (rowCount === 0) return undefined;
	if (style === 'page') {
		// How a page-numbered list says "more" is assumed: has_more when present, else a full page.
		const more =
			typeof pagination?.has_more === 'boolean' ? pagination.has_more : rowCount >= pageSize;
		return more ? 'next' : undefined;
	}
	if (pagination?.has_more !== true) return undefined;
	return typeof pagination.next_cursor === 'string' && pagination.next_cursor !== ''
		? pagination.next_cursor
		: undefined;
}

function repeatedCursor(answer: NeoSuccess): ListResult {
	return {
		ok: false,
		failure: {
			code: 'invalid_pagination',
			message: 'Neo returned a cursor it had returned before; the list was not read to its end',
			requestId: answer.meta.request_id,
			attempts: 1,
			waitedMs: 0,
		},
	};
}
