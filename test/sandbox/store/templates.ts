// Agent templates: a few of Neo's library, with the configuration blobs a create accepts verbatim.
import type { Template } from '../types';

const STAMP = '2026-03-01T09:00:00.000Z';

function template(id: number, name: string, fields: Partial<Template>): Template {
	return {
		id,
		name,
		tagline: null,
		description: null,
		category: 'Service desk',
		actions: null,
		agent_settings: null,
		callback_settings: null,
		toolbox: null,
		integrations: null,
		schedule: null,
		scope: null,
		supported_psas: ['CONNECTWISE', 'AUTOTASK', 'HALOPSA'],
		required_integrations: [],
		process_entities_sequentially: false,
		popular: false,
		created_at: STAMP,
		updated_at: STAMP,
		...fields,
	};
}

export function seedTemplates(): Template[] {
	return [
		template(11, 'Password Reset', {
			tagline: 'Resets a user password from a ticket',
			description: 'Verifies the requester, resets the password in Entra ID and updates the ticket.',
			actions: [
				{ type: 'VERIFY_REQUESTER', settings: { method: 'MANAGER_APPROVAL' } },
				{ type: 'ENTRA_RESET_PASSWORD', settings: { temporary: true } },
				{ type: 'PSA_UPDATE_TICKET', settings: { status: 'Resolved' } },
			],
			agent_settings: { model_tier: 'SMART', language: 'en' },
			callback_settings: { on: ['ticket.created'], board: 'Service Desk' },
			toolbox: { entra: { scopes: ['User.ReadWrite.All'] } },
			integrations: ['ENTRA_ID'],
			scope: 'TICKET',
			required_integrations: ['ENTRA_ID'],
			popular: true,
		}),
		template(12, 'Nightly Patch Report', {
			tagline: 'A patch compliance summary every night',
			description: 'Reads patch status from the RMM and posts a summary per company.',
			category: 'Reporting',
			actions: [{ type: 'RMM_PATCH_REPORT', settings: { group_by: 'company' } }],
			agent_settings: { model_tier: 'FAST' },
			schedule: { cron: '0 2 * * *', timezone: 'UTC' },
			scope: 'COMPANY',
			required_integrations: ['NINJAONE'],
			process_entities_sequentially: true,
		}),
		template(13, 'Ticket Triage', {
			tagline: 'Categorises and routes new tickets',
			actions: [{ type: 'PSA_CATEGORISE' }, { type: 'PSA_ROUTE' }],
			agent_settings: { model_tier: 'FAST' },
			scope: 'TICKET',
		}),
	];
}

export const SEED_TEMPLATES = { passwordReset: 11, nightlyReport: 12, otherIds: [13] };
