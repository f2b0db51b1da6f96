import { RateGate } from '../../nodes/Neo/transport/rateGate';

// A whole second, so X-RateLimit-Reset (epoch seconds) can name exact instants.
const T0 = Date.parse('2026-11-25T15:00:00Z');
const epochSeconds = (ms: number) => String(ms / 1000);

/** Starts gate.acquire() and reports whether it has resolved yet. */
function acquiring(gate: RateGate) {
	const state = { done: false };
	const promise = gate.acquire().then(() => {
		state.done = true;
	});
	return Object.assign(state, { promise });
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
		gate.observe({});
		gate.observe({ 'x-ratelimit-remaining': 'many', 'x-ratelimit-reset': epochSeconds(T0 + 5000) });
		gate.observe({ 'x-ratelimit-remaining': '0' });
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
		gate.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': epochSeconds(T0 + 3000) });
		const requests = [acquiring(gate), acquiring(gate), acquiring(gate)];

		await advance(2999);
		expect(requests.filter((r) => r.done)).toHaveLength(0);

		await advance(1);
		expect(requests.filter((r) => r.done)).toHaveLength(1);

		// While the probe is in flight (no answer yet), nobody else goes, however long it takes.
		await advance(5000);
		expect(requests.filter((r) => r.done)).toHaveLength(1);

		// The probe's answer brings a fresh budget: the others go.
		gate.observe({
			'x-ratelimit-remaining': '1199',
			'x-ratelimit-reset': epochSeconds(T0 + 68_000),
		});
		gate.release();
		await advance(25);
		expect(requests.every((r) => r.done)).toBe(true);
	});

	it('after a probe that brought no new budget, lets the next single request probe', async () => {
		const gate = new RateGate();
		gate.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': epochSeconds(T0 + 1000) });
		const requests = [acquiring(gate), acquiring(gate), acquiring(gate)];
		await advance(1000);
		expect(requests.filter((r) => r.done)).toHaveLength(1);
		gate.release(); // the probe failed without rate-limit headers (e.g. a network error)
		await advance(25);
		expect(requests.filter((r) => r.done)).toHaveLength(2);
		await advance(1000);
		expect(requests.filter((r) => r.done)).toHaveLength(2);
	});

	it('lets through as many requests as the budget has left, counting those in flight', async () => {
		const gate = new RateGate();
		gate.observe({ 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': epochSeconds(T0 + 4000) });
		const requests = [acquiring(gate), acquiring(gate), acquiring(gate)];
		await settle();
		expect(requests.map((r) => r.done)).toEqual([true, true, false]);
		await advance(3999);
		expect(requests[2].done).toBe(false);
		// Past the reset the old numbers say nothing: it waits for the two in flight to answer
		// (their headers bring the new budget), and goes as the probe once none is left.
		await advance(1000);
		expect(requests[2].done).toBe(false);
		gate.release();
		gate.release();
		await advance(25);
		expect(requests[2].done).toBe(true);
	});

	it('frees a slot when a request in flight ends', async () => {
		const gate = new RateGate();
		gate.observe({ 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': epochSeconds(T0 + 60_000) });
		const first = acquiring(gate);
		const second = acquiring(gate);
		await settle();
		expect([first.done, second.done]).toEqual([true, false]);
		gate.release();
		await advance(1000);
		expect(second.done).toBe(true);
	});

	it('reads a small X-RateLimit-Reset as seconds from now (gateway style)', async () => {
		const gate = new RateGate();
		gate.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2' });
		const request = acquiring(gate);
		await advance(1999);
		expect(request.done).toBe(false);
		await advance(1);
		expect(request.done).toBe(true);
	});

	it('does not wait for a reset that is already past', async () => {
		const gate = new RateGate();
		gate.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': epochSeconds(T0 - 1000) });
		const request = acquiring(gate);
		await settle();
		expect(request.done).toBe(true);
	});

	it('stops waiting once a later answer shows budget again', async () => {
		const gate = new RateGate();
		gate.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': epochSeconds(T0 + 30_000) });
		const request = acquiring(gate);
		await advance(1000);
		expect(request.done).toBe(false);
		gate.observe({ 'x-ratelimit-remaining': '50', 'x-ratelimit-reset': epochSeconds(T0 + 30_000) });
		await advance(1000);
		expect(request.done).toBe(true);
	});
});
