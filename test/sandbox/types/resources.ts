// Neo's resources as the sandbox stores and serves them. Shapes mirror openapi.json; the
// stored form adds the owning tenant, which never leaves the sandbox.

export type Audience = 'MSP' | 'END_USER';
export type ChannelType = 'TEAMS' | 'SLACK' | 'PORTAL' | 'EMAIL';
export type ChannelStatus = 'ACTIVE' | 'DISCONNECTED';
export type ManagedAgentKey = 'NEO_SUPPORT';
export type AutonomyType = 'CHAINED_ACTIONS' | 'AGENTIC' | 'CONVERSATIONAL';
export type TriggerType = 'SCHEDULED' | 'TRIGGERED' | 'NONE';
/** Assumed: Neo's docs name ENABLED only. */
export type AgentState = 'ENABLED' | 'DISABLED';

export interface PublicAgent {
	id: number;
	name: string;
	state: AgentState;
	autonomy_type: AutonomyType;
	trigger_type: TriggerType;
	entity_type: string | null;
	description: string | null;
	/** Set for Neo-managed agents (the tenant's Neo Support agent). */
	managed_agent_key: ManagedAgentKey | null;
	created_at: string;
	updated_at: string;
}

/** An agent as the sandbox stores it: the public resource plus its owner. */
export interface Agent extends PublicAgent {
	tenantId: string;
	/** The configuration blobs a create or update sent (actions, toolbox, agent_settings, ...). */
	settings?: Record<string, unknown>;
}

/** An agent template (GET /public-api/templates/{template_id}). */
export interface Template {
	id: number;
	name: string;
	tagline: string | null;
	description: string | null;
	category: string | null;
	actions: unknown;
	agent_settings: Record<string, unknown> | null;
	callback_settings: Record<string, unknown> | null;
	toolbox: Record<string, unknown> | null;
	integrations: unknown;
	schedule: Record<string, unknown> | null;
	scope: string | null;
	supported_psas: string[];
	required_integrations: string[];
	process_entities_sequentially: boolean;
	popular: boolean;
	created_at: string;
	updated_at: string;
}

/** The PSA callback (webhook) that started a run (assumed shape). */
export interface ExecutionCallback {
	callback_id: string;
	execution_id: string;
	source: string;
	event_type: string;
	entity_id: string | null;
	entity_number: string | null;
	received_at: string;
	payload: Record<string, unknown>;
}

export interface EndCompanyInput {
	psa_company_id: string;
	psa_company_name: string;
	tenant_id?: string | null;
	custom_instructions?: string | null;
	custom_instructions_for_user_facing_chat?: string | null;
	auto_assign_exchange_admin?: boolean | null;
	employee_identity_provider?: Record<string, string | null> | null;
	mailbox_provider?: Record<string, string | null> | null;
	marketplace_company_ids?: { company_id: string }[] | null;
}

export interface PublicEndCompany extends EndCompanyInput {
	azure_application_access_granted: boolean;
	azure_delegated_access_granted: boolean;
}

/** An end company as the sandbox stores it: the public resource plus its MSP tenant. */
export interface EndCompany extends PublicEndCompany {
	tenantId: string;
}

export interface PublicChannel {
	id: string;
	internal_name: string;
	audience?: Audience;
	type?: ChannelType;
	agent_id: number | null;
	display_name: string | null;
	description: string | null;
	welcome_message: string | null;
	color_icon_url: string | null;
	outline_icon_url: string | null;
	relay_prefix: string | null;
	show_agent_progress_steps: boolean;
	status: ChannelStatus;
	created_at: string;
	updated_at: string;
}

/** A created channel as the sandbox stores it: the public resource plus its owner. */
export interface Channel extends PublicChannel {
	tenant_id: string;
}

export interface ChatSessionResource {
	id: string;
	agent_id: number | null;
	channel: string | null;
	client_id: string | null;
	title: string | null;
	created_at: string;
	updated_at: string;
	archived_at: string | null;
	show_agent_progress_steps: boolean;
}

