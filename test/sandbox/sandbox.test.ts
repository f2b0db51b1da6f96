/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// The sandbox over real HTTP (undici), with no node code involved: it must keep the contract it
// enforces, or every test built on it proves nothing.
import { request } from 'undici';
import {
	Contract,
	DEFAULT_CONFIG,
	KEY_PATTERN,
	SEED,
	decodeToken,
	startSandbox,
	type NeoSandbox,
} from './index';

let sb: NeoSandbox;
const contract = new Contract();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const CHANNELS = '/public-api/channels';
const CHAT = '/public-api/chat/sessions';
const MINT = '/public-api/sessions';

/** The parts of Neo's envelopes the tests read (a response has either data or error). */
interface ApiJson {
	data: Record<string, unknown> & { id: string; token: string; expires_at: string };
	meta: { request_id: string; timings_ms: Record<string, number>; warnings?: string[] };
	error: {
		code: string;
		message: string;
		details: Record<string, unknown> & { errors: { field: string; message: string }[] };
	};
}

interface CallResult {
	status: number;
	json: ApiJson;
	text: string;
	header: (name: string) => string | undefined;
}

interface CallOptions {
	key?: string | null;
	method?: 'GET' | 'POST' | 'PUT';
	raw?: string;
	headersTimeout?: number;
}

async function call(path: string, body?: unknown, opts: CallOptions = {}): Promise<CallResult> {
	const key = opts.key === undefined ? sb.keys.tenant : opts.key;
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (key !== null) headers.authorization = `Bearer ${key}`;
	const res = await request(`${sb.url}${path}`, {
		method: opts.method ?? 'POST',
		headers,
		body: opts.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
		headersTimeout: opts.headersTimeout,
	});
	const text = await res.body.text();
	let json: ApiJson;
	try {
		json = JSON.parse(text) as ApiJson;
	} catch {
		json = undefined as unknown as ApiJson; // not JSON: tests check `text`
	}
	const header = (name: string) => {
		const v = res.headers[name.toLowerCase()];
		return Array.isArray(v) ? v.join(', ') : v;
	};
	return { status: res.statusCode, json, text, header };
}

/** Asserts an API answer conforms to openapi.json, independently of the sandbox's own check. */
function conforms(path: string, r: CallResult) {
	expect(contract.validateResponse('POST', path, r.status, r.json)).toEqual([]);
}

function expectError(r: CallResult, status: number, code: string) {
	expect(r.status).toBe(status);
	expect(r.json.error.code).toBe(code);
	expect(typeof r.json.error.message).toBe('string');
	expect(r.json.meta.request_id).toBe(r.header('x-request-id'));
}

const fields = (r: CallResult) =>
	(r.json.error.details.errors as { field: string }[]).map((e) => e.field);

const channel = (extra: Record<string, unknown> = {}) => ({
	audience: 'MSP',
	internal_name: `ch-${Math.random().toString(36).slice(2)}`,
	type: 'TEAMS',
	...extra,
});

beforeAll(async () => {
	sb = await startSandbox();
});

beforeEach(() => {
	sb.reset();
	sb.configure(DEFAULT_CONFIG);
});

afterAll(async () => {
	const violations = [...sb.contractViolations];
	await sb.close();
	expect(violations).toEqual([]);
});

describe('keys and auth', () => {
	it('issues three distinct keys shaped like Neo keys', () => {
		expect(Object.values(sb.keys)).toHaveLength(3);
		for (const key of Object.values(sb.keys)) expect(key).toMatch(/^neo_sk_test_[A-Za-z0-9]{24}$/);
		expect(KEY_PATTERN.test(sb.keys.platform)).toBe(true);
		expect(new Set(Object.values(sb.keys)).size).toBe(3);
	});

	it('answers 401 before validating the body, without rate-limit headers', async () => {
		for (const key of [null, 'neo_sk_test_AAAAAAAAAAAAAAAAAAAAAAAA', `${sb.keys.tenant}x`]) {
			const r = await call(CHANNELS, undefined, { key });
			expectError(r, 401, 'unauthenticated');
			conforms(CHANNELS, r);
			expect(r.header('x-ratelimit-limit')).toBeUndefined();
		}
		const basic = await request(`${sb.url}${CHANNELS}`, {
			method: 'POST',
			headers: { authorization: `Basic ${sb.keys.tenant}` },
		});
		expect(basic.statusCode).toBe(401);
		await basic.body.text();
	});

	it('validates the body once the key is good: empty body is a 422 naming the required fields', async () => {
		const r = await call(CHANNELS);
		expectError(r, 422, 'validation_error');
		conforms(CHANNELS, r);
		expect(fields(r).sort()).toEqual(['audience', 'internal_name', 'type']);
	});

	it('answers 400 bad_request for malformed JSON and non-object bodies', async () => {
		for (const raw of ['{"audience":', '[1,2]', '"text"', '42']) {
			const r = await call(CHANNELS, undefined, { raw });
			expectError(r, 400, 'bad_request');
			conforms(CHANNELS, r);
		}
	});

	it('answers 404 for unknown paths and 405 for a wrong method', async () => {
		expectError(await call('/public-api/nope', {}), 404, 'not_found');
		const r = await call(CHANNELS, undefined, { method: 'GET' });
		expectError(r, 405, 'method_not_allowed');
		expect(r.header('allow')).toBe('POST');
	});
});

