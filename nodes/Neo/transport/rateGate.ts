import { waitUnlessCancelled } from './wait';

const POLL_MS = 25;

/** Neo's rate-limit headers, as last seen. */
interface Budget {
	remaining: number;
	resetAtMs: number;
}

/**
 * One gate per node run, shared by all requests in flight:
 * - after a 429, every request waits until the server's Retry-After instead of each hammering alone;
 * - when X-RateLimit-Remaining says the budget is spent, new requests wait for X-RateLimit-Reset,
 *   so a long provisioning run paces itself and meets few or no 429s.
 */
export class RateGate {
	private pausedUntilMs = 0;

	private budget: Budget | undefined;

	private inFlight = 0;

	/** Waits for a turn; false when the execution was cancelled meanwhile (no turn taken). */
	async acquire(signal?: AbortSignal): Promise<boolean> {
		for (;;) {
			const waitMs = this.waitNeeded(Date.now());
			if (waitMs <= 0) break;
			if (!(await waitUnlessCancelled(Math.min(waitMs, POLL_MS * 40), signal))) return false;
		}
		this.inFlight++;
		return true;
	}

	/** Call once per acquire(), when the request has ended, answered or not. */
	release(): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
	}

	pauseFor(ms: number): void {
		this.pausedUntilMs = Math.max(this.pausedUntilMs, Date.now() + ms);
	}

	private waitNeeded(now: number): number {
		if (now < this.pausedUntilMs) return this.pausedUntilMs - now;
		if (!this.budget) return 0;
		if (this.budget.remaining - this.inFlight > 0) return 0;
		// Budget spent: wait for the reset; once it has passed, let one request through to learn the
		// new budget, and keep the others polling until its answer arrives.
		if (now < this.budget.resetAtMs) return this.budget.resetAtMs - now;
		return this.inFlight === 0 ? 0 : POLL_MS;
	}

	/** Learns the budget from Neo's X-RateLimit-Remaining and X-RateLimit-Reset. */
	observe(headers: Record<string, unknown>): void {
		const remaining = Number(headers['x-ratelimit-remaining']);
		const reset = Number(headers['x-ratelimit-reset']);
		if (!Number.isFinite(remaining) || !Number.isFinite(reset)) return;
		// Neo sends epoch seconds; a small number can only be a delta, as some gateways send.
		const resetAtMs = reset > 1e9 ? reset * 1000 : Date.now() + reset * 1000;
		this.budget = { remaining, resetAtMs };
	}
}
