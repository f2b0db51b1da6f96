import { sleep } from 'n8n-workflow';

/** Longest a waiting request sleeps before it looks again (and notices a cancelled execution). */
const SLICE_MS = 250;

/**
 * Added to each predicted expiry, on top of the spread of round-trip times seen (answers can come
 * back in another order than the server counted the requests): a request's answer comes after the
 * server counted it, but the server's clock is not ours to know to the millisecond.
 */
const MARGIN_MS = 20;

/** One of our requests the server counted (answered, not 429), in the order the answers came. */
interface Counted {
	sentAt: number;
	answeredAt: number;
}

/** What the latest answer's rate-limit headers said. */
interface Observation {
	at: number;
	remaining: number;
	resetAtMs: number;
	/** Index in `counted` of our oldest request still in the window at that answer, if known. */
	oldest?: number;
}

/** The answer to one request, for what the gate learns from it. */
export interface GateAnswer {
	statusCode: number;
	headers: Record<string, unknown>;
}

/**
 * One gate per node run, shared by all requests in flight:
 * - after a 429, every request waits until the server's Retry-After instead of each hammering alone;
 * - when X-RateLimit-Remaining says the budget is spent, new requests wait until a slot frees.
 *
 * When a slot frees: X-RateLimit-Reset is whole seconds, rounded up, and frees only the oldest
 * request's slot of Neo's sliding window. So the gate also keeps its own times: it learns the
 * window's length as an upper bound (Reset − when our oldest request in the window was sent; the
 * smallest bound seen wins) and predicts that each of our counted requests frees its slot one
 * window after its answer came back (never earlier than the server counted it). A 429 turns the
 * prediction off for the rest of the run (Reset and Retry-After only, as before).
 */
export class RateGate {
	private pausedUntilMs = 0;

	private inFlight = 0;

	private last: Observation | undefined;

	private recent: Observation[] = [];

	private readonly counted: Counted[] = [];

	private windowMs: number | undefined;

	private predict = true;

	private rtt = { min: Infinity, max: 0 };

	private changed!: Promise<void>;

	private signalChange!: () => void;

	constructor() {
		this.resetSignal();
	}

	/**
	 * Waits for a turn and returns when it was given (pass it to release()); undefined when the
	 * execution was cancelled meanwhile (no turn taken).
	 */
	async acquire(signal?: AbortSignal): Promise<number | undefined> {
		for (;;) {
			if (signal?.aborted) return undefined;
			const waitMs = this.waitNeeded(Date.now());
			if (waitMs <= 0) break;
			// Woken by whatever may free a turn (an answer, a new pause) or by the clock.
			await Promise.race([this.changed, sleep(Math.min(waitMs, SLICE_MS))]);
		}
		this.inFlight++;
		return Date.now();
	}

