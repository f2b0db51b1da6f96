import type {
	ICredentialsDecrypted,
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import type {
	NeoAttemptResult,
	NeoRequest,
	NeoStreamAttempt,
	NeoStreamRequest,
	NetworkFailureKind,
} from './types';

export * from './types';
export { neoPath } from './path';

/** Every n8n context the package talks to Neo from: the node, its list searches, the trigger. */
export type NeoContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/** n8n wraps the HTTP client's error in a NodeApiError; the socket's code sits somewhere down `cause`. */
function findErrorCode(error: unknown): string {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^E[A-Z_]+$|^ERR_/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return 'UNKNOWN';
}

/** A reset (ECONNRESET, EPIPE) is as ambiguous as any other failure after sending: 'other'. */
function classify(code: string): NetworkFailureKind {
	if (NOT_SENT_CODES.has(code)) return 'notSent';
	if (TIMEOUT_CODES.has(code)) return 'timeout';
	if (code === 'ERR_CANCELED') return 'aborted';
	return 'other';
}

/** The options n8n's helper gets for one attempt. A GET carries no body. */
export function httpOptions(
	request: NeoRequest,
	{ baseUrl, timeoutMs }: { baseUrl: string; timeoutMs: number },
): IHttpRequestOptions {
	return {
		method: request.method,
		url: `${baseUrl}${request.path}`,
		...(request.query && Object.keys(request.query).length > 0 ? { qs: request.query } : {}),
		...(request.method === 'GET' ? {} : { body: request.body ?? {} }),
		json: true,
		timeout: timeoutMs,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
}

/**
 * Sends one request through n8n's authenticated HTTP helper and returns the raw answer, whatever
 * its status: mapping Neo's envelope is the caller's job. When no answer came, the helper's error
 * is reduced to its code: the error itself carries the request configuration, Authorization included.
 * `credential` is the run's decrypted credential (read once by NeoClient.create): n8n's helper
 * then runs its `authenticate` on it instead of reading and decrypting it again.
 */
export async function neoApiRequest(
	ctx: NeoContext,
	request: NeoRequest,
	settings: { baseUrl: string; timeoutMs: number; credential?: ICredentialsDecrypted },
): Promise<NeoAttemptResult> {
	const startedAt = Date.now();
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			'neoApi',
			httpOptions(request, settings),
			settings.credential ? { credentialsDecrypted: settings.credential } : undefined,
		)) as IN8nHttpFullResponse;
		return {
			response: { body: response.body, headers: response.headers, statusCode: response.statusCode },
		};
	} catch (error) {
		const errorCode = findErrorCode(error);
		// A timeout that strikes while the body streams in surfaces as an aborted stream
		// (ERR_BAD_RESPONSE), not as a timeout code: the clock tells them apart.
		const timedOut = Date.now() - startedAt >= settings.timeoutMs;
		const kind = timedOut && classify(errorCode) !== 'aborted' ? 'timeout' : classify(errorCode);
		return { networkFailure: { kind, errorCode } };
	}
}

/** The options for an event stream GET: the body comes back unread, as a stream, whatever the status. */
export function streamOptions(
	request: NeoStreamRequest,
	{ baseUrl, timeoutMs }: { baseUrl: string; timeoutMs: number },
): IHttpRequestOptions {
	return {
		method: 'GET',
		url: `${baseUrl}${request.path}`,
		...(request.query && Object.keys(request.query).length > 0 ? { qs: request.query } : {}),
		headers: {
			Accept: 'text/event-stream',
			...(request.lastEventId ? { 'Last-Event-Id': request.lastEventId } : {}),
		},
		encoding: 'stream',
		json: false,
		// Until the answer's headers arrive. (n8n sets its own abortSignal, the execution's cancel
		// signal, so the reader stops the body itself at its deadline.)
		timeout: timeoutMs,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
}

/**
 * Opens an event stream through n8n's authenticated HTTP helper. As for neoApiRequest, a failure
 * to get an answer is reduced to its socket code, so the request (and its key) never leaks.
 */
export async function neoStreamRequest(
	ctx: NeoContext,
	request: NeoStreamRequest,
	settings: { baseUrl: string; timeoutMs: number },
): Promise<NeoStreamAttempt> {
	const startedAt = Date.now();
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			'neoApi',
			streamOptions(request, settings),
		)) as IN8nHttpFullResponse;
		return {
			stream: {
				statusCode: response.statusCode,
				headers: response.headers,
				body: response.body as AsyncIterable<Uint8Array>,
			},
		};
	} catch (error) {
		const errorCode = findErrorCode(error);
		const timedOut = Date.now() - startedAt >= settings.timeoutMs;
		const kind = timedOut && classify(errorCode) !== 'aborted' ? 'timeout' : classify(errorCode);
		return { networkFailure: { kind, errorCode } };
	}
}
