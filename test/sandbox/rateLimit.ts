// Neo's documented limit: N requests per sliding window, per tenant (all of a tenant's keys share it).
import type { RateLimitConfig, RetryAfterFormat } from './types';

export interface RateDecision {
	allowed: boolean;
	limit: number;
	remaining: number;
	/** Unix epoch seconds when the oldest request in the window expires. */
	resetAt: number;
	/** Milliseconds until a slot frees up (0 when allowed). */
	retryAfterMs: number;
}

export class SlidingWindow {
	private readonly hits = new Map<string, number[]>();

	constructor(public config: RateLimitConfig) {}

	/** Records a request for `key` unless it is over the limit; rejected requests do not enter the window. */
	take(key: string, now = Date.now()): RateDecision {
		const { limit, windowMs } = this.config;
		const hits = this.hits.get(key) ?? [];
		while (hits.length > 0 && hits[0] <= now - windowMs) hits.shift();
		this.hits.set(key, hits);
		if (hits.length >= limit) {
			const freeAt = hits[hits.length - limit] + windowMs;
			return {
				allowed: false,
				limit,
				remaining: 0,
				resetAt: Math.ceil((hits[0] + windowMs) / 1000),
				retryAfterMs: Math.max(1, freeAt - now),
			};
		}
		hits.push(now);
		return {
			allowed: true,
			limit,
			remaining: limit - hits.length,
			resetAt: Math.ceil((hits[0] + windowMs) / 1000),
			retryAfterMs: 0,
		};
	}

	reset(): void {
		this.hits.clear();
	}
}

export function rateLimitHeaders(d: RateDecision): Record<string, string> {
	return {
		'X-RateLimit-Limit': String(d.limit),
		'X-RateLimit-Remaining': String(d.remaining),
		'X-RateLimit-Reset': String(d.resetAt),
	};
}

/** Retry-After as whole seconds (rounded up, so waiting that long always suffices) or an HTTP date. */
export function retryAfterValue(
	ms: number,
	format: RetryAfterFormat,
	now = Date.now(),
): string | undefined {
	const seconds = Math.max(1, Math.ceil(ms / 1000));
	if (format === 'none') return undefined;
	// An HTTP date has whole seconds: round the instant up so the date is never early.
	if (format === 'date') return new Date(Math.ceil((now + ms) / 1000) * 1000).toUTCString();
	return String(seconds);
}