describe('POST /public-api/channels', () => {
	it('creates a channel (201) with defaults, echo and a no-agent warning', async () => {
		const r = await call(
			CHANNELS,
			channel({ internal_name: 'helpdesk', display_name: 'Help', relay_prefix: null }),
		);
		expect(r.status).toBe(201);
		conforms(CHANNELS, r);
		const d = r.json.data;
		expect(d.id).toMatch(/^ch_[A-Za-z0-9]+$/);
		expect(d).toMatchObject({
			internal_name: 'helpdesk',
			audience: 'MSP',
			type: 'TEAMS',
			agent_id: null,
			display_name: 'Help',
			relay_prefix: null,
			show_agent_progress_steps: true,
			status: 'ACTIVE',
		});
		expect(Date.parse(String(d.created_at))).not.toBeNaN();
		expect(d.updated_at).toBe(d.created_at);
		expect(r.json.meta.request_id).toBe(r.header('x-request-id'));
		expect(r.json.meta.timings_ms.total).toEqual(expect.any(Number));
		expect(r.json.meta.warnings).toEqual([
			'Channel has no agent bound; it will not answer until an agent is set.',
		]);
		expect(sb.created.channels.map((c) => c.id)).toEqual([d.id]);
	});

	it('binds an agent of the tenant (no warning) and warns for DISCONNECTED', async () => {
		const ok = await call(CHANNELS, channel({ agent_id: 101, show_agent_progress_steps: false }));
		expect(ok.status).toBe(201);
		expect(ok.json.data.agent_id).toBe(101);
		expect(ok.json.data.show_agent_progress_steps).toBe(false);
		expect(ok.json.meta.warnings).toBeUndefined();
		const off = await call(CHANNELS, channel({ agent_id: 102, status: 'DISCONNECTED' }));
		expect(off.status).toBe(201);
		expect(off.json.meta.warnings).toEqual([expect.stringContaining('DISCONNECTED')]);
	});

	it('rejects a misspelt or mistyped field with 422 naming it', async () => {
		const r = await call(CHANNELS, {
			...channel(),
			internalName: 'x',
			agent_id: '101',
			audience: 'ALL',
		});
		expectError(r, 422, 'validation_error');
		conforms(CHANNELS, r);
		expect(fields(r).sort()).toEqual(['agent_id', 'audience', 'internalName']);
	});

	it.each(['SLACK', 'PORTAL', 'EMAIL'])(
		'rejects reserved type %s with 422 on field type',
		async (type) => {
			const r = await call(CHANNELS, channel({ type }));
			expectError(r, 422, 'validation_error');
			expect(fields(r)).toEqual(['type']);
			expect(sb.created.channels).toHaveLength(0);
		},
	);

	it("answers 404 for another tenant's or an unknown agent", async () => {
		for (const agent_id of [201, 999]) {
			const r = await call(CHANNELS, channel({ agent_id }));
			expectError(r, 404, 'not_found');
			conforms(CHANNELS, r);
		}
	});

	it('answers 409 conflict for a duplicate internal_name within a tenant only', async () => {
		const first = await call(CHANNELS, channel({ internal_name: 'dup' }));
		const again = await call(CHANNELS, channel({ internal_name: 'dup' }));
		expectError(again, 409, 'conflict');
		conforms(CHANNELS, again);
		expect(again.json.error.message).toContain('dup');
		expect(again.json.error.details).toEqual({
			internal_name: 'dup',
			existing_channel_id: first.json.data.id,
		});
		const other = await call(CHANNELS, channel({ internal_name: 'dup' }), {
			key: sb.keys.otherTenant,
		});
		expect(other.status).toBe(201);
		expect(sb.created.channels).toHaveLength(2);
	});
});

