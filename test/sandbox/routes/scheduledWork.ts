// POST and GET /public-api/scheduled-work: run a TRIGGERED agent later. The only page-number
// list of the API; how the answer says "there is more" is assumed (openapi.json).
import { notFound, validationError, type Route } from '../http';
import { idAsRead } from '../listReadings';
import { numberPage } from '../pagination';
import type { PublicScheduledWork, ScheduledWork } from '../types';

export function publicScheduledWork(w: ScheduledWork): PublicScheduledWork {
	const rest: Partial<ScheduledWork> = { ...w };
	delete rest.tenantId;
	return rest as PublicScheduledWork;
}

export const createScheduledWork: Route = ({ caller, body, store, now, readings }) => {
	const agentId = body.workflow_id as number;
	const agent = store.findAgent(caller.tenantId, agentId);
	if (!agent) throw notFound('Agent', 'workflow_id', agentId);
	if (agent.trigger_type !== 'TRIGGERED' || agent.state !== 'ENABLED') {
		const why =
			agent.trigger_type !== 'TRIGGERED'
				? `is ${agent.trigger_type}, not TRIGGERED`
				: 'is DISABLED';
		throw validationError('Only an enabled TRIGGERED agent can be scheduled.', [
			{ field: 'workflow_id', message: `agent ${agent.id} ${why}` },
		]);
	}
	const stamp = now.toISOString();
	const work: ScheduledWork = {
		id: store.nextId('scheduledWork'),
		workflow_id: agent.id,
		workflow_name: agent.name,
		status: 'PENDING',
		scheduled_for: new Date(body.scheduled_for as string).toISOString(),
		ticket_id: (body.ticket_id as string | null | undefined) ?? null,
		// Neo resolves the ticket number from the PSA; the sandbox has no PSA.
		ticket_number: null,
		client_id: caller.tenantId,
		additional_custom_instructions:
			(body.additional_custom_instructions as string | null | undefined) ?? null,
		created_at: stamp,
		created_by: 'API service account',
		updated_at: stamp,
		executed_at: null,
		execution_message: null,
		tenantId: caller.tenantId,
	};
	store.scheduledWork.push(work);
	store.created.scheduledWork.push(work);
	return { status: 201, data: idAsRead(publicScheduledWork(work), readings) };
};

/** Soonest first (scheduled_for, then id): a stable order, so page N is the same rows twice. */
export const listScheduledWork: Route = ({ caller, query, store, readings }) => {
	const rows = store.scheduledWork
		.filter((w) => w.tenantId === caller.tenantId)
		.filter((w) => query.status === undefined || w.status === query.status)
		.filter((w) => query.ticket_id === undefined || w.ticket_id === query.ticket_id)
		.sort((a, b) => a.scheduled_for.localeCompare(b.scheduled_for) || a.id - b.id);
	const { data, pagination } = numberPage(rows, query);
	return {
		status: 200,
		data: data.map((w) => idAsRead(publicScheduledWork(w), readings)),
		pagination,
	};
};
