/**
 * The credential's test request against the sandbox, judged the way n8n's CredentialsTester judges
 * it: with ignoreHttpStatusErrors the answer's body is checked against the rules top to bottom,
 * and the first rule whose `key` equals its `value` fails the test.
 */
import type { ICredentialTestRequest, IDataObject } from 'n8n-workflow';
import { request } from 'undici';

import { NeoApi } from '../../credentials/NeoApi.credentials';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox({ checkContract: false });

const { test: credentialTest } = new NeoApi() as { test: ICredentialTestRequest };

function get(body: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], body);
}

/** Sends the credential's test request as n8n would (method, path, query) and applies its rules. */
async function runCredentialTest(
	apiKey: string,
): Promise<{ status: 'OK' | 'Error'; message?: string }> {
	const { method, url, qs, body } = credentialTest.request;
	const query = new URLSearchParams(qs as Record<string, string>).toString();
	const response = await request(`${sandbox().url}${url}${query ? `?${query}` : ''}`, {
		method: method as 'GET',
		headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.body.text();
	// n8n's HTTP client hands over non-JSON bodies as text, as here.
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// keep the text
	}
	for (const rule of credentialTest.rules ?? []) {
		if (
			rule.type === 'responseSuccessBody' &&
			get(parsed, rule.properties.key) === rule.properties.value
		) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK' };
}

it('passes for an accepted key with one read-only request that lists one agent', async () => {
	await expect(runCredentialTest(sandbox().keys.tenant)).resolves.toEqual({ status: 'OK' });
	expect(sandbox().requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
		'GET /public-api/agents 200',
	]);
	expect(credentialTest.request.qs).toEqual({ page_size: 1 });
	expect(credentialTest.request.body).toBeUndefined();
});

it('fails for a key without the right to read agents (403), whatever the case of the code', async () => {
	for (const errorCodeCase of ['lower', 'upper'] as const) {
		sandbox().configure({ errorCodeCase });
		sandbox().addFault({ fault: { kind: 'status', status: 403 } });
		const result = await runCredentialTest(sandbox().keys.tenant);
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/\(403\)/) });
	}
});

it('fails for a rejected key in upper-case codes too', async () => {
	sandbox().configure({ errorCodeCase: 'upper' });
	const result = await runCredentialTest('neo_sk_test_REVOKEDrevokedREVOKED00');
	expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/rejected the API key/) });
});

it('fails for a rejected key, saying the key was rejected', async () => {
	const result = await runCredentialTest('neo_sk_test_REVOKEDrevokedREVOKED00');
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/rejected the API key/);
});

it('fails when rate limited instead of reporting the key as good', async () => {
	sandbox().addFault({ fault: { kind: 'status', status: 429 } });
	const result = await runCredentialTest(sandbox().keys.tenant);
	expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/rate limiting/) });
});

it('fails when something other than Neo answers', async () => {
	sandbox().addFault({ fault: { kind: 'html', status: 502 } });
	const result = await runCredentialTest(sandbox().keys.tenant);
	expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/Check the Base URL/) });
});
