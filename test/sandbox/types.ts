// Public types of the Neo sandbox. Resource shapes mirror openapi.json (the contract subset).
import type { Events } from './events';

export type Audience = 'MSP' | 'END_USER';
export type ChannelType = 'TEAMS' | 'SLACK' | 'PORTAL' | 'EMAIL';
export type ChannelStatus = 'ACTIVE' | 'DISCONNECTED';
export type ManagedAgentKey = 'NEO_SUPPORT';
export type RetryAfterFormat = 'seconds' | 'date' | 'none';
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

export interface RateLimitConfig {
	limit: number;
	windowMs: number;
}

export interface SandboxConfig {
	/** Delay before each API answer (the median for lognormal). */
	latencyMs: number;
	/** 0 = fixed latency. uniform: latencyMs ± this; lognormal: one sigma above latencyMs. */
	latencyJitterMs: number;
	latencyDistribution: 'uniform' | 'lognormal';
	/** Seed of the jitter sequence: the same seed gives the same delays. */
	latencySeed: number;
	rateLimit: RateLimitConfig;
	retryAfterFormat: RetryAfterFormat;
	/** 'upper' answers every error code upper-cased (FORBIDDEN), as some of Neo's pages show them. */
	errorCodeCase: 'lower' | 'upper';
}

export interface SandboxKeys {
	/** Ordinary tenant ("Acme MSP"): agents 101, 102 and its Neo Support agent. */
	tenant: string;
	/** Platform service account (tenant "Neo platform"): may pass client_id / bot_id / inbound_tenant_id. */
	platform: string;
	/** A second ordinary tenant ("Globex MSP"): agent 201 and its Neo Support agent. */
	otherTenant: string;
}

export interface SandboxOptions extends Partial<SandboxConfig> {
	host?: string;
	/** 0 (default) picks a free port. */
	port?: number;
	/** Fixed API keys (each must look like neo_sk_<env>_<24 alnum>); random ones by default. */
	keys?: Partial<SandboxKeys>;
}

export type FaultStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 502 | 503;

export type Fault =
	| {
			kind: 'status';
			status: FaultStatus;
			code?: string;
			message?: string;
			/** error.details; a 422 without it gets { errors: [{ field: 'body', message }] }. */
			details?: Record<string, unknown>;
			/** Raw Retry-After header value (any status). A 429 without it follows retryAfterFormat. */
			retryAfter?: string;
			/** true: perform the create first, then answer with this error (a 5xx after the work was done). */
			acted?: boolean;
	  }
	| { kind: 'html'; status: 502 }
	| { kind: 'empty'; status: number }
	| { kind: 'invalidJson'; status: 200 }
	| { kind: 'reset'; acted?: boolean }
	| { kind: 'hang' }
	| { kind: 'slowBody'; ms: number };

export interface FaultRule {
	/**
	 * An API path, concrete (/public-api/channels/ch_1) or a template
	 * (/public-api/channels/{channel_id}); omitted = every API path.
	 */
	path?: string;
	/** HTTP method (GET, PATCH, POST); omitted = any method. */
	method?: string;
	/** Body field equality, e.g. { internal_name: 'boom' }; omitted = any body. */
	match?: Record<string, unknown>;
	/** How many requests the rule applies to; default Infinity. */
	times?: number;
	fault: Fault;
}

