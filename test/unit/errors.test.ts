import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { FailureContext, NeoFailure } from '../../nodes/Neo/helpers/errors';
import { failureMessage, toErrorItem, toNodeApiError } from '../../nodes/Neo/helpers/errors';

const REQUEST_ID = '5b0c4a8e-6a0f-4a53-9d35-2f8f3c1f5a10';

const node: INode = {
	id: 'b3c1d7d4-0000-4000-8000-000000000001',
	name: 'Neo',
	type: 'n8n-nodes-neo.neo',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function failure(overrides: Partial<NeoFailure> = {}): NeoFailure {
	return {
		code: 'validation_failed',
		message: 'internal_name is required',
		httpStatus: 422,
		requestId: REQUEST_ID,
		details: { fields: [{ field: 'internal_name', message: 'is required' }] },
		attempts: 1,
		waitedMs: 0,
		...overrides,
	};
}

/** The `error` object of the error item, where both outputs' advice can be read. */
function detailsOf(
	f: NeoFailure,
	itemIndex = 0,
	context?: FailureContext,
): Record<string, unknown> {
	return toErrorItem(f, itemIndex, context).json.error as Record<string, unknown>;
}

describe('failureMessage', () => {
	it("names the HTTP status, Neo's code and Neo's message", () => {
		expect(failureMessage(failure())).toBe(
			'Neo error 422 validation_failed: internal_name is required',
		);
	});

	it('leaves the status out when there was no HTTP answer', () => {
		expect(
			failureMessage(
				failure({
					httpStatus: undefined,
					code: 'timeout',
					message: 'Neo did not answer within 30 s',
				}),
			),
		).toBe('Neo error timeout: Neo did not answer within 30 s');
	});
});

describe('toErrorItem', () => {
	it('has the json key error only (what n8n 1.x and 2.x both route to the error output)', () => {
		const item = toErrorItem(failure({ attempts: 3, waitedMs: 1500, mayHaveActedBefore: true }), 4);
		expect(Object.keys(item.json)).toEqual(['error']);
	});

	it('pairs the item with its input item', () => {
		expect(toErrorItem(failure(), 7).pairedItem).toEqual({ item: 7 });
	});

	it("carries Neo's code, message, request id, details, HTTP status and the item index", () => {
		const item = toErrorItem(failure(), 3);
		expect(item.json.error).toEqual({
			message: 'Neo error 422 validation_failed: internal_name is required',
			code: 'validation_failed',
			httpStatus: 422,
			requestId: REQUEST_ID,
			details: { fields: [{ field: 'internal_name', message: 'is required' }] },
			hint: expect.stringContaining('field is named in the details'),
			attempts: 1,
			waitedMs: 0,
			itemIndex: 3,
		});
	});

	it('leaves out what is unknown instead of writing undefined keys', () => {
		const details = detailsOf(
			failure({
				httpStatus: undefined,
				requestId: undefined,
				details: undefined,
				code: 'network_error',
			}),
		);
		expect(Object.keys(details)).not.toEqual(
			expect.arrayContaining(['httpStatus', 'requestId', 'errorDetails', 'mayHaveActedBefore']),
		);
		for (const key of ['httpStatus', 'requestId', 'errorDetails', 'mayHaveActedBefore']) {
			expect(details).not.toHaveProperty(key);
		}
		expect(details).toMatchObject({ code: 'network_error', itemIndex: 0 });
	});

	it('survives a JSON round trip unchanged (what n8n stores)', () => {
		const item = toErrorItem(failure({ attempts: 2, waitedMs: 750 }), 1);
		expect(JSON.parse(JSON.stringify(item.json))).toEqual(item.json);
	});

	it('flags a failure after a possibly-acted attempt', () => {
		expect(detailsOf(failure({ mayHaveActedBefore: true }))).toHaveProperty(
			'mayHaveActedBefore',
			true,
		);
	});

	it('gives the per-status advice', () => {
		const hint = (httpStatus: number | undefined) => detailsOf(failure({ httpStatus })).hint;
		expect(hint(400)).toMatch(/malformed/);
		expect(hint(401)).toMatch(/API key/);
		expect(hint(403)).toMatch(/platform service account/);
		expect(hint(404)).toMatch(/agent ID or session ID/);
		expect(hint(409)).toMatch(/blocks this request: read it again/);
		expect(hint(422)).toMatch(/field is named in the details/);
		expect(hint(429)).toMatch(/Requests in Parallel/);
		expect(hint(500)).toMatch(/internal error.*request ID/);
		expect(hint(502)).toBe(hint(500));
		expect(hint(503)).toBe(hint(500));
		expect(hint(undefined)).toMatch(/could not be reached.*Base URL/);
		// Every documented status has its own advice.
		const documented = [400, 401, 403, 404, 409, 422, 429, 500].map(hint);
		expect(new Set(documented).size).toBe(documented.length);
	});

	it('names the rejected fields of a 422 when Neo lists them', () => {
		const hintFor = (details: NeoFailure['details']) =>
			detailsOf(failure({ httpStatus: 422, details })).hint;
		expect(hintFor({ errors: [{ field: 'ttl_seconds', message: 'too small' }] })).toBe(
			'Neo rejected the value of "ttl_seconds": see the details below.',
		);
		expect(
			hintFor({
				errors: [{ field: 'agent_id' }, { field: 'managed_agent_key' }, { field: 'agent_id' }],
			}),
		).toBe('Neo rejected the value of "agent_id", "managed_agent_key": see the details below.');
		expect(hintFor({ field: 'type' })).toMatch(/"type"/);
		expect(hintFor({ errors: 'not a list' })).toMatch(/field is named in the details/);
	});

	it('does not claim Neo was unreachable when it answered with an unlisted status', () => {
		for (const httpStatus of [200, 405, 413]) {
			expect(detailsOf(failure({ httpStatus })).hint).not.toMatch(/could not be reached/);
		}
	});
});

describe('toNodeApiError', () => {
	it('is a NodeApiError with the message, HTTP code and item index', () => {
		const error = toNodeApiError(node, failure(), 5);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Neo error 422 validation_failed: internal_name is required');
		expect(error.httpCode).toBe('422');
		expect(error.context.itemIndex).toBe(5);
		expect(error.node).toBe(node);
	});

	it('puts advice, details, request id and retry counts in the description', () => {
		const error = toNodeApiError(node, failure({ attempts: 3, waitedMs: 1500 }), 0);
		const lines = (error.description ?? '').split('\n');
		expect(lines[0]).toMatch(/field is named in the details/);
		expect(lines).toContain(
			'Details: {"fields":[{"field":"internal_name","message":"is required"}]}',
		);
		expect(lines).toContain(`Request ID: ${REQUEST_ID}`);
		expect(lines).toContain('Sent 3 times, waiting 1.5 s between attempts.');
	});

	it('says nothing about retries, details or request id when there were none', () => {
		const error = toNodeApiError(
			node,
			failure({ requestId: undefined, details: {}, httpStatus: 401, code: 'unauthenticated' }),
			0,
		);
		expect(error.description).toBe(detailsOf(failure({ httpStatus: 401 })).hint);
		expect(error.httpCode).toBe('401');
	});

	it('keeps the structured summary on the error for the error workflow', () => {
		const error = toNodeApiError(node, failure(), 2);
		expect(error.errorResponse).toMatchObject({
			code: 'validation_failed',
			message: 'Neo error 422 validation_failed: internal_name is required',
			httpStatus: 422,
			requestId: REQUEST_ID,
			details: { fields: [{ field: 'internal_name', message: 'is required' }] },
			itemIndex: 2,
		});
	});

	it('has no HTTP code when there was no HTTP answer', () => {
		const error = toNodeApiError(
			node,
			failure({
				httpStatus: undefined,
				code: 'timeout',
				message: 'Neo did not answer within 30 s',
			}),
			0,
		);
		// No status is invented (n8n falls back to the summary's `code` for httpCode).
		expect(error.httpCode ?? '').not.toMatch(/^\d+$/);
		expect(error.message).toBe('Neo error timeout: Neo did not answer within 30 s');
		expect(error.description).toMatch(/could not be reached/);
	});

	it('says an earlier attempt may already have created the resource', () => {
		const flagged = toNodeApiError(
			node,
			failure({
				httpStatus: 502,
				code: 'http_502',
				attempts: 2,
				waitedMs: 500,
				mayHaveActedBefore: true,
			}),
			0,
		);
		expect(flagged.description).toContain(
			'An earlier attempt of this request failed after it was sent, so Neo may already have created the resource.',
		);
		const notFlagged = toNodeApiError(node, failure({ attempts: 2, waitedMs: 500 }), 0);
		expect(notFlagged.description).not.toMatch(/may already have created/);
	});

	it('keeps its own message for network failures that name a socket error code', () => {
		const error = toNodeApiError(
			node,
			failure({
				httpStatus: undefined,
				code: 'network_error',
				message: 'Could not complete the request to Neo (ECONNREFUSED)',
				requestId: undefined,
				details: undefined,
			}),
			0,
		);
		expect(error.message).toBe(
			'Neo error network_error: Could not complete the request to Neo (ECONNREFUSED)',
		);
	});
});

describe('a 409’s advice per operation', () => {
	const conflict = (overrides: Partial<NeoFailure> = {}) =>
		failure({
			httpStatus: 409,
			code: 'conflict',
			message: 'exists',
			details: undefined,
			...overrides,
		});
	const hintIn = (resource: string, operation: string, f = conflict()) =>
		detailsOf(f, 0, { resource, operation }).hint as string;

	it('each operation with a 409 of its own says what it means there', () => {
		expect(hintIn('approvalRequest', 'approve')).toMatch(/^The request was already decided/);
		expect(hintIn('approvalRequest', 'reject')).toBe(hintIn('approvalRequest', 'approve'));
		expect(hintIn('channel', 'create')).toMatch(
			/internal name already exists.*If It Already Exists → Return the Existing One/,
		);
		expect(hintIn('endCompany', 'create')).toMatch(
			/PSA company ID already exists.*If It Already Exists → Return the Existing One/,
		);
		const own = [
			'approvalRequest.approve',
			'channel.create',
			'endCompany.create',
		]
			.map((name) => name.split('.'))
			.map(([resource, operation]) => hintIn(resource, operation));
		expect(new Set([...own, hintIn('sessionToken', 'mint')]).size).toBe(own.length + 1);
	});

	it('any code of a 409 gets it (Neo documents no code), but only a 409', () => {
		expect(hintIn('channel', 'create', conflict({ code: 'CHANNEL_NAME_TAKEN' }))).toBe(
			hintIn('channel', 'create'),
		);
		expect(
			hintIn('channel', 'create', conflict({ httpStatus: 422, code: 'validation_error' })),
		).toMatch(/field is named in the details/);
	});

	it('end_company_not_mapped (in either case) says to create the end company with its Tenant ID', () => {
		for (const code of ['end_company_not_mapped', 'END_COMPANY_NOT_MAPPED']) {
			expect(hintIn('chatSession', 'create', conflict({ code }))).toMatch(
				/create the end company with its Tenant ID \(End Company → Create, Additional Fields → Tenant ID\)/,
			);
		}
	});

	it('reaches the failed node’s description too', () => {
		const error = toNodeApiError(node, conflict(), 0, {
			resource: 'approvalRequest',
			operation: 'approve',
		});
		expect(error.description).toMatch(/^The request was already decided/);
	});
});
