// Events over time for polling triggers: control endpoints (and the in-process API) that create
// approval requests and runs with chosen timestamps, finish runs, decide requests, and schedules.
import { sleep } from 'n8n-workflow';
import { SEED } from './index';
import { allPages, client, sandboxPerFile } from './testClient';

const sb = sandboxPerFile();
const api = client(sb);
const TIL = '/public-api/til-requests';
const EX = '/public-api/executions';

/** Waits (without asserting on time) until `check` holds; fails after 5 s. */
async function until(check: () => boolean): Promise<void> {
	for (let i = 0; i < 500 && !check(); i++) await sleep(10);
	expect(check()).toBe(true);
}

describe('approval requests on demand', () => {
	it('creates N pending requests with one EQUAL created_at over HTTP; the list serves them first', async () => {
		const at = '2026-12-24T10:00:00.000Z';
		const made = await api.control('POST', 'til-requests', {
			count: 3,
			created_at: at,
			agent_id: 302,
		});
		expect(made.status).toBe(201);
		expect(made.json.data.map((r: { id: number }) => r.id)).toEqual([8001, 8002, 8003]);
		expect(made.json.data.every((r: { created_at: string }) => r.created_at === at)).toBe(true);
		expect(made.json.data[0]).toMatchObject({
			status: 'PENDING',
			agent_id: 302,
			agent_name: 'User Onboarding',
			decided_by: null,
		});
		const page = await api.get(TIL, { page_size: 2 });
		expect(page.json.data.map((r: { id: number }) => r.id)).toEqual([8003, 8002]);
		const next = await api.get(TIL, {
			page_size: 2,
			cursor: page.json.meta.pagination.next_cursor,
		});
		expect(next.json.data.map((r: { id: number }) => r.id)).toEqual([8001, SEED.tilRequests.last]);
		expect(sb().state().created.tilRequests).toBe(3);
	});

	it('back-dates a request into the middle of history; created_after finds it', async () => {
		const [row] = sb().events.createTilRequests({
			created_at: '2026-11-03T00:00:00Z',
			ticket_number: 'TCK-1',
			comment: 'late',
		});
		const r = await allPages(api, TIL, {
			created_after: '2026-11-02T23:00:00Z',
			created_before: '2026-11-03T01:00:00Z',
		});
		expect(r.rows.map((x) => x.id)).toContain(row.id);
		expect(
			(await api.get(TIL, { q: 'tck-1' })).json.data.map((x: { id: number }) => x.id),
		).toContain(row.id);
	});

	it('a new request during paging does not shift or repeat later pages (keyset cursor)', async () => {
		const first = await api.get(TIL, { page_size: 20 });
		sb().events.createTilRequests({ count: 5 });
		const rest = await allPages(api, TIL, {
			page_size: 20,
			cursor: first.json.meta.pagination.next_cursor,
		});
		const seen = [...first.json.data, ...rest.rows].map((r) => r.id);
		expect(seen).toHaveLength(60);
		expect(new Set(seen).size).toBe(60);
	});

	it('creates for the other tenant, and rejects a bad spec with 400', async () => {
		const made = await api.control('POST', 'til-requests', {
			tenant: 'otherTenant',
			status: 'APPROVED',
		});
		expect(made.json.data[0]).toMatchObject({
			status: 'APPROVED',
			agent_id: SEED.agents.otherTenantTriggered,
		});
		expect(
			(await api.get(TIL, { status: 'APPROVED' }, sb().keys.otherTenant)).json.data,
		).toHaveLength(1);
		for (const bad of [
			{ count: 0 },
			{ agent_id: 201 },
			{ status: 'MAYBE' },
			{ created_at: 'soon' },
			{ tenant: 'x' },
		]) {
			const r = await api.control('POST', 'til-requests', bad);
			expect(r.status).toBe(400);
			expect(typeof r.json.error.message).toBe('string');
		}
		expect(sb().state().created.tilRequests).toBe(1);
	});

	it('decides a request as a technician (control) and the API then answers 409 naming them', async () => {
		const id = SEED.tilRequests.pending;
		const r = await api.control('POST', `til-requests/${id}/decision`, {
			action: 'reject',
			note: 'no',
			by: { id: 'u_carol', name: 'Carol Jensen' },
		});
		expect(r.status).toBe(200);
		expect(r.json.data).toMatchObject({
			status: 'REJECTED',
			decided_by: { id: 'u_carol', name: 'Carol Jensen' },
		});
		const api409 = await api.post(`${TIL}/${id}/decision`, { action: 'approve' });
		expect(api409.status).toBe(409);
		expect(api409.json.error.details.decided_by).toEqual({ id: 'u_carol', name: 'Carol Jensen' });
		expect(sb().state().decisions).toEqual({ api: 0, control: 1 });
		expect(
			(await api.control('POST', `til-requests/${id}/decision`, { action: 'approve' })).status,
		).toBe(409);
		expect(
			(await api.control('POST', 'til-requests/1/decision', { action: 'approve' })).status,
		).toBe(404);
		expect(
			(
				await api.control('POST', `til-requests/${SEED.tilRequests.last - 1}/decision`, {
					action: 'ok',
				})
			).status,
		).toBe(400);
	});

	it('counts an Approve that reached the sandbox exactly once', async () => {
		const [row] = sb().events.createTilRequests();
		await api.post(`${TIL}/${row.id}/decision`, { action: 'approve' });
		const state = (await api.control('GET', 'state')).json;
		expect(state.decisions).toEqual({ api: 1, control: 0 });
		expect(sb().count(`POST ${TIL}/${row.id}/decision`)).toBe(1);
		expect(sb().created.decisions.map((d) => [d.request_id, d.action, d.via])).toEqual([
			[row.id, 'approve', 'api'],
		]);
	});
});

