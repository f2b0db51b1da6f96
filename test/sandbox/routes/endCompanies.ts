// POST /public-api/end-companies and GET /public-api/end-companies/{psa_company_id}
// ("Create an end company", "Get an end company"). An end company with a tenant_id maps that
// Microsoft 365 tenant, so white-label chat sessions from it stop answering end_company_not_mapped.
import { notFound, validationError, type Route } from '../http';
import type { Readings } from '../readings';
import type { EndCompany, EndCompanyInput, PublicEndCompany } from '../types';
import { duplicateError } from './conflicts';
import { served } from './optionalFields';

/** The consent flags Neo sets itself: under missingOptionalFields they are left out. */
const ACCESS_FLAGS = ['azure_application_access_granted', 'azure_delegated_access_granted'];

export function publicEndCompany(e: EndCompany, readings: Readings): Partial<PublicEndCompany> {
	const rest: Partial<EndCompany> = { ...e };
	delete rest.tenantId;
	return served(rest as PublicEndCompany, readings, ACCESS_FLAGS);
}

export const createEndCompany: Route = ({ caller, body, store, readings }) => {
	const input = body as unknown as EndCompanyInput;
	const blank = (['psa_company_id', 'psa_company_name'] as const).filter(
		(f) => input[f].trim() === '',
	);
	if (blank.length > 0) {
		throw validationError(
			`${blank.join(' and ')} must not be blank.`,
			blank.map((field) => ({ field, message: 'must not be blank' })),
		);
	}
	// Assumed (x-assumed): a PSA company id is unique per MSP tenant; a second create is a 409.
	if (store.findEndCompany(caller.tenantId, input.psa_company_id)) {
		throw duplicateError(
			readings,
			'END_COMPANY_EXISTS',
			`End company ${input.psa_company_id} already exists.`,
			{ psa_company_id: input.psa_company_id },
		);
	}
	// Assumed: one Microsoft 365 tenant belongs to one end company. Another MSP's company is not named.
	const tenantId = input.tenant_id ?? null;
	const holder = tenantId ? store.endCompanyForInbound(tenantId) : undefined;
	if (holder) {
		throw duplicateError(
			readings,
			'TENANT_ALREADY_MAPPED',
			`Tenant ${tenantId} is already mapped to an end company.`,
			{
				tenant_id: tenantId,
				...(holder.tenantId === caller.tenantId
					? { existing_psa_company_id: holder.psa_company_id }
					: {}),
			},
		);
	}
	const company: EndCompany = {
		psa_company_id: input.psa_company_id,
		psa_company_name: input.psa_company_name,
		tenant_id: tenantId,
		custom_instructions: input.custom_instructions ?? null,
		custom_instructions_for_user_facing_chat:
			input.custom_instructions_for_user_facing_chat ?? null,
		auto_assign_exchange_admin: input.auto_assign_exchange_admin ?? false,
		employee_identity_provider: input.employee_identity_provider ?? null,
		mailbox_provider: input.mailbox_provider ?? null,
		marketplace_company_ids: input.marketplace_company_ids ?? [],
		// Consent is given in Neo's dashboard, never through the API: a new company has none.
		azure_application_access_granted: false,
		azure_delegated_access_granted: false,
		tenantId: caller.tenantId,
	};
	store.created.endCompanies.push(company);
	return { status: 201, data: publicEndCompany(company, readings) };
};

export const getEndCompany: Route = ({ caller, params, store, readings }) => {
	const company = store.findEndCompany(caller.tenantId, params.psa_company_id as string);
	if (!company) throw notFound('End company', 'psa_company_id', params.psa_company_id);
	return { status: 200, data: publicEndCompany(company, readings) };
};
