// POST and GET /public-api/scheduled-work: only TRIGGERED agents, page-number pagination.
import { SEED } from './index';
import { client, errorFields, sandboxPerFile } from './testClient';

const sb = sandboxPerFile();
const api = client(sb);
const SW = '/public-api/scheduled-work';
const WHEN = '2027-02-01T09:30:00Z';

describe('POST /public-api/scheduled-work', () => {
	it('schedules a TRIGGERED agent (201, PENDING) and the list finds it', async () => {
		const r = await api.post(SW, {
			scheduled_for: WHEN,
			workflow_id: SEED.agents.triggered,
			ticket_id: '48213',
			additional_custom_instructions: 'Call the user first.',
		});
		expect(r.status).toBe(201);
		expect(r.json.data).toMatchObject({
			id: SEED.scheduledWork.nextId,
			workflow_id: SEED.agents.triggered,
			workflow_name: 'Password Reset',
			status: 'PENDING',
			scheduled_for: '2027-02-01T09:30:00.000Z',
			ticket_id: '48213',
			client_id: SEED.tenants.tenant,
			additional_custom_instructions: 'Call the user first.',
			executed_at: null,
		});
		expect(sb().state().created.scheduledWork).toBe(1);
		const found = await api.get(SW, { ticket_id: '48213' });
		expect(found.json.data.map((w: { id: number }) => w.id)).toEqual([r.json.data.id]);
	});

	it("answers 404 for another tenant's or an unknown agent, 422 for a non-TRIGGERED or disabled one", async () => {
		for (const id of [SEED.agents.otherTenantTriggered, 99999]) {
			const r = await api.post(SW, { scheduled_for: WHEN, workflow_id: id });
			expect(r.status).toBe(404);
			expect(r.json.error.details).toEqual({ workflow_id: id });
		}
		for (const id of [SEED.agents.scheduled, 101, SEED.agents.disabled.triggered]) {
			const r = await api.post(SW, { scheduled_for: WHEN, workflow_id: id });
			expect(r.status).toBe(422);
			expect(errorFields(r)).toEqual(['body:workflow_id']);
		}
		expect(sb().created.scheduledWork).toHaveLength(0);
	});

	it('requires scheduled_for (a date-time) and workflow_id (an integer)', async () => {
		expect(errorFields(await api.post(SW, {})).sort()).toEqual([
			'body:scheduled_for',
			'body:workflow_id',
		]);
		const bad = await api.post(SW, { scheduled_for: 'tomorrow', workflow_id: '301' });
		expect(errorFields(bad).sort()).toEqual(['body:scheduled_for', 'body:workflow_id']);
	});
});

describe('GET /public-api/scheduled-work (page numbers)', () => {
	it('pages by number with {page, page_size, total, has_more}; soonest first', async () => {
		const p1 = await api.get(SW);
		expect(p1.json.data).toHaveLength(50);
		expect(p1.json.meta.pagination).toEqual({ page: 1, page_size: 50, total: 70, has_more: true });
		const p2 = await api.get(SW, { page: 2 });
		expect(p2.json.data).toHaveLength(20);
		expect(p2.json.meta.pagination).toEqual({ page: 2, page_size: 50, total: 70, has_more: false });
		const all = [...p1.json.data, ...p2.json.data];
		expect(new Set(all.map((w) => w.id)).size).toBe(70);
		const times = all.map((w) => w.scheduled_for);
		expect(times).toEqual([...times].sort());
		const past = await api.get(SW, { page: 3 });
		expect(past.json.data).toEqual([]);
		expect(past.json.meta.pagination.has_more).toBe(false);
		const small = [];
		for (let page = 1; page <= 7; page++)
			small.push(...(await api.get(SW, { page, page_size: 10 })).json.data);
		expect(small.map((w) => w.id)).toEqual(all.map((w) => w.id));
	});

	it('filters by status and ticket_id; validates page and page_size', async () => {
		const pending = await api.get(SW, { status: 'PENDING', page_size: 200 });
		expect(pending.json.data).toHaveLength(SEED.scheduledWork.pendingCount);
		expect(pending.json.meta.pagination.total).toBe(SEED.scheduledWork.pendingCount);
		for (const status of ['COMPLETED', 'FAILED', 'CANCELLED', 'PROCESSING']) {
			const r = await api.get(SW, { status });
			expect(r.json.data.length).toBeGreaterThan(0);
			expect(r.json.data.every((w: { status: string }) => w.status === status)).toBe(true);
		}
		const byTicket = await api.get(SW, { ticket_id: '41000' });
		expect(byTicket.json.data.map((w: { id: number }) => w.id)).toEqual([SEED.scheduledWork.first]);
		for (const [query, field] of [
			[{ page: 0 }, 'page'],
			[{ page_size: 201 }, 'page_size'],
			[{ status: 'RUNNING' }, 'status'],
			[{ status: 'PENDING,FAILED' }, 'status'],
			[{ cursor: 'abc' }, 'cursor'],
		] as const) {
			expect(errorFields(await api.get(SW, query))).toEqual([`query:${field}`]);
		}
	});

	it("lists only the caller's tenant", async () => {
		const r = await api.get(SW, {}, sb().keys.otherTenant);
		expect(r.json.data.map((w: { id: number }) => w.id)).toEqual([9801, 9802, 9803]);
	});
});
