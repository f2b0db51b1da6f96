// The list switches (readings.ts) really change the sandbox's answers, each on its own, and every
// answer under them still conforms to the contract (the client checks each one): rows without a
// status and a filter Neo ignores, statuses outside the enum, ids as strings, cursor lists without
// meta.pagination, and rows stored late.
import { DEFAULT_CONFIG, SEED, startSandbox, type NeoSandbox } from './index';
import { LATE_EVENT_DELAY_MS } from './events';
import { DEFAULT_READINGS, type Readings } from './readings';
import { client } from './testClient';

let sb: NeoSandbox;
const api = client(() => sb);
const TIL = '/public-api/til-requests';
const RUNS = '/public-api/executions';

beforeAll(async () => {
	sb = await startSandbox({ readings: DEFAULT_READINGS });
});
beforeEach(() => {
	sb.reset();
	sb.configure({ ...DEFAULT_CONFIG, readings: DEFAULT_READINGS });
});
afterAll(async () => {
	const violations = [...sb.contractViolations];
	await sb.close();
	expect(violations).toEqual([]);
});

const only = (name: keyof Readings) => sb.configure({ readings: { [name]: true } });
const rows = async (path: string, query: Record<string, unknown> = {}) => {
	const r = await api.get(path, { page_size: 200, ...query });
	expect(r.status).toBe(200);
	return r.json.data as Record<string, unknown>[];
};

describe('rowsWithoutStatus', () => {
	it('approval requests and runs come without status, and the status filter is ignored', async () => {
		expect((await rows(TIL, { status: 'PENDING' })).length).toBe(12);
		only('rowsWithoutStatus');
		const til = await rows(TIL, { status: 'PENDING' });
		expect(til).toHaveLength(60);
		expect(til.some((r) => 'status' in r)).toBe(false);
		const runs = await rows(RUNS, { status: 'FAILED' });
		expect(runs).toHaveLength(SEED.executions.count);
		expect(runs.some((r) => 'status' in r)).toBe(false);
		// What is left tells the state: decided_by on requests, seconds_spent and error on runs.
		expect(til.filter((r) => r.decided_by === null)).toHaveLength(12);
		expect(runs.filter((r) => r.seconds_spent === null)).toHaveLength(3);
	});
});

describe('unknownStatusValues', () => {
	it('seeded rows carry statuses outside the enum, and the filter takes them', async () => {
		const before = await api.get(RUNS, { status: 'SKIPPED' });
		expect(before.status).toBe(422);
		only('unknownStatusValues');
		const runs = await rows(RUNS);
		const statuses = new Set(runs.map((r) => r.status));
		expect(statuses).toEqual(
			new Set(['RUNNING', 'WAITING_FOR_APPROVAL', 'SUCCEEDED', 'SKIPPED', 'FAILED']),
		);
		const skipped = await rows(RUNS, { status: 'SKIPPED,WAITING_FOR_APPROVAL' });
		expect(skipped.length).toBeGreaterThan(0);
		expect(
			skipped.every((r) => ['SKIPPED', 'WAITING_FOR_APPROVAL'].includes(String(r.status))),
		).toBe(true);
		expect((await rows(TIL)).some((r) => r.status === 'EXPIRED')).toBe(true);
		expect(await rows(TIL, { status: 'NOT_A_NEO_STATUS' })).toEqual([]);
	});

	it('created rows keep the statuses they were created with', async () => {
		only('unknownStatusValues');
		const [run] = sb.events.createExecutions({ status: 'SUCCEEDED', count: 1 });
		const listed = (await rows(RUNS)).find((r) => r.execution_id === run.execution_id);
		expect(listed?.status).toBe('SUCCEEDED');
	});
});

describe('idsAsStrings', () => {
	it('agent, approval-request and scheduled-work ids are strings; the decision path still takes them', async () => {
		only('idsAsStrings');
		const agents = await rows('/public-api/agents');
		expect(agents.every((a) => typeof a.id === 'string' && /^\d+$/.test(a.id))).toBe(true);
		expect((await api.get(`/public-api/agents/${String(agents[0].id)}`)).json.data.id).toBe(
			agents[0].id,
		);
		const [pending] = await rows(TIL, { status: 'PENDING', page_size: 1 });
		expect(pending.id).toBe(String(SEED.tilRequests.pending));
		const decided = await api.post(`${TIL}/${String(pending.id)}/decision`, { action: 'approve' });
		expect(decided.status).toBe(200);
		expect(decided.json.data.id).toBe(pending.id);
		const triggered = SEED.agents.triggered;
		const work = await api.post('/public-api/scheduled-work', {
			workflow_id: triggered,
			scheduled_for: '2026-12-24T18:00:00Z',
		});
		expect(typeof work.json.data.id).toBe('string');
		expect((await rows('/public-api/scheduled-work')).every((w) => typeof w.id === 'string')).toBe(
			true,
		);
		// Other ids keep their types: agent_id in rows, the run's execution_id.
		expect(typeof pending.agent_id).toBe('number');
	});
});

describe('noPagination', () => {
	it('cursor lists answer one page without meta.pagination; the page-numbered list keeps its own', async () => {
		only('noPagination');
		for (const path of [TIL, RUNS, '/public-api/agents']) {
			const r = await api.get(path, { page_size: 5 });
			expect([path, r.json.data.length, 'pagination' in r.json.meta]).toEqual([path, 5, false]);
		}
		const work = await api.get('/public-api/scheduled-work');
		expect(work.json.meta.pagination).toMatchObject({ page: 1 });
	});
});

describe('lateEvents', () => {
	it('rows created now are stamped two minutes in the past; an explicit time is kept', async () => {
		only('lateEvents');
		const before = Date.now();
		const [late] = sb.events.createTilRequests();
		expect(Date.parse(late.created_at)).toBeLessThanOrEqual(before - LATE_EVENT_DELAY_MS + 1000);
		expect(Date.parse(late.created_at)).toBeGreaterThanOrEqual(before - LATE_EVENT_DELAY_MS - 1000);
		const [dated] = sb.events.createExecutions({ created_at: '2026-12-01T09:00:00.000Z' });
		expect(dated.created_at).toBe('2026-12-01T09:00:00.000Z');
	});
});
