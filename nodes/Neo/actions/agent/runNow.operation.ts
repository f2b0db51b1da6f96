import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ParameterReader } from '../../helpers/parameters';
import { neoPath, type SendResult } from '../../transport';
import type { NeoClient } from '../../transport/client';
import { RUN_KINDS, type RunKind } from '../../methods/agentFilters';
import { agentLocator } from '../common';
import { MAX_WAIT_SECONDS, waitForRun, type WaitSettings } from '../execution/waitForRun';
import type { CallResult, NeoOperation } from '../operation';
import { startRun } from './startRun';

const properties: INodeProperties[] = [
	{
		displayName: 'Agent Kind',
		name: 'agentKind',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Triggered',
				value: 'triggered',
				description: 'Runs on one entity in your PSA, e.g. a ticket: takes a Target Entity ID',
			},
			{
				name: 'Scheduled',
				value: 'scheduled',
				description: 'Runs on its own schedule, on no entity: started now, out of turn',
			},
		],
		default: 'triggered',
		description:
			'How the agent runs. The list below offers agents of this kind only; the node checks the agent against it before starting the run.',
	},
	agentLocator({
		displayName: 'Agent',
		name: 'agent',
		search: 'searchRunnableAgents',
		required: true,
		dependsOn: ['agentKind'],
		description:
			'The agent to run, of the kind chosen above (a conversational agent answers chats and cannot be run)',
	}),
	{
		displayName: 'Target Entity ID',
		name: 'targetEntityId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 40012',
		displayOptions: { show: { agentKind: ['triggered'] } },
		description: 'What the agent runs on: the entity ID in your PSA, e.g. the ticket ID',
	},
	{
		displayName: 'Wait for the Run to Finish',
		name: 'waitForFinish',
		type: 'boolean',
		default: false,
		description:
			'Whether to follow the run until it has finished and output the finished run (this holds the execution, and its worker, while it waits). Off: output the started run at once.',
	},
	{
		displayName: 'Wait Options',
		name: 'waitOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { waitForFinish: [true] } },
		options: [
			{
				displayName: 'Finished Statuses',
				name: 'finishedStatuses',
				type: 'string',
				default: 'SUCCEEDED, FAILED',
				description:
					'Comma-separated run statuses that mean the run has ended. Neo does not document its status values: add any your tenant shows (e.g. CANCELLED). A run without a status counts as finished once it carries an error or seconds spent.',
			},
			{
				displayName: 'Include Final Message',
				name: 'includeFinalMessage',
				type: 'boolean',
				default: true,
				description:
					"Whether to add the run's final message (its FINAL_MESSAGE step) as finalMessage",
			},
			{
				displayName: 'Wait Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_WAIT_SECONDS },
				default: 120,
				description:
					'Longest wait for one run (at most 600). A run still going then is output as it was, with runFinished false.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['agent'], operation: ['runNow'] } },
	properties,
);

/** One agent read per agent and node run: items that run the same agent share it. */
const agentReads = new WeakMap<NeoClient, Map<number, Promise<SendResult>>>();

function readAgent(client: NeoClient, agentId: number): Promise<SendResult> {
	const reads = agentReads.get(client) ?? new Map<number, Promise<SendResult>>();
	agentReads.set(client, reads);
	let read = reads.get(agentId);
	if (!read) {
		read = client.send({
			method: 'GET',
			path: neoPath('/public-api/agents/{agent_id}', { agent_id: agentId }),
		});
		reads.set(agentId, read);
	}
	return read;
}

function readWaitSettings(read: ParameterReader): WaitSettings | undefined {
	if (!read.booleanOrDefault('waitForFinish')) return undefined;
	const seconds = read.numberOrDefault('waitOptions.timeoutSeconds');
	if (seconds > MAX_WAIT_SECONDS) {
		read.fail(
			read.label('waitOptions.timeoutSeconds'),
			`must be at most ${MAX_WAIT_SECONDS}, got ${seconds}`,
		);
	}
	const unset = read.raw('waitOptions.finishedStatuses') === undefined;
	const text = unset
		? String(read.property('waitOptions.finishedStatuses').default)
		: (read.optionalString('waitOptions.finishedStatuses') ?? '');
	const statuses = text
		.split(',')
		.map((status) => status.trim().toUpperCase())
		.filter((status) => status !== '');
	if (statuses.length === 0) read.fail(read.label('waitOptions.finishedStatuses'), 'is empty');
	return {
		timeoutMs: seconds * 1000,
		finishedStatuses: statuses,
		includeFinalMessage: read.booleanOrDefault('waitOptions.includeFinalMessage'),
	};
}

/** A failure of the item found by the node itself, before the run was started. */
function refused(code: string, message: string): CallResult {
	return { ok: false, failure: { code, message, attempts: 0, waitedMs: 0 } };
}

/**
 * POST /agents/{agent_id}/run-now. The body follows the Agent Kind chosen (a Target Entity ID for
 * a triggered agent, nothing for a scheduled one). An agent ID may come from an expression, so the
 * agent is read first: a conversational agent, or one of another kind than chosen, fails the item
 * before the run is started.
 */
export const runNow: NeoOperation = {
	description,
	prepare: (read) => {
		const kind = read.option<RunKind>('agentKind');
		const agentId = read.agentId('agent');
		const target = kind === 'triggered' ? read.string('targetEntityId') : undefined;
		const wait = readWaitSettings(read);
		const kindLabel = read.label('agentKind');
		const kindName = kind === 'triggered' ? 'Triggered' : 'Scheduled';
		return async (client) => {
			const agentRead = await readAgent(client, agentId);
			if (!agentRead.ok) return agentRead;
			const agent = agentRead.value.data as IDataObject;
			const named = `"${String(agent.name ?? 'Agent')}" (${agentId})`;
			// Neo's enum values, compared as its error codes are: in either case.
			const autonomy = String(agent.autonomy_type ?? '').toUpperCase();
			const trigger = String(agent.trigger_type ?? '').toUpperCase();
			if (autonomy === 'CONVERSATIONAL') {
				return refused(
					'invalid_for_conversational',
					`Agent ${named} is conversational: it answers chats and cannot be run (item ${read.itemIndex}); the run was not started`,
				);
			}
			if (trigger !== RUN_KINDS[kind]) {
				const actual =
					trigger === 'TRIGGERED' || trigger === 'SCHEDULED'
						? trigger.toLowerCase()
						: `neither triggered nor scheduled (trigger type ${trigger || 'missing'})`;
				return refused(
					'agent_kind_mismatch',
					`Parameter "${kindLabel}" is ${kindName}, but agent ${named} is ${actual} (item ${read.itemIndex}): choose the agent's kind, or an agent of this kind; the run was not started`,
				);
			}
			const started = await startRun(client, agentId, target);
			if (!started.ok) return started;
			const run: IDataObject = {
				...started.run,
				agent_id: started.run.agent_id ?? agentId,
				...(target === undefined ? {} : { target_entity_id: target }),
				...(started.reconciled ? { reconciled: true } : {}),
			};
			const notices = started.reconciled
				? [
						`The run-now call failed after it was sent (${started.reconciled}); run ${String(run.execution_id)} was found in the agent's runs and is output instead of starting another`,
					]
				: [];
			if (!wait) return { ok: true, records: [run], warnings: [], notices };
			const waited = await waitForRun(client, String(run.execution_id), wait, run);
			if (!waited.ok) return waited;
			return { ...waited, notices: [...notices, ...(waited.notices ?? [])] };
		};
	},
};