describe('executions on demand', () => {
	it('starts runs (RUNNING, no final step) and finishes them SUCCEEDED or FAILED', async () => {
		const made = await api.control('POST', 'executions', {
			count: 2,
			agent_id: SEED.agents.triggered,
			entity_number: 'TCK-9',
		});
		expect(made.status).toBe(201);
		const [a, b] = made.json.data;
		expect(a).toMatchObject({
			execution_id: 'ex_0001',
			status: 'RUNNING',
			entity_number: 'TCK-9',
			seconds_spent: null,
		});
		const at = new Date(Date.parse(a.created_at) + 42_000).toISOString();
		const done = await api.control('POST', `executions/${a.execution_id}/finish`, {
			status: 'SUCCEEDED',
			at,
		});
		expect(done.json.data).toMatchObject({
			status: 'SUCCEEDED',
			updated_at: at,
			seconds_spent: 42,
			error: null,
		});
		const failed = sb().events.finishExecution(b.execution_id, {
			status: 'FAILED',
			error: 'PSA timed out',
		});
		expect(failed).toMatchObject({ status: 'FAILED', error: 'PSA timed out' });
		const steps = await api.get(`${EX}/${b.execution_id}/steps`, { type: 'FINAL_MESSAGE' });
		expect(steps.json.data).toEqual([
			expect.objectContaining({
				is_error: true,
				message: expect.stringContaining('PSA timed out'),
			}),
		]);
		const listed = await api.get(EX, { entity_number: 'TCK-9', status: 'SUCCEEDED,FAILED' });
		expect(listed.json.data.map((e: { execution_id: string }) => e.execution_id).sort()).toEqual([
			'ex_0001',
			'ex_0002',
		]);
		expect(
			(await api.control('POST', `executions/${a.execution_id}/finish`, { status: 'FAILED' }))
				.status,
		).toBe(409);
		expect(
			(await api.control('POST', 'executions/ex_nope/finish', { status: 'FAILED' })).status,
		).toBe(404);
		expect(
			(
				await api.control('POST', `executions/${SEED.executions.running}/finish`, {
					status: 'RUNNING',
				})
			).status,
		).toBe(400);
		expect(sb().state().created.executions).toBe(2);
	});

	it('creates finished and back-dated runs with equal timestamps', async () => {
		const at = '2026-10-01T06:30:00.000Z';
		const rows = sb().events.createExecutions({ count: 2, status: 'FAILED', created_at: at });
		expect(rows.every((r) => r.created_at === at && r.status === 'FAILED')).toBe(true);
		const all = (await allPages(api, EX, { page_size: 200 })).rows;
		const at1 = all.findIndex((r) => r.execution_id === 'ex_0002');
		expect(all[at1 + 1].execution_id).toBe('ex_0001');
		expect(all[at1 + 2].execution_id).toBe(SEED.executions.first);
	});
});

describe('schedules', () => {
	it('creates one every N ms until its limit, over HTTP; state reports it', async () => {
		const r = await api.control('POST', 'schedules', {
			kind: 'til-request',
			every_ms: 20,
			limit: 3,
		});
		expect(r.status).toBe(201);
		expect(r.json.id).toEqual(expect.any(Number));
		await until(() => sb().state().created.tilRequests === 3);
		await until(() => sb().state().schedules === 0);
		await sleep(60);
		expect(sb().state().created.tilRequests).toBe(3);
		const pending = await api.get(TIL, { status: 'PENDING', page_size: 3 });
		expect(pending.json.data.map((x: { id: number }) => x.id).sort()).toEqual([8001, 8002, 8003]);
	});

	it('runs until stopped (one or all), and reset and close stop schedules', async () => {
		const { id } = sb().events.schedule({ kind: 'execution', every_ms: 15, status: 'SUCCEEDED' });
		sb().events.schedule({ kind: 'til-request', every_ms: 15 });
		expect((await api.control('GET', 'schedules')).json.data).toHaveLength(2);
		await until(() => sb().created.executions.length >= 2);
		expect(sb().created.executions.every((e) => e.status === 'SUCCEEDED')).toBe(true);
		expect((await api.control('DELETE', `schedules/${id}`)).json).toEqual({ stopped: 1 });
		const made = sb().created.executions.length;
		await sleep(60);
		expect(sb().created.executions.length).toBe(made);
		expect(sb().state().schedules).toBe(1);
		sb().reset();
		expect(sb().state().schedules).toBe(0);
		await sleep(60);
		expect(sb().created.tilRequests).toHaveLength(0);
		sb().events.schedule({ kind: 'til-request', every_ms: 15 });
		expect((await api.control('DELETE', 'schedules')).json).toEqual({ stopped: 1 });
	});

	it('rejects a bad schedule at once (400), not later in a timer', async () => {
		for (const bad of [
			{ kind: 'til-request', every_ms: 1 },
			{ kind: 'email', every_ms: 100 },
			{ kind: 'execution', every_ms: 100, agent_id: 201 },
			{ kind: 'execution', every_ms: 100, limit: 0 },
		]) {
			expect((await api.control('POST', 'schedules', bad)).status).toBe(400);
		}
		expect(sb().state().schedules).toBe(0);
		expect((await api.control('PUT', 'schedules')).status).toBe(405);
	});
});
