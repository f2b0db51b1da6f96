/**
 * Agent → Run Now through n8n's engine against the sandbox: the body by the agent's kind, refusals
 * before the run is started, the at-least-once reconcile after a failure Neo may have acted on,
 * and Wait for the Run to Finish (finished, timed out, statuses the user lists).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { runNow } from '../../nodes/Neo/actions/agent/runNow.operation';
import { HarnessNodeTypes } from '../helpers/harnessNodeTypes';

import { searchList } from '../helpers/loadOptions';
import { neoNode } from '../helpers/n8nEngine';
import { NEO_NODE_TYPE } from '../helpers/workflowBuilders';
import { SEED } from '../sandbox';
import { bodiesSent, runNeo } from './neoWorkflow';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();
const RUN_NOW = '/public-api/agents/{agent_id}/run-now';
const runNowPath = (agentId: number) => `/public-api/agents/${agentId}/run-now`;
const agent = (id: number | string, mode = 'list') => ({ __rl: true, mode, value: String(id) });

const run = (parameters: INodeParameters, items?: IDataObject[], onError?: 'continueErrorOutput') =>
	runNeo({
		sandbox: sandbox(),
		parameters: { resource: 'agent', operation: 'runNow', ...parameters },
		items,
		onError,
		node: { typeVersion: 2 },
	});

describe('Agent → Run Now', () => {
	const listFor = async (parameters: INodeParameters) =>
		await searchList({
			node: neoNode(
				'Neo',
				{ resource: 'agent', operation: 'runNow', ...parameters },
				{ typeVersion: 2 },
			),
			credentials: { neoApi: { apiKey: sandbox().keys.tenant, baseUrl: sandbox().url } },
			method: 'searchRunnableAgents',
		});

	/** The tenant's agents as Neo lists them (one page holds them all). */
	async function neoAgents(): Promise<IDataObject[]> {
		const answer = await fetch(`${sandbox().url}/public-api/agents?page_size=200`, {
			headers: { authorization: `Bearer ${sandbox().keys.tenant}` },
		});
		return ((await answer.json()) as { data: IDataObject[] }).data;
	}

	it.each([
		['triggered', 'TRIGGERED', ['301', '302'], ['303', '305']],
		['scheduled', 'SCHEDULED', ['303', '305'], ['301', '302']],
	])(
		'Agent Kind %s: the list offers the runnable agents of that kind only',
		async (agentKind, triggerType, offered, notOffered) => {
			const { results, paginationToken } = await listFor({ agentKind });
			expect(paginationToken).toBeUndefined();
			const values = results.map((r) => r.value);
			for (const id of offered) expect(values).toContain(id);
			for (const id of [...notOffered, '101', '304']) expect(values).not.toContain(id);
			expect(results).toContainEqual({
				name: agentKind === 'triggered' ? 'Password Reset (301)' : 'Nightly Patch Report (303)',
				value: agentKind === 'triggered' ? '301' : '303',
			});
			const ofKind = (await neoAgents()).filter(
				(a) => a.trigger_type === triggerType && a.autonomy_type !== 'CONVERSATIONAL',
			);
			expect(values.sort()).toEqual(ofKind.map((a) => String(a.id)).sort());
		},
	);

	it('the list follows the kind as saved: without one it is Triggered, the default', async () => {
		const { results } = await listFor({});
		const values = results.map((r) => r.value);
		expect(values).toContain('301');
		expect(values).not.toContain('303');
	});

	it('Target Entity ID is shown, and required, for Triggered only (as n8n’s editor works it out)', () => {
		const neo = new HarnessNodeTypes({}).getByNameAndVersion(NEO_NODE_TYPE, 2).description;
		const editor = (agentKind: string) => {
			const node = neoNode(
				'Neo',
				{ resource: 'agent', operation: 'runNow', agentKind, agent: agent(SEED.agents.triggered) },
				{ typeVersion: 2 },
			);
			// What the editor keeps of the parameters (hidden ones dropped), and the issues it marks.
			const kept = NodeHelpers.getNodeParameters(
				neo.properties,
				node.parameters,
				true,
				false,
				node,
				neo,
			);
			const issues = NodeHelpers.getNodeParametersIssues(
				neo.properties,
				{ ...node, parameters: kept ?? {} },
				neo,
			);
			return { kept: Object.keys(kept ?? {}), issues: issues?.parameters ?? {} };
		};
		const triggered = editor('triggered');
		expect(triggered.kept).toContain('targetEntityId');
		expect(triggered.issues).toEqual({
			targetEntityId: ['Parameter "Target Entity ID" is required.'],
		});
		const scheduled = editor('scheduled');
		expect(scheduled.kept).not.toContain('targetEntityId');
		expect(scheduled.issues).toEqual({});
		const names = neo.properties
			.filter((p) => p.displayOptions?.show?.operation?.includes('runNow'))
			.map((p) => p.name);
		expect(names.slice(0, 3)).toEqual(['agentKind', 'agent', 'targetEntityId']);
		const locator = runNow.description.find((p) => p.name === 'agent');
		expect(locator?.typeOptions?.loadOptionsDependsOn).toEqual(['agentKind']);
	});

	it('starts a triggered agent on the target entity and outputs the started run', async () => {
		const { ok } = await run(
			{ agent: agent(SEED.agents.triggered), targetEntityId: '={{ $json.ticket }}' },
			[{ ticket: 40123 }],
		);
		expect(ok).toHaveLength(1);
		expect(ok[0].json).toEqual({
			execution_id: sandbox().created.runs[0].execution_id,
			status: 'queued',
			agent_id: SEED.agents.triggered,
			target_entity_id: '40123',
		});
		expect(bodiesSent(sandbox(), runNowPath(SEED.agents.triggered))).toEqual([
			{ target_entity_id: '40123' },
		]);
	});

	it('a bare run-now answer (reading runNowBareAnswer) is read as the data: same output, nothing looked up', async () => {
		const before = sandbox().state().config.readings.runNowBareAnswer;
		sandbox().configure({ readings: { runNowBareAnswer: true } });
		try {
			const { ok } = await run({ agent: agent(SEED.agents.triggered), targetEntityId: 'T-3' });
			expect(ok[0].json).toEqual({
				execution_id: sandbox().created.runs[0].execution_id,
				status: 'queued',
				agent_id: SEED.agents.triggered,
				target_entity_id: 'T-3',
			});
			expect(sandbox().count('/public-api/executions')).toBe(0);
		} finally {
			sandbox().configure({ readings: { runNowBareAnswer: before } });
		}
	});

	it('items that run the same agent read it once; each starts its own run', async () => {
		const { ok } = await run(
			{ agent: agent(SEED.agents.triggered), targetEntityId: '={{ $json.ticket }}' },
			[{ ticket: 'A' }, { ticket: 'B' }, { ticket: 'C' }],
		);
		expect(ok.map((i) => i.json.target_entity_id)).toEqual(['A', 'B', 'C']);
		expect(sandbox().count(`/public-api/agents/${SEED.agents.triggered}`)).toBe(1);
		expect(sandbox().created.runs).toHaveLength(3);
	});

	it('Scheduled: the agent is started without a body; a Target Entity ID left in the saved parameters is not sent', async () => {
		const { ok } = await run({
			agentKind: 'scheduled',
			agent: agent(SEED.agents.scheduled),
			targetEntityId: 'T-1',
		});
		expect(ok[0].json).toMatchObject({ status: 'queued', agent_id: SEED.agents.scheduled });
		expect(ok[0].json).not.toHaveProperty('target_entity_id');
		expect(bodiesSent(sandbox(), runNowPath(SEED.agents.scheduled))).toEqual([null]);
	});

	it.each([
		['triggered', SEED.agents.scheduled, 'Triggered', '"Nightly Patch Report" (303) is scheduled'],
		['scheduled', SEED.agents.triggered, 'Scheduled', '"Password Reset" (301) is triggered'],
		[
			'triggered',
			SEED.agents.agenticUntriggered,
			'Triggered',
			'"Ticket Triage" (304) is neither triggered nor scheduled (trigger type NONE)',
		],
	])(
		'Agent Kind %s with agent %s of another kind: the item fails naming the parameter, before any run-now',
		async (agentKind, agentId, kindName, actual) => {
			const { result } = await run({
				agentKind,
				agent: agent(agentId, 'id'),
				targetEntityId: 'T-1',
			});
			expect(result.error?.message).toBe(
				`Neo error agent_kind_mismatch: Parameter "Agent Kind" is ${kindName}, but agent ${actual} (item 0): choose the agent's kind, or an agent of this kind; the run was not started`,
			);
			expect(result.error?.description).toMatch(/choose the agent's kind/);
			expect(sandbox().count(`/public-api/agents/${agentId}`)).toBe(1);
			expect(sandbox().count(runNowPath(agentId))).toBe(0);
			expect(sandbox().created.runs).toHaveLength(0);
		},
	);

	it('a conversational agent fails the item and no run is started', async () => {
		const { result } = await run({
			agent: agent(SEED.agents.conversational[0], 'id'),
			targetEntityId: '1',
		});
		expect(result.error?.message).toMatch(
			/invalid_for_conversational: Agent "Contoso Helpdesk" \(101\) is conversational/,
		);
		expect(sandbox().count(runNowPath(SEED.agents.conversational[0]))).toBe(0);
	});

	it('Triggered without a Target Entity ID fails that item only (error output), naming the parameter, before any request', async () => {
		const { ok, errors } = await run(
			{ agent: agent(SEED.agents.triggered), targetEntityId: '={{ $json.ticket }}' },
			[{ ticket: 'T-1' }, { ticket: '' }],
			'continueErrorOutput',
		);
		expect(ok).toHaveLength(1);
		expect(errors).toHaveLength(1);
		expect(errors[0].json.error).toEqual({
			code: 'invalid_parameter',
			itemIndex: 1,
			message: 'Parameter "Target Entity ID" is required but is empty (item 1)',
		});
		expect(sandbox().count(runNowPath(SEED.agents.triggered))).toBe(1);
		expect(sandbox().created.runs).toHaveLength(1);
	});

	it('Triggered with Target Entity ID left empty: n8n refuses to start the workflow (a required parameter); nothing is sent', async () => {
		await expect(run({ agent: agent(SEED.agents.triggered) })).rejects.toThrow(
			/The 'Neo' node has issues:\s+- Parameter "Target Entity ID" is required\./,
		);
		expect(sandbox().count()).toBe(0);
	});

	it('bad input fails before any request: an agent ID that is not a number, a wait past 600 s', async () => {
		const badId = await run({ agent: agent('={{ $json.id }}', 'id'), targetEntityId: '1' }, [
			{ id: 'abc' },
		]);
		expect(badId.result.error?.message).toBe(
			'Parameter "Agent" must be a whole number, got "abc" (item 0)',
		);
		const longWait = await run({
			agent: agent(SEED.agents.triggered),
			targetEntityId: '1',
			waitForFinish: true,
			waitOptions: { timeoutSeconds: 601 },
		});
		expect(longWait.result.error?.message).toBe(
			'Parameter "Wait Timeout (Seconds)" must be at most 600, got 601 (item 0)',
		);
		const noStatuses = await run({
			agent: agent(SEED.agents.triggered),
			targetEntityId: '1',
			waitForFinish: true,
			waitOptions: { finishedStatuses: ' , ' },
		});
		expect(noStatuses.result.error?.message).toBe(
			'Parameter "Finished Statuses" is empty (item 0)',
		);
		expect(sandbox().count()).toBe(0);
	});

	it('an unknown agent is Neo’s 404 on the agent read; nothing is started', async () => {
		const { result } = await run({ agent: agent(999_999, 'id'), targetEntityId: '1' });
		expect(result.error?.message).toMatch(/^Neo error 404 not_found/);
		expect(sandbox().created.runs).toHaveLength(0);
	});
});

