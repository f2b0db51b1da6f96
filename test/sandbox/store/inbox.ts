// Neo's inbox: its notices to an MSP. Rows carry no documented id; `deduplication_message_id` is
// Neo's key for one notice, whose recurrences bump `number_of_occurrences` and `updated_at`.
import { TENANT_IDS } from '../keys';

export interface InboxRow {
	message: string;
	client_id: string;
	created_at: string;
	updated_at: string;
	read: boolean;
	number_of_occurrences: number;
	deduplication_message_id: string;
	affected_entity_numbers: string[];
	affected_workflow_ids: number[];
	last_email_sent_at: string | null;
	/** Sandbox-only: the row's tenant (not served). */
	tenantId: string;
}

export const SEED_INBOX = { count: 3, tenant: TENANT_IDS.tenant };

export function makeInboxRow(spec: {
	tenantId: string;
	createdAt: string;
	dedupe: string;
	message: string;
	workflowIds?: number[];
	entityNumbers?: string[];
}): InboxRow {
	return {
		message: spec.message,
		client_id: spec.tenantId,
		created_at: spec.createdAt,
		updated_at: spec.createdAt,
		read: false,
		number_of_occurrences: 1,
		deduplication_message_id: spec.dedupe,
		affected_entity_numbers: spec.entityNumbers ?? [],
		affected_workflow_ids: spec.workflowIds ?? [],
		last_email_sent_at: null,
		tenantId: spec.tenantId,
	};
}

export function seedInbox(): InboxRow[] {
	const at = (day: number) => new Date(Date.UTC(2026, 0, day, 8)).toISOString();
	return [
		makeInboxRow({
			tenantId: SEED_INBOX.tenant,
			createdAt: at(2),
			dedupe: 'psa-connection-failed',
			message: 'The connection to your PSA failed: re-authorise it in Integrations.',
		}),
		makeInboxRow({
			tenantId: SEED_INBOX.tenant,
			createdAt: at(3),
			dedupe: 'agent-301-failing',
			message: 'Agent "Password Reset" failed on 3 tickets in a row.',
			workflowIds: [301],
			entityNumbers: ['TCK-40012', 'TCK-40013', 'TCK-40014'],
		}),
		makeInboxRow({
			tenantId: SEED_INBOX.tenant,
			createdAt: at(4),
			dedupe: 'm365-consent-missing',
			message: 'Contoso has not granted Microsoft 365 consent yet.',
		}),
		makeInboxRow({
			tenantId: TENANT_IDS.otherTenant,
			createdAt: at(2),
			dedupe: 'psa-connection-failed',
			message: 'The connection to your PSA failed: re-authorise it in Integrations.',
		}),
	];
}

export function publicInboxRow(row: InboxRow): Omit<InboxRow, 'tenantId'> {
	const rest: Partial<InboxRow> = { ...row };
	delete rest.tenantId;
	return rest as Omit<InboxRow, 'tenantId'>;
}
