import { sleep } from 'n8n-workflow';

import { RateGate } from '../../nodes/Neo/transport/rateGate';
import { rateLimitHeaders, SlidingWindow } from '../sandbox/rateLimit';

// A whole second, so X-RateLimit-Reset (epoch seconds) can name exact instants.
const T0 = Date.parse('2026-11-25T15:00:00Z');
const epochSeconds = (ms: number) => String(ms / 1000);

/** Starts gate.acquire() and reports whether it has resolved yet, and when it was let go. */
function acquiring(gate: RateGate) {
	const state: { done: boolean; sentAt?: number } = { done: false };
	const promise = gate.acquire().then((sentAt) => {
		state.done = true;
		state.sentAt = sentAt;
	});
	return Object.assign(state, { promise });
}

/** One request that is let go at once and answered with these headers (status 201 unless said). */
async function answer(gate: RateGate, headers: Record<string, string>, statusCode = 201) {
	const sentAt = await gate.acquire();
	gate.release(sentAt ?? Date.now(), { statusCode, headers });
}

/** The answer for a request that acquiring() let go. */
function answered(
	gate: RateGate,
	request: ReturnType<typeof acquiring>,
	headers?: Record<string, string>,
) {
	gate.release(request.sentAt ?? 0, headers ? { statusCode: 201, headers } : undefined);
}

const advance = async (ms: number) => await jest.advanceTimersByTimeAsync(ms);
const settle = async () => await jest.advanceTimersByTimeAsync(0);

beforeEach(() => {
	jest.useFakeTimers({ now: T0 });
});

afterEach(() => {
	jest.useRealTimers();
});

describe('RateGate without a pause or a known budget', () => {
	it('lets every request through at once', async () => {
		const gate = new RateGate();
		const requests = [acquiring(gate), acquiring(gate), acquiring(gate)];
		await settle();
		expect(requests.map((r) => r.done)).toEqual([true, true, true]);
	});

	it('ignores answers without usable rate-limit headers', async () => {
		const gate = new RateGate();
		await answer(gate, {});
		await answer(gate, {
			'x-ratelimit-remaining': 'many',
			'x-ratelimit-reset': epochSeconds(T0 + 5000),
		});
		await answer(gate, { 'x-ratelimit-remaining': '0' });
		const request = acquiring(gate);
		await settle();
		expect(request.done).toBe(true);
	});
});

describe('RateGate.pauseFor (after a 429)', () => {
	it('blocks acquire until the pause has passed, to the millisecond', async () => {
		const gate = new RateGate();
		gate.pauseFor(2500);
		const request = acquiring(gate);
		await advance(2499);
		expect(request.done).toBe(false);
		await advance(1);
		expect(request.done).toBe(true);
	});

	it('holds back every request, and releases them all when the pause ends', async () => {
		const gate = new RateGate();
		gate.pauseFor(1000);
		const requests = [acquiring(gate), acquiring(gate), acquiring(gate)];
		await advance(999);
		expect(requests.some((r) => r.done)).toBe(false);
		await advance(1);
		expect(requests.every((r) => r.done)).toBe(true);
	});

	it('keeps the longer of two pauses', async () => {
		const gate = new RateGate();
		gate.pauseFor(3000);
		gate.pauseFor(500);
		const request = acquiring(gate);
		await advance(2999);
		expect(request.done).toBe(false);
		await advance(1);
		expect(request.done).toBe(true);
	});

	it('extends a pause when a later 429 asks for more', async () => {
		const gate = new RateGate();
		gate.pauseFor(1000);
		const request = acquiring(gate);
		await advance(500);
		gate.pauseFor(2000); // until T0 + 2500
		await advance(1999);
		expect(request.done).toBe(false);
		await advance(1);
		expect(request.done).toBe(true);
	});

	it('does not hold requests that arrive after the pause ended', async () => {
		const gate = new RateGate();
		gate.pauseFor(100);
		await advance(100);
		const request = acquiring(gate);
		await settle();
		expect(request.done).toBe(true);
	});
});

