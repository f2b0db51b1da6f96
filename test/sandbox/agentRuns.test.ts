// POST /agents/{agent_id}/run-now (runs that finish after runNow.durationMs), POST /agents,
// PUT /agents/{agent_id}, GET /templates/{template_id}, and a run's approval requests and callback.
import { sleep } from 'n8n-workflow';

import { SEED } from './index';
import { client, errorFields, sandboxPerFile } from './testClient';

const sb = sandboxPerFile();
const api = client(sb);
const runNow = (agentId: number, body?: unknown) =>
	api.post(`/public-api/agents/${agentId}/run-now`, body);

describe('POST /public-api/agents/{agent_id}/run-now', () => {
	it('starts a run on the target entity, queued, RUNNING until the configured duration has passed', async () => {
		sb().configure({ runNow: { durationMs: 1000 } });
		const started = await runNow(SEED.agents.triggered, { target_entity_id: 'T-9001' });
		expect(started.status).toBe(202);
		expect(started.json.data).toEqual({ execution_id: expect.any(String), status: 'queued' });
		const id = started.json.data.execution_id as string;
		const running = await api.get(`/public-api/executions/${id}`);
		expect(running.json.data).toMatchObject({
			agent_id: SEED.agents.triggered,
			entity_id: 'T-9001',
			status: 'RUNNING',
			seconds_spent: null,
		});
		await sleep(1100);
		const done = await api.get(`/public-api/executions/${id}`);
		expect(done.json.data).toMatchObject({ status: 'SUCCEEDED', error: null });
		const final = await api.get(`/public-api/executions/${id}/steps`, { type: 'FINAL_MESSAGE' });
		expect(final.json.data).toHaveLength(1);
		const listed = await api.get('/public-api/executions', {
			agent_id: SEED.agents.triggered,
			entity_id: 'T-9001',
		});
		expect(listed.json.data.map((r: { execution_id: string }) => r.execution_id)).toEqual([id]);
		expect(sb().created.runs).toHaveLength(1);
	});

	it('the outcome is configurable (FAILED carries an error)', async () => {
		sb().configure({ runNow: { durationMs: 0, outcome: 'FAILED' } });
		const started = await runNow(SEED.agents.scheduled);
		const done = await api.get(`/public-api/executions/${started.json.data.execution_id}`);
		expect(done.json.data).toMatchObject({ status: 'FAILED', error: expect.any(String) });
	});

	it('a TRIGGERED agent without a target is 422 naming target_entity_id', async () => {
		const answer = await runNow(SEED.agents.triggered, {});
		expect(answer.status).toBe(422);
		expect(errorFields(answer)).toEqual(['body:target_entity_id']);
		expect(sb().created.runs).toHaveLength(0);
	});

	it('a SCHEDULED agent runs without a body and ignores a target', async () => {
		const answer = await runNow(SEED.agents.scheduled, { target_entity_id: 'X' });
		expect(answer.status).toBe(202);
		expect(sb().created.runs[0].entity_id).toBeNull();
	});

	it('a CONVERSATIONAL agent is 400 invalid_for_conversational; a DISABLED one 422; another tenant’s 404', async () => {
		const chat = await runNow(SEED.agents.conversational[0]);
		expect([chat.status, chat.json.error.code]).toEqual([400, 'invalid_for_conversational']);
		const disabled = await runNow(SEED.agents.disabled.triggered, { target_entity_id: '1' });
		expect(errorFields(disabled)).toEqual(['body:agent_id']);
		const foreign = await runNow(SEED.agents.otherTenantTriggered, { target_entity_id: '1' });
		expect(foreign.status).toBe(404);
		expect(sb().created.runs).toHaveLength(0);
	});

	it('an acted 500 starts the run and then fails, so the run is there to be found', async () => {
		sb().addFault({
			path: '/public-api/agents/{agent_id}/run-now',
			times: 1,
			fault: { kind: 'status', status: 500, acted: true },
		});
		const answer = await runNow(SEED.agents.triggered, { target_entity_id: 'T-1' });
		expect(answer.status).toBe(500);
		expect(sb().created.runs).toHaveLength(1);
	});

	it('runNow config is validated', () => {
		expect(() => sb().configure({ runNow: { durationMs: -1 } })).toThrow(/durationMs/);
		expect(() => sb().configure({ runNow: { outcome: 'DONE' as 'FAILED' } })).toThrow(/outcome/);
	});
});

