// The sandbox's tunable behaviour, its defaults and its validation (start options, configure()
// and POST /__sandbox/configure all pass through checkConfig).
import type { SandboxConfig } from './types';
import { checkReadings, DEFAULT_READINGS } from './readings';

export const DEFAULT_CONFIG: SandboxConfig = {
	latencyMs: 0,
	latencyJitterMs: 0,
	latencyDistribution: 'uniform',
	latencySeed: 1,
	rateLimit: { limit: 1200, windowMs: 60_000 },
	retryAfterFormat: 'seconds',
	errorCodeCase: 'lower',
	maxPageSize: 200,
	readings: DEFAULT_READINGS,
	runNow: { durationMs: 200, outcome: 'SUCCEEDED' },
};

const nonNegative = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

export type ConfigPatch = Partial<Omit<SandboxConfig, 'readings' | 'runNow'>> & {
	readings?: Partial<SandboxConfig['readings']>;
	runNow?: Partial<SandboxConfig['runNow']>;
};

export function checkConfig(patch: ConfigPatch): void {
	if (patch.readings !== undefined) checkReadings(patch.readings);
	if (patch.runNow !== undefined) checkRunNow(patch.runNow);
	const { latencyMs, latencyJitterMs, latencyDistribution, latencySeed } = patch;
	const { rateLimit, retryAfterFormat, errorCodeCase, maxPageSize } = patch;
	if (maxPageSize !== undefined && !(Number.isInteger(maxPageSize) && maxPageSize >= 1)) {
		throw new Error('maxPageSize must be an integer >= 1');
	}
	if (latencyMs !== undefined && !nonNegative(latencyMs)) {
		throw new Error('latencyMs must be a number >= 0');
	}
	if (latencyJitterMs !== undefined && !nonNegative(latencyJitterMs)) {
		throw new Error('latencyJitterMs must be a number >= 0');
	}
	if (
		latencyDistribution !== undefined &&
		!['uniform', 'lognormal'].includes(latencyDistribution)
	) {
		throw new Error("latencyDistribution must be 'uniform' or 'lognormal'");
	}
	if (latencySeed !== undefined && !Number.isSafeInteger(latencySeed)) {
		throw new Error('latencySeed must be an integer');
	}
	if (rateLimit !== undefined) {
		const { limit, windowMs } = rateLimit ?? {};
		if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
			throw new Error('rateLimit.limit must be an integer >= 1');
		}
		if (windowMs !== undefined && !(typeof windowMs === 'number' && windowMs > 0)) {
			throw new Error('rateLimit.windowMs must be a number > 0');
		}
	}
	if (retryAfterFormat !== undefined && !['seconds', 'date', 'none'].includes(retryAfterFormat)) {
		throw new Error("retryAfterFormat must be 'seconds', 'date' or 'none'");
	}
	if (errorCodeCase !== undefined && !['lower', 'upper'].includes(errorCodeCase)) {
		throw new Error("errorCodeCase must be 'lower' or 'upper'");
	}
}

function checkRunNow(runNow: ConfigPatch['runNow']): void {
	const { durationMs, outcome } = runNow ?? {};
	if (durationMs !== undefined && !nonNegative(durationMs)) {
		throw new Error('runNow.durationMs must be a number >= 0');
	}
	if (outcome !== undefined && !['SUCCEEDED', 'FAILED'].includes(outcome)) {
		throw new Error("runNow.outcome must be 'SUCCEEDED' or 'FAILED'");
	}
}

/** `base` with the defined fields of `patch` applied (rateLimit, readings and runNow merged field by field). */
export function mergeConfig(base: SandboxConfig, patch: ConfigPatch): SandboxConfig {
	const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
	return {
		...base,
		...defined,
		rateLimit: { ...base.rateLimit, ...patch.rateLimit },
		readings: { ...base.readings, ...patch.readings },
		runNow: { ...base.runNow, ...patch.runNow },
	};
}
