// Public types of the Neo sandbox. Resource shapes mirror openapi.json (the contract subset).
import type { BlobStore } from '../blobs';
import type { ChatAgent } from '../chat/agent';
import type { Events } from '../events';
import type { StoreSnapshot } from '../store';
export type * from './resources';
import type { Readings } from '../readings';
import type { ConfigPatch } from '../config';
export type { Readings, ReadingName } from '../readings';
import type {
	Agent,
	Channel,
	ChatSession,
	Decision,
	EndCompany,
	Execution,
	MintResult,
	ScheduledWork,
	TilRequest,
} from './resources';

export type RetryAfterFormat = 'seconds' | 'date' | 'none';

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
	/** The most rows a list page serves, whatever `page_size` asks (Neo's own cap is 200). */
	maxPageSize: number;
	/** The other reading of each assumption, switch by switch (readings.ts). */
	readings: Readings;
	/** Runs started by POST /agents/{id}/run-now: how long they run, and how they end. */
	runNow: RunNowConfig;
}

export interface RunNowConfig {
	/** Milliseconds from the run-now call until its execution has finished (read lazily). */
	durationMs: number;
	outcome: 'SUCCEEDED' | 'FAILED';
}

export interface SandboxKeys {
	/** Ordinary tenant ("Acme MSP"): agents 101, 102 and its Neo Support agent. */
	tenant: string;
	/** Platform service account (tenant "Neo platform"): may pass client_id / bot_id / inbound_tenant_id. */
	platform: string;
	/** A second ordinary tenant ("Globex MSP"): agent 201 and its Neo Support agent. */
	otherTenant: string;
}

export interface SandboxOptions extends Partial<Omit<SandboxConfig, 'readings' | 'runNow'>> {
	runNow?: Partial<RunNowConfig>;
	/** Switches to turn on or off; unset ones follow NEO_SANDBOX_READINGS (default: none on). */
	readings?: Partial<Readings>;
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
	/** Agents made by POST /public-api/agents (from a template or not). */
	agents: Agent[];
	/** Runs started by POST /public-api/agents/{agent_id}/run-now. */
	runs: Execution[];
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
	/** The scripted conversational agent: turns per session, pacing (configure), chat faults. */
	readonly chat: ChatAgent;
	/** Chat attachments' blob storage stand-in: issued URLs, PUTs as they arrived, size cap and TTL. */
	readonly blobs: BlobStore;
	/**
	 * Requests received (all outcomes) since the last reset: by concrete path ("/public-api/agents"),
	 * by method and path ("GET /public-api/agents/101"); no argument = all API requests.
	 */
	count(path?: string): number;
	configure(patch: ConfigPatch): void;
	addFault(rule: FaultRule): void;
	/** Clears counts, log, created resources, faults, rate windows and the 429 counter. Keeps config and contractViolations. */
	reset(): void;
	state(): SandboxState;
	/** What requests created or changed, as JSON (the demo keeps it across restarts). */
	snapshot(): StoreSnapshot;
	/** Resets, then brings back a snapshot's data. */
	restore(snapshot: StoreSnapshot): void;
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
		/** A run that raised approval requests (GET /executions/{id}/til-requests). */
		withApprovals: string;
		/** A run started by a PSA callback (GET /executions/{id}/callback). */
		withCallback: string;
		/** A run without a callback (started by a schedule): its callback is 404. */
		withoutCallback: string;
	};
	/** Agent templates (GET /public-api/templates/{template_id}). */
	templates: { passwordReset: number; nightlyReport: number; otherIds: number[] };
	scheduledWork: {
		first: number;
		count: number;
		pendingCount: number;
		otherTenant: number;
		nextId: number;
	};
}
