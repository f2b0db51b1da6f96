import type { IDataObject } from 'n8n-workflow';

import type { NeoFailure, NeoHttpResponse, NeoSuccess } from './types';

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isRecordList = (value: unknown): value is IDataObject[] =>
	Array.isArray(value) && value.every(isObject);

/** Neo answered 2xx: its body must be `{data, meta}`, `data` one record or a list of records. */
export function parseSuccess(response: NeoHttpResponse): NeoSuccess | undefined {
	const { body } = response;
	if (!isObject(body) || !isObject(body.meta)) return undefined;
	if (!isObject(body.data) && !isRecordList(body.data)) return undefined;
	return { data: body.data, meta: body.meta as NeoSuccess['meta'] };
}

/** A 2xx body that is a plain object but not an envelope (no data, meta or error): the data alone. */
export function parseBareData(response: NeoHttpResponse): NeoSuccess | undefined {
	const { body } = response;
	if (!isObject(body) || 'data' in body || 'meta' in body || 'error' in body) return undefined;
	const requestId = response.headers?.['x-request-id'];
	return { data: body, meta: typeof requestId === 'string' ? { request_id: requestId } : {} };
}

function describeBody(body: unknown): string {
	if (body === undefined || body === null || body === '') return 'an empty body';
	if (typeof body === 'string') {
		const text = body
			.replace(/<[^>]*>/g, ' ')
			.replace(/\s+/g, ' ')
			.trim();
		return `a non-JSON body ("${text.slice(0, 120)}${text.length > 120 ? '…' : ''}")`;
	}
	return `a body that is not Neo's envelope (${JSON.stringify(body).slice(0, 120)})`;
}

/** Neo's error envelope `{error: {code, message, details}, meta: {request_id}}`, or a clear stand-in. */
export function parseFailure(
	response: NeoHttpResponse,
): Pick<NeoFailure, 'code' | 'message' | 'httpStatus' | 'requestId' | 'details'> {
	const { body, statusCode } = response;
	if (isObject(body) && isObject(body.error) && typeof body.error.code === 'string') {
		const meta = isObject(body.meta) ? body.meta : {};
		return {
			code: body.error.code,
			message: typeof body.error.message === 'string' ? body.error.message : '(no message)',
			httpStatus: statusCode,
			requestId: typeof meta.request_id === 'string' ? meta.request_id : headerRequestId(response),
			details: isObject(body.error.details) ? body.error.details : undefined,
		};
	}
	const ok = statusCode >= 200 && statusCode < 300;
	return {
		code: ok ? 'invalid_response' : `http_${statusCode}`,
		message: `Neo answered HTTP ${statusCode} with ${describeBody(body)}`,
		httpStatus: statusCode,
		requestId: headerRequestId(response),
	};
}

function headerRequestId(response: NeoHttpResponse): string | undefined {
	const value = response.headers?.['x-request-id'];
	return typeof value === 'string' ? value : undefined;
}
