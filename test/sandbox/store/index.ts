// In-memory Neo data: seeded tenants, agents, channels, end companies and sessions (rebuilt on
// reset, so they survive it unchanged) and what requests created.
import { randomBytes } from 'node:crypto';
import { BlobStore } from '../blobs';
import { ChatAgent } from '../chat/agent';
import { TENANT_IDS } from '../keys';
import type {
	Agent,
	Channel,
	ChatSession,
	Created,
	EndCompany,
	Execution,
	SandboxSeed,
	ScheduledWork,
	Template,
	TilRequest,
} from '../types';
import { SEED_AGENTS, seedAgents } from './agents';
import { SEED_TIL, seedTilRequests } from './approvals';
import { linkApprovals, SEED_EXECUTIONS, seedExecutions, settleRuns } from './executions';
import { SEED_TEMPLATES, seedTemplates } from './templates';
import { type InboxRow, seedInbox } from './inbox';
import { SEED_SCHEDULED_WORK, seedScheduledWork } from './scheduledWork';
import {
	SEED_CHANNELS,
	SEED_END_COMPANIES,
	SEED_INBOUND,
	seedChannels,
	seedEndCompanies,
} from './directory';

/** Seeded runs worth naming, found once in the deterministic seed. */
function namedRuns(): Pick<SandboxSeed['executions'], 'withApprovals' | 'withCallback' | 'withoutCallback'> {
	const agents = seedAgents();
	const runs = seedExecutions(agents).filter((r) => r.tenantId === TENANT_IDS.tenant);
	const requests = seedTilRequests(agents);
	linkApprovals(requests, runs);
	return {
		withApprovals: requests.find((r) => r.executionId)?.executionId as string,
		withCallback: runs.find((r) => r.callback)?.execution_id as string,
		withoutCallback: runs.find((r) => !r.callback)?.execution_id as string,
	};
}

export const SEED: SandboxSeed = {
	tenants: { ...TENANT_IDS },
	agents: SEED_AGENTS,
	sessions: { tenant: 'cs_seed_acme_support', otherTenant: 'cs_seed_globex_support' },
	inboundTenants: SEED_INBOUND,
	channels: SEED_CHANNELS,
	endCompanies: SEED_END_COMPANIES,
	tilRequests: SEED_TIL,
	executions: { ...SEED_EXECUTIONS, ...namedRuns() },
	templates: SEED_TEMPLATES,
	scheduledWork: SEED_SCHEDULED_WORK,
};

const SEED_TIME = '2026-01-01T00:00:00.000Z';

function seededSession(id: string, tenantId: string, agentId: number): ChatSession {
	return {
		id,
		agent_id: agentId,
		channel: 'API',
		client_id: tenantId,
		title: 'Neo Support (seeded)',
		created_at: SEED_TIME,
		updated_at: SEED_TIME,
		archived_at: null,
		show_agent_progress_steps: true,
		tenant_id: tenantId,
		end_company_id: null,
		neo_support: true,
		bot_id: null,
	};
}

const STORE_SNAPSHOT_VERSION = 1;

export interface StoreSnapshot {
	version: number;
	created: Created;
	seededChannels: Channel[];
	seededEndCompanies: EndCompany[];
	tilRequests: TilRequest[];
	executions: Execution[];
	scheduledWork: ScheduledWork[];
	ids: { til: number; execution: number; scheduledWork: number };
}

