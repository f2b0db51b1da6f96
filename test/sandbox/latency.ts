// Per-request latency: fixed (latencyMs), or jittered around it from a seeded generator, so the
// same seed gives the same sequence of delays (benchmarks that avoid fixed-latency lockstep).
import type { SandboxConfig } from './types';

/** mulberry32: a tiny, fast, seedable PRNG; uniform in [0, 1). */
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

type LatencyConfig = Pick<
	SandboxConfig,
	'latencyMs' | 'latencyJitterMs' | 'latencyDistribution' | 'latencySeed'
>;

export class Latency {
	private random: () => number;

	constructor(private config: LatencyConfig) {
		this.random = mulberry32(config.latencySeed);
	}

	/** New settings restart the sequence from the seed. */
	reseed(config: LatencyConfig): void {
		this.config = config;
		this.random = mulberry32(config.latencySeed);
	}

	/**
	 * The next delay in ms. uniform: latencyMs ± latencyJitterMs (floored at 0). lognormal: median
	 * latencyMs, sigma = ln(1 + jitter / latency), so one sigma up is latencyMs + latencyJitterMs.
	 */
	next(): number {
		const { latencyMs: base, latencyJitterMs: jitter, latencyDistribution } = this.config;
		if (jitter <= 0) return base;
		if (latencyDistribution === 'lognormal') {
			if (base <= 0) return 0;
			// Box-Muller: two uniforms -> one standard normal.
			const z = Math.sqrt(-2 * Math.log(1 - this.random())) * Math.cos(2 * Math.PI * this.random());
			return Math.round(base * Math.exp(Math.log(1 + jitter / base) * z) * 1000) / 1000;
		}
		return Math.max(0, Math.round((base + (this.random() * 2 - 1) * jitter) * 1000) / 1000);
	}
}
