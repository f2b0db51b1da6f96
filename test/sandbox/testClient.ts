// A small HTTP client for the sandbox's own tests (undici, no node code): sends a request, parses
// Neo's envelope, and checks the answer against openapi.json independently of the sandbox.
import { request } from 'undici';
import { Contract } from './contract';
import { DEFAULT_CONFIG, startSandbox } from './server';
import type { NeoSandbox } from './types';

export const contract = Contract.shared();

export interface ApiAnswer {
	status: number;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	json: any;
	header: (name: string) => string | undefined;
}

export interface Client {
	get(path: string, query?: Record<string, unknown>, key?: string | null): Promise<ApiAnswer>;
	post(path: string, body?: unknown, key?: string | null): Promise<ApiAnswer>;
	patch(path: string, body?: unknown, key?: string | null): Promise<ApiAnswer>;
	send(method: string, path: string, body?: unknown, key?: string | null): Promise<ApiAnswer>;
	control(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
}

export function queryString(query: Record<string, unknown> = {}): string {
	const params = new URLSearchParams();
	for (const [k, v] of Object.entries(query)) {
		if (v !== undefined) params.append(k, Array.isArray(v) ? v.join(',') : String(v));
	}
	const text = params.toString();
	return text ? `?${text}` : '';
}

/** `sb` is read on every call, so a client can be made before beforeAll starts the sandbox. */
export function client(sandbox: () => NeoSandbox): Client {
	async function send(method: string, path: string, body?: unknown, key?: string | null) {
		const sb = sandbox();
		const auth = key === undefined ? sb.keys.tenant : key;
		const headers: Record<string, string> = {};
		if (auth !== null) headers.authorization = `Bearer ${auth}`;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const res = await request(`${sb.url}${path}`, {
			method: method as 'GET',
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.body.text();
		const json = text ? JSON.parse(text) : undefined;
		const pathname = path.split('?')[0];
		if (!pathname.startsWith('/__sandbox')) {
			// 5xx here are injected faults: any status, but still an ErrorEnvelope.
			const injected = res.statusCode >= 500;
			expect(contract.validateResponse(method, pathname, res.statusCode, json, injected)).toEqual(
				[],
			);
		}
		const header = (name: string) => {
			const v = res.headers[name.toLowerCase()];
			return Array.isArray(v) ? v.join(', ') : v;
		};
		return { status: res.statusCode, json, header };
	}
	return {
		send,
		get: (path, query, key) => send('GET', `${path}${queryString(query)}`, undefined, key),
		post: (path, body, key) => send('POST', path, body, key),
		patch: (path, body, key) => send('PATCH', path, body, key),
		control: (method, path, body) => send(method, `/__sandbox/${path}`, body, null),
	};
}

/** The fields a 422 names, with where they sit ("query:page_size", "body:action"). */
export function errorFields(answer: ApiAnswer): string[] {
	return (answer.json.error.details.errors as { field: string; in?: string }[]).map(
		(e) => `${e.in ?? 'body'}:${e.field}`,
	);
}

/** Follows next_cursor to the end (from query.cursor, if any); returns every row and the page count. */
export async function allPages(
	api: Client,
	path: string,
	query: Record<string, unknown> = {},
	key?: string,
): Promise<{ rows: Record<string, unknown>[]; pages: number }> {
	const rows: Record<string, unknown>[] = [];
	let cursor = query.cursor as string | undefined;
	let pages = 0;
	do {
		const r = await api.get(path, { ...query, cursor }, key);
		expect(r.status).toBe(200);
		rows.push(...r.json.data);
		pages += 1;
		expect(r.json.meta.pagination.has_more).toBe(r.json.meta.pagination.next_cursor !== null);
		cursor = r.json.meta.pagination.next_cursor ?? undefined;
	} while (cursor !== undefined && pages < 100);
	return { rows, pages };
}

/**
 * One sandbox for a sandbox test file: started before its tests, reset to the default config
 * before each, closed after them, and no contract violation in the whole file. Returns the
 * file's sandbox (inside hooks and tests only).
 */
export function sandboxPerFile(): () => NeoSandbox {
	let sandbox: NeoSandbox | undefined;
	const current = (): NeoSandbox => {
		if (!sandbox) throw new Error('The sandbox runs only inside hooks and tests');
		return sandbox;
	};
	beforeAll(async () => {
		sandbox = await startSandbox();
	});
	beforeEach(() => {
		current().reset();
		current().configure(DEFAULT_CONFIG);
	});
	afterAll(async () => {
		const violations = [...current().contractViolations];
		await current().close();
		expect(violations).toEqual([]);
	});
	return current;
}