export function newId(prefix: string): string {
	return `${prefix}_${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;
}

export class Store {
	agents: Agent[] = seedAgents();
	readonly templates: Template[] = seedTemplates();
	private seededChannels: Channel[] = seedChannels();
	private seededEndCompanies: EndCompany[] = seedEndCompanies();

	private readonly seededSessions: ChatSession[] = [
		seededSession(SEED.sessions.tenant, TENANT_IDS.tenant, SEED.agents.neoSupport.tenant),
		seededSession(
			SEED.sessions.otherTenant,
			TENANT_IDS.otherTenant,
			SEED.agents.neoSupport.otherTenant,
		),
	];

	/** Seeded plus created rows of the activity resources (rebuilt on reset). */
	tilRequests: TilRequest[] = [];
	executions: Execution[] = [];
	scheduledWork: ScheduledWork[] = [];
	inbox: InboxRow[] = [];
	private ids = { til: 0, execution: 0, scheduledWork: 0, agent: 0 };

	/** Arrays are cleared in place on reset so references held by tests stay live. */
	readonly created: Created = {
		channels: [],
		sessions: [],
		tokens: [],
		endCompanies: [],
		tilRequests: [],
		executions: [],
		scheduledWork: [],
		decisions: [],
		agents: [],
		runs: [],
	};

	constructor() {
		this.reset();
	}

	/** Ids for new rows: integers for TIL requests and scheduled work, ex_NNNN for executions. */
	nextId(kind: 'til' | 'scheduledWork' | 'agent'): number;
	nextId(kind: 'execution'): string;
	nextId(kind: keyof Store['ids']): number | string {
		const n = this.ids[kind]++;
		if (kind === 'til') return SEED_TIL.nextId + n;
		if (kind === 'scheduledWork') return SEED_SCHEDULED_WORK.nextId + n;
		if (kind === 'agent') return 1001 + n;
		return `ex_${String(n + 1).padStart(4, '0')}`;
	}

	findTilRequest(tenantId: string, id: number): TilRequest | undefined {
		return this.tilRequests.find((r) => r.id === id && r.tenantId === tenantId);
	}

	/** Finishes the run-now runs whose duration has passed (called before every API answer). */
	settleRuns(now: Date): void {
		settleRuns(this.created.runs, now.getTime());
	}

	findTemplate(id: number): Template | undefined {
		return this.templates.find((t) => t.id === id);
	}

	findExecution(tenantId: string, id: string): Execution | undefined {
		return this.executions.find((e) => e.execution_id === id && e.tenantId === tenantId);
	}

	/** Chat messages, turns and their event logs (the scripted conversational agent). */
	readonly chat = new ChatAgent();

	/** Chat attachments' blob storage stand-in (its own listener, started with the sandbox). */
	readonly blobs = new BlobStore();

	tenantExists(tenantId: string): boolean {
		return (Object.values(TENANT_IDS) as string[]).includes(tenantId);
	}

	findAgent(tenantId: string, agentId: number): Agent | undefined {
		return this.agents.find((a) => a.id === agentId && a.tenantId === tenantId);
	}

	tenantAgents(tenantId: string): Agent[] {
		return this.agents.filter((a) => a.tenantId === tenantId);
	}

	neoSupportAgent(tenantId: string): Agent | undefined {
		return this.agents.find(
			(a) => a.tenantId === tenantId && a.managed_agent_key === 'NEO_SUPPORT',
		);
	}

	channels(): Channel[] {
		return [...this.seededChannels, ...this.created.channels];
	}

	findChannel(tenantId: string, channelId: string): Channel | undefined {
		return this.channels().find((c) => c.id === channelId && c.tenant_id === tenantId);
	}

	findChannelByName(tenantId: string, internalName: string): Channel | undefined {
		return this.channels().find(
			(c) => c.tenant_id === tenantId && c.internal_name === internalName,
		);
	}

	endCompanies(): EndCompany[] {
		return [...this.seededEndCompanies, ...this.created.endCompanies];
	}

	findEndCompany(tenantId: string, psaCompanyId: string): EndCompany | undefined {
		return this.endCompanies().find(
			(e) => e.tenantId === tenantId && e.psa_company_id === psaCompanyId,
		);
	}

	/** inbound M365 tenant id -> the end company (and its MSP) whose tenant_id it is. */
	endCompanyForInbound(inboundTenantId: string): EndCompany | undefined {
		return this.endCompanies().find((e) => e.tenant_id === inboundTenantId);
	}

	findSession(tenantId: string, sessionId: string): ChatSession | undefined {
		return [...this.seededSessions, ...this.created.sessions].find(
			(s) => s.id === sessionId && s.tenant_id === tenantId,
		);
	}

	/**
	 * What requests changed, as plain JSON: enough for the demo to keep its Neo data across
	 * restarts (cli.ts --state-file). Chat message logs are not kept: a kept session starts a new log.
	 */
	snapshot(): StoreSnapshot {
		return JSON.parse(
			JSON.stringify({
				version: STORE_SNAPSHOT_VERSION,
				created: this.created,
				seededChannels: this.seededChannels,
				seededEndCompanies: this.seededEndCompanies,
				tilRequests: this.tilRequests,
				executions: this.executions,
				scheduledWork: this.scheduledWork,
				ids: this.ids,
			}),
		) as StoreSnapshot;
	}

	/** Back to a snapshot's data (after a reset, so nothing of the current data stays). */
	restore(snapshot: StoreSnapshot): void {
		if (snapshot?.version !== STORE_SNAPSHOT_VERSION) {
			throw new Error(
				`Not a sandbox state of version ${STORE_SNAPSHOT_VERSION} (got version ${String(snapshot?.version)})`,
			);
		}
		this.reset();
		for (const [kind, list] of Object.entries(snapshot.created) as Array<
			[keyof Created, unknown[]]
		>) {
			if (Array.isArray(this.created[kind])) (this.created[kind] as unknown[]).push(...list);
		}
		this.seededChannels = snapshot.seededChannels;
		this.seededEndCompanies = snapshot.seededEndCompanies;
		this.tilRequests = snapshot.tilRequests;
		this.executions = snapshot.executions;
		this.scheduledWork = snapshot.scheduledWork;
		this.ids = { ...this.ids, ...snapshot.ids };
	}

	reset(): void {
		this.chat.reset();
		this.blobs.reset();
		for (const session of this.seededSessions) session.archived_at = null;
		for (const list of Object.values(this.created) as unknown[][]) list.length = 0;
		this.seededChannels = seedChannels();
		this.seededEndCompanies = seedEndCompanies();
		// Agents are re-seeded too: creates and updates change them.
		this.agents = seedAgents();
		this.tilRequests = seedTilRequests(this.agents);
		this.executions = seedExecutions(this.agents);
		linkApprovals(this.tilRequests, this.executions);
		this.scheduledWork = seedScheduledWork(this.agents);
		this.inbox = seedInbox();
		this.ids = { til: 0, execution: 0, scheduledWork: 0, agent: 0 };
	}
}
