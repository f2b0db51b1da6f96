// Scheduled work: future (and past) runs of TRIGGERED agents, listed by page number.
import { TENANT_IDS } from '../keys';
import type { Agent, ScheduledWork, ScheduledWorkStatus } from '../types';
import { TECHNICIANS } from './approvals';

const STATUSES: ScheduledWorkStatus[] = [
	'COMPLETED',
	'COMPLETED',
	'FAILED',
	'CANCELLED',
	'PROCESSING',
];
const PAST = Date.parse('2026-10-01T07:00:00.000Z');
const FUTURE = Date.parse('2027-01-04T07:00:00.000Z');

/** 70 rows for the main tenant (the last 25 PENDING, in 2027), 3 for the other; ids from 9001. */
export function seedScheduledWork(agents: Agent[]): ScheduledWork[] {
	const rows: ScheduledWork[] = [];
	const add = (tenantId: string, count: number, firstId: number) => {
		const pool = agents.filter(
			(a) => a.tenantId === tenantId && a.trigger_type === 'TRIGGERED' && a.state === 'ENABLED',
		);
		for (let i = 0; i < count; i++) {
			const agent = pool[i % pool.length];
			const status: ScheduledWorkStatus =
				i >= count - 25 ? 'PENDING' : STATUSES[i % STATUSES.length];
			const pending = status === 'PENDING';
			const k = pending ? i - (count - 25) : i;
			const when = new Date((pending ? FUTURE : PAST) + k * 12 * 3_600_000).toISOString();
			const created = new Date(PAST - 86_400_000 + i * 60_000).toISOString();
			const ran = status === 'COMPLETED' || status === 'FAILED';
			const ticket = i % 2 === 0 ? String(41_000 + i) : null;
			rows.push({
				id: firstId + i,
				workflow_id: agent.id,
				workflow_name: agent.name,
				status,
				scheduled_for: when,
				ticket_id: ticket,
				ticket_number: ticket ? `TCK-${ticket}` : null,
				client_id: tenantId,
				additional_custom_instructions:
					i % 3 === 0 ? 'Notify the requester by email when done.' : null,
				created_at: created,
				created_by: TECHNICIANS[i % TECHNICIANS.length].name,
				updated_at: ran ? when : created,
				executed_at: ran ? when : null,
				execution_message:
					status === 'FAILED'
						? 'Ticket was closed before the run'
						: ran
							? 'Started execution'
							: null,
				tenantId,
			});
		}
	};
	add(TENANT_IDS.tenant, 70, 9001);
	add(TENANT_IDS.otherTenant, 3, 9801);
	return rows;
}

export const SEED_SCHEDULED_WORK = {
	/** 9001..9070 for the main tenant (sorted by scheduled_for = by id); 9046..9070 PENDING. */
	first: 9001,
	count: 70,
	pendingCount: 25,
	otherTenant: 9801,
	nextId: 9901,
};
