const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** Retry-After in either form (delta-seconds or an HTTP date), in milliseconds from `now`. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const header = Array.isArray(value) ? value[0] : value;
	if (typeof header !== 'string' && typeof header !== 'number') return undefined;
	const text = String(header).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	// Only an HTTP date (IMF-fixdate): Date.parse would read "-1" or "3,5" as dates in 2001.
	if (!HTTP_DATE.test(text)) return undefined;
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 20_000;

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so parallel items
 * that failed together do not come back together.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
	const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
	return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Whether Neo may have acted on a request that failed: a 5xx, a dropped connection or a timeout
 * after sending, or a 2xx whose body was not Neo's envelope. (A 4xx or 429 means it did not.)
 */
export function mayHaveActed(failure: { httpStatus?: number; code: string }): boolean {
	const status = failure.httpStatus;
	if (status === undefined) return failure.code === 'timeout' || failure.code === 'network_error';
	return status >= 500 || (status >= 200 && status < 300);
}