describe('POST /public-api/chat/sessions', () => {
	it('creates a session for an agent (201) and for the Neo Support managed agent', async () => {
		const r = await call(CHAT, { agent_id: 101, title: 'Printer' });
		expect(r.status).toBe(201);
		conforms(CHAT, r);
		expect(r.json.data).toMatchObject({
			agent_id: 101,
			title: 'Printer',
			archived_at: null,
			client_id: SEED.tenants.tenant,
			show_agent_progress_steps: true,
		});
		expect(r.json.data.id).toMatch(/^cs_[A-Za-z0-9]+$/);
		const m = await call(CHAT, { managed_agent_key: 'NEO_SUPPORT' });
		expect(m.status).toBe(201);
		expect(m.json.data.agent_id).toBe(SEED.agents.neoSupport.tenant);
		expect(sb.created.sessions).toHaveLength(2);
	});

	it('requires exactly one of agent_id or managed_agent_key (422 names both)', async () => {
		for (const body of [
			{},
			{ agent_id: 101, managed_agent_key: 'NEO_SUPPORT' },
			{ agent_id: null },
		]) {
			const r = await call(CHAT, body);
			expectError(r, 422, 'validation_error');
			conforms(CHAT, r);
			expect(fields(r)).toEqual(['agent_id', 'managed_agent_key']);
		}
		const bad = await call(CHAT, { managed_agent_key: 'OTHER' });
		expect(fields(bad)).toEqual(['managed_agent_key']);
	});

	it("answers 404 for another tenant's agent", async () => {
		const r = await call(CHAT, { agent_id: 201 });
		expectError(r, 404, 'not_found');
		conforms(CHAT, r);
	});

	it('forbids client_id and ignores bot_id / inbound_tenant_id for a non-platform caller', async () => {
		const r = await call(CHAT, { agent_id: 101, client_id: SEED.tenants.otherTenant });
		expectError(r, 403, 'forbidden');
		conforms(CHAT, r);
		const w = await call(CHAT, {
			agent_id: 101,
			bot_id: 'bot-1',
			inbound_tenant_id: SEED.inboundTenants.mapped,
		});
		expect(w.status).toBe(201);
		expect(w.json.meta.warnings).toEqual([
			expect.stringMatching(/bot_id and inbound_tenant_id ignored/),
		]);
		expect(w.json.data.client_id).toBe(SEED.tenants.tenant);
	});

	it('lets the platform create for another tenant and checks the white-label mapping', async () => {
		const p = { key: sb.keys.platform };
		const r = await call(
			CHAT,
			{ managed_agent_key: 'NEO_SUPPORT', client_id: SEED.tenants.otherTenant, bot_id: 'b' },
			p,
		);
		expect(r.status).toBe(201);
		expect(r.json.data).toMatchObject({
			client_id: SEED.tenants.otherTenant,
			agent_id: 902,
			channel: 'TEAMS',
		});
		expect(r.json.meta.warnings).toBeUndefined();
		const unmapped = await call(
			CHAT,
			{
				managed_agent_key: 'NEO_SUPPORT',
				bot_id: 'b',
				inbound_tenant_id: SEED.inboundTenants.unmapped,
			},
			p,
		);
		expectError(unmapped, 409, 'end_company_not_mapped');
		conforms(CHAT, unmapped);
		const unknown = await call(
			CHAT,
			{ managed_agent_key: 'NEO_SUPPORT', client_id: 'tenant_nobody' },
			p,
		);
		expectError(unknown, 404, 'not_found');
	});
});

