import {
	advance,
	type Mark,
	MAX_RECENT_IDS,
	newest,
	windowStart,
} from '../../nodes/NeoTrigger/window';

interface Row {
	id: number;
	at: string;
}
const keyOf = (row: Row) => ({ at: row.at, id: String(row.id) });
const row = (id: number, at: string): Row => ({ id, at });
const T = (s: number) => new Date(Date.UTC(2026, 11, 1, 9, 0, s)).toISOString();

/** Feeds successive reads through advance, like successive polls with a stored mark. */
function polls(reads: Row[][], start?: Mark) {
	let mark = start;
	const delivered: number[] = [];
	for (const rows of reads) {
		const result = advance(mark, rows, keyOf);
		delivered.push(...result.fresh.map((r) => r.id));
		mark = result.mark;
	}
	return { delivered, mark };
}

describe('advance (exactly-once window)', () => {
	it('delivers everything after no mark, oldest first, and marks the newest time with its ids', () => {
		const result = advance(undefined, [row(3, T(3)), row(2, T(2)), row(1, T(1))], keyOf);
		expect(result.fresh.map((r) => r.id)).toEqual([1, 2, 3]);
		expect(result.mark).toEqual({ at: T(3), ids: ['3'] });
	});

	it('keeps every id that shares the newest time, and delivers none of them twice', () => {
		const first = advance(undefined, [row(5, T(5)), row(4, T(5)), row(3, T(4))], keyOf);
		expect(first.mark).toEqual({ at: T(5), ids: ['4', '5'] });
		// The next read starts at the mark's time again: 4 and 5 come back, 6 is new at the same time.
		const second = advance(first.mark, [row(6, T(5)), row(5, T(5)), row(4, T(5))], keyOf);
		expect(second.fresh.map((r) => r.id)).toEqual([6]);
		expect(second.mark).toEqual({ at: T(5), ids: ['4', '5', '6'] });
	});

	it('forgets the old edge ids once the time moves on', () => {
		const result = advance({ at: T(5), ids: ['4', '5'] }, [row(7, T(6)), row(5, T(5))], keyOf);
		expect(result.fresh.map((r) => r.id)).toEqual([7]);
		expect(result.mark).toEqual({ at: T(6), ids: ['7'] });
	});

	it('overlapping windows: rows read again in later polls are delivered once', () => {
		const { delivered } = polls([
			[row(1, T(1)), row(2, T(2))],
			[row(2, T(2)), row(3, T(3))],
			[row(3, T(3)), row(2, T(2)), row(4, T(3))],
			[row(4, T(3))],
		]);
		expect(delivered).toEqual([1, 2, 3, 4]);
	});

	it('a row read twice in one poll (a page that shifted) counts once', () => {
		const result = advance(undefined, [row(1, T(1)), row(1, T(1)), row(2, T(2))], keyOf);
		expect(result.fresh.map((r) => r.id)).toEqual([1, 2]);
	});

	it('never delivers rows older than the mark, and keeps the mark when nothing is new', () => {
		const mark = { at: T(5), ids: ['9'] };
		const result = advance(mark, [row(9, T(5)), row(8, T(4))], keyOf);
		expect(result.fresh).toEqual([]);
		expect(result.mark).toEqual(mark);
		expect(advance(mark, [], keyOf)).toEqual({ fresh: [], mark });
		expect(advance(undefined, [], keyOf)).toEqual({ fresh: [], mark: undefined });
	});

	it('a restart changes nothing: the mark survives JSON (static data) and polls go on', () => {
		const reads = [
			[row(1, T(1)), row(2, T(1))],
			[row(2, T(1)), row(3, T(1)), row(4, T(2))],
			[row(4, T(2)), row(5, T(2))],
		];
		const straight = polls(reads).delivered;
		const before = polls(reads.slice(0, 2));
		const restored = JSON.parse(JSON.stringify(before.mark)) as Mark;
		const after = polls(reads.slice(2), restored);
		expect([...before.delivered, ...after.delivered]).toEqual(straight);
		expect(straight).toEqual([1, 2, 3, 4, 5]);
	});

	it('folds finer precision and other ISO spellings into milliseconds', () => {
		const result = advance(
			{ at: '2026-12-01T09:00:00.123Z', ids: ['1'] },
			[
				{ id: 1, at: '2026-12-01T09:00:00.123456+00:00' },
				{ id: 2, at: '2026-12-01T10:00:00.123789+01:00' },
				{ id: 3, at: '2026-12-01T09:00:00.124Z' },
			],
			keyOf,
		);
		expect(result.fresh.map((r) => r.id)).toEqual([2, 3]);
		expect(result.mark).toEqual({ at: '2026-12-01T09:00:00.124Z', ids: ['3'] });
	});

	it('skips rows without a readable time rather than placing them anywhere', () => {
		const result = advance(undefined, [row(1, 'not a time'), row(2, T(2))], keyOf);
		expect(result.fresh.map((r) => r.id)).toEqual([2]);
	});

	it('random batches read through random overlapping windows deliver each event exactly once', () => {
		for (let trial = 0; trial < 50; trial++) {
			const events: Row[] = [];
			let id = 0;
			let mark: Mark | undefined;
			const delivered: number[] = [];
			for (let poll = 0; poll < 20; poll++) {
				const newCount = Math.floor(Math.random() * 4);
				const now = poll * 2 + Math.floor(Math.random() * 2);
				for (let i = 0; i < newCount; i++) events.push(row(++id, T(now)));
				// A read from the mark's time on (as the trigger queries), newest first, some rows repeated.
				const from = mark ? Date.parse(mark.at) : -Infinity;
				const read = events
					.filter((e) => Date.parse(e.at) >= from)
					.sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id);
				const repeated = read.filter(() => Math.random() < 0.3);
				const result = advance(mark, [...read, ...repeated], keyOf);
				delivered.push(...result.fresh.map((r) => r.id));
				mark = JSON.parse(JSON.stringify(result.mark ?? null)) ?? undefined;
			}
			expect(delivered).toEqual(events.map((e) => e.id));
		}
	});
});

