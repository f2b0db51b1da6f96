// Path-template routing, query and path parameter validation, 404/405, counts and faults by
// method, and channel GET/PATCH: the request shape every new endpoint builds on.
import { sleep } from 'n8n-workflow';
import { request } from 'undici';
import { SEED } from './index';
import { client, errorFields, sandboxPerFile } from './testClient';

const sb = sandboxPerFile();
const api = client(sb);
const AGENTS = '/public-api/agents';
const CHANNEL = (id: string) => `/public-api/channels/${encodeURIComponent(id)}`;

describe('routing by path template', () => {
	it('routes GET and PATCH on /channels/{channel_id} and records the route', async () => {
		const id = SEED.channels.tenant;
		const got = await api.get(CHANNEL(id));
		expect(got.status).toBe(200);
		expect(got.json.data).toMatchObject({ id, agent_id: 101, status: 'ACTIVE', type: 'TEAMS' });
		expect(got.json.data.tenant_id).toBeUndefined();
		expect(sb().requests[0]).toMatchObject({
			method: 'GET',
			path: CHANNEL(id),
			route: 'GET /public-api/channels/{channel_id}',
			query: {},
		});
		const patched = await api.patch(CHANNEL(id), { status: 'DISCONNECTED' });
		expect(patched.status).toBe(200);
		expect(patched.json.data.status).toBe('DISCONNECTED');
		expect(sb().requests[1].route).toBe('PATCH /public-api/channels/{channel_id}');
	});

	it('answers 405 with Allow for a wrong method on a known template, 404 for unknown paths', async () => {
		const r = await api.send('DELETE', CHANNEL(SEED.channels.tenant));
		expect(r.status).toBe(405);
		expect(r.json.error.code).toBe('method_not_allowed');
		expect(r.header('allow')).toBe('GET, PATCH');
		expect((await api.send('DELETE', AGENTS)).header('allow')).toBe('GET, POST');
		for (const path of ['/public-api/agent', '/public-api/agents/101/x', '/public-api/channels/']) {
			const nf = await api.get(path);
			expect(nf.status).toBe(404);
			expect(nf.json.error.code).toBe('not_found');
		}
	});

	it("answers 404 naming the id for an unknown or another tenant's resource", async () => {
		for (const id of ['ch_nope', SEED.channels.otherTenant]) {
			const r = await api.get(CHANNEL(id));
			expect(r.status).toBe(404);
			expect(r.json.error.details).toEqual({ channel_id: id });
		}
		const other = await api.get(CHANNEL(SEED.channels.otherTenant), {}, sb().keys.otherTenant);
		expect(other.status).toBe(200);
	});

	it('decodes a percent-encoded path parameter (an encoded slash stays in one segment)', async () => {
		const r = await api.get(CHANNEL('a/b'));
		expect(r.status).toBe(404);
		expect(r.json.error.details).toEqual({ channel_id: 'a/b' });
		expect(sb().requests[0].path).toBe('/public-api/channels/a%2Fb');
	});

	it('validates path parameters by type: a non-integer agent id is 422 naming it', async () => {
		const r = await api.get(`${AGENTS}/abc`);
		expect(r.status).toBe(422);
		expect(errorFields(r)).toEqual(['path:agent_id']);
		expect((await api.get(`${AGENTS}/101`)).json.data.name).toBe('Contoso Helpdesk');
	});
});