/** A chat session as the sandbox stores it (the public resource is the ChatSessionResource part). */
export interface ChatSession extends ChatSessionResource {
	tenant_id: string;
	/** Set for white-label sessions (platform caller with a mapped inbound_tenant_id). */
	end_company_id: string | null;
	/** True when the session runs against the tenant's Neo Support managed agent. */
	neo_support: boolean;
	bot_id: string | null;
}

export interface MintSessionTokenResponse {
	token: string;
	jti: string;
	session_id: string;
	expires_at: string;
}

/** A minted token as the sandbox stores it: the response plus the decoded claims. */
export interface MintResult extends MintSessionTokenResponse {
	tenant_id: string;
	claims: TokenClaims;
}

export interface TokenClaims {
	iss: string;
	aud: string;
	scope: 'chat_session';
	tenant_id: string;
	session_id: string;
	end_company_id: string | null;
	end_user: string | null;
	end_user_email: string | null;
	allowed_agent_ids: number[];
	jti: string;
	iat: number;
	exp: number;
}

export interface Person {
	id: string;
	name: string;
}

/** Assumed: Neo's page names the status filter, not its values. */
export type TilStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

/** A technician-in-the-loop approval request ("TIL request") as the API returns it. */
export interface PublicTilRequest {
	id: number;
	agent_id: number;
	agent_name: string;
	status: TilStatus;
	approvers: { user_id: string; user_name: string }[];
	comment: string | null;
	created_at: string;
	updated_at: string;
	decided_by: Person | null;
	decision_note: string | null;
	requested_for: { user_name: string; email: string | null; company: string | null } | null;
	session_id: string | null;
	ticket_id: string | null;
	ticket_number: string | null;
}

export interface TilRequest extends PublicTilRequest {
	tenantId: string;
	/** The run that raised it (GET /executions/{id}/til-requests), when known. */
	executionId?: string | null;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';
export type StepType = 'TOOL_CALL' | 'TOOL_RESULT' | 'THOUGHT' | 'FINAL_MESSAGE';

export interface ExecutionStep {
	step_id: string;
	/** Assumed: the page filters by type but does not name the field. */
	type: StepType;
	created_at: string;
	tool_call_id: string | null;
	tool_type_name: string | null;
	message: string | null;
	data?: unknown;
	is_error: boolean;
}

/** An agent run as the API returns it. */
export interface PublicExecution {
	execution_id: string;
	agent_id: number;
	agent_name: string;
	status: ExecutionStatus;
	entity_id: string | null;
	entity_number: string | null;
	created_at: string;
	updated_at: string;
	seconds_spent: number | null;
	error: string | null;
	message_for_dashboard: string | null;
	additional_custom_instructions: string | null;
}

export interface Execution extends PublicExecution {
	tenantId: string;
	steps: ExecutionStep[];
	/** The PSA callback that started it; null for runs started by run-now or a schedule. */
	callback?: ExecutionCallback | null;
	/** A run-now run finishes, lazily, at this epoch ms with this outcome. */
	finishAt?: number;
	outcome?: 'SUCCEEDED' | 'FAILED';
}

export type ScheduledWorkStatus = 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

export interface PublicScheduledWork {
	id: number;
	workflow_id: number;
	workflow_name: string;
	status: ScheduledWorkStatus;
	scheduled_for: string;
	ticket_id: string | null;
	ticket_number: string | null;
	client_id: string;
	additional_custom_instructions: string | null;
	created_at: string;
	created_by: string | null;
	updated_at: string;
	executed_at: string | null;
	execution_message: string | null;
}

export interface ScheduledWork extends PublicScheduledWork {
	tenantId: string;
}

/** One decision on a TIL request: through the API or through the control endpoints. */
export interface Decision {
	request_id: number;
	tenant_id: string;
	action: 'approve' | 'reject';
	note: string | null;
	decided_by: Person;
	at: string;
	via: 'api' | 'control';
}