describe('RateGate with a budget from X-RateLimit-Remaining / X-RateLimit-Reset', () => {
	it('blocks a spent budget until the reset, then lets exactly one request probe', async () => {
		const gate = new RateGate();
		await answer(gate, {
			'x-ratelimit-remaining': '0',
			'x-ratelimit-reset': epochSeconds(T0 + 3000),
		});
		const requests = [acquiring(gate), acquiring(gate), acquiring(gate)];

		await advance(2999);
		expect(requests.filter((r) => r.done)).toHaveLength(0);

		await advance(1);
		expect(requests.filter((r) => r.done)).toHaveLength(1);

		// While the probe is in flight (no answer yet), nobody else goes, however long it takes.
		await advance(5000);
		expect(requests.filter((r) => r.done)).toHaveLength(1);

		// The probe's answer brings a fresh budget: the others go at once (woken by the answer).
		answered(gate, requests.find((r) => r.done)!, {
			'x-ratelimit-remaining': '1199',
			'x-ratelimit-reset': epochSeconds(T0 + 68_000),
		});
		await settle();
		expect(requests.every((r) => r.done)).toBe(true);
	});

	it('after a probe that brought no new budget, lets the next single request probe', async () => {
		const gate = new RateGate();
		await answer(gate, {
			'x-ratelimit-remaining': '0',
			'x-ratelimit-reset': epochSeconds(T0 + 1000),
		});
		const requests = [acquiring(gate), acquiring(gate), acquiring(gate)];
		await advance(1000);
		expect(requests.filter((r) => r.done)).toHaveLength(1);
		answered(gate, requests[0]); // the probe failed without an answer (e.g. a network error)
		await settle();
		expect(requests.filter((r) => r.done)).toHaveLength(2);
		await advance(1000);
		expect(requests.filter((r) => r.done)).toHaveLength(2);
	});

	it('lets through as many requests as the budget has left, counting those in flight', async () => {
		const gate = new RateGate();
		await answer(gate, {
			'x-ratelimit-remaining': '2',
			'x-ratelimit-reset': epochSeconds(T0 + 4000),
		});
		const requests = [acquiring(gate), acquiring(gate), acquiring(gate)];
		await settle();
		expect(requests.map((r) => r.done)).toEqual([true, true, false]);
		await advance(3999);
		expect(requests[2].done).toBe(false);
		// Past the reset the old numbers say nothing: it waits for the two in flight to answer
		// (their headers bring the new budget), and goes as the probe once none is left.
		await advance(1000);
		expect(requests[2].done).toBe(false);
		answered(gate, requests[0]);
		answered(gate, requests[1]);
		await settle();
		expect(requests[2].done).toBe(true);
	});

	it('frees a slot when a request in flight ends', async () => {
		const gate = new RateGate();
		await answer(gate, {
			'x-ratelimit-remaining': '1',
			'x-ratelimit-reset': epochSeconds(T0 + 60_000),
		});
		const first = acquiring(gate);
		const second = acquiring(gate);
		await settle();
		expect([first.done, second.done]).toEqual([true, false]);
		answered(gate, first);
		await settle();
		expect(second.done).toBe(true);
	});

	it('reads a small X-RateLimit-Reset as seconds from now (gateway style)', async () => {
		const gate = new RateGate();
		await answer(gate, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2' });
		const request = acquiring(gate);
		await advance(1999);
		expect(request.done).toBe(false);
		await advance(1);
		expect(request.done).toBe(true);
	});

	it('does not wait for a reset that is already past', async () => {
		const gate = new RateGate();
		await answer(gate, {
			'x-ratelimit-remaining': '0',
			'x-ratelimit-reset': epochSeconds(T0 - 1000),
		});
		const request = acquiring(gate);
		await settle();
		expect(request.done).toBe(true);
	});

	it('stops waiting once a later answer shows budget again', async () => {
		const gate = new RateGate();
		await answer(gate, {
			'x-ratelimit-remaining': '1',
			'x-ratelimit-reset': epochSeconds(T0 + 30_000),
		});
		const holder = acquiring(gate);
		const request = acquiring(gate);
		await advance(1000);
		expect(request.done).toBe(false);
		answered(gate, holder, {
			'x-ratelimit-remaining': '50',
			'x-ratelimit-reset': epochSeconds(T0 + 30_000),
		});
		await settle();
		expect(request.done).toBe(true);
	});
});

/**
 * The window timed from the gate's own observations, against the sandbox's real sliding-window
 * limiter driven by the fake clock: a server that sends whole-second X-RateLimit-Reset (rounded
 * up) and counts each request when it arrives, 50 ms after it was let go.
 */
describe('RateGate timing a sliding window from its own observations', () => {
	const LATENCY_MS = 100;

	async function provision(options: {
		n: number;
		limit: number;
		windowMs: number;
		parallel: number;
		startAtMs: number;
		takenBefore?: number;
		/** Milliseconds before the server counts request i, and before its answer is back. */
		latency?: (i: number) => [number, number];
	}) {
		const latency = options.latency ?? (() => [LATENCY_MS, 0]);
		let sends = 0;
		const { n, limit, windowMs, parallel } = options;
		const limiter = new SlidingWindow({ limit, windowMs });
		for (let i = 0; i < (options.takenBefore ?? 0); i++) limiter.take('tenant', T0);
		const gate = new RateGate();
		const arrivals: number[] = [];
		let rejected = 0;
		let next = 0;
		const worker = async () => {
			while (next < n) {
				next++;
				for (;;) {
					const sentAt = await gate.acquire();
					const [toServer, back] = latency(sends++);
					await sleep(toServer);
					const decision = limiter.take('tenant', Date.now());
					const arrivedAt = Date.now();
					await sleep(back);
					const headers = Object.fromEntries(
						Object.entries(rateLimitHeaders(decision)).map(([k, v]) => [k.toLowerCase(), v]),
					);
					gate.release(sentAt!, { statusCode: decision.allowed ? 201 : 429, headers });
					if (decision.allowed) {
						arrivals.push(arrivedAt);
						break;
					}
					rejected++;
					gate.pauseFor(Math.ceil(decision.retryAfterMs / 1000) * 1000);
				}
			}
		};
		await advance(options.startAtMs);
		const done = Promise.all(Array.from({ length: parallel }, worker));
		let finished = false;
		void done.then(() => (finished = true));
		while (!finished) await advance(100);
		return { arrivals, rejected, start: T0 + options.startAtMs, end: Date.now() };
	}

	it('meets no 429 and loses at most the first window’s rounding, not a second per window', async () => {
		// 20 per 3 s, 80 requests, 100 ms each, 2 in flight (each burst spans about a second): the
		// 61st can arrive 3 × 3 s after the first, no sooner.
		// Starting 0.1 s past a whole second, every X-RateLimit-Reset is about 0.9 s late.
		const run = await provision({ n: 80, limit: 20, windowMs: 3000, parallel: 2, startAtMs: 100 });

		expect(run.rejected).toBe(0);
		expect(run.arrivals).toHaveLength(80);
		// Never more than the limit inside any window, by the server's own count.
		for (let i = 20; i < run.arrivals.length; i++) {
			expect(run.arrivals[i] - run.arrivals[i - 20]).toBeGreaterThanOrEqual(3000);
		}
		// Waiting for each whole-second Reset loses about 0.9 s in each of the 3 pauses (the 61st
		// at about 11.9 s); the gate loses it once, then follows each slot's expiry to within a
		// round trip and its margin.
		const lastStartedAt = run.arrivals[60] - run.arrivals[0];
		expect(lastStartedAt).toBeLessThan(9000 + 900 + 3 * 300);
	}, 30_000);

	it('with the window shared by another client, still meets no 429', async () => {
		// Someone else took 4 of the 10 slots just before the run.
		const run = await provision({
			n: 30,
			limit: 10,
			windowMs: 2000,
			parallel: 2,
			startAtMs: 300,
			takenBefore: 4,
		});

		expect(run.rejected).toBe(0);
		expect(run.arrivals).toHaveLength(30);
	}, 30_000);

	it('with jittered latency both ways (answers out of order), still meets no 429', async () => {
		// A fixed pseudo-random sequence: 20–180 ms to the server, 0–120 ms back.
		const jitter = (i: number): [number, number] => [20 + ((i * 37) % 161), (i * 53) % 121];
		const run = await provision({
			n: 120,
			limit: 20,
			windowMs: 3000,
			parallel: 4,
			startAtMs: 700,
			latency: jitter,
		});

		expect(run.rejected).toBe(0);
		expect(run.arrivals).toHaveLength(120);
	}, 30_000);
});
