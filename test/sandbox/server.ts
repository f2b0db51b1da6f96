/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// The Neo sandbox: a contract-faithful local stand-in for the Neo Public API endpoints the node
// calls, with rate limiting, fault injection and a request log. Plain node:http, no framework.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { checkConfig, DEFAULT_CONFIG, mergeConfig, type ConfigPatch } from './config';
import { parseReadings } from './readings';
import { Contract, type RawParams } from './contract';
import { handleControl, type ControlTarget } from './control';
import { Events } from './events';
import {
	DEFAULT_ERROR_CODES,
	DEFAULT_ERROR_MESSAGES,
	FaultBook,
	NGINX_502_HTML,
	TRUNCATED_JSON,
} from './faults';
import {
	ApiError,
	errorEnvelope,
	isPlainObject,
	parseJson,
	readBody,
	successEnvelope,
	type Route,
	type RouteResult,
} from './http';
import { authenticate, keyring, makeKeys, type Caller } from './keys';
import { Latency } from './latency';
import { rateLimitHeaders, retryAfterValue, SlidingWindow } from './rateLimit';
import { Router, type Match } from './router';
import { ROUTES } from './routes';
import { SEED, Store, type StoreSnapshot } from './store';
import type {
	Fault,
	FaultRule,
	NeoSandbox,
	RecordedRequest,
	SandboxConfig,
	SandboxKeys,
	SandboxOptions,
	SandboxState,
} from './types';

export { checkConfig, DEFAULT_CONFIG };

const ROUTER = new Router<Route>(ROUTES);

/** One API request in flight: where to answer and what to add to the answer. */
interface Exchange {
	req: IncomingMessage;
	res: ServerResponse;
	rec: RecordedRequest;
	started: number;
	headers: Record<string, string>;
	/** Query values by name, repeats kept (the contract decides what a repeat means). */
	rawQuery: Record<string, string[]>;
	match?: Match<Route>;
	allowed: string[];
}

interface Reply {
	status: number;
	body: unknown;
	/** A streamed answer (server-sent events): the route writes it itself. */
	stream?: NonNullable<RouteResult['stream']>;
}

class Sandbox implements NeoSandbox, ControlTarget {
	url = '';
	readonly keys: SandboxKeys;
	readonly seed = SEED;
	readonly requests: RecordedRequest[] = [];
	readonly contractViolations: string[] = [];
	private config: SandboxConfig;
	private readonly ring: Map<string, Caller>;
	private readonly store = new Store();
	readonly events = new Events(this.store, undefined, () => this.config.readings);
	private readonly faults = new FaultBook();
	private readonly limiter: SlidingWindow;
	private readonly contract = Contract.shared();
	private readonly counts = new Map<string, number>();
	private readonly countsByMethod = new Map<string, number>();
	private readonly latency: Latency;
	private rateLimited = 0;
	private readonly sockets = new Set<Socket>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private closed = false;
	readonly server: Server;

	constructor(options: SandboxOptions) {
		const patch: Partial<SandboxOptions> = { ...options };
		delete patch.host;
		delete patch.port;
		delete patch.keys;
		checkConfig(patch);
		// NEO_SANDBOX_READINGS puts every sandbox of a run under a profile (jest's other-readings
		// project, the e2e under the profile); options.readings still sets single switches.
		const fromEnv = parseReadings(process.env.NEO_SANDBOX_READINGS);
		this.config = mergeConfig({ ...DEFAULT_CONFIG, readings: fromEnv }, patch);
		this.latency = new Latency(this.config);
		this.keys = makeKeys(options.keys);
		this.ring = keyring(this.keys);
		this.limiter = new SlidingWindow(this.config.rateLimit);
		this.server = createServer((req, res) => {
			this.handle(req, res).catch((err: unknown) => this.crash(req, res, err));
		});
		// Tracked so close() can end keep-alive, hanging and half-sent connections at once.
		this.server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	get created() {
		return this.store.created;
	}

	get chat() {
		return this.store.chat;
	}

	get blobs() {
		return this.store.blobs;
	}

	async listen(host: string, port: number): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		await this.store.blobs.listen(host);
		const address = this.server.address() as AddressInfo;
		this.url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
	}

