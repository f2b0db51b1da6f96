/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Neo's errors onto n8n: every documented status becomes a NodeApiError naming Neo's code,
 * message and request id; under "Continue" and the error output each failed item yields exactly
 * one error item paired with its input, while the other items go on.
 */
import { createServer } from 'node:net';

import type { IDataObject, NodeApiError } from 'n8n-workflow';

import { channelNameTakenCode } from '../helpers/readings';
import { SEED, type FaultRule } from '../sandbox';
import { channelCreate, chatSessionCreate, runNeo, tokenMint } from './neoWorkflow';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();

const fault = (rule: FaultRule) => sandbox().addFault(rule);
const NAME_TAKEN = channelNameTakenCode();

interface Case {
	status: number;
	code: string;
	/** Sets the failure up and returns the Neo node's parameters and input items. */
	arrange: () => Promise<{
		parameters: ReturnType<typeof channelCreate>;
		items?: IDataObject[];
		apiKey?: string;
	}>;
	/** A fragment of the advice the error's description must carry. */
	advice: RegExp;
}

const cases: Case[] = [
	{
		status: 400,
		code: 'bad_request',
		arrange: async () => {
			fault({
				match: { internal_name: 'x' },
				fault: { kind: 'status', status: 400, code: 'bad_request', message: 'Malformed body' },
			});
			return { parameters: channelCreate(), items: [{ name: 'x' }] };
		},
		advice: /malformed/i,
	},
	{
		status: 401,
		code: 'unauthenticated',
		arrange: async () => ({
			parameters: channelCreate(),
			items: [{ name: 'x' }],
			// The tenant's key with its last character changed: well-formed, but unknown to Neo.
			apiKey:
				sandbox().keys.tenant.slice(0, -1) + (sandbox().keys.tenant.endsWith('A') ? 'B' : 'A'),
		}),
		advice: /check the API key/,
	},
	{
		status: 403,
		code: 'forbidden',
		arrange: async () => ({
			parameters: chatSessionCreate({ platformRelayFields: { clientId: '={{ $json.clientId }}' } }),
			items: [{ clientId: SEED.tenants.otherTenant }],
		}),
		advice: /platform service account/,
	},
	{
		status: 404,
		code: 'not_found',
		arrange: async () => ({ parameters: tokenMint(), items: [{ sessionId: 'cs_does_not_exist' }] }),
		advice: /session ID/,
	},
	{
		status: 409,
		code: NAME_TAKEN,
		arrange: async () => {
			await runNeo({ sandbox: sandbox(), parameters: channelCreate(), items: [{ name: 'taken' }] });
			return { parameters: channelCreate(), items: [{ name: 'taken' }] };
		},
		advice: /If It Already Exists → Return the Existing One/,
	},
	{
		status: 422,
		code: 'validation_error',
		arrange: async () => ({
			parameters: channelCreate({ channelType: '={{ $json.type || "TEAMS" }}' }),
			items: [{ name: 'x', type: 'SLACK' }],
		}),
		advice: /Neo rejected the value of "type"/,
	},
	{
		status: 429,
		code: 'rate_limited',
		arrange: async () => {
			fault({
				match: { internal_name: 'x' },
				fault: { kind: 'status', status: 429, retryAfter: '0' },
			});
			return { parameters: channelCreate({ options: { maxRetries: 0 } }), items: [{ name: 'x' }] };
		},
		advice: /Requests in Parallel/,
	},
	{
		status: 500,
		code: 'internal_error',
		arrange: async () => {
			fault({ match: { internal_name: 'x' }, fault: { kind: 'status', status: 500 } });
			return { parameters: channelCreate(), items: [{ name: 'x' }] };
		},
		advice: /request ID to Neo support/,
	},
];

