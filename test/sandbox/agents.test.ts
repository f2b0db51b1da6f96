// GET /public-api/agents and /agents/{agent_id}: seeded kinds, the state filter, cursor
// pagination across several pages, and tenant isolation.
import { SEED } from './index';
import { allPages, client, sandboxPerFile } from './testClient';

const sb = sandboxPerFile();
const api = client(sb);
const AGENTS = '/public-api/agents';

describe('GET /public-api/agents', () => {
	it('serves at most maxPageSize rows whatever page_size asks, and says there is more', async () => {
		sb().configure({ maxPageSize: 40 });
		const r = await api.get(`${AGENTS}?page_size=200`);
		expect(r.json.data).toHaveLength(40);
		expect(r.json.meta.pagination.has_more).toBe(true);
		expect(() => sb().configure({ maxPageSize: 0 })).toThrow(/maxPageSize/);
	});

	it('lists 50 by default, ordered by id, with a cursor to the next page', async () => {
		const r = await api.get(AGENTS);
		expect(r.status).toBe(200);
		expect(r.json.data).toHaveLength(50);
		const ids = r.json.data.map((a: { id: number }) => a.id);
		expect(ids).toEqual([...ids].sort((a, b) => a - b));
		expect(ids.slice(0, 2)).toEqual([101, 102]);
		expect(r.json.meta.pagination).toEqual({ has_more: true, next_cursor: expect.any(String) });
		expect(r.json.data[0]).toEqual({
			id: 101,
			name: 'Contoso Helpdesk',
			state: 'ENABLED',
			autonomy_type: 'CONVERSATIONAL',
			trigger_type: 'NONE',
			entity_type: null,
			description: expect.any(String),
			managed_agent_key: null,
			created_at: expect.any(String),
			updated_at: expect.any(String),
		});
	});

	it('follows the cursor over three pages at 50 without gaps or repeats', async () => {
		const { rows, pages } = await allPages(api, AGENTS, { page_size: 50 });
		expect(pages).toBe(3);
		expect(rows).toHaveLength(SEED.agents.counts.tenant);
		expect(new Set(rows.map((a) => a.id)).size).toBe(rows.length);
		const small = await allPages(api, AGENTS, { page_size: 7 });
		expect(small.rows.map((a) => a.id)).toEqual(rows.map((a) => a.id));
		expect(small.pages).toBe(Math.ceil(rows.length / 7));
	});

	it('seeds every kind, including the Neo Support agent and disabled agents', async () => {
		const { rows } = await allPages(api, AGENTS, { page_size: 200 });
		const kinds = new Set(rows.map((a) => `${a.autonomy_type}/${a.trigger_type}`));
		for (const kind of [
			'CONVERSATIONAL/NONE',
			'CHAINED_ACTIONS/TRIGGERED',
			'AGENTIC/TRIGGERED',
			'CHAINED_ACTIONS/SCHEDULED',
			'AGENTIC/SCHEDULED',
			'AGENTIC/NONE',
		]) {
			expect(kinds).toContain(kind);
		}
		const byId = new Map(rows.map((a) => [a.id, a]));
		expect(byId.get(SEED.agents.neoSupport.tenant)).toMatchObject({
			name: 'Neo Support',
			managed_agent_key: 'NEO_SUPPORT',
			autonomy_type: 'CONVERSATIONAL',
		});
		expect(byId.get(SEED.agents.triggered)).toMatchObject({ trigger_type: 'TRIGGERED' });
		expect(byId.get(SEED.agents.scheduled)).toMatchObject({ trigger_type: 'SCHEDULED' });
		expect(byId.get(SEED.agents.disabled.triggered)).toMatchObject({ state: 'DISABLED' });
		expect(rows.filter((a) => String(a.name).includes('Password Reset')).length).toBeGreaterThan(3);
	});

	it('filters by state, across pages', async () => {
		const all = (await allPages(api, AGENTS, { page_size: 200 })).rows;
		const disabled = await allPages(api, AGENTS, { state: 'DISABLED', page_size: 5 });
		expect(disabled.rows.length).toBe(all.filter((a) => a.state === 'DISABLED').length);
		expect(disabled.rows.length).toBeGreaterThan(5);
		expect(disabled.rows.every((a) => a.state === 'DISABLED')).toBe(true);
		const enabled = await allPages(api, AGENTS, { state: 'ENABLED', page_size: 200 });
		expect(enabled.rows.length + disabled.rows.length).toBe(all.length);
	});

	it("lists only the caller's tenant; the platform sees its Neo Support agent only", async () => {
		const other = await allPages(api, AGENTS, {}, sb().keys.otherTenant);
		expect(other.rows).toHaveLength(SEED.agents.counts.otherTenant);
		expect(other.rows.map((a) => a.id)).toContain(201);
		expect(other.rows.map((a) => a.id)).not.toContain(101);
		const platform = await api.get(AGENTS, {}, sb().keys.platform);
		expect(platform.json.data.map((a: { id: number }) => a.id)).toEqual([
			SEED.agents.neoSupport.platform,
		]);
		expect(platform.json.meta.pagination).toEqual({ has_more: false, next_cursor: null });
	});

	it('answers 401 without a key, like every endpoint', async () => {
		const r = await api.get(AGENTS, { page_size: 1 }, null);
		expect(r.status).toBe(401);
	});
});

describe('GET /public-api/agents/{agent_id}', () => {
	it("reads one agent; an unknown or another tenant's id is 404 naming it", async () => {
		const r = await api.get(`${AGENTS}/${SEED.agents.triggered}`);
		expect(r.json.data).toMatchObject({
			id: 301,
			name: 'Password Reset',
			trigger_type: 'TRIGGERED',
		});
		for (const id of [201, 99999]) {
			const nf = await api.get(`${AGENTS}/${id}`);
			expect(nf.status).toBe(404);
			expect(nf.json.error.details).toEqual({ agent_id: id });
		}
		expect((await api.get(`${AGENTS}/201`, {}, sb().keys.otherTenant)).status).toBe(200);
	});
});

it('only conversational agents back chat sessions (422 naming agent_id)', async () => {
	const r = await api.post('/public-api/chat/sessions', { agent_id: SEED.agents.triggered });
	expect(r.status).toBe(422);
	expect(r.json.error.details.errors[0].field).toBe('agent_id');
	expect((await api.post('/public-api/chat/sessions', { agent_id: 102 })).status).toBe(201);
});