	count(path?: string): number {
		if (path !== undefined) {
			return (/^[A-Z]+ \//.test(path) ? this.countsByMethod : this.counts).get(path) ?? 0;
		}
		let total = 0;
		for (const n of this.counts.values()) total += n;
		return total;
	}

	configure(patch: ConfigPatch): void {
		checkConfig(patch);
		this.config = mergeConfig(this.config, patch);
		this.limiter.config = this.config.rateLimit;
		this.latency.reseed(this.config);
	}

	addFault(rule: FaultRule): void {
		this.faults.add(rule);
	}

	clearFaults(): void {
		this.faults.clear();
	}

	reset(): void {
		this.events.stop();
		this.counts.clear();
		this.countsByMethod.clear();
		this.latency.reseed(this.config);
		this.requests.length = 0;
		this.store.reset();
		this.faults.clear();
		this.limiter.reset();
		this.rateLimited = 0;
	}

	snapshot(): StoreSnapshot {
		return this.store.snapshot();
	}

	restore(snapshot: StoreSnapshot): void {
		this.reset();
		this.store.restore(snapshot);
	}

	state(): SandboxState {
		const created = Object.fromEntries(
			Object.entries(this.store.created).map(([k, list]) => [k, (list as unknown[]).length]),
		) as SandboxState['created'];
		return {
			counts: Object.fromEntries(this.counts),
			total: this.count(),
			created,
			decisions: {
				api: this.store.created.decisions.filter((d) => d.via === 'api').length,
				control: this.store.created.decisions.filter((d) => d.via === 'control').length,
			},
			schedules: this.events.list().length,
			rateLimited: this.rateLimited,
			faultsPending: this.faults.pending,
			contractViolations: [...this.contractViolations],
			config: {
				...this.config,
				rateLimit: { ...this.config.rateLimit },
				readings: { ...this.config.readings },
				runNow: { ...this.config.runNow },
			},
		};
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.events.stop();
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		this.store.chat.stopTimers();
		await this.store.blobs.close();
		const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
		for (const socket of this.sockets) socket.destroy();
		await closing;
	}

	// ---- request handling ----

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://sandbox');
		const path = url.pathname;
		if (path === '/__sandbox' || path.startsWith('/__sandbox/')) {
			return handleControl(this, req, res, path);
		}
		const method = (req.method ?? 'GET').toUpperCase();
		const rawQuery: Record<string, string[]> = {};
		for (const [name, value] of url.searchParams) (rawQuery[name] ??= []).push(value);
		const { match, allowed } = ROUTER.match(method, path);
		const rec: RecordedRequest = {
			method,
			path,
			query: Object.fromEntries(url.searchParams),
			...(match ? { route: match.key } : {}),
			status: 0,
			body: null,
			at: Date.now(),
			requestId: randomUUID(),
		};
		// Counted on arrival, so every outcome (401, 429, faults, hangs) shows up in count().
		this.requests.push(rec);
		this.counts.set(path, (this.counts.get(path) ?? 0) + 1);
		const byMethod = `${method} ${path}`;
		this.countsByMethod.set(byMethod, (this.countsByMethod.get(byMethod) ?? 0) + 1);
		const ex: Exchange = {
			req,
			res,
			rec,
			started: performance.now(),
			headers: {},
			rawQuery,
			match,
			allowed,
		};

		let raw: string;
		try {
			raw = await readBody(req);
		} catch {
			return; // the client went away mid-body: nobody to answer
		}
		const parsed = parseJson(raw);
		rec.body = parsed.ok ? parsed.value : raw;
		rec.latencyMs = this.latency.next();
		await this.delay(rec.latencyMs);
		if (this.closed || res.destroyed) return;

		// Auth first: a bad key is 401 whatever the body, and is not charged to any tenant.
		const caller = authenticate(req.headers.authorization, this.ring);
		if (!caller) {
			return this.send(ex, this.error(ex, 401, 'unauthenticated', 'Missing or invalid API key.'));
		}
		const decision = this.limiter.take(caller.tenantId);
		Object.assign(ex.headers, rateLimitHeaders(decision));
		if (!decision.allowed) {
			const retryAfter = retryAfterValue(decision.retryAfterMs, this.config.retryAfterFormat);
			if (retryAfter !== undefined) ex.headers['Retry-After'] = retryAfter;
			const message = `Rate limit of ${decision.limit} requests per ${this.config.rateLimit.windowMs / 1000} s exceeded.`;
			return this.send(
				ex,
				this.error(ex, 429, 'rate_limited', message, {
					limit: decision.limit,
					retry_after_seconds: Math.ceil(decision.retryAfterMs / 1000),
				}),
			);
		}

		const fault = this.faults.take(
			{ method, path, template: match?.template },
			parsed.ok ? parsed.value : undefined,
		);
		if (fault) rec.fault = fault.kind;
		if (fault && !actsFirst(fault)) return this.deliverFault(ex, fault);
		const reply = this.process(ex, caller, parsed);
		if (fault && fault.kind !== 'slowBody') return this.deliverFault(ex, fault);
		return this.send(ex, reply, fault?.kind === 'slowBody' ? fault.ms : undefined);
	}

