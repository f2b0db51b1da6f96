// Neo's two list styles. Cursor lists (every list but one): keyset pagination over a fixed sort,
// with an opaque cursor naming the last row served, so rows created while a client pages (newer
// rows in a newest-first list) neither shift nor repeat later pages. Page-number lists (scheduled
// work): `page` from 1, with {page, page_size, total, has_more} (the answer's shape is assumed).
import { validationError } from './http';

export const DEFAULT_PAGE_SIZE = 50;

type SortKey = (string | number)[];

const encode = (key: SortKey) => Buffer.from(JSON.stringify({ k: key })).toString('base64url');

function decode(cursor: string): SortKey {
	try {
		const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown };
		if (Array.isArray(parsed.k) && parsed.k.every((v) => ['string', 'number'].includes(typeof v))) {
			return parsed.k as SortKey;
		}
	} catch {
		// fall through to the 422
	}
	throw validationError('cursor is not a cursor this API issued.', [
		{ field: 'cursor', message: 'is not a valid cursor', in: 'query' },
	]);
}

function compare(a: SortKey, b: SortKey): number {
	for (let i = 0; i < Math.max(a.length, b.length); i++) {
		if (a[i] === b[i]) continue;
		return (a[i] ?? '') < (b[i] ?? '') ? -1 : 1;
	}
	return 0;
}

/**
 * One page of `rows`, which must already be sorted by `key` in `direction`. The cursor is the last
 * served row's key: the next page starts strictly after it.
 */
export function cursorPage<T>(
	rows: T[],
	key: (row: T) => SortKey,
	query: Record<string, unknown>,
	direction: 'asc' | 'desc' = 'asc',
): { data: T[]; pagination: { has_more: boolean; next_cursor: string | null } } {
	const size = (query.page_size as number | undefined) ?? DEFAULT_PAGE_SIZE;
	let start = 0;
	if (typeof query.cursor === 'string') {
		const after = decode(query.cursor);
		const sign = direction === 'asc' ? 1 : -1;
		start = rows.findIndex((r) => sign * compare(key(r), after) > 0);
		if (start < 0) start = rows.length;
	}
	const data = rows.slice(start, start + size);
	const hasMore = start + size < rows.length;
	return {
		data,
		pagination: {
			has_more: hasMore,
			next_cursor: hasMore ? encode(key(data[data.length - 1])) : null,
		},
	};
}

/** Newest first: created_at descending, then id descending for equal timestamps. */
export function newestFirst<T extends { created_at: string }>(
	rows: T[],
	id: (row: T) => string | number,
): T[] {
	return [...rows].sort((a, b) => compare([b.created_at, id(b)], [a.created_at, id(a)]));
}

export function numberPage<T>(
	rows: T[],
	query: Record<string, unknown>,
): {
	data: T[];
	pagination: { page: number; page_size: number; total: number; has_more: boolean };
} {
	const size = (query.page_size as number | undefined) ?? DEFAULT_PAGE_SIZE;
	const page = (query.page as number | undefined) ?? 1;
	const start = (page - 1) * size;
	return {
		data: rows.slice(start, start + size),
		pagination: { page, page_size: size, total: rows.length, has_more: start + size < rows.length },
	};
}
