/**
 * Exactly-once over polls, as a pure function. An event has a time (created_at or updated_at) and
 * an id. The mark is the newest time delivered so far plus the ids delivered AT that time: a later
 * poll reads from the mark's time again (the window overlaps), and delivers an event only when it is
 * newer than the mark, or as old as the mark and not among its ids. So equal timestamps, rows read
 * twice (overlapping windows, pages that shift) and a restart (the mark lives in static data) never
 * repeat an event, and no event at or after the mark's time is skipped.
 *
 * Late events: Neo may store an event after a poll with a time older than the mark (a back-dated
 * created_at). With a look-back, the mark also keeps `since` (mark time minus the look-back) and
 * the ids seen in [since, at) with their times (`recent`); reads start at `since`, and an event in
 * that window whose id is not known is delivered, once. The window is bounded twice: by time
 * (the look-back) and by size (at most MAX_RECENT_IDS ids; past it the oldest are dropped and
 * `since` moves up past them, so a dropped id can never come back as new).
 *
 * Times are compared in milliseconds: finer precision (Neo may send microseconds) folds into the
 * same millisecond, which the ids at the edge then tell apart. Ids are compared as text, so a
 * string "12" and a number 12 are the same event.
 */
export interface Mark {
	/** ISO 8601, UTC, millisecond precision. */
	at: string;
	/** Ids of the seen events whose time is `at`. */
	ids: string[];
	/**
	 * Start of the look-back window (ISO). Absent (marks saved before late events were handled, or
	 * no look-back): the window is the mark's time alone.
	 */
	since?: string;
	/** Ids seen with a time in [since, at), each with that time in ms. */
	recent?: Record<string, number>;
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

/** The trigger's look-back for late events: 15 minutes. */
export const LATE_EVENT_WINDOW_MS = 15 * 60_000;

/** The most ids the look-back window keeps in static data (besides the ids at the mark's time). */
export const MAX_RECENT_IDS = 1000;

/** Where a read must start so that the window's late events are in it. */
export function windowStart(mark: Mark): string {
	return mark.since ?? mark.at;
}

export function advance<T>(
	mark: Mark | undefined,
	rows: T[],
	keyOf: (row: T) => EventKey,
	lookbackMs = 0,
): WindowResult<T> {
	const markMs = mark ? Date.parse(mark.at) : -Infinity;
	const sinceMs = mark ? Date.parse(windowStart(mark)) : -Infinity;
	const known = new Map<string, number>(Object.entries(mark?.recent ?? {}));
	for (const id of mark?.ids ?? []) known.set(id, markMs);
	const seen = new Set<string>();
	const fresh: Array<{ row: T; ms: number; id: string }> = [];
	let topMs = markMs;
	for (const row of rows) {
		const { at, id } = keyOf(row);
		const ms = Date.parse(at);
		// An event without a readable time cannot be placed; an id read twice is one event.
		if (Number.isNaN(ms) || seen.has(id)) continue;
		seen.add(id);
		// Older than the window: beyond the bound, never delivered (it could be a repeat).
		if (ms < sinceMs || known.has(id)) continue;
		fresh.push({ row, ms, id });
		if (ms > topMs) topMs = ms;
	}
	fresh.sort((a, b) => a.ms - b.ms || compareIds(a.id, b.id));
	if (topMs === -Infinity) return { fresh: [], mark };
	for (const event of fresh) known.set(event.id, event.ms);
	return {
		fresh: fresh.map((event) => event.row),
		mark: nextMark(topMs, Math.max(sinceMs, topMs - lookbackMs), known),
	};
}

/** The mark at `atMs` keeping the known ids inside the window, at most MAX_RECENT_IDS of them. */
function nextMark(atMs: number, sinceMs: number, known: Map<string, number>): Mark {
	const ids: string[] = [];
	const inWindow: Array<[string, number]> = [];
	for (const [id, ms] of known) {
		if (ms === atMs) ids.push(id);
		else if (ms >= sinceMs && ms < atMs) inWindow.push([id, ms]);
	}
	inWindow.sort((a, b) => b[1] - a[1]);
	let since = sinceMs;
	if (inWindow.length > MAX_RECENT_IDS) {
		since = Math.max(since, inWindow[MAX_RECENT_IDS][1] + 1);
	}
	const recent = inWindow.filter(([, ms]) => ms >= since);
	const mark: Mark = { at: new Date(atMs).toISOString(), ids: ids.sort(compareIds) };
	if (since < atMs) mark.since = new Date(since).toISOString();
	if (recent.length > 0) mark.recent = Object.fromEntries(recent);
	return mark;
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