	/** Route match, body and parameter checks against the contract, then the route itself. */
	private process(ex: Exchange, caller: Caller, parsed: ReturnType<typeof parseJson>): Reply {
		const { rec, match } = ex;
		if (!match) {
			if (ex.allowed.length > 0) {
				ex.headers.Allow = ex.allowed.join(', ');
				return this.error(
					ex,
					405,
					'method_not_allowed',
					`${rec.method} is not allowed on ${rec.path}.`,
				);
			}
			return this.error(ex, 404, 'not_found', `No route ${rec.method} ${rec.path}.`);
		}
		if (!parsed.ok) return this.error(ex, 400, 'bad_request', 'Request body is not valid JSON.');
		const takesBody = this.contract.takesBody(rec.method, match.template);
		if (!takesBody && parsed.value !== null) {
			return this.error(ex, 400, 'bad_request', `${rec.method} ${match.template} takes no body.`);
		}
		// An empty body is validated as {} so the 422 names the missing required fields.
		const body = parsed.value ?? {};
		if (!isPlainObject(body))
			return this.error(ex, 400, 'bad_request', 'Request body must be a JSON object.');
		const raw: RawParams = { query: ex.rawQuery, path: match.params };
		const checked = this.contract.validateParams(rec.method, match.template, raw);
		const errors = [
			...checked.errors,
			...(takesBody ? this.contract.validateRequest(rec.method, match.template, body) : []),
		];
		if (errors.length > 0) {
			return this.error(ex, 422, 'validation_error', 'Request validation failed.', { errors });
		}
		try {
			const now = new Date();
			this.store.settleRuns(now);
			const result = match.value({
				caller,
				body,
				query: servedPageSize(checked.query, this.config.maxPageSize),
				params: checked.path,
				store: this.store,
				now,
				headers: ex.req.headers,
				readings: this.config.readings,
				runNow: this.config.runNow,
			});
			if (result.stream) return { status: result.status, body: null, stream: result.stream };
			const elapsed = Math.round(performance.now() - ex.started);
			return {
				status: result.status,
				body: successEnvelope(
					result.data,
					rec.requestId,
					elapsed,
					result.warnings,
					result.pagination,
				),
			};
		} catch (err) {
			if (err instanceof ApiError) {
				return this.error(ex, err.status, err.code, err.message, err.details);
			}
			// A bug in the sandbox itself, not a modelled failure: answer 500 and record it.
			this.recordCrash(rec.method, rec.path, err);
			return this.error(ex, 500, 'internal_error', 'Internal server error.');
		}
	}

	private error(
		ex: Exchange,
		status: number,
		code: string,
		message: string,
		details?: Record<string, unknown>,
	): Reply {
		// errorCodeCase 'upper' mimics the pages of Neo's docs that show FORBIDDEN, not forbidden.
		const cased = this.config.errorCodeCase === 'upper' ? code.toUpperCase() : code;
		return { status, body: errorEnvelope(ex.rec.requestId, cased, message, details) };
	}

	/** Sends a JSON reply after checking it against the contract; `slowMs` splits the body in two. */
	private send(ex: Exchange, reply: Reply, slowMs?: number, injected = false): void {
		const { res, rec } = ex;
		if (res.destroyed || res.headersSent) return;
		if (reply.stream) return this.stream(ex, reply.stream);
		const problems = this.contract.validateResponse(
			rec.method,
			rec.path,
			reply.status,
			reply.body,
			injected,
		);
		if (problems.length > 0) {
			this.contractViolations.push(
				`${rec.method} ${rec.path} -> ${reply.status}: ${problems.join('; ')}`,
			);
		}
		const text = JSON.stringify(reply.body);
		rec.status = reply.status;
		if (reply.status === 429) this.rateLimited += 1;
		res.writeHead(reply.status, {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Length': Buffer.byteLength(text),
			'X-Request-Id': rec.requestId,
			...ex.headers,
		});
		if (slowMs === undefined) {
			res.end(text);
			return;
		}
		const half = Math.floor(text.length / 2);
		res.write(text.slice(0, half));
		this.later(slowMs, () => {
			if (!res.destroyed) res.end(text.slice(half));
		});
	}