export interface RecordedRequest {
	method: string;
	path: string;
	/** Query parameters as sent (a repeated name keeps its last value). */
	query: Record<string, string>;
	/** The matched route, e.g. "GET /public-api/agents/{agent_id}"; absent for 404/405. */
	route?: string;
	/** The latency applied to this request, in ms (jitter included). */
	latencyMs?: number;
	/** HTTP status sent; 0 when no status was sent (reset, hang, client gone). */
	status: number;
	/** Parsed JSON body, the raw text when it is not JSON, or null when empty. */
	body: unknown;
	/** Epoch milliseconds when the request arrived. */
	at: number;
	requestId: string;
	/** Kind of the fault applied, if any. */
	fault?: Fault['kind'];
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

/** What requests created since the last reset (arrays cleared in place on reset). */
export interface Created {
	channels: Channel[];
	sessions: ChatSession[];
	tokens: MintResult[];
	endCompanies: EndCompany[];
	/** Made by control calls or schedules (seeded requests are not "created"). */
	tilRequests: TilRequest[];
	/** Made by control calls or schedules. */
	executions: Execution[];
	scheduledWork: ScheduledWork[];
	decisions: Decision[];
}

export interface SandboxState {
	counts: Record<string, number>;
	total: number;
	/** How many of each resource requests (and control calls) created since the last reset. */
	created: { [K in keyof Created]: number };
	/** Decisions on TIL requests since the last reset: through the API, through control calls. */
	decisions: { api: number; control: number };
	/** Event schedules running (see events.schedule). */
	schedules: number;
	rateLimited: number;
	faultsPending: number;
	contractViolations: string[];
	config: SandboxConfig;
}

export interface NeoSandbox {
	readonly url: string;
	readonly keys: SandboxKeys;
	/** Seeded ids: agents per tenant, the tenants' client ids, seeded sessions, inbound tenant mappings. */
	readonly seed: SandboxSeed;
	readonly requests: RecordedRequest[];
	readonly created: Created;
	/**
	 * Events over time: createTilRequests, createExecutions, finishExecution, decide, schedule,
	 * stop, list (the same as the /__sandbox control endpoints).
	 */
	readonly events: Events;
	readonly contractViolations: string[];
	/**
	 * Requests received (all outcomes) since the last reset: by concrete path ("/public-api/agents"),
	 * by method and path ("GET /public-api/agents/101"); no argument = all API requests.
	 */
	count(path?: string): number;
	configure(patch: Partial<SandboxConfig>): void;
	addFault(rule: FaultRule): void;
	/** Clears counts, log, created resources, faults, rate windows and the 429 counter. Keeps config and contractViolations. */
	reset(): void;
	state(): SandboxState;
	close(): Promise<void>;
}

export interface SandboxSeed {
	tenants: { tenant: string; platform: string; otherTenant: string };
	/** Agent ids per kind; `tenant` and `otherTenant` are the original conversational ids. */
	agents: {
		tenant: number[];
		otherTenant: number[];
		neoSupport: { tenant: number; platform: number; otherTenant: number };
		conversational: number[];
		triggered: number;
		agenticTriggered: number;
		scheduled: number;
		agenticUntriggered: number;
		disabled: { triggered: number; conversational: number };
		otherTenantTriggered: number;
		counts: { tenant: number; otherTenant: number; platform: number };
	};
	/** A Neo Support session per tenant (mintable without creating one first). */
	sessions: { tenant: string; otherTenant: string };
	/** inbound_tenant_id values a platform caller may send; `mapped` -> end company `endCompanyId` of tenant. */
	inboundTenants: { mapped: string; endCompanyId: string; unmapped: string };
	/** A seeded TEAMS channel per tenant (GET / PATCH without creating one first). */
	channels: { tenant: string; otherTenant: string };
	/** PSA company ids of seeded end companies. */
	endCompanies: {
		tenant: { contoso: string; fabrikam: string; northwind: string };
		otherTenant: { initech: string };
	};
	tilRequests: {
		first: number;
		last: number;
		pending: number;
		approved: number;
		rejected: number;
		otherTenant: number;
		equalTimestamps: number[];
		nextId: number;
	};
	executions: {
		first: string;
		newest: string;
		running: string;
		failed: string;
		succeeded: string;
		count: number;
		otherTenant: string;
	};
	scheduledWork: {
		first: number;
		count: number;
		pendingCount: number;
		otherTenant: number;
		nextId: number;
	};
}
