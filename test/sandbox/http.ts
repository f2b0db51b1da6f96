/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// Neo's envelopes and the small HTTP helpers the server and routes share.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Caller } from './keys';
import type { FieldError } from './contract';
import type { Store } from './store';
import type { Readings } from './readings';
import type { RunNowConfig } from './types';

/** An error answer in Neo's shape: {error: {code, message, details?}, meta: {request_id}}. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly details?: Record<string, unknown>,
	) {
		super(message);
	}
}

export function validationError(message: string, errors: FieldError[]): ApiError {
	return new ApiError(422, 'validation_error', message, { errors });
}

/** 404 not_found naming what was looked up: absent and "another tenant's" look the same. */
export function notFound(what: string, field: string, value: unknown): ApiError {
	return new ApiError(404, 'not_found', `${what} ${String(value)} not found.`, { [field]: value });
}

export interface RouteContext {
	caller: Caller;
	/** The JSON body ({} for an empty body and for methods without one). Already schema-checked. */
	body: Record<string, unknown>;
	/** Query parameters, typed by the contract (comma lists as arrays, numbers as numbers). */
	query: Record<string, unknown>;
	/** Path parameters, typed by the contract. */
	params: Record<string, unknown>;
	store: Store;
	now: Date;
	/** The request headers (an event stream reads Last-Event-Id). */
	headers: IncomingHttpHeaders;
	/** Which assumptions the sandbox answers under their other reading (readings.ts). */
	readings: Readings;
	/** How runs started by run-now go (duration, outcome). */
	runNow: RunNowConfig;
}

export interface RouteResult {
	status: number;
	data: unknown;
	warnings?: string[];
	/** meta.pagination: cursor lists {has_more, next_cursor}; page-number lists their own shape. */
	pagination?: Record<string, unknown>;
	/**
	 * A streamed answer (server-sent events) instead of a JSON envelope: writes its own status line
	 * and keeps writing until the client leaves. `checkPart` validates one event's part against
	 * the contract.
	 */
	stream?: (res: ServerResponse, checkPart: (part: unknown) => void) => void;
}

export type Route = (ctx: RouteContext) => RouteResult;

export function successEnvelope(
	data: unknown,
	requestId: string,
	totalMs: number,
	warnings: string[] = [],
	pagination?: Record<string, unknown>,
) {
	const meta: Record<string, unknown> = { request_id: requestId, timings_ms: { total: totalMs } };
	if (pagination) meta.pagination = pagination;
	if (warnings.length > 0) meta.warnings = warnings;
	return { data, meta };
}

export function errorEnvelope(
	requestId: string,
	code: string,
	message: string,
	details?: Record<string, unknown>,
) {
	return {
		error: details === undefined ? { code, message } : { code, message, details },
		meta: { request_id: requestId },
	};
}

export function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** JSON.parse that reports failure instead of throwing; empty text is `null`. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
	if (text.trim() === '') return { ok: true, value: null };
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false };
	}
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
