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

/** Sends the credential's test request as n8n would (body, method, path) and applies its rules. */
async function runCredentialTest(
	apiKey: string,
): Promise<{ status: 'OK' | 'Error'; message?: string }> {
	const { method, url, body } = credentialTest.request;
	const response = await request(`${sandbox().url}${url}`, {
		method: method as 'POST',
		headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
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

it('passes for an accepted key, without creating anything', async () => {
	await expect(runCredentialTest(sandbox().keys.tenant)).resolves.toEqual({ status: 'OK' });
	expect(sandbox().requests.map((r) => r.status)).toEqual([422]);
	expect(sandbox().created.tokens).toHaveLength(0);
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
