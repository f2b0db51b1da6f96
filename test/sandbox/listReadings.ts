// How list rows, ids and status filters look under the other readings of the list assumptions
// (readings.ts): rows without `status` (rowsWithoutStatus), statuses outside the assumed enum
// (unknownStatusValues), ids as strings (idsAsStrings) and cursor lists without meta.pagination
// (noPagination). The routes answer through these, so each reading lives in one place.
import { validationError } from './http';
import type { Readings } from './readings';

/**
 * Statuses outside the assumed enum that seeded rows carry under unknownStatusValues (created rows
 * keep theirs): a run waiting on a technician, a run Neo skipped, a request that expired. Keyed by
 * the default status, chosen by the row's id so the same rows change every time.
 */
const UNKNOWN_STATUS: Record<string, { status: string; every: number }> = {
	RUNNING: { status: 'WAITING_FOR_APPROVAL', every: 2 },
	SUCCEEDED: { status: 'SKIPPED', every: 7 },
	APPROVED: { status: 'EXPIRED', every: 5 },
};

const idNumber = (id: string | number) =>
	typeof id === 'number' ? id : Number(id.replace(/\D/g, '')) || 0;

/** The row's status as Neo would hold it under the readings (for filtering and for the answer). */
export function statusAsRead(
	status: string,
	id: string | number,
	seeded: boolean,
	readings: Readings,
): string {
	const unknown = UNKNOWN_STATUS[status];
	if (!readings.unknownStatusValues || !seeded || !unknown) return status;
	return idNumber(id) % unknown.every === 0 ? unknown.status : status;
}

/**
 * Whether a row passes the `status` filter. Default reading: the assumed enum, an unknown value is
 * a 422 naming the field. unknownStatusValues: Neo's own values, any text, matched as sent.
 * rowsWithoutStatus: rows carry no status, and Neo ignores the filter (every row passes).
 */
export function statusFilter(
	wanted: string[] | undefined,
	known: readonly string[],
	readings: Readings,
): (status: string) => boolean {
	if (!wanted || wanted.length === 0 || readings.rowsWithoutStatus) return () => true;
	const unknown = wanted.filter((s) => !known.includes(s));
	if (unknown.length > 0 && !readings.unknownStatusValues) {
		throw validationError('status has a value this API does not know.', [
			{ field: 'status', message: `must be one of ${known.join(', ')}`, in: 'query' },
		]);
	}
	return (status) => wanted.includes(status);
}

/** A public row as answered: its status as read (or none), its id as a string when ids are. */
export function rowAsRead<T extends object>(
	row: T,
	readings: Readings,
	options: { status?: string; idField?: string },
): Record<string, unknown> {
	const out = { ...row } as Record<string, unknown>;
	if (options.status !== undefined) out.status = options.status;
	if (readings.rowsWithoutStatus && options.status !== undefined) delete out.status;
	if (readings.idsAsStrings && options.idField && typeof out[options.idField] === 'number') {
		out[options.idField] = String(out[options.idField]);
	}
	return out;
}

/** An id as answered: a string under idsAsStrings (agents, approval requests, scheduled work). */
export function idAsRead<T extends object>(
	row: T,
	readings: Readings,
	idField = 'id',
): Record<string, unknown> {
	return rowAsRead(row, readings, { idField });
}

/** A cursor list's meta.pagination: absent under noPagination. */
export function cursorPaginationAsRead(
	pagination: Record<string, unknown>,
	readings: Readings,
): Record<string, unknown> | undefined {
	return readings.noPagination ? undefined : pagination;
}
