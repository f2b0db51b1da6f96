/**
 * Exactly-once over polls, as a pure function. An event has a time (created_at or updated_at) and
 * an id. The mark is the newest time delivered so far plus the ids delivered AT that time: a later
 * poll reads from the mark's time again (the window overlaps), and delivers an event only when it is
 * newer than the mark, or as old as the mark and not among its ids. So equal timestamps, rows read
 * twice (overlapping windows, pages that shift) and a restart (the mark lives in static data) never
 * repeat an event, and no event at or after the mark's time is skipped.
 *
 * Times are compared in milliseconds: finer precision (Neo may send microseconds) folds into the
 * same millisecond, which the ids at the edge then tell apart.
 */
export interface Mark {
	/** ISO 8601, UTC, millisecond precision. */
	at: string;
	/** Ids of the delivered events whose time is `at`. */
	ids: string[];
}

export interface EventKey {
	at: string;
	id: string;
}

export interface WindowResult<T> {
	/** Events not delivered before, oldest first, each once. */
	fresh: T[];
	/** The mark to keep; unchanged when nothing newer was read. */
	mark: Mark | undefined;
}

export function advance<T>(
	mark: Mark | undefined,
	rows: T[],
	keyOf: (row: T) => EventKey,
): WindowResult<T> {
	const markMs = mark ? Date.parse(mark.at) : -Infinity;
	const edge = new Set(mark?.ids ?? []);
	const seen = new Set<string>();
	const fresh: Array<{ row: T; ms: number; id: string }> = [];
	let topMs = markMs;
	for (const row of rows) {
		const { at, id } = keyOf(row);
		const ms = Date.parse(at);
		// An event without a readable time cannot be placed; an id read twice is one event.
		if (Number.isNaN(ms) || seen.has(id)) continue;
		seen.add(id);
		if (ms > markMs || (ms === markMs && !edge.has(id))) fresh.push({ row, ms, id });
		if (ms > topMs) topMs = ms;
	}
	fresh.sort((a, b) => a.ms - b.ms || compareIds(a.id, b.id));
	if (topMs === -Infinity) return { fresh: [], mark };
	const ids = new Set(topMs === markMs ? edge : []);
	for (const event of fresh) if (event.ms === topMs) ids.add(event.id);
	return {
		fresh: fresh.map((event) => event.row),
		mark: { at: new Date(topMs).toISOString(), ids: [...ids].sort(compareIds) },
	};
}

/** The newest event (time, then id), for a manual test run. */
export function newest<T>(rows: T[], keyOf: (row: T) => EventKey): T | undefined {
	let best: { row: T; ms: number; id: string } | undefined;
	for (const row of rows) {
		const { at, id } = keyOf(row);
		const ms = Date.parse(at);
		if (Number.isNaN(ms)) continue;
		if (!best || ms > best.ms || (ms === best.ms && compareIds(id, best.id) > 0)) {
			best = { row, ms, id };
		}
	}
	return best?.row;
}

/** Numeric ids in numeric order, others as text. */
function compareIds(a: string, b: string): number {
	const na = Number(a);
	const nb = Number(b);
	if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
	return a < b ? -1 : a > b ? 1 : 0;
}