describe('POST /public-api/sessions (mint)', () => {
	it('mints a JWT-shaped token for a session of the tenant (200, default ttl 900 s)', async () => {
		const r = await call(MINT, {
			session_id: SEED.sessions.tenant,
			allowed_agent_ids: [101],
			end_user: 'ann',
		});
		expect(r.status).toBe(200);
		conforms(MINT, r);
		const { token, jti, session_id, expires_at } = r.json.data;
		expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
		const claims = decodeToken(token);
		expect(claims).toMatchObject({
			session_id,
			jti,
			end_company_id: null,
			allowed_agent_ids: [101],
			end_user: 'ann',
		});
		expect(session_id).toBe(SEED.sessions.tenant);
		expect(claims.exp - claims.iat).toBe(900);
		expect(Date.parse(expires_at)).toBe(claims.exp * 1000);
		expect(sb.created.tokens).toHaveLength(1);
	});

	it('takes end_company_id from the session, never from the caller', async () => {
		const s = await call(
			CHAT,
			{
				managed_agent_key: 'NEO_SUPPORT',
				bot_id: 'b',
				inbound_tenant_id: SEED.inboundTenants.mapped,
			},
			{ key: sb.keys.platform },
		);
		expect(s.status).toBe(201);
		const r = await call(MINT, {
			session_id: s.json.data.id,
			end_company_id: 'ec_evil',
			ttl_seconds: 60,
		});
		expect(r.status).toBe(200);
		expect(decodeToken(r.json.data.token)).toMatchObject({
			end_company_id: SEED.inboundTenants.endCompanyId,
		});
		expect(r.json.meta.warnings).toEqual([expect.stringContaining('end_company_id ignored')]);
	});

	it.each([
		[{ ttl_seconds: 59 }, 'ttl_seconds'],
		[{ ttl_seconds: 86_401 }, 'ttl_seconds'],
		[{ ttl_seconds: 1.5 }, 'ttl_seconds'],
		[{ allowed_agent_ids: [101, 'x'] }, 'allowed_agent_ids.1'],
		[{ end_user_email: 'not-an-email' }, 'end_user_email'],
		[{ sessionId: 'x' }, 'sessionId'],
	])('answers 422 for %j naming %s', async (extra, field) => {
		const r = await call(MINT, { session_id: SEED.sessions.tenant, ...extra });
		expectError(r, 422, 'validation_error');
		conforms(MINT, r);
		expect(fields(r)).toEqual([field]);
	});

	it('requires session_id and accepts ttl bounds 60 and 86400', async () => {
		expect(fields(await call(MINT, {}))).toEqual(['session_id']);
		for (const ttl_seconds of [60, 86_400, null]) {
			expect((await call(MINT, { session_id: SEED.sessions.tenant, ttl_seconds })).status).toBe(
				200,
			);
		}
	});

	it("answers 404 for an unknown or another tenant's session", async () => {
		for (const session_id of ['cs_nope', SEED.sessions.otherTenant]) {
			const r = await call(MINT, { session_id });
			expectError(r, 404, 'not_found');
			conforms(MINT, r);
		}
	});

	it('forbids client_id except for the platform minting a Neo Support session', async () => {
		const r = await call(MINT, {
			session_id: SEED.sessions.tenant,
			client_id: SEED.tenants.tenant,
		});
		expectError(r, 403, 'forbidden');
		conforms(MINT, r);
		const p = { key: sb.keys.platform };
		const ok = await call(
			MINT,
			{ session_id: SEED.sessions.tenant, client_id: SEED.tenants.tenant },
			p,
		);
		expect(ok.status).toBe(200);
		expect(decodeToken(ok.json.data.token).tenant_id).toBe(SEED.tenants.tenant);
		const plain = await call(CHAT, { agent_id: 101 });
		const no = await call(
			MINT,
			{ session_id: plain.json.data.id, client_id: SEED.tenants.tenant },
			p,
		);
		expectError(no, 403, 'forbidden');
	});
});

