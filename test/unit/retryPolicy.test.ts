import { backoffDelay, parseRetryAfter } from '../../nodes/Neo/transport/retryPolicy';

const NOW = Date.parse('2026-11-25T15:00:00Z');

describe('parseRetryAfter', () => {
	it('reads delta-seconds as milliseconds', () => {
		expect(parseRetryAfter('5', NOW)).toBe(5000);
		expect(parseRetryAfter('0', NOW)).toBe(0);
		expect(parseRetryAfter(' 12 ', NOW)).toBe(12_000);
		expect(parseRetryAfter('120', NOW)).toBe(120_000);
	});

	it('reads fractional seconds and rounds to whole milliseconds', () => {
		expect(parseRetryAfter('1.5', NOW)).toBe(1500);
		expect(parseRetryAfter('0.25', NOW)).toBe(250);
		expect(parseRetryAfter('2.0004', NOW)).toBe(2000);
	});

	it('accepts a numeric header value', () => {
		expect(parseRetryAfter(3, NOW)).toBe(3000);
	});

	it('reads an HTTP date in the future as the time left until it', () => {
		expect(parseRetryAfter('Wed, 25 Nov 2026 15:00:30 GMT', NOW)).toBe(30_000);
		expect(parseRetryAfter('Wed, 25 Nov 2026 15:02:00 GMT', NOW)).toBe(120_000);
	});

	it('uses the injected clock, not the real one, for HTTP dates', () => {
		const date = 'Wed, 25 Nov 2026 15:00:30 GMT';
		expect(parseRetryAfter(date, NOW + 10_000)).toBe(20_000);
	});

	it('reads an HTTP date in the past as no wait (never negative)', () => {
		expect(parseRetryAfter('Wed, 25 Nov 2026 14:59:00 GMT', NOW)).toBe(0);
		expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toBe(0);
	});

	it('returns undefined for garbage, so the caller falls back to its own backoff', () => {
		expect(parseRetryAfter('soon', NOW)).toBeUndefined();
		expect(parseRetryAfter('', NOW)).toBeUndefined();
		expect(parseRetryAfter('   ', NOW)).toBeUndefined();
		expect(parseRetryAfter('5 seconds', NOW)).toBeUndefined();
		expect(parseRetryAfter('1e3', NOW)).toBeUndefined();
		expect(parseRetryAfter('120abc', NOW)).toBeUndefined();
	});

	it('returns undefined when the header is absent or not text', () => {
		expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
		expect(parseRetryAfter(null, NOW)).toBeUndefined();
		expect(parseRetryAfter({ seconds: 5 }, NOW)).toBeUndefined();
		expect(parseRetryAfter(true, NOW)).toBeUndefined();
	});

	it('uses the first value of a repeated (array) header', () => {
		expect(parseRetryAfter(['7', '9'], NOW)).toBe(7000);
		expect(parseRetryAfter(['Wed, 25 Nov 2026 15:00:10 GMT'], NOW)).toBe(10_000);
		expect(parseRetryAfter([], NOW)).toBeUndefined();
	});

	it('ignores values that are neither delta-seconds nor an HTTP date', () => {
		expect(parseRetryAfter('-1', NOW)).toBeUndefined();
		expect(parseRetryAfter('abc 2', NOW)).toBeUndefined();
		expect(parseRetryAfter('3,5', NOW)).toBeUndefined();
	});
});

describe('backoffDelay', () => {
	const low = () => 0;
	const high = () => 1;

	it('is half the ceiling with random 0 and the full ceiling with random 1', () => {
		// ceiling = 500 ms * 2^attempt
		expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, low))).toEqual([
			250, 500, 1000, 2000, 4000, 8000,
		]);
		expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, high))).toEqual([
			500, 1000, 2000, 4000, 8000, 16_000,
		]);
	});

	it('puts a random draw in between proportionally', () => {
		expect(backoffDelay(2, () => 0.5)).toBe(1500);
		expect(backoffDelay(0, () => 0.25)).toBe(313); // 250 + 62.5, rounded
	});

	it('caps the ceiling at 20 s, however many attempts', () => {
		for (const attempt of [6, 7, 10, 30, 1000, 5000]) {
			expect(backoffDelay(attempt, low)).toBe(10_000);
			expect(backoffDelay(attempt, high)).toBe(20_000);
		}
	});

	it('stays within [ceiling/2, ceiling] with the default random source', () => {
		for (let attempt = 0; attempt < 10; attempt++) {
			const ceiling = Math.min(20_000, 500 * 2 ** attempt);
			for (let i = 0; i < 200; i++) {
				const delay = backoffDelay(attempt);
				expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
				expect(delay).toBeLessThanOrEqual(ceiling);
				expect(Number.isInteger(delay)).toBe(true);
			}
		}
	});

	it('spreads parallel retries apart (jitter is actually applied)', () => {
		const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4)));
		expect(delays.size).toBeGreaterThan(1);
	});
});
