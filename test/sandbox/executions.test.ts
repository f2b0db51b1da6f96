// GET /public-api/executions (filters, newest first, cursor pages), /executions/{execution_id}
// and /executions/{execution_id}/steps (type filter, include_data).
import { SEED } from './index';
import { allPages, client, errorFields, sandboxPerFile } from './testClient';

const sb = sandboxPerFile();
const api = client(sb);
const EX = '/public-api/executions';

const ids = (rows: Record<string, unknown>[]) => rows.map((r) => r.execution_id);

describe('GET /public-api/executions', () => {
	it('lists newest first over three pages at 50, without gaps or repeats', async () => {
		const first = await api.get(EX);
		expect(first.json.data).toHaveLength(50);
		expect(first.json.data[0].execution_id).toBe(SEED.executions.newest);
		const { rows, pages } = await allPages(api, EX, { page_size: 50 });
		expect(pages).toBe(3);
		expect(rows).toHaveLength(SEED.executions.count);
		expect(new Set(ids(rows)).size).toBe(rows.length);
		const times = rows.map((r) => String(r.created_at));
		expect(times).toEqual([...times].sort().reverse());
		expect(rows[0]).toEqual({
			execution_id: SEED.executions.newest,
			agent_id: expect.any(Number),
			agent_name: expect.any(String),
			status: 'RUNNING',
			entity_id: expect.anything(),
			entity_number: expect.anything(),
			created_at: expect.any(String),
			updated_at: expect.any(String),
			seconds_spent: null,
			error: null,
			message_for_dashboard: null,
			additional_custom_instructions: null,
		});
	});

	it('filters by status (comma list), agent, entity id and entity number', async () => {
		const all = (await allPages(api, EX, { page_size: 200 })).rows;
		const failed = await allPages(api, EX, { status: 'FAILED' });
		expect(failed.rows.length).toBe(all.filter((r) => r.status === 'FAILED').length);
		expect(failed.rows.every((r) => r.error !== null)).toBe(true);
		const done = await allPages(api, EX, { status: 'SUCCEEDED,FAILED', page_size: 200 });
		expect(done.rows.length).toBe(all.length - 3);
		const agentId = all[0].agent_id;
		const byAgent = await allPages(api, EX, { agent_id: agentId, page_size: 200 });
		expect(byAgent.rows.length).toBe(all.filter((r) => r.agent_id === agentId).length);
		const ticket = all.find((r) => r.entity_number !== null)!;
		const byNumber = await api.get(EX, { entity_number: ticket.entity_number });
		expect(ids(byNumber.json.data)).toEqual([ticket.execution_id]);
		const byEntity = await api.get(EX, { entity_id: ticket.entity_id });
		expect(ids(byEntity.json.data)).toEqual([ticket.execution_id]);
		expect(errorFields(await api.get(EX, { status: 'DONE' }))).toEqual(['query:status']);
	});

	it("keeps tenants apart: another tenant's run is 404", async () => {
		const other = await allPages(api, EX, {}, sb().keys.otherTenant);
		expect(ids(other.rows)).toContain(SEED.executions.otherTenant);
		expect(ids(other.rows)).not.toContain(SEED.executions.first);
		const nf = await api.get(`${EX}/${SEED.executions.otherTenant}`);
		expect(nf.status).toBe(404);
		expect(nf.json.error.details).toEqual({ execution_id: SEED.executions.otherTenant });
	});
});

describe('GET /public-api/executions/{execution_id}', () => {
	it('reads one run', async () => {
		const r = await api.get(`${EX}/${SEED.executions.failed}`);
		expect(r.json.data).toMatchObject({
			execution_id: SEED.executions.failed,
			status: 'FAILED',
			error: expect.any(String),
			seconds_spent: expect.any(Number),
		});
		expect(r.json.data.steps).toBeUndefined();
		expect((await api.get(`${EX}/ex_nope`)).status).toBe(404);
	});
});

describe('GET /public-api/executions/{execution_id}/steps', () => {
	const STEPS = (id: string) => `${EX}/${id}/steps`;

	it('returns the steps in order with data by default', async () => {
		const r = await api.get(STEPS(SEED.executions.succeeded));
		expect(r.json.data.map((s: { type: string }) => s.type)).toEqual([
			'THOUGHT',
			'TOOL_CALL',
			'TOOL_RESULT',
			'FINAL_MESSAGE',
		]);
		expect(r.json.data[1]).toMatchObject({
			tool_call_id: expect.any(String),
			tool_type_name: 'entra_find_user',
			data: { arguments: expect.any(Object) },
			is_error: false,
		});
		expect(r.json.meta.pagination).toBeUndefined();
		const running = await api.get(STEPS(SEED.executions.running));
		expect(running.json.data.map((s: { type: string }) => s.type)).not.toContain('FINAL_MESSAGE');
	});

	it('filters by type (comma list) and omits data when include_data=false', async () => {
		const r = await api.get(STEPS(SEED.executions.failed), {
			type: 'TOOL_CALL,TOOL_RESULT',
			include_data: false,
		});
		expect(r.json.data.map((s: { type: string }) => s.type)).toEqual(['TOOL_CALL', 'TOOL_RESULT']);
		for (const step of r.json.data) expect('data' in step).toBe(false);
		expect(r.json.data[1].is_error).toBe(true);
		const withData = await api.get(STEPS(SEED.executions.failed), { include_data: true });
		expect(withData.json.data.every((s: object) => 'data' in s)).toBe(true);
		const bad = await api.get(STEPS(SEED.executions.failed), { include_data: 'no', type: 'LOG' });
		expect(errorFields(bad).sort()).toEqual(['query:include_data', 'query:type']);
		expect((await api.get(STEPS('ex_nope'))).status).toBe(404);
	});
});
