import { advance, type Mark, newest } from '../../nodes/NeoTrigger/window';

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

describe('newest', () => {
	it('picks the latest time, then the highest id', () => {
		expect(newest([row(1, T(2)), row(3, T(2)), row(2, T(1))], keyOf)?.id).toBe(3);
		expect(newest([], keyOf)).toBeUndefined();
	});
});