describe('rate limiting', () => {
	it('sends X-RateLimit-* on successes and errors, counting down per tenant', async () => {
		sb.configure({ rateLimit: { limit: 5, windowMs: 60_000 } });
		const before = Math.floor(Date.now() / 1000);
		const a = await call(CHANNELS, channel());
		const b = await call(CHANNELS, {});
		expect(a.header('x-ratelimit-limit')).toBe('5');
		expect(a.header('x-ratelimit-remaining')).toBe('4');
		expect(b.status).toBe(422);
		expect(b.header('x-ratelimit-remaining')).toBe('3');
		const reset = Number(a.header('x-ratelimit-reset'));
		expect(reset).toBeGreaterThanOrEqual(before + 60);
		expect(reset).toBeLessThanOrEqual(before + 62);
		const other = await call(CHANNELS, channel(), { key: sb.keys.otherTenant });
		expect(other.header('x-ratelimit-remaining')).toBe('4');
		await call(CHANNELS, {}, { key: null }); // unauthenticated: not charged
		expect((await call(CHANNELS, {})).header('x-ratelimit-remaining')).toBe('2');
	});

	it('answers 429 rate_limited with Retry-After in whole seconds; 429s do not enter the window', async () => {
		sb.configure({ rateLimit: { limit: 2, windowMs: 1500 } });
		await call(MINT, { session_id: SEED.sessions.tenant });
		await call(MINT, { session_id: SEED.sessions.tenant });
		for (let i = 0; i < 3; i++) {
			const r = await call(MINT, { session_id: SEED.sessions.tenant });
			expectError(r, 429, 'rate_limited');
			conforms(MINT, r);
			expect(r.header('retry-after')).toBe('2');
			expect(r.header('x-ratelimit-remaining')).toBe('0');
		}
		expect(sb.state().rateLimited).toBe(3);
		expect(sb.created.tokens).toHaveLength(2);
		expect(
			(await call(MINT, { session_id: SEED.sessions.tenant }, { key: sb.keys.otherTenant })).status,
		).toBe(404);
	});

	it('uses an HTTP date or no Retry-After when configured', async () => {
		sb.configure({ rateLimit: { limit: 1, windowMs: 3000 }, retryAfterFormat: 'date' });
		await call(CHAT, { agent_id: 101 });
		const dated = await call(CHAT, { agent_id: 101 });
		expect(dated.status).toBe(429);
		const when = Date.parse(String(dated.header('retry-after')));
		expect(String(dated.header('retry-after'))).toMatch(/GMT$/);
		expect(when).toBeGreaterThan(Date.now());
		expect(when).toBeLessThanOrEqual(Date.now() + 4000);
		sb.configure({ retryAfterFormat: 'none' });
		const none = await call(CHAT, { agent_id: 101 });
		expect(none.status).toBe(429);
		expect(none.header('retry-after')).toBeUndefined();
	});

	it('slides: a slot reopens when the oldest request leaves the window', async () => {
		sb.configure({ rateLimit: { limit: 2, windowMs: 800 } });
		expect((await call(CHAT, { agent_id: 101 })).status).toBe(201);
		const t0 = Date.now(); // at or after the server stamped the first request
		await sleep(400);
		expect((await call(CHAT, { agent_id: 101 })).status).toBe(201);
		expect((await call(CHAT, { agent_id: 101 })).status).toBe(429);
		await sleep(Math.max(0, t0 + 820 - Date.now()));
		// The first request has left the window, the second has not: exactly one slot.
		const reopened = await call(CHAT, { agent_id: 101 });
		expect(reopened.status).toBe(201);
		expect(reopened.header('x-ratelimit-remaining')).toBe('0');
		expect((await call(CHAT, { agent_id: 101 })).status).toBe(429);
	});
});

