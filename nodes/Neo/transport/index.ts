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
	NeoNetworkFailure,
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
 * One call through n8n's authenticated HTTP helper, whatever the status. When no answer came, the
 * helper's error is reduced to its code: the error itself carries the request configuration,
 * Authorization included. `credential` is the run's decrypted credential (read once by
 * NeoClient.create): n8n's helper then runs its `authenticate` on it instead of reading and
 * decrypting it again.
 */
async function callN8n(
	ctx: NeoContext,
	options: IHttpRequestOptions,
	credential: ICredentialsDecrypted | undefined,
): Promise<{ response: IN8nHttpFullResponse } | { networkFailure: NeoNetworkFailure }> {
	const startedAt = Date.now();
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			'neoApi',
			options,
			credential ? { credentialsDecrypted: credential } : undefined,
		)) as IN8nHttpFullResponse;
		return { response };
	} catch (error) {
		const errorCode = findErrorCode(error);
		// A timeout that strikes while the body streams in surfaces as an aborted stream
		// (ERR_BAD_RESPONSE), not as a timeout code: the clock tells them apart.
		const timedOut = Date.now() - startedAt >= (options.timeout ?? Infinity);
		const kind = timedOut && classify(errorCode) !== 'aborted' ? 'timeout' : classify(errorCode);
		return { networkFailure: { kind, errorCode } };
	}
}

interface CallSettings {
	baseUrl: string;
	timeoutMs: number;
	credential?: ICredentialsDecrypted;
}

/** Sends one request and returns the raw answer: mapping Neo's envelope is the caller's job. */
export async function neoApiRequest(
	ctx: NeoContext,
	request: NeoRequest,
	settings: CallSettings,
): Promise<NeoAttemptResult> {
	const result = await callN8n(ctx, httpOptions(request, settings), settings.credential);
	if ('networkFailure' in result) return result;
	const { body, headers, statusCode } = result.response;
	return { response: { body, headers, statusCode } };
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

/** Opens an event stream: the answer's status and headers, and its body unread, as a stream. */
export async function neoStreamRequest(
	ctx: NeoContext,
	request: NeoStreamRequest,
	settings: CallSettings,
): Promise<NeoStreamAttempt> {
	const result = await callN8n(ctx, streamOptions(request, settings), settings.credential);
	if ('networkFailure' in result) return result;
	const { statusCode, headers, body } = result.response;
	return { stream: { statusCode, headers, body: body as AsyncIterable<Uint8Array> } };
}
