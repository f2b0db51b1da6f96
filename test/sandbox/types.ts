// Public types of the Neo sandbox. Resource shapes mirror openapi.json (the contract subset).

export type Audience = 'MSP' | 'END_USER';
export type ChannelType = 'TEAMS' | 'SLACK' | 'PORTAL' | 'EMAIL';
export type ChannelStatus = 'ACTIVE' | 'DISCONNECTED';
export type ManagedAgentKey = 'NEO_SUPPORT';
export type RetryAfterFormat = 'seconds' | 'date' | 'none';

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
	latencyMs: number;
	rateLimit: RateLimitConfig;
	retryAfterFormat: RetryAfterFormat;
}

export interface SandboxKeys {
	/** Ordinary tenant ("Acme MSP"): agents 101, 102 and its Neo Support agent. */
	tenant: string;
	/** Platform service account (tenant "Neo platform"): may pass client_id / bot_id / inbound_tenant_id. */
	platform: string;
	/** A second ordinary tenant ("Globex MSP"): agent 201 and its Neo Support agent. */
	otherTenant: string;
}

export interface SandboxOptions {
	host?: string;
	/** 0 (default) picks a free port. */
	port?: number;
	latencyMs?: number;
	rateLimit?: RateLimitConfig;
	retryAfterFormat?: RetryAfterFormat;
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
	/** Exact API path, e.g. /public-api/channels; omitted = every API path. */
	path?: string;
	/** Body field equality, e.g. { internal_name: 'boom' }; omitted = any body. */
	match?: Record<string, unknown>;
	/** How many requests the rule applies to; default Infinity. */
	times?: number;
	fault: Fault;
}

export interface RecordedRequest {
	method: string;
	path: string;
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

export interface SandboxState {
	counts: Record<string, number>;
	total: number;
	created: { channels: number; sessions: number; tokens: number };
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
	readonly created: { channels: Channel[]; sessions: ChatSession[]; tokens: MintResult[] };
	readonly contractViolations: string[];
	/** Requests received on a path (all outcomes) since the last reset; no argument = all API paths. */
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
	agents: {
		tenant: number[];
		otherTenant: number[];
		neoSupport: { tenant: number; platform: number; otherTenant: number };
	};
	/** A Neo Support session per tenant (mintable without creating one first). */
	sessions: { tenant: string; otherTenant: string };
	/** inbound_tenant_id values a platform caller may send, mapped to an end company of `tenant`. */
	inboundTenants: { mapped: string; endCompanyId: string; unmapped: string };
}