describe('faults', () => {
	it('status fault: answers the error without acting, for `times` requests, matching body fields', async () => {
		sb.addFault({
			path: CHANNELS,
			match: { internal_name: 'boom' },
			times: 1,
			fault: { kind: 'status', status: 500 },
		});
		expect((await call(CHANNELS, channel())).status).toBe(201);
		const r = await call(CHANNELS, channel({ internal_name: 'boom' }));
		expectError(r, 500, 'internal_error');
		expect(r.header('x-ratelimit-limit')).toBe('1200');
		expect((await call(CHANNELS, channel({ internal_name: 'boom' }))).status).toBe(201);
		expect(sb.created.channels).toHaveLength(2);
		expect(sb.requests.map((q) => q.fault)).toEqual([undefined, 'status', undefined]);
	});

	it('acted status fault: the create happens, then a 500; the retry sees the duplicate', async () => {
		sb.addFault({ path: CHANNELS, times: 1, fault: { kind: 'status', status: 500, acted: true } });
		const body = channel({ internal_name: 'acted' });
		expectError(await call(CHANNELS, body), 500, 'internal_error');
		expect(sb.created.channels).toHaveLength(1);
		const retry = await call(CHANNELS, body);
		expectError(retry, 409, 'conflict');
		expect(retry.json.error.details.existing_channel_id).toBe(sb.created.channels[0].id);
	});

	it('status fault: custom code/message/details, raw Retry-After, 502/503 still ErrorEnvelopes', async () => {
		sb.addFault({ times: 1, fault: { kind: 'status', status: 429, retryAfter: '7' } });
		sb.addFault({
			times: 1,
			fault: { kind: 'status', status: 503, code: 'maintenance', message: 'Back soon.' },
		});
		sb.addFault({ times: 1, fault: { kind: 'status', status: 502 } });
		sb.addFault({ times: 1, fault: { kind: 'status', status: 422 } });
		sb.addFault({ times: 1, fault: { kind: 'status', status: 409, details: { x: 1 } } });
		const limited = await call(MINT, { session_id: SEED.sessions.tenant });
		expectError(limited, 429, 'rate_limited');
		expect(limited.header('retry-after')).toBe('7');
		const down = await call(MINT, { session_id: SEED.sessions.tenant });
		expectError(down, 503, 'maintenance');
		expect(down.json.error.message).toBe('Back soon.');
		expectError(await call(MINT, { session_id: SEED.sessions.tenant }), 502, 'bad_gateway');
		const invalid = await call(MINT, { session_id: SEED.sessions.tenant });
		expectError(invalid, 422, 'validation_error');
		expect(fields(invalid)).toEqual(['body']);
		const conflict = await call(MINT, { session_id: SEED.sessions.tenant });
		expectError(conflict, 409, 'conflict');
		expect(conflict.json.error.details).toEqual({ x: 1 });
		expect(sb.state().rateLimited).toBe(1);
	});

	it('html, empty and invalidJson faults answer off-contract bodies', async () => {
		sb.addFault({ times: 1, fault: { kind: 'html', status: 502 } });
		sb.addFault({ times: 1, fault: { kind: 'empty', status: 503 } });
		sb.addFault({ times: 1, fault: { kind: 'invalidJson', status: 200 } });
		const html = await call(CHAT, { agent_id: 101 });
		expect(html.status).toBe(502);
		expect(html.header('content-type')).toContain('text/html');
		expect(html.text).toContain('nginx');
		const empty = await call(CHAT, { agent_id: 101 });
		expect(empty.status).toBe(503);
		expect(empty.text).toBe('');
		const broken = await call(CHAT, { agent_id: 101 });
		expect(broken.status).toBe(200);
		expect(broken.header('content-type')).toContain('application/json');
		expect(broken.json).toBeUndefined();
		expect(sb.created.sessions).toHaveLength(0);
	});

	it('reset fault destroys the socket; acted reset creates first', async () => {
		sb.addFault({ path: CHAT, times: 1, fault: { kind: 'reset' } });
		sb.addFault({ path: CHAT, times: 1, fault: { kind: 'reset', acted: true } });
		await expect(call(CHAT, { agent_id: 101 })).rejects.toThrow();
		expect(sb.created.sessions).toHaveLength(0);
		await expect(call(CHAT, { agent_id: 101 })).rejects.toThrow();
		expect(sb.created.sessions).toHaveLength(1);
		expect(sb.requests.map((q) => q.status)).toEqual([0, 0]);
		expect((await call(CHAT, { agent_id: 101 })).status).toBe(201);
	});

	it('hang fault never answers (the client times out); slowBody finishes late', async () => {
		sb.addFault({ path: MINT, times: 1, fault: { kind: 'hang' } });
		await expect(
			call(MINT, { session_id: SEED.sessions.tenant }, { headersTimeout: 300 }),
		).rejects.toThrow();
		expect(sb.count(MINT)).toBe(1);
		sb.addFault({ path: MINT, times: 1, fault: { kind: 'slowBody', ms: 300 } });
		const started = Date.now();
		const slow = await call(MINT, { session_id: SEED.sessions.tenant });
		expect(Date.now() - started).toBeGreaterThanOrEqual(280);
		expect(slow.status).toBe(200);
		conforms(MINT, slow);
	});

	it('applies a path rule only to its path, and rejects an invalid rule', async () => {
		sb.addFault({ path: MINT, fault: { kind: 'status', status: 500 } });
		expect((await call(CHAT, { agent_id: 101 })).status).toBe(201);
		expect((await call(MINT, { session_id: SEED.sessions.tenant })).status).toBe(500);
		expect((await call(MINT, { session_id: SEED.sessions.tenant })).status).toBe(500);
		expect(() => sb.addFault({ fault: { kind: 'status', status: 418 as 500 } })).toThrow(/status/);
	});
});