describe('query strings', () => {
	it('parses and types page_size; enforces 1..200 naming the parameter', async () => {
		expect((await api.get(AGENTS, { page_size: 1 })).json.data).toHaveLength(1);
		expect((await api.get(AGENTS, { page_size: 200 })).json.data).toHaveLength(
			SEED.agents.counts.tenant,
		);
		for (const bad of [0, 201, 'ten', 1.5, '']) {
			const r = await api.get(AGENTS, { page_size: bad });
			expect(r.status).toBe(422);
			expect(r.json.error.code).toBe('validation_error');
			expect(errorFields(r)).toEqual(['query:page_size']);
			expect(r.json.error.details.errors[0].message).toMatch(/200|1|integer/);
		}
	});

	it('rejects an unknown enum value, an unknown parameter and a repeated scalar', async () => {
		const e1 = await api.get(AGENTS, { state: 'SLEEPING' });
		expect(errorFields(e1)).toEqual(['query:state']);
		expect(e1.json.error.details.errors[0].message).toBe('must be one of: ENABLED, DISABLED');
		const e2 = await api.get(AGENTS, { pagesize: 5 });
		expect(e2.json.error.details.errors).toEqual([
			{ field: 'pagesize', message: 'is not a known parameter', in: 'query' },
		]);
		const e3 = await api.send('GET', `${AGENTS}?page_size=1&page_size=2`);
		expect(e3.status).toBe(422);
		expect(errorFields(e3)).toEqual(['query:page_size']);
		expect(sb().requests[2].query).toEqual({ page_size: '2' });
	});

	it('names every bad parameter and body field in one 422', async () => {
		const r = await api.send('PATCH', `${CHANNEL(SEED.channels.tenant)}?x=1`, { status: 'ON' });
		expect(r.status).toBe(422);
		expect(errorFields(r).sort()).toEqual(['body:status', 'query:x']);
	});

	it('rejects a body on GET (400) and a garbage cursor (422 naming cursor)', async () => {
		const r = await api.send('GET', AGENTS, { page_size: 5 });
		expect(r.status).toBe(400);
		expect(r.json.error.code).toBe('bad_request');
		const c = await api.get(AGENTS, { cursor: 'not-a-cursor' });
		expect(c.status).toBe(422);
		expect(errorFields(c)).toEqual(['query:cursor']);
	});
});

describe('counts and faults with templates and methods', () => {
	it('counts by concrete path, and by method and path', async () => {
		await api.get(AGENTS, { page_size: 1 });
		await api.get(`${AGENTS}/101`);
		await api.post(AGENTS, {});
		expect(sb().count(AGENTS)).toBe(2);
		expect(sb().count(`GET ${AGENTS}`)).toBe(1);
		expect(sb().count(`POST ${AGENTS}`)).toBe(1);
		expect(sb().count(`${AGENTS}/101`)).toBe(1);
		expect(sb().count()).toBe(3);
	});

	it('matches a fault rule by template and by method', async () => {
		sb().addFault({
			path: '/public-api/channels/{channel_id}',
			method: 'PATCH',
			times: 1,
			fault: { kind: 'status', status: 503 },
		});
		expect((await api.get(CHANNEL(SEED.channels.tenant))).status).toBe(200);
		expect((await api.patch(CHANNEL(SEED.channels.tenant), { status: 'ACTIVE' })).status).toBe(503);
		expect((await api.patch(CHANNEL(SEED.channels.tenant), { status: 'ACTIVE' })).status).toBe(200);
		sb().addFault({
			path: AGENTS,
			method: 'get',
			times: 1,
			fault: { kind: 'status', status: 500 },
		});
		expect((await api.get(`${AGENTS}/101`)).status).toBe(200);
		expect((await api.get(AGENTS)).status).toBe(500);
		expect(() =>
			sb().addFault({ method: 5 as unknown as string, fault: { kind: 'hang' } }),
		).toThrow(/method/);
	});

	it('answers upper-case error codes when errorCodeCase is upper', async () => {
		sb().configure({ errorCodeCase: 'upper' });
		const r = await api.post('/public-api/chat/sessions', { agent_id: 101, client_id: 'x' });
		expect(r.status).toBe(403);
		expect(r.json.error.code).toBe('FORBIDDEN');
		expect((await api.get(CHANNEL('nope'))).json.error.code).toBe('NOT_FOUND');
		expect(() => sb().configure({ errorCodeCase: 'title' as 'upper' })).toThrow(/errorCodeCase/);
	});
});

