import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { NeoApi } from '../../credentials/NeoApi.credentials';
import { Contract } from '../sandbox/contract';

const API_KEY = 'neo_sk_test_dummy0123456789AbCdEf';
const credentials: ICredentialDataDecryptedObject = {
	apiKey: API_KEY,
	baseUrl: 'https://api.neoagent.io',
};

async function authenticate(options: Partial<IHttpRequestOptions>): Promise<IHttpRequestOptions> {
	return await new NeoApi().authenticate(credentials, {
		method: 'POST',
		...options,
	} as IHttpRequestOptions);
}

describe('the credential form', () => {
	it('opens with where a key comes from, and what a test that reaches nothing means', () => {
		const [notice, ...fields] = new NeoApi().properties;
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toMatch(/Neo dashboard: Roles & Access → API Keys/);
		expect(notice.displayName).toMatch(
			/ECONNREFUSED, ENOTFOUND or a timeout, Neo did not answer at the Base URL: .*DNS, proxy, firewall/,
		);
		expect(fields.map((f) => f.name)).toEqual(['apiKey', 'baseUrl']);
	});
});

describe('NeoApi.authenticate', () => {
	it('adds Authorization: Bearer <key> to an absolute https url', async () => {
		const result = await authenticate({ url: 'https://api.neoagent.io/public-api/channels' });
		expect(result.headers).toEqual({ Authorization: `Bearer ${API_KEY}` });
		expect(result.url).toBe('https://api.neoagent.io/public-api/channels');
		expect(result.method).toBe('POST');
	});

	it('keeps the other headers and options, and does not modify the options it was given', async () => {
		const original: IHttpRequestOptions = {
			url: 'https://api.neoagent.io/public-api/sessions',
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'X-Trace': 'abc' },
			body: { session_id: 's_1' },
			json: true,
			timeout: 30_000,
		};
		const snapshot = JSON.parse(JSON.stringify(original)) as unknown;
		const result = await new NeoApi().authenticate(credentials, original);
		expect(result).toEqual({
			...original,
			headers: {
				'Content-Type': 'application/json',
				'X-Trace': 'abc',
				Authorization: `Bearer ${API_KEY}`,
			},
		});
		expect(original).toEqual(snapshot);
	});

	it('adds the header for baseURL + relative url (how n8n sends the credential test)', async () => {
		const result = await authenticate({
			baseURL: 'https://api.neoagent.io',
			url: '/public-api/sessions',
		});
		expect(result.headers).toMatchObject({ Authorization: `Bearer ${API_KEY}` });
	});

	it.each([
		'http://localhost:4010/public-api/sessions',
		'http://127.0.0.1:4010/public-api/sessions',
		'http://[::1]:4010/public-api/sessions',
	])('allows plain http to loopback: %s', async (url) => {
		const result = await authenticate({ url });
		expect(result.headers).toMatchObject({ Authorization: `Bearer ${API_KEY}` });
	});

	it.each([
		'http://example.com/public-api/channels',
		'http://api.neoagent.io/public-api/channels',
		'http://localhost.example.com/public-api/channels',
		'http://localhost@example.com/public-api/channels',
	])('refuses an absolute plain-http url to a non-loopback host: %s', async (url) => {
		await expect(authenticate({ url })).rejects.toThrow(/must use https:\/\//);
	});

	it('refuses plain http to a non-loopback host given as baseURL + relative url', async () => {
		await expect(
			authenticate({ baseURL: 'http://example.com', url: '/public-api/sessions' }),
		).rejects.toThrow(/must use https:\/\//);
		await expect(
			authenticate({ baseURL: 'http://example.com/', url: 'public-api/sessions' }),
		).rejects.toThrow(/must use https:\/\//);
	});

	it('judges the host the request really goes to: an absolute url wins over baseURL', async () => {
		await expect(
			authenticate({ baseURL: 'https://api.neoagent.io', url: 'http://example.com/steal' }),
		).rejects.toThrow(/must use https:\/\//);
		await expect(
			authenticate({ baseURL: 'http://example.com', url: 'https://api.neoagent.io/x' }),
		).resolves.toMatchObject({ headers: { Authorization: `Bearer ${API_KEY}` } });
	});

	it('never puts the key into the refusal', async () => {
		const error = await authenticate({ url: 'http://example.com/x' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(/must use https/);
		expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(API_KEY);
	});

	it('refuses a url it cannot place (relative, no baseURL) instead of sending the key', async () => {
		await expect(authenticate({ url: '/public-api/sessions' })).rejects.toThrow();
	});
});

/** n8n's evaluation of `responseSuccessBody` rules: the first whose key equals its value fails the test. */
function failedRule(test: ICredentialTestRequest, body: unknown): string | undefined {
	for (const rule of test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		let value: unknown = body;
		for (const key of rule.properties.key.split('.')) {
			value =
				value !== null && typeof value === 'object'
					? (value as Record<string, unknown>)[key]
					: undefined;
		}
		if (value === rule.properties.value) return rule.properties.message;
	}
	return undefined;
}

describe('NeoApi.test (the credential test request)', () => {
	const { test } = new NeoApi();
	const contract = new Contract();

	it('GETs one agent: the read-only request Neo documents, nothing that writes', () => {
		expect(test.request.method).toBe('GET');
		expect(test.request.url).toBe('/public-api/agents');
		expect(test.request.qs).toEqual({ page_size: 1 });
		expect(test.request.body).toBeUndefined();
		expect(contract.has('GET', test.request.url!)).toBe(true);
		expect(test.request.ignoreHttpStatusErrors).toBe(true);
		expect(test.request.baseURL).toContain('$credentials.baseUrl');
	});

	it('passes on the list of agents an accepted key gets', () => {
		const answer = {
			data: [{ id: 101, name: 'Contoso Helpdesk' }],
			meta: { request_id: '5b0c4a8e-6a0f-4a53-9d35-2f8f3c1f5a10', pagination: { has_more: true } },
		};
		expect(failedRule(test, answer)).toBeUndefined();
	});

	it('passes on an empty list (a tenant without agents yet)', () => {
		expect(failedRule(test, { data: [], meta: {} })).toBeUndefined();
	});

	it.each([
		[
			'a rejected key (401)',
			{ error: { code: 'unauthenticated', message: 'bad key' }, meta: {} },
			/rejected the API key/,
		],
		[
			'a key without the right to read agents (403)',
			{ error: { code: 'forbidden', message: 'no' }, meta: {} },
			/may not read agents/,
		],
		[
			"an upper-case 403 code, as in some of Neo's docs",
			{ error: { code: 'FORBIDDEN', message: 'no' }, meta: {} },
			/may not read agents/,
		],
		[
			'an upper-case 401 code',
			{ error: { code: 'UNAUTHENTICATED', message: 'bad key' }, meta: {} },
			/rejected the API key/,
		],
		[
			'rate limiting (429)',
			{ error: { code: 'rate_limited', message: 'slow' }, meta: {} },
			/rate limiting/,
		],
		[
			'a host that is not Neo (HTML)',
			'<html>Welcome to nginx</html>',
			/did not answer like the Neo API/,
		],
		['a host that is not Neo (other JSON)', { ok: true }, /did not answer like the Neo API/],
		['an empty answer', '', /did not answer like the Neo API/],
	])('fails on %s with a message that says so', (_label, answer, message) => {
		expect(failedRule(test, answer)).toMatch(message);
	});
});