	/**
	 * Call once per acquire(), when the request has ended; with its answer when one came.
	 * `sentAt` is when acquire() let it go.
	 */
	release(sentAt: number, answer?: GateAnswer): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (answer) this.learn(sentAt, answer);
		this.wake();
	}

	pauseFor(ms: number): void {
		this.pausedUntilMs = Math.max(this.pausedUntilMs, Date.now() + ms);
		this.predict = false;
		this.wake();
	}

	private waitNeeded(now: number): number {
		if (now < this.pausedUntilMs) return this.pausedUntilMs - now;
		const last = this.last;
		if (!last) return 0;
		const { freed, nextAt } = this.predicted(last, now);
		if (last.remaining + freed - this.inFlight > 0) return 0;
		// Past the reset with nothing in flight: let one request through to learn the new budget.
		if (now >= last.resetAtMs) return this.inFlight === 0 ? 0 : Math.min(nextAt - now, SLICE_MS);
		return Math.min(last.resetAtMs, nextAt) - now;
	}

	/** Slots our own requests have freed since the last answer, and when the next one frees. */
	private predicted(last: Observation, now: number): { freed: number; nextAt: number } {
		const { windowMs } = this;
		if (!this.predict || windowMs === undefined || last.oldest === undefined) {
			return { freed: 0, nextAt: Infinity };
		}
		const freeAt = (i: number) => this.counted[i].answeredAt + windowMs + this.margin();
		// Slots freed before the answer are already in its X-RateLimit-Remaining; so may be those
		// predicted up to a margin and a round-trip spread later (the window's length is an upper
		// bound, and answers come back in another order than the server counted the requests).
		const spread = this.rtt.max - this.rtt.min;
		const from = this.firstFreeAfter(last.oldest, last.at + this.margin() + spread);
		const to = this.firstFreeAfter(from, now);
		return { freed: to - from, nextAt: to < this.counted.length ? freeAt(to) : Infinity };
	}

	/** The first index ≥ from whose slot frees after `time` (`counted` is in answer order). */
	private firstFreeAfter(from: number, time: number): number {
		let lo = from;
		let hi = this.counted.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.counted[mid].answeredAt + (this.windowMs ?? 0) + this.margin() <= time) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	private margin(): number {
		return MARGIN_MS + Math.max(0, this.rtt.max - this.rtt.min);
	}

	/** Learns from Neo's X-RateLimit-Limit, -Remaining and -Reset. */
	private learn(sentAt: number, { statusCode, headers }: GateAnswer): void {
		const remaining = Number(headers['x-ratelimit-remaining']);
		const reset = Number(headers['x-ratelimit-reset']);
		if (!Number.isFinite(remaining) || !Number.isFinite(reset)) return;
		const now = Date.now();
		// Neo sends epoch seconds; a small number can only be a delta, as some gateways send.
		const resetAtMs = reset > 1e9 ? reset * 1000 : now + reset * 1000;
		const observation: Observation = { at: now, remaining, resetAtMs };
		// A 429 was not counted, and a 401 is not charged: neither is in the window.
		if (statusCode !== 429 && statusCode !== 401) {
			this.counted.push({ sentAt, answeredAt: now });
			this.rtt.min = Math.min(this.rtt.min, now - sentAt);
			this.rtt.max = Math.max(this.rtt.max, now - sentAt);
			const inWindow = Number(headers['x-ratelimit-limit']) - remaining;
			if (Number.isInteger(inWindow) && inWindow >= 1) {
				observation.oldest = this.learnWindow(inWindow, resetAtMs, sentAt);
			}
		}
		// An answer that came back after this request was sent may have been counted after it: of
		// those, the one with the least budget left may describe the latest state.
		this.recent = this.recent.filter((earlier) => earlier.at > sentAt);
		this.recent.push(observation);
		this.last = this.recent.reduce((least, o) => (o.remaining <= least.remaining ? o : least));
		this.forget();
	}

	/**
	 * Our oldest request still in the window, if the window holds only ours. If it holds others'
	 * too, that one is already out, i.e. older than anything in it: the bounds below only grow
	 * (safe). Answers that came back after this request was sent may belong to requests the server
	 * counted after it, so the bounds step back past them. The window is no
	 * longer than from that request's sending to the reset, and no longer than from the sending of
	 * the one before it (out of the window) to this answer. With fewer of ours than the window
	 * holds, the oldest in it is someone else's: no bound.
	 */
	private learnWindow(inWindow: number, resetAtMs: number, sentAt: number): number {
		const oldest = this.counted.length - inWindow;
		const now = this.counted[this.counted.length - 1].answeredAt;
		let overtaken = 0;
		for (let i = this.counted.length - 2; i >= 0; i--) {
			if (this.counted[i].answeredAt <= sentAt) break;
			overtaken++;
		}
		const surelyOlder = oldest - overtaken;
		if (surelyOlder < 0) return Math.max(0, oldest);
		const bounds = [resetAtMs - this.counted[surelyOlder].sentAt];
		if (surelyOlder > 0) bounds.push(now - this.counted[surelyOlder - 1].sentAt);
		this.windowMs = Math.min(this.windowMs ?? Infinity, ...bounds.filter((bound) => bound > 0));
		return oldest;
	}

	/** Drops counted requests far behind the window, now and then. */
	private forget(): void {
		const keepFrom = Math.min(...this.recent.map((o) => o.oldest ?? this.counted.length));
		if (keepFrom < 4096) return;
		this.counted.splice(0, keepFrom);
		for (const o of this.recent) if (o.oldest !== undefined) o.oldest -= keepFrom;
	}

	private wake(): void {
		const signal = this.signalChange;
		this.resetSignal();
		signal();
	}

	private resetSignal(): void {
		this.changed = new Promise<void>((resolve) => {
			this.signalChange = resolve;
		});
	}
}