describe('advance with a look-back (late events)', () => {
	const LOOK = 60_000; // one minute, as T(s) counts seconds
	const M = (s: number) => new Date(Date.UTC(2026, 11, 1, 9, 0, 0) + s * 1000).toISOString();

	it('delivers, once, an event that shows up later with a time inside the look-back', () => {
		const first = advance(undefined, [row(1, M(100))], keyOf, LOOK);
		expect(first.mark).toEqual({ at: M(100), ids: ['1'], since: M(40) });
		const late = advance(first.mark, [row(2, M(70)), row(1, M(100))], keyOf, LOOK);
		expect(late.fresh.map((r) => r.id)).toEqual([2]);
		expect(late.mark).toEqual({
			at: M(100),
			ids: ['1'],
			since: M(40),
			recent: { '2': Date.parse(M(70)) },
		});
		expect(advance(late.mark, [row(2, M(70)), row(1, M(100))], keyOf, LOOK).fresh).toEqual([]);
	});

	it('never delivers one older than the look-back (it may be a repeat the window forgot)', () => {
		const { mark } = advance(undefined, [row(1, M(100))], keyOf, LOOK);
		expect(advance(mark, [row(3, M(39))], keyOf, LOOK).fresh).toEqual([]);
	});

	it('the window moves with the mark and forgets ids behind it', () => {
		const a = advance(undefined, [row(1, M(100)), row(2, M(90))], keyOf, LOOK);
		expect(a.mark?.recent).toEqual({ '2': Date.parse(M(90)) });
		const b = advance(a.mark, [row(3, M(200))], keyOf, LOOK);
		expect(b.mark).toEqual({ at: M(200), ids: ['3'], since: M(140) });
		expect(windowStart(b.mark as Mark)).toBe(M(140));
	});

	it('a string "12" and a number 12 are one event', () => {
		const keyOfAny = (r: { id: string | number; at: string }) => ({ at: r.at, id: String(r.id) });
		const first = advance(undefined, [{ id: 12, at: M(10) }], keyOfAny, LOOK);
		const again = advance(
			first.mark,
			[
				{ id: '12', at: M(10) },
				{ id: '13', at: M(5) },
			],
			keyOfAny,
			LOOK,
		);
		expect(again.fresh.map((r) => r.id)).toEqual(['13']);
	});

	it('keeps at most MAX_RECENT_IDS ids, and moves `since` past the dropped ones so none returns', () => {
		const many = Array.from({ length: MAX_RECENT_IDS + 50 }, (_, i) => ({
			id: i + 1,
			at: new Date(Date.parse(M(100)) - (i + 1) * 10).toISOString(),
		}));
		const { mark } = advance(undefined, [row(0, M(100)), ...many], keyOf, LOOK);
		expect(Object.keys(mark?.recent ?? {})).toHaveLength(MAX_RECENT_IDS);
		expect(JSON.stringify(mark).length).toBeLessThan(40_000);
		// The oldest dropped ones, read again, are behind the window: not delivered.
		const again = advance(mark, many.slice(-50), keyOf, LOOK);
		expect(again.fresh).toEqual([]);
		// Everything kept is still known.
		expect(advance(mark, many.slice(0, MAX_RECENT_IDS), keyOf, LOOK).fresh).toEqual([]);
	});

	it('a mark saved before look-backs existed keeps its meaning: nothing before it is replayed', () => {
		const legacy: Mark = { at: M(100), ids: ['1'] };
		expect(advance(legacy, [row(2, M(90)), row(1, M(100))], keyOf, LOOK).fresh).toEqual([]);
		const next = advance(legacy, [row(3, M(101))], keyOf, LOOK);
		expect(next.fresh.map((r) => r.id)).toEqual([3]);
		expect(next.mark).toEqual({
			at: M(101),
			ids: ['3'],
			since: M(100),
			recent: { '1': Date.parse(M(100)) },
		});
	});

	it('random late arrivals within the look-back are each delivered exactly once', () => {
		for (let trial = 0; trial < 30; trial++) {
			const stored: Row[] = [];
			let id = 0;
			let mark: Mark | undefined;
			const delivered: number[] = [];
			for (let poll = 0; poll < 20; poll++) {
				const now = 100 + poll * 10;
				for (let i = 0; i < Math.floor(Math.random() * 4); i++) {
					// Some arrive stamped up to 50 s in the past: late, but inside the minute.
					stored.push(row(++id, M(now - Math.floor(Math.random() * 50))));
				}
				const from = mark ? Date.parse(windowStart(mark)) : -Infinity;
				const read = stored.filter((e) => Date.parse(e.at) >= from);
				const result = advance(mark, read, keyOf, LOOK);
				delivered.push(...result.fresh.map((r) => r.id));
				mark = JSON.parse(JSON.stringify(result.mark ?? null)) ?? undefined;
			}
			expect([...delivered].sort((a, b) => a - b)).toEqual(stored.map((e) => e.id));
		}
	});
});

describe('newest', () => {
	it('picks the latest time, then the highest id', () => {
		expect(newest([row(1, T(2)), row(3, T(2)), row(2, T(1))], keyOf)?.id).toBe(3);
		expect(newest([], keyOf)).toBeUndefined();
	});
});
