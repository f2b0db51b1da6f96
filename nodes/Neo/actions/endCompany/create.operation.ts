import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { type ParameterReader, withoutEmpty } from '../../helpers/parameters';
import { createOrReturnExisting, ifExistsField } from '../ifExists';
import type { NeoOperation } from '../operation';
import { endCompanyPath, psaCompanyIdField } from './get.operation';

const text = (name: string, displayName: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	description,
});

const properties: INodeProperties[] = [
	psaCompanyIdField,
	{
		displayName: 'PSA Company Name',
		name: 'psaCompanyName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Contoso Ltd',
		description: 'The client company name as your PSA knows it',
	},
	ifExistsField('end company', 'read back by its PSA company ID; nothing is updated'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Auto-Assign Exchange Admin',
				name: 'autoAssignExchangeAdmin',
				type: 'boolean',
				default: false,
				description: "Whether Neo assigns itself the Exchange admin role in the client's tenant",
			},
			text(
				'customInstructions',
				'Custom Instructions',
				"Instructions Neo's agents follow for this client",
			),
			text(
				'customInstructionsForUserFacingChat',
				'Custom Instructions for User-Facing Chat',
				"Instructions for the client's end-user chat only",
			),
			{
				displayName: 'Marketplace Company IDs',
				name: 'marketplaceCompanyIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 4411, 4412',
				description: 'Comma-separated company IDs in your marketplace (Pax8 and the like)',
			},
			text(
				'adConnectServerHostname',
				'On-Prem AD Connect Server Hostname',
				'Employee identity provider: the Azure AD Connect server',
			),
			text(
				'adRunnerHostname',
				'On-Prem AD Runner Hostname',
				'Employee identity provider: the runner host',
			),
			text(
				'adServiceAccountUsername',
				'On-Prem AD Service Account Username',
				'Employee identity provider: the service account',
			),
			text(
				'exchangeRunnerHostname',
				'On-Prem Exchange Runner Hostname',
				'Mailbox provider: the runner host',
			),
			text(
				'exchangeServerHostname',
				'On-Prem Exchange Server Hostname',
				'Mailbox provider: the Exchange server',
			),
			text(
				'exchangeServiceAccountUsername',
				'On-Prem Exchange Service Account Username',
				'Mailbox provider: the service account',
			),
			{
				displayName: 'Tenant ID',
				name: 'tenantId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
				description:
					"The client's Microsoft 365 / Entra tenant ID: white-label chat sessions from that tenant map to this end company",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['endCompany'], operation: ['create'] } },
	properties,
);

/** Neo nests the on-prem settings in two objects; an object is sent only when one of its fields is set. */
function nested(fields: Record<string, string | undefined>) {
	const object = withoutEmpty(fields);
	return Object.keys(object).length > 0 ? object : undefined;
}

function createBody(read: ParameterReader) {
	const field = (name: string) => read.optionalString(`additionalFields.${name}`);
	const marketplace = field('marketplaceCompanyIds')
		?.split(',')
		.map((id) => id.trim())
		.filter((id) => id !== '');
	return withoutEmpty({
		psa_company_id: read.pathId('psaCompanyId'),
		psa_company_name: read.string('psaCompanyName'),
		tenant_id: field('tenantId'),
		custom_instructions: field('customInstructions'),
		custom_instructions_for_user_facing_chat: field('customInstructionsForUserFacingChat'),
		auto_assign_exchange_admin: read.optionalBoolean('additionalFields.autoAssignExchangeAdmin'),
		employee_identity_provider: nested({
			onprem_ad_adconnect_server_hostname: field('adConnectServerHostname'),
			onprem_ad_runner_hostname: field('adRunnerHostname'),
			onprem_service_account_username: field('adServiceAccountUsername'),
		}),
		mailbox_provider: nested({
			onprem_exchange_runner_hostname: field('exchangeRunnerHostname'),
			onprem_exchange_server_hostname: field('exchangeServerHostname'),
			onprem_service_account_username: field('exchangeServiceAccountUsername'),
		}),
		marketplace_company_ids: marketplace?.length
			? marketplace.map((company_id) => ({ company_id }))
			: undefined,
	});
}

export const create: NeoOperation = {
	description,
	prepare: (read) => {
		const body = createBody(read);
		const psaCompanyId = String(body.psa_company_id);
		// The PSA company ID is the end company's key: after any 409, Get reads it back by it.
		return createOrReturnExisting(
			read,
			{ method: 'POST', path: '/public-api/end-companies', body },
			{
				label: 'end company',
				key: { field: 'psa_company_id', value: psaCompanyId },
				read: () => ({ method: 'GET', path: endCompanyPath(psaCompanyId) }),
				howToChange:
					"Neo's end-company update is not documented, so the node changes nothing: change them in Neo's dashboard.",
			},
		);
	},
};