	/** An event stream: each part is checked against the contract as it is sent. */
	private stream(ex: Exchange, stream: NonNullable<Reply['stream']>): void {
		const { rec } = ex;
		rec.status = 200;
		for (const [name, value] of Object.entries({ 'X-Request-Id': rec.requestId, ...ex.headers })) {
			ex.res.setHeader(name, value);
		}
		stream(ex.res, (part) => {
			const problems = this.contract.validateEventPart(rec.method, rec.path, part);
			if (problems.length > 0) {
				this.contractViolations.push(
					`${rec.method} ${rec.path} event ${JSON.stringify(part)}: ${problems.join('; ')}`,
				);
			}
		});
	}

	private deliverFault(ex: Exchange, fault: Fault): void {
		const { req, rec } = ex;
		switch (fault.kind) {
			case 'status': {
				const retryAfter =
					fault.retryAfter ??
					(fault.status === 429 ? retryAfterValue(1000, this.config.retryAfterFormat) : undefined);
				if (retryAfter !== undefined) ex.headers['Retry-After'] = retryAfter;
				const code = fault.code ?? DEFAULT_ERROR_CODES[fault.status];
				const message = fault.message ?? DEFAULT_ERROR_MESSAGES[fault.status];
				const details =
					fault.details ??
					(fault.status === 422 ? { errors: [{ field: 'body', message }] } : undefined);
				return this.send(ex, this.error(ex, fault.status, code, message, details), undefined, true);
			}
			case 'html':
				return this.raw(ex, fault.status, 'text/html', NGINX_502_HTML);
			case 'empty':
				return this.raw(ex, fault.status, undefined, '');
			case 'invalidJson':
				return this.raw(ex, fault.status, 'application/json; charset=utf-8', TRUNCATED_JSON, {
					'X-Request-Id': rec.requestId,
					...ex.headers,
				});
			case 'reset':
				req.socket.destroy();
				return;
			case 'hang':
				return; // the socket stays open until the client gives up or close() destroys it
			case 'slowBody':
				return; // handled by send()
		}
	}

	/** A deliberately off-contract answer (proxy page, empty body, broken JSON): not validated. */
	private raw(
		ex: Exchange,
		status: number,
		contentType: string | undefined,
		text: string,
		headers: Record<string, string> = {},
	): void {
		if (ex.res.destroyed) return;
		ex.rec.status = status;
		if (status === 429) this.rateLimited += 1;
		ex.res.writeHead(status, {
			...(contentType ? { 'Content-Type': contentType } : {}),
			'Content-Length': Buffer.byteLength(text),
			...headers,
		});
		ex.res.end(text);
	}

	/** A bug in the sandbox itself: answer 500 and record it, so tests notice. */
	private crash(req: IncomingMessage, res: ServerResponse, err: unknown): void {
		this.recordCrash(req.method ?? '?', req.url ?? '?', err);
		if (res.headersSent || res.destroyed) return;
		const text = JSON.stringify(
			errorEnvelope(randomUUID(), 'internal_error', 'Internal server error.'),
		);
		res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
		res.end(text);
	}

	private recordCrash(method: string, path: string, err: unknown): void {
		const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
		this.contractViolations.push(`unexpected exception on ${method} ${path}: ${message}`);
	}

	private delay(ms: number): Promise<void> {
		if (ms <= 0) return Promise.resolve();
		return new Promise((resolve) => this.later(ms, resolve));
	}

	/** setTimeout that close() can cancel. */
	private later(ms: number, fn: () => void): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			fn();
		}, ms);
		this.timers.add(timer);
	}
}

/** Faults that let the request do its work first (acted), or shape how the real answer is sent. */
function actsFirst(fault: Fault): boolean {
	if (fault.kind === 'slowBody') return true;
	return (fault.kind === 'status' || fault.kind === 'reset') && fault.acted === true;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<NeoSandbox> {
	const sandbox = new Sandbox(options);
	await sandbox.listen(options.host ?? '127.0.0.1', options.port ?? 0);
	return sandbox;
}

/**
 * A list may serve fewer rows than `page_size` asks for (a server-side cap, as `maxPageSize`
 * simulates): clients must follow `has_more`, not count rows.
 */
function servedPageSize(
	query: Record<string, unknown>,
	maxPageSize: number,
): Record<string, unknown> {
	const asked = query.page_size;
	return typeof asked === 'number' && asked > maxPageSize
		? { ...query, page_size: maxPageSize }
		: query;
}
