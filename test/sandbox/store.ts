// In-memory Neo data: seeded tenants/agents/sessions (survive reset) and what requests created.
import { randomBytes } from 'node:crypto';
import { TENANT_IDS } from './keys';
import type { Channel, ChatSession, MintResult, SandboxSeed } from './types';

export interface Agent {
	id: number;
	tenantId: string;
	type: 'CONVERSATIONAL' | 'NEO_SUPPORT';
}

export const SEED: SandboxSeed = {
	tenants: { ...TENANT_IDS },
	agents: {
		tenant: [101, 102],
		otherTenant: [201],
		neoSupport: { tenant: 901, otherTenant: 902, platform: 903 },
	},
	sessions: { tenant: 'cs_seed_acme_support', otherTenant: 'cs_seed_globex_support' },
	inboundTenants: {
		mapped: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
		endCompanyId: 'ec_contoso',
		unmapped: '00000000-0000-4000-8000-000000000000',
	},
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

export function newId(prefix: string): string {
	return `${prefix}_${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;
}

export class Store {
	readonly agents: Agent[] = [
		{ id: 101, tenantId: TENANT_IDS.tenant, type: 'CONVERSATIONAL' },
		{ id: 102, tenantId: TENANT_IDS.tenant, type: 'CONVERSATIONAL' },
		{ id: 201, tenantId: TENANT_IDS.otherTenant, type: 'CONVERSATIONAL' },
		{ id: SEED.agents.neoSupport.tenant, tenantId: TENANT_IDS.tenant, type: 'NEO_SUPPORT' },
		{
			id: SEED.agents.neoSupport.otherTenant,
			tenantId: TENANT_IDS.otherTenant,
			type: 'NEO_SUPPORT',
		},
		{ id: SEED.agents.neoSupport.platform, tenantId: TENANT_IDS.platform, type: 'NEO_SUPPORT' },
	];

	/** inbound M365 tenant id -> the MSP tenant and end company that installed the white-label bot. */
	readonly endCompanies = new Map([
		[
			SEED.inboundTenants.mapped,
			{ tenantId: TENANT_IDS.tenant, endCompanyId: SEED.inboundTenants.endCompanyId },
		],
	]);

	private readonly seededSessions: ChatSession[] = [
		seededSession(SEED.sessions.tenant, TENANT_IDS.tenant, SEED.agents.neoSupport.tenant),
		seededSession(
			SEED.sessions.otherTenant,
			TENANT_IDS.otherTenant,
			SEED.agents.neoSupport.otherTenant,
		),
	];

	/** Arrays are cleared in place on reset so references held by tests stay live. */
	readonly created: { channels: Channel[]; sessions: ChatSession[]; tokens: MintResult[] } = {
		channels: [],
		sessions: [],
		tokens: [],
	};

	tenantExists(tenantId: string): boolean {
		return (Object.values(TENANT_IDS) as string[]).includes(tenantId);
	}

	findAgent(tenantId: string, agentId: number): Agent | undefined {
		return this.agents.find((a) => a.id === agentId && a.tenantId === tenantId);
	}

	neoSupportAgent(tenantId: string): Agent | undefined {
		return this.agents.find((a) => a.tenantId === tenantId && a.type === 'NEO_SUPPORT');
	}

	findChannelByName(tenantId: string, internalName: string): Channel | undefined {
		return this.created.channels.find(
			(c) => c.tenant_id === tenantId && c.internal_name === internalName,
		);
	}

	findSession(tenantId: string, sessionId: string): ChatSession | undefined {
		return [...this.seededSessions, ...this.created.sessions].find(
			(s) => s.id === sessionId && s.tenant_id === tenantId,
		);
	}

	reset(): void {
		this.created.channels.length = 0;
		this.created.sessions.length = 0;
		this.created.tokens.length = 0;
	}
}
