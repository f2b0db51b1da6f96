/**
 * Agent → Create, Update and Create from Template through n8n's engine against the sandbox: the
 * bodies Neo receives, bad input refused before any request, a create never re-sent after a
 * failure Neo may have acted on, the update's 409 read back and its 403 explained.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SEED } from '../sandbox';
import { bodiesSent, runNeo } from './neoWorkflow';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();
const AGENTS = '/public-api/agents';
const agent = (id: number | string, mode = 'id') => ({ __rl: true, mode, value: String(id) });
const actions = [{ type: 'PSA_UPDATE_TICKET', settings: { status: 'Resolved' } }];

const run = (parameters: INodeParameters, items?: IDataObject[], onError?: 'continueErrorOutput') =>
	runNeo({
		sandbox: sandbox(),
		parameters: { resource: 'agent', ...parameters },
		items,
		onError,
		node: { typeVersion: 2 },
	});

describe('Agent → Create', () => {
	it('sends the name, kind, trigger type, actions (JSON text) and the added fields; outputs Neo’s answer', async () => {
		const { ok } = await run({
			operation: 'create',
			name: 'Printer Fixer',
			triggerType: 'TRIGGERED',
			actions: JSON.stringify(actions),
			additionalFields: {
				toolbox: '{"psa": {"read": true}}',
				description: 'Fixes printers',
				entityType: 'TICKET',
			},
		});
		expect(bodiesSent(sandbox(), AGENTS)).toEqual([
			{
				name: 'Printer Fixer',
				autonomy_type: 'CHAINED_ACTIONS',
				trigger_type: 'TRIGGERED',
				actions,
				toolbox: { psa: { read: true } },
				description: 'Fixes printers',
				entity_type: 'TICKET',
			},
		]);
		const made = sandbox().created.agents[0];
		expect(ok[0].json).toMatchObject({ id: String(made.id), name: 'Printer Fixer' });
	});

	it('the new agent’s string id works in the next Neo node (Agent → Get By ID)', async () => {
		const created = await run({
			operation: 'create',
			name: 'Agentic Helper',
			autonomyType: 'AGENTIC',
			triggerType: 'SCHEDULED',
		});
		const id = created.ok[0].json.id as string;
		expect(typeof id).toBe('string');
		const { ok } = await run({ operation: 'get', agent: agent('={{ $json.id }}') }, [{ id }]);
		// The id as Neo answers it: a number, or text where Neo sends ids as text (idsAsStrings).
		expect(String(ok[0].json.id)).toBe(String(id));
		expect(ok[0].json).toMatchObject({ autonomy_type: 'AGENTIC' });
	});

	it('a conversational agent takes audience and access', async () => {
		await run({
			operation: 'create',
			name: 'Chat',
			autonomyType: 'CONVERSATIONAL',
			triggerType: 'NONE',
			additionalFields: { audience: 'END_USER', access: 'ADMINS_ONLY' },
		});
		expect(bodiesSent(sandbox(), AGENTS)[0]).toEqual({
			name: 'Chat',
			autonomy_type: 'CONVERSATIONAL',
			trigger_type: 'NONE',
			audience: 'END_USER',
			access: 'ADMINS_ONLY',
		});
	});

	it('bad input fails before any request: no actions, JSON that does not parse, audience on a non-conversational agent', async () => {
		const cases: Array<[INodeParameters, string]> = [
			[
				{ actions: '' },
				'Parameter "Actions" is required for a Chained Actions agent but is empty (item 0)',
			],
			[
				{ actions: '[{"type": ' },
				'Parameter "Actions" must be valid JSON, got "[{"type": " (item 0)',
			],
			[
				{ actions: JSON.stringify(actions), additionalFields: { toolbox: '42' } },
				'Parameter "Toolbox" must be a JSON object or list, got 42 (item 0)',
			],
			[
				{ actions: JSON.stringify(actions), additionalFields: { audience: 'MSP' } },
				'Parameter "Audience" applies to conversational agents only (item 0)',
			],
		];
		for (const [extra, message] of cases) {
			const { result } = await run({
				operation: 'create',
				name: 'X',
				triggerType: 'TRIGGERED',
				...extra,
			});
			expect(result.error?.message).toBe(message);
		}
		expect(sandbox().count()).toBe(0);
	});

	it('a 500 after Neo created the agent is not re-sent: the item fails saying so, one agent exists', async () => {
		sandbox().addFault({
			path: AGENTS,
			method: 'POST',
			times: 1,
			fault: { kind: 'status', status: 500, acted: true },
		});
		const { result } = await run({
			operation: 'create',
			name: 'Once',
			triggerType: 'TRIGGERED',
			actions: JSON.stringify(actions),
		});
		expect(result.error?.message).toMatch(/^Neo error 500 internal_error/);
		expect(sandbox().count(`POST ${AGENTS}`)).toBe(1);
		expect(sandbox().created.agents).toHaveLength(1);
	});

	it('Neo’s 400 for a toolbox holding credentials names Neo’s code and the field', async () => {
		const { result } = await run({
			operation: 'create',
			name: 'Leaky',
			triggerType: 'TRIGGERED',
			actions: JSON.stringify(actions),
			additionalFields: { toolbox: { http: { api_key: 'k' } } },
		});
		expect(result.error?.message).toMatch(/^Neo error 400 validation_error: A toolbox cannot hold/);
	});
});

describe('Agent → Update', () => {
	it('sends only the fields added (a partial PUT); an id from an expression may be text or a number', async () => {
		const { ok } = await run(
			{
				operation: 'update',
				agent: agent('={{ $json.id }}'),
				updateFields: { name: 'Password Reset v2', agentSettings: '{"model_tier": "SMART"}' },
			},
			[{ id: '301' }, { id: 302 }],
		);
		expect(ok.map((i) => i.json.id)).toEqual(['301', '302']);
		const puts = sandbox().requests.filter((r) => r.method === 'PUT');
		expect(puts.map((r) => [r.path, r.body])).toEqual([
			[
				'/public-api/agents/301',
				{ name: 'Password Reset v2', agent_settings: { model_tier: 'SMART' } },
			],
			[
				'/public-api/agents/302',
				{ name: 'Password Reset v2', agent_settings: { model_tier: 'SMART' } },
			],
		]);
	});

	it('no field to change fails before any request', async () => {
		const { result } = await run({ operation: 'update', agent: agent(301), updateFields: {} });
		expect(result.error?.message).toBe(
			'Parameter "Update Fields" has no field to change: add at least one (item 0)',
		);
		expect(sandbox().count()).toBe(0);
	});

	it('409 agent_update_conflict: the agent is read back and the item fails saying so, with its current state', async () => {
		sandbox().addFault({
			path: '/public-api/agents/{agent_id}',
			method: 'PUT',
			times: 1,
			fault: {
				kind: 'status',
				status: 409,
				code: 'agent_update_conflict',
				message: 'The agent was modified concurrently.',
			},
		});
		const { errors } = await run(
			{ operation: 'update', agent: agent(301), updateFields: { name: 'Renamed' } },
			undefined,
			'continueErrorOutput',
		);
		const error = errors[0].json.error as IDataObject;
		expect(error).toMatchObject({
			code: 'agent_update_conflict',
			httpStatus: 409,
			hint: expect.stringContaining('Someone changed the agent while this update was sent'),
		});
		expect(error.message).toMatch(
			/Agent 301 was changed by someone else meanwhile \(updated at .*\); nothing of this update was applied/,
		);
		const current = (error.details as IDataObject).current as IDataObject;
		expect(String(current.id)).toBe('301');
		expect(current).toMatchObject({ name: 'Password Reset' });
		expect(sandbox().count('GET /public-api/agents/301')).toBe(1);
		expect(sandbox().count('PUT /public-api/agents/301')).toBe(1);
	});

	it('403 agent_managed_by_neo for Neo Support is explained in the hint', async () => {
		const { errors } = await run(
			{
				operation: 'update',
				agent: agent(SEED.agents.neoSupport.tenant),
				updateFields: { description: 'x' },
			},
			undefined,
			'continueErrorOutput',
		);
		expect(errors[0].json.error).toMatchObject({
			code: 'agent_managed_by_neo',
			httpStatus: 403,
			hint: expect.stringContaining('Neo manages this agent'),
		});
	});
});

describe('Agent → Create from Template', () => {
	it('reads the template and creates the agent with its blobs and the user’s name', async () => {
		const { ok } = await run(
			{
				operation: 'createFromTemplate',
				templateId: '={{ $json.template }}',
				name: 'Contoso Password Reset',
				triggerType: 'TRIGGERED',
				additionalFields: { entityType: 'TICKET' },
			},
			[{ template: SEED.templates.passwordReset }],
		);
		const [body] = bodiesSent(sandbox(), AGENTS);
		expect(body).toMatchObject({
			name: 'Contoso Password Reset',
			trigger_type: 'TRIGGERED',
			entity_type: 'TICKET',
			actions: expect.arrayContaining([expect.objectContaining({ type: 'ENTRA_RESET_PASSWORD' })]),
			agent_settings: { model_tier: 'SMART', language: 'en' },
			callback_settings: expect.any(Object),
			toolbox: expect.any(Object),
			integrations: ['ENTRA_ID'],
			description: expect.stringContaining('resets the password'),
		});
		expect(body).not.toHaveProperty('schedule');
		expect(ok[0].json).toMatchObject({
			id: String(sandbox().created.agents[0].id),
			name: 'Contoso Password Reset',
			template_id: SEED.templates.passwordReset,
		});
	});

	it('a template without some blobs sends only those it has', async () => {
		await run({
			operation: 'createFromTemplate',
			templateId: String(SEED.templates.nightlyReport),
			name: 'Nightly',
			triggerType: 'SCHEDULED',
		});
		expect(Object.keys(bodiesSent(sandbox(), AGENTS)[0]).sort()).toEqual([
			'actions',
			'agent_settings',
			'description',
			'name',
			'trigger_type',
		]);
	});

	it('an unknown template is Neo’s 404, nothing created; a Template ID that is not a number fails before any request', async () => {
		const unknown = await run({
			operation: 'createFromTemplate',
			templateId: '999',
			name: 'X',
			triggerType: 'TRIGGERED',
		});
		expect(unknown.result.error?.message).toMatch(/^Neo error 404 not_found: Template 999/);
		expect(sandbox().count(`POST ${AGENTS}`)).toBe(0);
		sandbox().reset();
		const bad = await run({
			operation: 'createFromTemplate',
			templateId: 'password-reset',
			name: 'X',
			triggerType: 'TRIGGERED',
		});
		expect(bad.result.error?.message).toBe(
			'Parameter "Template ID" must be a whole number, got "password-reset" (item 0)',
		);
		expect(sandbox().count()).toBe(0);
	});
});