describe.each(cases)('HTTP $status ($code)', ({ status, code, arrange, advice }) => {
	it('fails the node with a NodeApiError naming Neo’s code, message, request id and the item', async () => {
		const arranged = await arrange();
		sandbox().requests.length = 0;
		const { result, ok } = await runNeo({ sandbox: sandbox(), ...arranged });

		const answered = sandbox().requests.filter((r) => r.status === status);
		expect(answered).toHaveLength(1);
		const error = result.nodeError('Neo') as NodeApiError;
		expect(error).toBeDefined();
		expect(error.message).toMatch(new RegExp(`^Neo error ${status} ${code}: `));
		expect(error.httpCode).toBe(String(status));
		expect(error.description).toContain(`Request ID: ${answered[0].requestId}`);
		expect(error.description).toMatch(advice);
		expect(error.context.itemIndex).toBe(0);
		expect(ok).toEqual([]);
	});

	it('gives one error item paired with its input under "Continue", while the other items go on', async () => {
		const arranged = await arrange();
		// Item 1 is the failing one; items 0 and 2 are fine requests of the same operation.
		const good = goodItemFor(arranged.parameters.resource as string);
		const { ok, result } = await runNeo({
			sandbox: sandbox(),
			...arranged,
			parameters: arranged.parameters,
			items: [good(0), ...(arranged.items ?? [{}]), good(2)],
			onError: 'continueRegularOutput',
		});
		if (status === 401) {
			// A wrong key fails every item alike.
			expect(ok.map((i) => (i.json.error as { code: string }).code)).toEqual([code, code, code]);
			return;
		}
		expect(result.error).toBeUndefined();
		expect(ok).toHaveLength(3);
		expect(ok.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(ok[0].json.error).toBeUndefined();
		expect(ok[2].json.error).toBeUndefined();
		// `error` alone is the shape every n8n major routes to the error output.
		expect(Object.keys(ok[1].json)).toEqual(['error']);
		expect(ok[1].json.error).toMatchObject({ code, httpStatus: status, itemIndex: 1 });
	});
});

function goodItemFor(resource: string): (index: number) => IDataObject {
	if (resource === 'sessionToken') return () => ({ sessionId: SEED.sessions.tenant });
	return (index) => ({ name: `good-${index}-${Math.random().toString(36).slice(2, 8)}` });
}

describe('the error output', () => {
	it('routes failed items to the second output with Neo’s details, and successes to the first', async () => {
		await runNeo({ sandbox: sandbox(), parameters: channelCreate(), items: [{ name: 'dup' }] });
		const { ok, errors, result } = await runNeo({
			sandbox: sandbox(),
			parameters: channelCreate(),
			items: [{ name: 'fresh-1' }, { name: 'dup' }, { name: 'fresh-2' }, { name: 'dup' }],
			onError: 'continueErrorOutput',
		});

		expect(result.error).toBeUndefined();
		expect(ok.map((i) => i.json.internal_name)).toEqual(['fresh-1', 'fresh-2']);
		expect(ok.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(errors.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
		for (const item of errors) {
			// n8n merges the input item's fields into error-output items.
			expect(item.json.name).toBe('dup');
			const error = item.json.error as { message: string; requestId: string };
			expect(error.message).toMatch(new RegExp(`^Neo error 409 ${NAME_TAKEN}: `));
			expect(error).toMatchObject({ code: NAME_TAKEN, httpStatus: 409 });
			expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
		}
		expect(result.output('Errors')).toHaveLength(2);
		expect(result.output('OK')).toHaveLength(2);
	});

	it('routes parameter errors there too, without sending those items', async () => {
		const { ok, errors } = await runNeo({
			sandbox: sandbox(),
			parameters: tokenMint({ additionalFields: { ttlSeconds: '={{ $json.ttl }}' } }),
			items: [
				{ sessionId: SEED.sessions.tenant, ttl: 300 },
				{ sessionId: SEED.sessions.tenant, ttl: 'soon' },
			],
			onError: 'continueErrorOutput',
		});

		expect(ok).toHaveLength(1);
		expect(errors).toHaveLength(1);
		expect(errors[0].json.error).toEqual({
			message: 'Parameter "TTL (Seconds)" must be a whole number, got "soon" (item 1)',
			code: 'invalid_parameter',
			itemIndex: 1,
		});
		expect(sandbox().count('/public-api/sessions')).toBe(1);
	});
});

describe('answers that are not Neo’s envelope', () => {
	it.each([
		[
			'an HTML 502 page from a proxy',
			{ kind: 'html', status: 502 } as const,
			/^Neo error 502 http_502: Neo answered HTTP 502 with a non-JSON body \("502 Bad Gateway/,
		],
		[
			'an empty 503',
			{ kind: 'empty', status: 503 } as const,
			/^Neo error 503 http_503: Neo answered HTTP 503 with an empty body$/,
		],
		[
			'a 200 that is not JSON',
			{ kind: 'invalidJson', status: 200 } as const,
			/^Neo error 200 invalid_response: Neo answered HTTP 200 with a non-JSON body/,
		],
	])(
		'turns %s into a clear error, never a crash or [object Object]',
		async (_label, answer, message) => {
			fault({ path: '/public-api/channels', fault: answer });
			const { result } = await runNeo({
				sandbox: sandbox(),
				parameters: channelCreate(),
				items: [{ name: 'x' }],
			});

			const error = result.nodeError('Neo');
			expect(error?.message).toMatch(message);
			expect(error?.message).not.toContain('[object Object]');
			// A create is never re-sent after an answer Neo may have acted on.
			expect(sandbox().count('/public-api/channels')).toBe(1);
		},
	);
});

describe('the Base URL', () => {
	it('refuses plain http to a non-loopback host before sending anything', async () => {
		const { result } = await runNeo({
			sandbox: sandbox(),
			parameters: channelCreate(),
			items: [{ name: 'x' }],
			baseUrl: 'http://neo.example.com',
		});

		expect(result.nodeError('Neo')?.message).toMatch(/must use https:\/\//);
		expect(sandbox().count()).toBe(0);
	});

	it('a Base URL where nothing answers: says so and what to check (DNS, proxy, firewall)', async () => {
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as { port: number };
		await new Promise((resolve) => server.close(resolve));
		const { result } = await runNeo({
			sandbox: sandbox(),
			parameters: { resource: 'agent', operation: 'getMany', limit: 1, options: { maxRetries: 0 } },
			node: { typeVersion: 2 },
			baseUrl: `http://127.0.0.1:${port}`,
		});
		const error = result.nodeError('Neo') as { message: string; description?: string } | undefined;
		expect(error?.message).toBe(
			'Neo error network_error: Could not complete the request to Neo (ECONNREFUSED)',
		);
		expect(error?.description).toMatch(
			/^Neo could not be reached at the credential's Base URL .*DNS, proxy, firewall/,
		);
	});
});