describe('PATCH /public-api/channels/{channel_id}', () => {
	const create = async (extra: Record<string, unknown> = {}) =>
		(
			await api.post('/public-api/channels', {
				audience: 'MSP',
				internal_name: `ch-${Math.random().toString(36).slice(2)}`,
				type: 'TEAMS',
				agent_id: 101,
				welcome_message: 'hello',
				...extra,
			})
		).json.data;

	it('changes only the fields sent, bumps updated_at, and GET reads the change back', async () => {
		const made = await create();
		await sleep(5);
		const r = await api.patch(CHANNEL(made.id), { status: 'DISCONNECTED', audience: 'END_USER' });
		expect(r.status).toBe(200);
		expect(r.json.data).toEqual({
			...made,
			status: 'DISCONNECTED',
			audience: 'END_USER',
			updated_at: r.json.data.updated_at,
		});
		expect(r.json.data.updated_at > made.updated_at).toBe(true);
		expect(r.json.meta.warnings).toEqual([expect.stringMatching(/DISCONNECTED/)]);
		expect((await api.get(CHANNEL(made.id))).json.data).toEqual(r.json.data);
	});

	it('clears a nullable field sent as null, and rebinds to another conversational agent', async () => {
		const made = await create();
		const r = await api.patch(CHANNEL(made.id), { welcome_message: null, agent_id: 102 });
		expect(r.json.data).toMatchObject({ welcome_message: null, agent_id: 102 });
	});

	it('empty body is 422 (sandbox decision); unknown and mistyped fields are 422 naming them', async () => {
		const made = await create();
		const empty = await api.patch(CHANNEL(made.id), {});
		expect(empty.status).toBe(422);
		expect(errorFields(empty)).toEqual(['body:body']);
		const bad = await api.patch(CHANNEL(made.id), {
			colour: 'red',
			show_agent_progress_steps: 'y',
		});
		expect(errorFields(bad).sort()).toEqual(['body:colour', 'body:show_agent_progress_steps']);
		const reserved = await api.patch(CHANNEL(made.id), { type: 'SLACK' });
		expect(errorFields(reserved)).toEqual(['body:type']);
		expect((await api.get(CHANNEL(made.id))).json.data).toEqual(made);
	});

	it('keeps internal_name unique (409 naming the other channel) and checks the agent', async () => {
		const a = await create();
		const b = await create();
		const clash = await api.patch(CHANNEL(b.id), { internal_name: a.internal_name });
		expect(clash.status).toBe(409);
		expect(clash.json.error.details).toEqual({
			internal_name: a.internal_name,
			existing_channel_id: a.id,
		});
		expect((await api.patch(CHANNEL(b.id), { internal_name: b.internal_name })).status).toBe(200);
		expect((await api.patch(CHANNEL(b.id), { agent_id: 201 })).status).toBe(404);
		const notChat = await api.patch(CHANNEL(b.id), { agent_id: SEED.agents.triggered });
		expect(notChat.status).toBe(422);
		expect(errorFields(notChat)).toEqual(['body:agent_id']);
	});

	it("cannot reach another tenant's channel, and reset restores seeded channels", async () => {
		const id = SEED.channels.tenant;
		expect((await api.patch(CHANNEL(id), { status: 'ACTIVE' }, sb().keys.otherTenant)).status).toBe(
			404,
		);
		await api.patch(CHANNEL(id), { display_name: 'Changed' });
		sb().reset();
		expect((await api.get(CHANNEL(id))).json.data.display_name).toBe('IT Help');
	});
});

it('the request log never holds the key, also for GET with a query string', async () => {
	await api.get(AGENTS, { page_size: 2 });
	const res = await request(`${sb().url}/__sandbox/requests`);
	const text = await res.body.text();
	expect(text).toContain('page_size');
	for (const key of Object.values(sb().keys)) expect(text).not.toContain(key);
});