describe('agents: create, update, templates', () => {
	const actions = [{ type: 'PSA_UPDATE_TICKET' }];

	it('create answers the id as a string; the agent is listed and readable by it', async () => {
		const made = await api.post('/public-api/agents', {
			name: 'Printer Fixer',
			trigger_type: 'TRIGGERED',
			actions,
			toolbox: { psa: { read: true } },
		});
		expect(made.status).toBe(201);
		expect(made.json.data).toMatchObject({ id: expect.any(String), name: 'Printer Fixer' });
		const read = await api.get(`/public-api/agents/${made.json.data.id}`);
		expect(read.json.data).toMatchObject({
			autonomy_type: 'CHAINED_ACTIONS',
			trigger_type: 'TRIGGERED',
		});
		expect(sb().created.agents[0].settings).toEqual({ actions, toolbox: { psa: { read: true } } });
	});

	it('create: actions are required for CHAINED_ACTIONS, not for AGENTIC; credentials in a toolbox are 400', async () => {
		const missing = await api.post('/public-api/agents', { name: 'A', trigger_type: 'NONE' });
		expect(missing.status).toBe(422);
		const agentic = await api.post('/public-api/agents', {
			name: 'B',
			trigger_type: 'NONE',
			autonomy_type: 'AGENTIC',
		});
		expect(agentic.status).toBe(201);
		const secret = await api.post('/public-api/agents', {
			name: 'C',
			trigger_type: 'NONE',
			actions,
			toolbox: { http: { api_key: 'x' } },
		});
		expect([secret.status, secret.json.error.code]).toEqual([400, 'validation_error']);
	});

	it('update is partial: toolbox merges, agent_settings replaces, other fields stay', async () => {
		const made = await api.post('/public-api/agents', {
			name: 'Patch Me',
			trigger_type: 'TRIGGERED',
			actions,
			toolbox: { a: 1 },
			agent_settings: { x: 1, y: 2 },
		});
		const id = made.json.data.id as string;
		const updated = await api.send('PUT', `/public-api/agents/${id}`, {
			toolbox: { b: 2 },
			agent_settings: { z: 3 },
		});
		expect(updated.status).toBe(200);
		expect(updated.json.data.name).toBe('Patch Me');
		expect(sb().created.agents[0].settings).toEqual({
			actions,
			toolbox: { a: 1, b: 2 },
			agent_settings: { z: 3 },
		});
	});

	it('update: Neo Support is 403 agent_managed_by_neo; actions on AGENTIC and a new autonomy_type are 400; empty is 422', async () => {
		const managed = await api.send('PUT', `/public-api/agents/${SEED.agents.neoSupport.tenant}`, {
			name: 'x',
		});
		expect([managed.status, managed.json.error.code]).toEqual([403, 'agent_managed_by_neo']);
		const agentic = await api.send('PUT', `/public-api/agents/${SEED.agents.agenticTriggered}`, {
			actions,
		});
		expect(agentic.status).toBe(400);
		const kind = await api.send('PUT', `/public-api/agents/${SEED.agents.triggered}`, {
			autonomy_type: 'AGENTIC',
		});
		expect(kind.status).toBe(400);
		const empty = await api.send('PUT', `/public-api/agents/${SEED.agents.triggered}`, {});
		expect(empty.status).toBe(422);
	});

	it('a template is served with its blobs; an unknown one is 404', async () => {
		const template = await api.get(`/public-api/templates/${SEED.templates.passwordReset}`);
		expect(template.json.data).toMatchObject({
			id: SEED.templates.passwordReset,
			actions: expect.any(Array),
			agent_settings: expect.any(Object),
		});
		expect((await api.get('/public-api/templates/999')).status).toBe(404);
	});
});

describe('a run’s approval requests and callback', () => {
	it('lists the approval requests a run raised, and none for another run', async () => {
		const withApprovals = await api.get(
			`/public-api/executions/${SEED.executions.withApprovals}/til-requests`,
		);
		expect(withApprovals.json.data.length).toBeGreaterThan(0);
		const none = await api.get(`/public-api/executions/${SEED.executions.running}/til-requests`);
		expect(none.json.data).toEqual([]);
		const [run] = sb().events.createExecutions({});
		sb().events.createTilRequests({ count: 2, execution_id: run.execution_id });
		const made = await api.get(`/public-api/executions/${run.execution_id}/til-requests`);
		expect(made.json.data).toHaveLength(2);
	});

	it('serves the callback of a PSA-started run, 404 for a run started otherwise', async () => {
		const callback = await api.get(
			`/public-api/executions/${SEED.executions.withCallback}/callback`,
		);
		expect(callback.json.data).toMatchObject({
			execution_id: SEED.executions.withCallback,
			payload: expect.any(Object),
		});
		const none = await api.get(
			`/public-api/executions/${SEED.executions.withoutCallback}/callback`,
		);
		expect(none.status).toBe(404);
		const other = await api.get(`/public-api/executions/${SEED.executions.otherTenant}/callback`);
		expect(other.status).toBe(404);
	});
});

describe('reading runNowBareAnswer', () => {
	it('run-now answers the bare object instead of {data, meta}; the run starts all the same', async () => {
		sb().configure({ readings: { runNowBareAnswer: true } });
		const answer = await runNow(SEED.agents.scheduled);
		expect(answer.status).toBe(202);
		expect(answer.json).toEqual({ execution_id: expect.any(String), status: 'queued' });
		expect(sb().created.runs.map((r) => r.execution_id)).toEqual([answer.json.execution_id]);
		sb().configure({ readings: { runNowBareAnswer: false } });
		expect((await runNow(SEED.agents.scheduled)).json.data.status).toBe('queued');
	});
});
