import { sleep } from 'n8n-workflow';

import { runInPool } from '../../nodes/Neo/helpers/pool';

/** Counts tasks in flight and remembers the peak. */
function flightRecorder() {
	let inFlight = 0;
	const state = { peak: 0, started: [] as number[], finished: [] as number[] };
	const run = async <T>(index: number, work: () => Promise<T>): Promise<T> => {
		state.started.push(index);
		inFlight++;
		state.peak = Math.max(state.peak, inFlight);
		try {
			return await work();
		} finally {
			inFlight--;
			state.finished.push(index);
		}
	};
	return { state, run, inFlight: () => inFlight };
}

const never = () => false;

describe('runInPool', () => {
	it('returns results in index order whatever order the tasks finish in', async () => {
		const count = 30;
		const durations = Array.from({ length: count }, () => Math.floor(Math.random() * 15));
		const { state, run } = flightRecorder();
		const results = await runInPool(
			count,
			5,
			async (i) => await run(i, async () => (await sleep(durations[i]), `result-${i}`)),
			never,
		);
		expect(results).toEqual(Array.from({ length: count }, (_, i) => `result-${i}`));
		expect(state.finished).toHaveLength(count);
	});

	it('returns results in index order when later tasks certainly finish first', async () => {
		const count = 8;
		const { state, run } = flightRecorder();
		// Each task waits for its own release; the releases come last-first, one at a time, so the
		// completion order is reversed by construction, not by timers a loaded machine can reorder.
		const releases: Array<() => void> = [];
		let startedCount = 0;
		let allStarted: () => void = () => {};
		const started = new Promise<void>((resolve) => (allStarted = resolve));
		const pending = runInPool(
			count,
			count,
			async (i) =>
				await run(i, async () => {
					await new Promise<void>((release) => {
						releases[i] = release;
						if (++startedCount === count) allStarted();
					});
					return i * i;
				}),
			never,
		);
		await started;
		for (let i = count - 1; i >= 0; i--) {
			releases[i]();
			await sleep(1);
		}
		// The test only means something if completion order really differed from index order.
		expect(state.finished).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);
		expect(await pending).toEqual([0, 1, 4, 9, 16, 25, 36, 49]);
	});

	it.each([1, 3, 7])(
		'never has more than %i tasks in flight, and uses all of them',
		async (concurrency) => {
			const { state, run } = flightRecorder();
			await runInPool(
				25,
				concurrency,
				async (i) => await run(i, async () => await sleep(1 + Math.floor(Math.random() * 8))),
				never,
			);
			expect(state.peak).toBe(concurrency);
			expect(state.started.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
		},
	);

	it('with concurrency 1, runs tasks strictly one after another in order', async () => {
		const events: string[] = [];
		await runInPool(
			4,
			1,
			async (i) => {
				events.push(`start ${i}`);
				await sleep(2);
				events.push(`end ${i}`);
			},
			never,
		);
		expect(events).toEqual([
			'start 0',
			'end 0',
			'start 1',
			'end 1',
			'start 2',
			'end 2',
			'start 3',
			'end 3',
		]);
	});

	it('starts no more workers than there are tasks', async () => {
		const { state, run } = flightRecorder();
		const results = await runInPool(
			3,
			10,
			async (i) => await run(i, async () => (await sleep(5), i)),
			never,
		);
		expect(results).toEqual([0, 1, 2]);
		expect(state.peak).toBe(3);
	});

	it('does nothing for zero tasks', async () => {
		const task = jest.fn(async () => 1);
		await expect(runInPool(0, 5, task, never)).resolves.toEqual([]);
		expect(task).not.toHaveBeenCalled();
	});

	it('starts nothing new once shouldStop() is true, but lets in-flight tasks finish', async () => {
		const { state, run, inFlight } = flightRecorder();
		let stop = false;
		const startedAfterStop: number[] = [];
		let inFlightAtStop = 0;
		const results = await runInPool(
			20,
			4,
			async (i) =>
				await run(i, async () => {
					if (stop) startedAfterStop.push(i);
					// Task 5 fails fast; the others take longer, so some are in flight when it does.
					await sleep(i === 5 ? 1 : 20);
					if (i === 5 && !stop) {
						stop = true;
						inFlightAtStop = inFlight() - 1; // the others, not this one
					}
					return i;
				}),
			() => stop,
		);

		expect(startedAfterStop).toEqual([]);
		expect(inFlightAtStop).toBeGreaterThan(0);
		// Everything that started also finished (runInPool waited for it) and kept its result.
		expect(state.finished.sort((a, b) => a - b)).toEqual(state.started.sort((a, b) => a - b));
		for (const i of state.started) expect(results[i]).toBe(i);
		// Nothing past what had started ran; the rest have no result.
		expect(state.started.length).toBeLessThan(20);
		for (let i = 0; i < 20; i++) {
			if (!state.started.includes(i)) expect(results[i]).toBeUndefined();
		}
		expect(results).toHaveLength(20);
	});

	it('starts nothing at all when shouldStop() is true from the outset', async () => {
		const task = jest.fn(async (i: number) => i);
		const results = await runInPool(5, 2, task, () => true);
		expect(task).not.toHaveBeenCalled();
		expect(results).toEqual([undefined, undefined, undefined, undefined, undefined]);
	});
});
