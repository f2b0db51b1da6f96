// Seeded channels and end companies (the MSP's clients). Fresh copies on every reset, so a PATCH
// or a create in one test never leaks into the next.
import { TENANT_IDS } from '../keys';
import type { Channel, EndCompany } from '../types';

const SEED_TIME = '2026-01-01T00:00:00.000Z';

export const SEED_INBOUND = {
	/** Contoso's M365 tenant: mapped to end company 1001 of the main tenant. */
	mapped: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
	endCompanyId: '1001',
	/** Mapped to nothing: a white-label session for it is 409 end_company_not_mapped. */
	unmapped: '00000000-0000-4000-8000-000000000000',
};

export const SEED_CHANNELS = {
	tenant: 'ch_seed_contoso_teams',
	otherTenant: 'ch_seed_globex_teams',
};

/** PSA company ids. The same id in another tenant is another company (ids are per MSP). */
export const SEED_END_COMPANIES = {
	tenant: { contoso: '1001', fabrikam: '1002', northwind: '1003' },
	otherTenant: { initech: '1001' },
};

function channel(id: string, tenantId: string, agentId: number, name: string): Channel {
	return {
		id,
		internal_name: name,
		audience: 'END_USER',
		type: 'TEAMS',
		agent_id: agentId,
		display_name: 'IT Help',
		description: 'Ask IT anything',
		welcome_message: 'Hi! How can I help?',
		color_icon_url: null,
		outline_icon_url: null,
		relay_prefix: null,
		show_agent_progress_steps: true,
		status: 'ACTIVE',
		created_at: SEED_TIME,
		updated_at: SEED_TIME,
		tenant_id: tenantId,
	};
}

export function seedChannels(): Channel[] {
	return [
		channel(SEED_CHANNELS.tenant, TENANT_IDS.tenant, 101, 'seed-contoso-teams'),
		channel(SEED_CHANNELS.otherTenant, TENANT_IDS.otherTenant, 201, 'seed-globex-teams'),
	];
}

function company(
	tenantId: string,
	id: string,
	name: string,
	extra: Partial<EndCompany> = {},
): EndCompany {
	return {
		psa_company_id: id,
		psa_company_name: name,
		tenant_id: null,
		custom_instructions: null,
		custom_instructions_for_user_facing_chat: null,
		auto_assign_exchange_admin: false,
		employee_identity_provider: null,
		mailbox_provider: null,
		marketplace_company_ids: [],
		azure_application_access_granted: false,
		azure_delegated_access_granted: false,
		tenantId,
		...extra,
	};
}

export function seedEndCompanies(): EndCompany[] {
	const ids = SEED_END_COMPANIES;
	return [
		company(TENANT_IDS.tenant, ids.tenant.contoso, 'Contoso Ltd', {
			tenant_id: SEED_INBOUND.mapped,
			custom_instructions: 'Contoso uses ServiceNow for HR requests.',
			azure_application_access_granted: true,
			azure_delegated_access_granted: true,
		}),
		company(TENANT_IDS.tenant, ids.tenant.fabrikam, 'Fabrikam Inc'),
		company(TENANT_IDS.tenant, ids.tenant.northwind, 'Northwind Traders', {
			tenant_id: '3c5d7e9f-1a2b-4c3d-8e4f-5a6b7c8d9e0f',
			azure_application_access_granted: true,
			mailbox_provider: {
				onprem_exchange_runner_hostname: 'nw-runner01',
				onprem_exchange_server_hostname: 'nw-exch01',
				onprem_service_account_username: 'svc-neo',
			},
		}),
		company(TENANT_IDS.otherTenant, ids.otherTenant.initech, 'Initech'),
	];
}
