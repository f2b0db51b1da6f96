// Seeded agents: 120 for the main tenant (every kind, names worth searching), a dozen for the other
// tenant, and each tenant's Neo Support agent. Deterministic, so ids are stable across runs.
import { TENANT_IDS } from '../keys';
import type { Agent, AgentState, AutonomyType, TriggerType } from '../types';

const T0 = Date.parse('2025-06-02T09:00:00.000Z');
const stamp = (i: number) => new Date(T0 + i * 3_600_000).toISOString();

type Kind = [AutonomyType, TriggerType, string | null];
const CONVERSATIONAL: Kind = ['CONVERSATIONAL', 'NONE', null];
const TICKET_TRIGGERED: Kind = ['CHAINED_ACTIONS', 'TRIGGERED', 'TICKET'];
const AGENTIC_TRIGGERED: Kind = ['AGENTIC', 'TRIGGERED', 'TICKET'];
const SCHEDULED: Kind = ['CHAINED_ACTIONS', 'SCHEDULED', 'COMPANY'];
const AGENTIC_SCHEDULED: Kind = ['AGENTIC', 'SCHEDULED', null];
const AGENTIC_NONE: Kind = ['AGENTIC', 'NONE', null];

function agent(
	tenantId: string,
	id: number,
	name: string,
	kind: Kind,
	state: AgentState = 'ENABLED',
	i = id,
): Agent {
	const [autonomy_type, trigger_type, entity_type] = kind;
	return {
		id,
		name,
		state,
		autonomy_type,
		trigger_type,
		entity_type,
		description: `${name} (${autonomy_type.toLowerCase()}, ${trigger_type.toLowerCase()})`,
		managed_agent_key: null,
		created_at: stamp(i),
		updated_at: stamp(i),
		tenantId,
	};
}

function neoSupport(tenantId: string, id: number): Agent {
	return {
		...agent(tenantId, id, 'Neo Support', CONVERSATIONAL),
		managed_agent_key: 'NEO_SUPPORT',
	};
}

/** Named agents with fixed ids: the ones tests and examples refer to. */
const NAMED: [number, string, Kind, AgentState?][] = [
	[101, 'Contoso Helpdesk', CONVERSATIONAL],
	[102, 'Fabrikam Service Desk', CONVERSATIONAL],
	[301, 'Password Reset', TICKET_TRIGGERED],
	[302, 'User Onboarding', AGENTIC_TRIGGERED],
	[303, 'Nightly Patch Report', SCHEDULED],
	[304, 'Ticket Triage', AGENTIC_NONE],
	[305, 'Mailbox Cleanup', AGENTIC_SCHEDULED],
	[306, 'Legacy Offboarding', TICKET_TRIGGERED, 'DISABLED'],
	[307, 'Old Intake Bot', CONVERSATIONAL, 'DISABLED'],
];

const TASKS = [
	'Password Reset',
	'MFA Reset',
	'License Assignment',
	'Shared Mailbox Access',
	'Printer Troubleshooting',
	'VPN Access',
	'Disk Space Alert',
	'Backup Verification',
	'Device Enrollment',
	'Teams Provisioning',
	'Distribution List Update',
	'Account Unlock',
	'Software Install',
	'Security Alert Review',
	'Invoice Dispute',
	'New Hire Setup',
];
const CLIENTS = ['Contoso', 'Fabrikam', 'Northwind', 'Tailspin', 'Woodgrove', 'Litware', 'Adatum'];
const KINDS: Kind[] = [
	TICKET_TRIGGERED,
	AGENTIC_TRIGGERED,
	SCHEDULED,
	CONVERSATIONAL,
	AGENTIC_SCHEDULED,
	AGENTIC_NONE,
];

export function seedAgents(): Agent[] {
	const t = TENANT_IDS.tenant;
	const agents = NAMED.map(([id, name, kind, state]) => agent(t, id, name, kind, state));
	// 308..418: "<task> for <client>", every kind, every ninth disabled (111 agents).
	for (let n = 0; n < 111; n++) {
		const name = `${TASKS[n % TASKS.length]} for ${CLIENTS[Math.floor(n / TASKS.length) % CLIENTS.length]}`;
		agents.push(
			agent(t, 308 + n, name, KINDS[n % KINDS.length], n % 9 === 8 ? 'DISABLED' : 'ENABLED'),
		);
	}
	agents.push(neoSupport(t, 901));
	const g = TENANT_IDS.otherTenant;
	agents.push(agent(g, 201, 'Globex Helpdesk', CONVERSATIONAL));
	for (let n = 0; n < 11; n++) {
		agents.push(agent(g, 202 + n, `${TASKS[n]} for Initech`, KINDS[n % KINDS.length]));
	}
	agents.push(neoSupport(g, 902), neoSupport(TENANT_IDS.platform, 903));
	return agents;
}

/** Agent ids by kind, for tests and examples (all of the main tenant unless said otherwise). */
export const SEED_AGENTS = {
	tenant: [101, 102],
	otherTenant: [201],
	neoSupport: { tenant: 901, otherTenant: 902, platform: 903 },
	conversational: [101, 102],
	triggered: 301,
	agenticTriggered: 302,
	scheduled: 303,
	agenticUntriggered: 304,
	disabled: { triggered: 306, conversational: 307 },
	otherTenantTriggered: 202,
	/** How many agents each tenant lists (Neo Support included). */
	counts: { tenant: 121, otherTenant: 13, platform: 1 },
};