describe('control endpoints, counts and lifecycle', () => {
	const control = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
		const res = await request(`${sb.url}/__sandbox/${path}`, {
			method,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
	};

	it('counts every outcome per path and never logs the key', async () => {
		await call(CHANNELS, channel());
		await call(CHANNELS, {}, { key: null });
		sb.addFault({ times: 1, fault: { kind: 'empty', status: 500 } });
		await call(CHAT, { agent_id: 101 });
		expect(sb.count(CHANNELS)).toBe(2);
		expect(sb.count(CHAT)).toBe(1);
		expect(sb.count(MINT)).toBe(0);
		expect(sb.count()).toBe(3);
		expect(sb.requests.map((q) => q.status)).toEqual([201, 401, 500]);
		expect(sb.requests[0]).toMatchObject({
			method: 'POST',
			path: CHANNELS,
			body: expect.objectContaining({ type: 'TEAMS' }),
		});
		const log = JSON.stringify(sb.requests);
		for (const key of Object.values(sb.keys)) expect(log).not.toContain(key);
	});

	it('serves state, configure, faults and reset over HTTP without counting them', async () => {
		await call(CHANNELS, channel());
		const state = await control('GET', 'state');
		expect(state.json).toMatchObject({
			counts: { [CHANNELS]: 1 },
			total: 1,
			created: { channels: 1, sessions: 0, tokens: 0 },
			rateLimited: 0,
			contractViolations: [],
		});
		expect((await control('POST', 'configure', { latencyMs: 200 })).json.latencyMs).toBe(200);
		const started = Date.now();
		await call(CHAT, { agent_id: 101 });
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
		expect((await control('POST', 'configure', { latencyMs: -1 })).status).toBe(400);
		sb.configure({ latencyMs: 0 });
		expect(
			(await control('POST', 'faults', { path: MINT, fault: { kind: 'status', status: 503 } }))
				.status,
		).toBe(201);
		expect((await control('POST', 'faults', { fault: { kind: 'nope' } })).status).toBe(400);
		expect((await call(MINT, { session_id: SEED.sessions.tenant })).status).toBe(503);
		expect((await control('GET', 'requests')).json).toHaveLength(3);
		const after = await control('POST', 'reset');
		expect(after.json).toMatchObject({
			total: 0,
			counts: {},
			created: { channels: 0 },
			faultsPending: 0,
		});
		expect((await call(MINT, { session_id: SEED.sessions.tenant })).status).toBe(200);
		expect((await control('GET', 'nothing')).status).toBe(404);
		expect(sb.count()).toBe(1);
	});

	it('reset keeps the seeded agents and sessions', async () => {
		sb.reset();
		expect((await call(MINT, { session_id: SEED.sessions.tenant })).status).toBe(200);
		expect((await call(CHAT, { agent_id: 102 })).status).toBe(201);
	});

	it('closes promptly with hanging and half-sent connections; honours start options', async () => {
		const other = await startSandbox({
			latencyMs: 50,
			rateLimit: { limit: 3, windowMs: 1000 },
			retryAfterFormat: 'none',
		});
		other.addFault({ fault: { kind: 'hang' } });
		const pending = request(`${other.url}${CHAT}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${other.keys.tenant}` },
			body: '{}',
		}).catch((err: unknown) => err);
		await sleep(100);
		expect(other.count(CHAT)).toBe(1);
		const started = Date.now();
		await other.close();
		expect(Date.now() - started).toBeLessThan(1000);
		expect(await pending).toBeInstanceOf(Error);
		expect(other.state().config).toEqual({
			...DEFAULT_CONFIG,
			latencyMs: 50,
			rateLimit: { limit: 3, windowMs: 1000 },
			retryAfterFormat: 'none',
		});
		expect(other.contractViolations).toEqual([]);
	});

	it('detects a response that breaks the contract (the check itself works)', () => {
		const bad = { data: { id: 1 }, meta: { request_id: 'nope' } };
		expect(contract.validateResponse('POST', CHANNELS, 201, bad).length).toBeGreaterThan(0);
		expect(contract.validateResponse('POST', CHANNELS, 418, { error: {}, meta: {} })).toEqual([
			'status 418 is not documented for POST /public-api/channels',
		]);
	});
});