describe('Run Now after a failure Neo may have acted on: look first, never a blind re-send', () => {
	it('a 500 after the run started: the run is found in the agent’s runs and output, not started twice', async () => {
		sandbox().addFault({
			path: RUN_NOW,
			times: 1,
			fault: { kind: 'status', status: 500, acted: true },
		});
		const { ok, result } = await run({
			agent: agent(SEED.agents.triggered),
			targetEntityId: 'T-77',
			// Even the opt-in for blind re-sends of creates does not re-send a run.
			options: { retryServerErrorsOnCreate: true },
		});
		expect(sandbox().created.runs).toHaveLength(1);
		expect(sandbox().count(runNowPath(SEED.agents.triggered))).toBe(1);
		expect(ok[0].json).toMatchObject({
			execution_id: sandbox().created.runs[0].execution_id,
			agent_id: SEED.agents.triggered,
			entity_id: 'T-77',
			reconciled: true,
		});
		const look = sandbox().requests.find((r) => r.path === '/public-api/executions');
		expect(look?.query).toMatchObject({
			agent_id: String(SEED.agents.triggered),
			entity_id: 'T-77',
		});
		expect(result.hints('Neo').map((h) => h.message)).toEqual([
			expect.stringContaining(
				"The run-now call failed after it was sent (500 internal_error); run ex_0001 was found in the agent's runs",
			),
		]);
	});

	it('a reset after the run started is reconciled the same way', async () => {
		sandbox().addFault({ path: RUN_NOW, times: 1, fault: { kind: 'reset', acted: true } });
		const { ok } = await run({ agentKind: 'scheduled', agent: agent(SEED.agents.scheduled) });
		expect(sandbox().created.runs).toHaveLength(1);
		expect(ok[0].json).toMatchObject({ reconciled: true, agent_id: SEED.agents.scheduled });
	});

	it('a 500 before the run started: nothing found, so it is sent again and starts exactly one run', async () => {
		sandbox().addFault({ path: RUN_NOW, times: 1, fault: { kind: 'status', status: 502 } });
		const { ok } = await run({ agent: agent(SEED.agents.triggered), targetEntityId: 'T-5' });
		expect(sandbox().count(runNowPath(SEED.agents.triggered))).toBe(2);
		expect(sandbox().created.runs).toHaveLength(1);
		expect(ok[0].json).toMatchObject({ status: 'queued', target_entity_id: 'T-5' });
		expect(ok[0].json).not.toHaveProperty('reconciled');
	});

	it('with Max Retries 0 the item fails after the look, naming Neo’s error, and is not sent again', async () => {
		sandbox().addFault({ path: RUN_NOW, times: 1, fault: { kind: 'status', status: 503 } });
		const { result } = await run({
			agent: agent(SEED.agents.triggered),
			targetEntityId: 'T-5',
			options: { maxRetries: 0 },
		});
		expect(result.error?.message).toMatch(
			/^Neo error 503 service_unavailable: .*No run of agent 301 on T-5 had started when the node looked/,
		);
		expect(sandbox().count(runNowPath(SEED.agents.triggered))).toBe(1);
	});

	it('when the look fails too, the item fails saying the run may have started', async () => {
		sandbox().addFault({
			path: RUN_NOW,
			times: 1,
			fault: { kind: 'status', status: 500, acted: true },
		});
		sandbox().addFault({ path: '/public-api/executions', fault: { kind: 'status', status: 403 } });
		const { result } = await run({ agent: agent(SEED.agents.triggered), targetEntityId: 'T-9' });
		expect(result.error?.message).toMatch(
			/Looking for the run it may have started failed too \(forbidden/i,
		);
		expect(sandbox().count(runNowPath(SEED.agents.triggered))).toBe(1);
	});
});

describe('Run Now: Wait for the Run to Finish', () => {
	it('follows the run until it has finished and outputs it with its final message', async () => {
		sandbox().configure({ runNow: { durationMs: 300, outcome: 'SUCCEEDED' } });
		const { ok } = await run({
			agent: agent(SEED.agents.triggered),
			targetEntityId: 'T-1',
			waitForFinish: true,
		});
		const id = sandbox().created.runs[0].execution_id;
		expect(ok[0].json).toMatchObject({
			execution_id: id,
			agent_id: SEED.agents.triggered,
			entity_id: 'T-1',
			seconds_spent: expect.any(Number),
			runFinished: true,
			finalMessage: 'Done: MFA reset and the ticket updated.',
		});
		expect(sandbox().count(`/public-api/executions/${id}`)).toBeGreaterThanOrEqual(1);
		expect(sandbox().requests.find((r) => r.path.endsWith('/steps'))?.query).toEqual({
			type: 'FINAL_MESSAGE',
			include_data: 'false',
		});
	});

	it('a failed run is finished too, with its error; without the final message no steps are read', async () => {
		sandbox().configure({ runNow: { durationMs: 0, outcome: 'FAILED' } });
		const { ok } = await run({
			agentKind: 'scheduled',
			agent: agent(SEED.agents.scheduled),
			waitForFinish: true,
			waitOptions: { includeFinalMessage: false },
		});
		expect(ok[0].json).toMatchObject({ runFinished: true, error: expect.any(String) });
		expect(ok[0].json).not.toHaveProperty('finalMessage');
		expect(sandbox().requests.some((r) => r.path.endsWith('/steps'))).toBe(false);
	});

	it('a run still going at the timeout is output as it was, with runFinished false and a hint', async () => {
		sandbox().configure({ runNow: { durationMs: 60_000 } });
		const started = Date.now();
		const { ok, result } = await run({
			agent: agent(SEED.agents.triggered),
			targetEntityId: 'T-2',
			waitForFinish: true,
			waitOptions: { timeoutSeconds: 1 },
		});
		const took = Date.now() - started;
		expect(took).toBeGreaterThanOrEqual(1000);
		expect(took).toBeLessThan(5000);
		expect(ok[0].json).toMatchObject({ runFinished: false, seconds_spent: null });
		expect(result.hints('Neo').map((h) => h.message)).toEqual([
			expect.stringContaining('had not finished after 1 s of waiting'),
		]);
	});

	it('the finished statuses are the user’s: a status not listed keeps the wait going', async () => {
		sandbox().configure({ runNow: { durationMs: 0, outcome: 'FAILED' } });
		const { ok } = await run({
			agentKind: 'scheduled',
			agent: agent(SEED.agents.scheduled),
			waitForFinish: true,
			waitOptions: { finishedStatuses: 'succeeded', timeoutSeconds: 1 },
		});
		// Rows without a status (another reading of Neo's docs) end on their error instead.
		expect(ok[0].json.runFinished).toBe(!('status' in ok[0].json));
	});
});
