import { parseFailure, parseSuccess } from '../../nodes/Neo/transport/envelope';
import type { NeoHttpResponse } from '../../nodes/Neo/transport/index';

const REQUEST_ID = '5b0c4a8e-6a0f-4a53-9d35-2f8f3c1f5a10';
const HEADER_REQUEST_ID = 'edge-7f3a9c';

function response(
	statusCode: number,
	body: unknown,
	headers: Record<string, unknown> = {},
): NeoHttpResponse {
	return { statusCode, body, headers } as NeoHttpResponse;
}

const NGINX_502 = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>`;

describe('parseSuccess', () => {
	it("returns Neo's data and meta from a {data, meta} envelope", () => {
		const body = {
			data: { id: 'ch_1', internal_name: 'acme' },
			meta: { request_id: REQUEST_ID, warnings: ['icon ignored'], timings_ms: { total: 12 } },
		};
		expect(parseSuccess(response(201, body))).toEqual({ data: body.data, meta: body.meta });
	});

	it('keeps unknown fields (clients must ignore, not drop, them)', () => {
		const body = { data: { id: 1, future_field: 'x' }, meta: { request_id: REQUEST_ID, extra: 1 } };
		expect(parseSuccess(response(200, body))?.data).toEqual({ id: 1, future_field: 'x' });
		expect(parseSuccess(response(200, body))?.meta.extra).toBe(1);
	});

	it.each([
		['an empty body', ''],
		['no body', undefined],
		['a string', 'OK'],
		['an array', [{ data: {}, meta: {} }]],
		['data without meta', { data: { id: 1 } }],
		['meta without data', { meta: { request_id: REQUEST_ID } }],
		['data that is a list of non-records', { data: [1, 2], meta: {} }],
		['data that is null', { data: null, meta: {} }],
		['meta that is a string', { data: {}, meta: 'x' }],
		['a bare object', { id: 'ch_1' }],
	])('returns undefined for %s', (_label, body) => {
		expect(parseSuccess(response(200, body))).toBeUndefined();
	});
});

it('accepts a page of records as data (list endpoints)', () => {
	const body = { data: [{ id: 1 }, { id: 2 }], meta: { pagination: { has_more: false } } };
	expect(parseSuccess(response(200, body))).toEqual(body);
});

describe('parseFailure on Neo error envelopes', () => {
	it("carries Neo's code, message, details, HTTP status and meta.request_id", () => {
		const body = {
			error: {
				code: 'validation_failed',
				message: 'session_id is required',
				details: { fields: [{ field: 'session_id', message: 'is required' }] },
			},
			meta: { request_id: REQUEST_ID },
		};
		expect(parseFailure(response(422, body))).toEqual({
			code: 'validation_failed',
			message: 'session_id is required',
			httpStatus: 422,
			requestId: REQUEST_ID,
			details: { fields: [{ field: 'session_id', message: 'is required' }] },
		});
	});

	it('prefers meta.request_id over the x-request-id header', () => {
		const body = {
			error: { code: 'conflict', message: 'taken' },
			meta: { request_id: REQUEST_ID },
		};
		const failure = parseFailure(response(409, body, { 'x-request-id': HEADER_REQUEST_ID }));
		expect(failure.requestId).toBe(REQUEST_ID);
	});

	it('falls back to the x-request-id header when meta has no usable request id', () => {
		const headers = { 'x-request-id': HEADER_REQUEST_ID };
		const noMeta = { error: { code: 'forbidden', message: 'no' } };
		const nullId = { error: { code: 'forbidden', message: 'no' }, meta: { request_id: null } };
		expect(parseFailure(response(403, noMeta, headers)).requestId).toBe(HEADER_REQUEST_ID);
		expect(parseFailure(response(403, nullId, headers)).requestId).toBe(HEADER_REQUEST_ID);
	});

	it('has no request id when neither meta nor the header gives one', () => {
		const body = { error: { code: 'forbidden', message: 'no' } };
		expect(parseFailure(response(403, body)).requestId).toBeUndefined();
		// A repeated header (array) is not a request id either.
		expect(
			parseFailure(response(403, body, { 'x-request-id': ['a', 'b'] })).requestId,
		).toBeUndefined();
	});

	it('stands in "(no message)" when the envelope has no message', () => {
		const failure = parseFailure(
			response(500, { error: { code: 'internal_error' }, meta: { request_id: REQUEST_ID } }),
		);
		expect(failure.code).toBe('internal_error');
		expect(failure.message).toBe('(no message)');
		expect(failure.requestId).toBe(REQUEST_ID);
	});

	it('drops details that are not an object', () => {
		const body = { error: { code: 'bad_request', message: 'bad', details: ['x'] }, meta: {} };
		expect(parseFailure(response(400, body)).details).toBeUndefined();
	});

	it('reads a 429 envelope as rate_limited with its status', () => {
		const body = {
			error: { code: 'rate_limited', message: 'slow down' },
			meta: { request_id: REQUEST_ID },
		};
		expect(parseFailure(response(429, body))).toMatchObject({
			code: 'rate_limited',
			httpStatus: 429,
		});
	});
});

describe('parseFailure on answers that are not an error envelope', () => {
	it('describes an HTML 502 page by its text, without the markup, as http_502', () => {
		const failure = parseFailure(
			response(502, NGINX_502, { 'content-type': 'text/html', 'x-request-id': HEADER_REQUEST_ID }),
		);
		expect(failure.code).toBe('http_502');
		expect(failure.httpStatus).toBe(502);
		expect(failure.requestId).toBe(HEADER_REQUEST_ID);
		expect(failure.message).toBe(
			'Neo answered HTTP 502 with a non-JSON body ("502 Bad Gateway 502 Bad Gateway nginx")',
		);
		expect(failure.message).not.toMatch(/[<>]/);
		expect(failure.details).toBeUndefined();
	});

	it('truncates a long text body to 120 characters', () => {
		const failure = parseFailure(response(503, 'x'.repeat(500)));
		expect(failure.message).toBe(
			`Neo answered HTTP 503 with a non-JSON body ("${'x'.repeat(120)}…")`,
		);
	});

	it.each([
		['an empty string', ''],
		['undefined', undefined],
		['null', null],
	])('says "an empty body" for %s', (_label, body) => {
		const failure = parseFailure(response(504, body));
		expect(failure.code).toBe('http_504');
		expect(failure.message).toBe('Neo answered HTTP 504 with an empty body');
	});

	it('shows JSON that is not an envelope, as http_<status>', () => {
		const failure = parseFailure(response(500, { message: 'Internal Server Error' }));
		expect(failure.code).toBe('http_500');
		expect(failure.message).toBe(
			`Neo answered HTTP 500 with a body that is not Neo's envelope ({"message":"Internal Server Error"})`,
		);
	});

	it('does not take an error object without a string code for an envelope', () => {
		const failure = parseFailure(response(400, { error: { code: 42, message: 'numeric code' } }));
		expect(failure.code).toBe('http_400');
		expect(failure.message).toContain('numeric code');
		const stringError = parseFailure(response(401, { error: 'Unauthorized' }));
		expect(stringError.code).toBe('http_401');
	});

	it('maps a 2xx without an envelope to invalid_response', () => {
		expect(parseFailure(response(200, { id: 'ch_1' }))).toMatchObject({
			code: 'invalid_response',
			httpStatus: 200,
		});
		expect(parseFailure(response(201, ''))).toMatchObject({
			code: 'invalid_response',
			message: 'Neo answered HTTP 201 with an empty body',
		});
		expect(parseFailure(response(204, undefined)).code).toBe('invalid_response');
		expect(parseFailure(response(200, '<html>captive portal</html>')).code).toBe(
			'invalid_response',
		);
	});

	it('keeps the x-request-id header for non-envelope answers', () => {
		expect(parseFailure(response(200, [], { 'x-request-id': HEADER_REQUEST_ID })).requestId).toBe(
			HEADER_REQUEST_ID,
		);
	});

	it('copes with a response that has no headers object', () => {
		const failure = parseFailure({ statusCode: 502, body: '' } as NeoHttpResponse);
		expect(failure).toMatchObject({ code: 'http_502', requestId: undefined });
	});
});
