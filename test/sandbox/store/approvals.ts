// TIL (technician-in-the-loop) approval requests: a seeded history per tenant (pending and
// decided, two pairs with equal timestamps) and the factory control calls use to add more.
import { TENANT_IDS } from '../keys';
import type { Agent, Person, TilRequest, TilStatus } from '../types';

export const TECHNICIANS: Person[] = [
	{ id: 'u_alice', name: 'Alice Nguyen' },
	{ id: 'u_bob', name: 'Bob Okafor' },
	{ id: 'u_carol', name: 'Carol Jensen' },
];

const ASKS = [
	['Reset MFA for', 'jane.doe'],
	['Grant Full Access on shared mailbox finance@ to', 'sam.lee'],
	['Assign an E3 licence to', 'new.hire'],
	['Disable the account of', 'leaver.one'],
	['Add to the VPN-Users group:', 'remote.worker'],
	['Unlock the account of', 'pat.kim'],
];
const COMPANIES = ['Contoso Ltd', 'Fabrikam Inc', 'Northwind Traders'];

export interface TilSpec {
	id: number;
	tenantId: string;
	agent: Agent;
	status: TilStatus;
	createdAt: string;
	ticketId?: string | null;
	ticketNumber?: string | null;
	comment?: string | null;
}

export function makeTilRequest(spec: TilSpec): TilRequest {
	const n = spec.id;
	const [ask, user] = ASKS[n % ASKS.length];
	const company = COMPANIES[n % COMPANIES.length];
	const ticket = String(40_000 + n);
	const decided = spec.status !== 'PENDING';
	const approver = TECHNICIANS[n % TECHNICIANS.length];
	return {
		id: n,
		agent_id: spec.agent.id,
		agent_name: spec.agent.name,
		status: spec.status,
		approvers: [TECHNICIANS[n % 3], TECHNICIANS[(n + 1) % 3]].map((t) => ({
			user_id: t.id,
			user_name: t.name,
		})),
		comment: spec.comment !== undefined ? spec.comment : `${ask} ${user} (${company})`,
		created_at: spec.createdAt,
		updated_at: decided
			? new Date(Date.parse(spec.createdAt) + 600_000).toISOString()
			: spec.createdAt,
		decided_by: decided ? approver : null,
		decision_note: decided
			? spec.status === 'APPROVED'
				? 'ok'
				: 'Not without a manager sign-off'
			: null,
		requested_for: { user_name: user, email: `${user}@example.com`, company },
		session_id: null,
		ticket_id: spec.ticketId !== undefined ? spec.ticketId : ticket,
		ticket_number: spec.ticketNumber !== undefined ? spec.ticketNumber : `TCK-${ticket}`,
		tenantId: spec.tenantId,
	};
}

const T0 = Date.parse('2026-11-02T08:00:00.000Z');

/** 60 requests for the main tenant (12 pending), 5 for the other; ids from 5001. */
export function seedTilRequests(agents: Agent[]): TilRequest[] {
	const rows: TilRequest[] = [];
	const ticketAgents = (tenantId: string) =>
		agents.filter((a) => a.tenantId === tenantId && a.trigger_type === 'TRIGGERED');
	const add = (tenantId: string, count: number, firstId: number) => {
		const pool = ticketAgents(tenantId);
		for (let i = 0; i < count; i++) {
			const id = firstId + i;
			// Pairs (5010, 5011) and (5040, 5041) share a timestamp: pagination must not split or repeat them.
			const slot = i === 10 || i === 40 ? i - 1 : i;
			const status: TilStatus =
				i >= count - 12 ? 'PENDING' : i % 10 === 3 ? 'REJECTED' : 'APPROVED';
			rows.push(
				makeTilRequest({
					id,
					tenantId,
					agent: pool[i % pool.length],
					status,
					createdAt: new Date(T0 + slot * 3 * 3_600_000).toISOString(),
				}),
			);
		}
	};
	add(TENANT_IDS.tenant, 60, 5001);
	add(TENANT_IDS.otherTenant, 5, 6001);
	return rows;
}

export const SEED_TIL = {
	/** Ids of the main tenant's seeded requests: 5001..5060; the newest 12 (5049..5060) are PENDING. */
	first: 5001,
	last: 5060,
	pending: 5060,
	approved: 5001,
	rejected: 5004,
	otherTenant: 6001,
	/** Two requests with the same created_at. */
	equalTimestamps: [5010, 5011],
	/** The next id a created request gets (after a reset). */
	nextId: 8001,
};
