import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { NeoApi } from '../../credentials/NeoApi.credentials';
import {
	CREDENTIAL_TEST_REQUEST,
	judgeNeoAnswer,
	unreachableMessage,
} from '../../nodes/Neo/methods/credentialTest';
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

describe("judgeNeoAnswer (the credential test judging Neo's answer)", () => {
	const contract = new Contract();

	it('GETs one agent: the read-only request Neo documents, nothing that writes', () => {
		expect(CREDENTIAL_TEST_REQUEST).toEqual({
			method: 'GET',
			path: '/public-api/agents',
			qs: { page_size: 1 },
		});
		expect(contract.has('GET', CREDENTIAL_TEST_REQUEST.path)).toBe(true);
	});

	it('passes on the list of agents an accepted key gets, and on an empty list', () => {
		const answer = {
			data: [{ id: 101, name: 'Contoso Helpdesk' }],
			meta: { request_id: '5b0c4a8e-6a0f-4a53-9d35-2f8f3c1f5a10', pagination: { has_more: true } },
		};
		expect(judgeNeoAnswer(200, answer).status).toBe('OK');
		expect(judgeNeoAnswer(200, { data: [], meta: {} }).status).toBe('OK');
	});

	it.each([
		[
			'a rejected key (401)',
			401,
			{ error: { code: 'unauthenticated', message: 'bad key' } },
			/rejected the API key/,
		],
		['a 403', 403, { error: { code: 'forbidden', message: 'no' } }, /may not read agents/],
		[
			"an upper-case 403 code, as in some of Neo's docs",
			403,
			{ error: { code: 'FORBIDDEN' } },
			/may not read agents/,
		],
		['an upper-case 401 code', 401, { error: { code: 'UNAUTHENTICATED' } }, /rejected the API key/],
		['a 401 without a body', 401, '', /rejected the API key/],
		[
			'rate limiting (429)',
			429,
			{ error: { code: 'rate_limited', message: 'slow' } },
			/rate limiting/,
		],
		[
			'a host that is not Neo (HTML)',
			200,
			'<html>Welcome to nginx</html>',
			/did not answer like the Neo API/,
		],
		['a host that is not Neo (other JSON)', 200, { ok: true }, /did not answer like the Neo API/],
		['an empty answer', 200, '', /did not answer like the Neo API/],
		['a 404 page', 404, 'Not Found', /did not answer like the Neo API \(HTTP 404,/],
	])('fails on %s with a message that says so', (_label, status, answer, message) => {
		const result = judgeNeoAnswer(status, answer);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
	});
});

describe('unreachableMessage (nothing answered at the Base URL)', () => {
	const base = 'https://neo.example.com';

	it.each([
		['ECONNREFUSED', /host and port.*DNS, proxy, firewall/],
		['ENOTFOUND', /could not be resolved.*DNS/],
		['ECONNABORTED', /within 15 s.*firewall, proxy/],
		['ETIMEDOUT', /within 15 s/],
		['DEPTH_ZERO_SELF_SIGNED_CERT', /TLS certificate was not accepted/],
		['ERR_TLS_CERT_ALTNAME_INVALID', /TLS certificate was not accepted/],
		[undefined, /\(no answer\)\. Check the Base URL/],
	])('%s: names the Base URL and what to check', (code, what) => {
		const message = unreachableMessage(base, code);
		expect(
			message.startsWith(`Neo did not answer at the Base URL ${base} (${code ?? 'no answer'}).`),
		).toBe(true);
		expect(message).toMatch(what);
	});
});
