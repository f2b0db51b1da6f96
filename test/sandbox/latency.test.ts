// Latency jitter for benchmarks: seeded, so the same seed gives the same sequence of delays
// (asserted on the delays drawn and recorded, never on wall-clock time).
import { checkConfig, DEFAULT_CONFIG, startSandbox, type NeoSandbox } from './index';
import { Latency } from './latency';
import { client } from './testClient';

let sb: NeoSandbox;
const api = client(() => sb);

beforeAll(async () => {
	sb = await startSandbox();
});
afterAll(async () => {
	const violations = [...sb.contractViolations];
	await sb.close();
	expect(violations).toEqual([]);
});

const draw = (config: Partial<typeof DEFAULT_CONFIG>, n: number) => {
	const latency = new Latency({ ...DEFAULT_CONFIG, ...config });
	return Array.from({ length: n }, () => latency.next());
};

describe('the delay sequence', () => {
	it('is fixed without jitter', () => {
		expect(draw({ latencyMs: 50 }, 3)).toEqual([50, 50, 50]);
	});

	it('uniform: within latencyMs ± latencyJitterMs, spread over the range, floored at 0', () => {
		const a = draw({ latencyMs: 50, latencyJitterMs: 20, latencySeed: 42 }, 2000);
		expect(Math.min(...a)).toBeGreaterThanOrEqual(30);
		expect(Math.max(...a)).toBeLessThanOrEqual(70);
		expect(Math.min(...a)).toBeLessThan(32);
		expect(Math.max(...a)).toBeGreaterThan(68);
		const mean = a.reduce((s, d) => s + d, 0) / a.length;
		expect(Math.abs(mean - 50)).toBeLessThan(1.5);
		expect(Math.min(...draw({ latencyMs: 5, latencyJitterMs: 20 }, 100))).toBe(0);
	});

	it('lognormal: median latencyMs, a right tail, never negative', () => {
		const a = draw(
			{ latencyMs: 50, latencyJitterMs: 25, latencyDistribution: 'lognormal', latencySeed: 7 },
			2001,
		);
		const sorted = [...a].sort((x, y) => x - y);
		expect(sorted[0]).toBeGreaterThan(0);
		expect(Math.abs(sorted[1000] - 50)).toBeLessThan(3);
		// One sigma up is latencyMs + latencyJitterMs: about 84 % of draws lie below it.
		const below = a.filter((d) => d < 75).length / a.length;
		expect(below).toBeGreaterThan(0.8);
		expect(below).toBeLessThan(0.88);
		expect(sorted[2000]).toBeGreaterThan(120);
	});

	it('the same seed gives the same sequence; another seed another one', () => {
		const config = { latencyMs: 50, latencyJitterMs: 20, latencySeed: 5 };
		expect(draw(config, 50)).toEqual(draw(config, 50));
		expect(draw({ ...config, latencySeed: 6 }, 50)).not.toEqual(draw(config, 50));
	});
});

describe('in the sandbox', () => {
	async function recorded(n: number): Promise<number[]> {
		sb.reset(); // restarts the sequence from the seed
		for (let i = 0; i < n; i++) await api.get('/public-api/agents', { page_size: 1 });
		return sb.requests.map((r) => r.latencyMs as number);
	}

	it('applies the seeded sequence request by request, restarting on reset and on configure', async () => {
		const config = { latencyMs: 3, latencyJitterMs: 2, latencySeed: 11 };
		sb.configure({ ...DEFAULT_CONFIG, ...config });
		const first = await recorded(8);
		expect(first).toEqual(draw(config, 8));
		expect(await recorded(8)).toEqual(first);
		sb.configure({ latencySeed: 12 });
		expect(await recorded(8)).toEqual(draw({ ...config, latencySeed: 12 }, 8));
		sb.configure(DEFAULT_CONFIG);
	});

	it('is validated by checkConfig, start options and the control endpoint', async () => {
		expect(() => checkConfig({ latencyJitterMs: -1 })).toThrow(/latencyJitterMs/);
		expect(() => checkConfig({ latencyDistribution: 'normal' as 'uniform' })).toThrow(
			/latencyDistribution/,
		);
		expect(() => checkConfig({ latencySeed: 1.5 })).toThrow(/latencySeed/);
		await expect(startSandbox({ latencyJitterMs: Number.NaN })).rejects.toThrow(/latencyJitterMs/);
		const bad = await api.control('POST', 'configure', { latencyDistribution: 'pareto' });
		expect(bad.status).toBe(400);
		const good = await api.control('POST', 'configure', { latencyJitterMs: 3, latencySeed: 9 });
		expect(good.json).toMatchObject({ latencyJitterMs: 3, latencySeed: 9 });
		expect(sb.state().config.latencyDistribution).toBe('uniform');
		sb.configure(DEFAULT_CONFIG);
	});
});
