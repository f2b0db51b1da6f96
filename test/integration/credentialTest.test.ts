/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * The credential test (the Neo nodes' `neoApiTest`, which n8n runs when the credential is saved or
 * retested) in n8n-core's own CredentialTestContext, so its `request` helper is n8n's, against the
 * sandbox over real HTTP; and against hosts that do not answer (issue 19, item 6).
 */
import { createServer } from 'node:net';

import { CredentialTestContext, ExecutionLifecycleHooks } from 'n8n-core';
import type { ICredentialsDecrypted, INodeCredentialTestResult, INodeType } from 'n8n-workflow';

import { Neo } from '../../nodes/Neo/Neo.node';
import { NeoTrigger } from '../../nodes/NeoTrigger/NeoTrigger.node';
import { HarnessCredentialsHelper } from '../helpers/credentialsHelper';
import { setUpEngine } from '../helpers/engineSetup';
import { defaultCredentialTypes } from '../helpers/harnessNodeTypes';
import { createAdditionalData } from '../helpers/n8nEngine';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox({ checkContract: false });

/** The test function as n8n finds it: through testedBy on the node that uses the credential. */
function credentialTestOf(node: Neo | NeoTrigger) {
	const description =
		node instanceof Neo ? node.nodeVersions[node.currentVersion].description : node.description;
	const testedBy = description.credentials?.find((c) => c.name === 'neoApi')?.testedBy;
	const methods: INodeType['methods'] =
		node instanceof Neo ? node.nodeVersions[node.currentVersion].methods : node.methods;
	return typeof testedBy === 'string' ? methods?.credentialTest?.[testedBy] : undefined;
}

async function runCredentialTest(
	apiKey: string,
	baseUrl = sandbox().url,
): Promise<INodeCredentialTestResult> {
	setUpEngine();
	const additionalData = createAdditionalData({
		credentialsHelper: new HarnessCredentialsHelper(defaultCredentialTypes(), {}),
		hooks: new ExecutionLifecycleHooks('internal', 'credential-test', {} as never),
		executionId: 'credential-test',
	});
	const credential: ICredentialsDecrypted = {
		id: 'neo',
		name: 'Neo',
		type: 'neoApi',
		data: { apiKey, baseUrl },
	};
	const test = credentialTestOf(new Neo())!;
	return await test.call(new CredentialTestContext(additionalData), credential);
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

it('every node that uses the credential names the same test function', () => {
	const fromNeo = credentialTestOf(new Neo());
	expect(fromNeo).toBeInstanceOf(Function);
	expect(credentialTestOf(new NeoTrigger())).toBe(fromNeo);
	const v1 = new Neo().nodeVersions[1];
	expect(v1.methods?.credentialTest?.neoApiTest).toBe(fromNeo);
});

it('passes for an accepted key with one read-only request that lists one agent', async () => {
	await expect(runCredentialTest(sandbox().keys.tenant)).resolves.toMatchObject({ status: 'OK' });
	expect(sandbox().requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
		'GET /public-api/agents 200',
	]);
	expect(sandbox().requests[0].query).toEqual({ page_size: '1' });
});

it('fails for a key without the right to read agents (403), whatever the case of the code', async () => {
	for (const errorCodeCase of ['lower', 'upper'] as const) {
		sandbox().configure({ errorCodeCase });
		sandbox().addFault({ fault: { kind: 'status', status: 403 } });
		const result = await runCredentialTest(sandbox().keys.tenant);
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/\(403\)/) });
	}
});

it('fails for a rejected key, in either case of the code, saying the key was rejected', async () => {
	for (const errorCodeCase of ['lower', 'upper'] as const) {
		sandbox().configure({ errorCodeCase });
		const result = await runCredentialTest('neo_sk_test_REVOKEDrevokedREVOKED00');
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(/rejected the API key/),
		});
	}
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

it('refuses a plain-http Base URL that is not localhost before sending the key', async () => {
	const result = await runCredentialTest(sandbox().keys.tenant, 'http://neo.example.com');
	expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/must use https/) });
	expect(sandbox().requests).toHaveLength(0);
});

it('a port where nothing listens: Neo did not answer at that Base URL, and what to check', async () => {
	const baseUrl = `http://127.0.0.1:${await closedPort()}`;
	const result = await runCredentialTest(sandbox().keys.tenant, baseUrl);
	expect(result.status).toBe('Error');
	expect(result.message).toBe(
		`Neo did not answer at the Base URL ${baseUrl} (ECONNREFUSED). Check the Base URL (host and port), and that n8n's host may reach it (DNS, proxy, firewall).`,
	);
	expect(result.message).not.toContain(sandbox().keys.tenant);
});

it('a host name that does not resolve: says so, naming DNS', async () => {
	// .invalid never resolves (RFC 2606); offline resolvers answer EAI_AGAIN instead of ENOTFOUND.
	const result = await runCredentialTest(sandbox().keys.tenant, 'https://neo.invalid');
	expect(result.message).toMatch(
		/^Neo did not answer at the Base URL https:\/\/neo\.invalid \((ENOTFOUND|EAI_AGAIN)\)\. The host name could not be resolved: .*DNS/,
	);
});
