import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toNodeApiError } from '../Neo/helpers/errors';
import { DEFAULT_RETRY_SETTINGS, NeoClient } from '../Neo/transport/client';
import { NEO_EVENTS, type NeoEventName, readEvents, type TriggerSettings } from './events';
import { advance, LATE_EVENT_WINDOW_MS, type Mark, newest } from './window';

/** What the trigger keeps in the node's static data between polls (and across restarts). */
export interface TriggerState {
	/** The event the mark belongs to: choosing another event starts afresh. */
	event?: NeoEventName;
	/** Set by the first poll after activation, which delivers nothing. */
	startedAt?: string;
	mark?: Mark;
}

export function readSettings(ctx: IPollFunctions): TriggerSettings {
	const event = ctx.getNodeParameter('event') as NeoEventName;
	if (!(event in NEO_EVENTS)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Parameter "Event" has an unknown value "${event}"`,
		);
	}
	const rawAgents =
		event === 'newInboxMessage' ? [] : (ctx.getNodeParameter('agentIds', []) as unknown);
	const agentIds = (Array.isArray(rawAgents) ? rawAgents : [rawAgents])
		.filter((id) => id !== '' && id !== null && id !== undefined)
		.map((id) => {
			const parsed = Number(id);
			if (!Number.isInteger(parsed) || parsed < 1) {
				throw new NodeOperationError(
					ctx.getNode(),
					`Parameter "Agent Names or IDs" must hold agent IDs (whole numbers), got ${JSON.stringify(id)}`,
				);
			}
			return parsed;
		});
	const outcomes =
		event === 'agentRunFinished'
			? statusList(ctx, 'outcome', 'Outcome', 'any')
			: ['SUCCEEDED', 'FAILED'];
	const onlyPending =
		event === 'newApprovalRequest' && (ctx.getNodeParameter('onlyPending', true) as boolean);
	const pendingStatuses = onlyPending
		? statusList(ctx, 'options.pendingStatus', 'Pending Status', 'PENDING')
		: [];
	const hours = event === 'agentRunFinished' ? option(ctx, 'longestRunHours', 24, 1) : 24;
	const timeoutSeconds = option(ctx, 'timeoutSeconds', 30, 0.001);
	return {
		event,
		agentIds: [...new Set(agentIds)],
		onlyPending,
		pendingStatuses,
		outcomes,
		longestRunMs: hours * 3_600_000,
		timeoutMs: timeoutSeconds * 1000,
	};
}

/**
 * Status values as Neo spells them: one of the listed values, or any others from an expression,
 * comma-separated. `any` (Outcome's first choice) stands for SUCCEEDED and FAILED.
 */
function statusList(ctx: IPollFunctions, name: string, label: string, fallback: string): string[] {
	const value = ctx.getNodeParameter(name, fallback) as unknown;
	const parts = (Array.isArray(value) ? value : [value])
		.flatMap((v) => (typeof v === 'string' || typeof v === 'number' ? String(v).split(',') : [v]))
		.map((v) => (typeof v === 'string' ? v.trim() : v));
	if (parts.length === 0 || parts.some((v) => typeof v !== 'string' || v === '')) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Parameter "${label}" must name one or more statuses (comma-separated), got ${JSON.stringify(value)}`,
		);
	}
	return (parts as string[]).flatMap((v) => (v === 'any' ? ['SUCCEEDED', 'FAILED'] : [v]));
}

/** A number from Options, at least `min`, or its default when unset. */
function option(ctx: IPollFunctions, name: string, fallback: number, min: number): number {
	const value = ctx.getNodeParameter(`options.${name}`, fallback) as unknown;
	const label = name === 'timeoutSeconds' ? 'Timeout (Seconds)' : 'Longest Run (Hours)';
	if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Parameter "${label}" must be a number of at least ${min}, got ${JSON.stringify(value)}`,
		);
	}
	return value;
}

const NOTHING_YET: Record<NeoEventName, string> = {
	newApprovalRequest: 'No approval request in Neo matches these settings yet',
	agentRunFinished: 'No finished agent run in Neo matches these settings yet',
	newInboxMessage: "Neo's inbox is empty",
};

/**
 * One poll. In a test run: the newest event, mark untouched. Active: the first poll only places
 * the mark (no replay of history); later ones deliver each event after the mark once. A failed
 * read throws before the mark moves, so the next poll reads the same window again.
 */
export async function pollNeo(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(ctx);
	const event = NEO_EVENTS[settings.event];
	const client = await NeoClient.create(ctx, {
		...DEFAULT_RETRY_SETTINGS,
		timeoutMs: settings.timeoutMs,
	});
	const state = ctx.getWorkflowStaticData('node') as TriggerState;
	const manual = ctx.getMode() === 'manual';
	const starting = !manual && (state.event !== settings.event || !state.startedAt);

	const scope =
		manual || starting ? { kind: 'edge' as const } : { kind: 'since' as const, mark: state.mark };
	const read = await readEvents(client, settings, scope);
	if (!read.ok) throw toNodeApiError(ctx.getNode(), read.failure, 0);
	if (read.cannotTell) throw new NodeOperationError(ctx.getNode(), read.cannotTell);

	if (manual) {
		const latest = newest(read.rows, event.keyOf);
		if (!latest) throw new NodeOperationError(ctx.getNode(), NOTHING_YET[settings.event]);
		return [ctx.helpers.returnJsonArray([latest])];
	}
	const { fresh, mark } = advance(
		starting ? undefined : state.mark,
		read.rows,
		event.keyOf,
		LATE_EVENT_WINDOW_MS,
	);
	state.event = settings.event;
	state.mark = mark;
	if (starting) {
		state.startedAt = new Date().toISOString();
		return null;
	}
	return fresh.length > 0 ? [ctx.helpers.returnJsonArray(fresh as IDataObject[])] : null;
}
