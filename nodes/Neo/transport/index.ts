import type { IDataObject, IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';

/** One request to Neo, as an operation describes it. */
export interface NeoRequest {
	path: string;
	body: IDataObject;
	/**
	 * Whether sending it twice is harmless. A mint is (an extra short-lived token); a create is not,
	 * so a create is re-sent only when Neo certainly did not act on it.
	 */
	safeToRepeat: boolean;
}

export type NeoHttpResponse = Pick<IN8nHttpFullResponse, 'body' | 'headers' | 'statusCode'>;

/** Why a request got no HTTP answer. `notSent` is the one case where Neo certainly did not act. */
export type NetworkFailureKind = 'notSent' | 'reset' | 'timeout' | 'aborted' | 'other';

export interface NeoNetworkFailure {
	kind: NetworkFailureKind;
	/** The socket or HTTP client error code, e.g. ECONNRESET. */
	errorCode: string;
}

export type NeoAttemptResult =
	| { response: NeoHttpResponse }
	| { networkFailure: NeoNetworkFailure };

const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);

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

function classify(code: string): NetworkFailureKind {
	if (NOT_SENT_CODES.has(code)) return 'notSent';
	if (TIMEOUT_CODES.has(code)) return 'timeout';
	if (RESET_CODES.has(code)) return 'reset';
	if (code === 'ERR_CANCELED') return 'aborted';
	return 'other';
}

/**
 * Sends one request through n8n's authenticated HTTP helper and returns the raw answer, whatever
 * its status: mapping Neo's envelope is the caller's job. When no answer came, the helper's error
 * is reduced to its code: the error itself carries the request configuration, Authorization included.
 */
export async function neoApiRequest(
	ctx: IExecuteFunctions,
	request: NeoRequest,
	{ baseUrl, timeoutMs }: { baseUrl: string; timeoutMs: number },
): Promise<NeoAttemptResult> {
	const startedAt = Date.now();
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'neoApi', {
			method: 'POST',
			url: `${baseUrl}${request.path}`,
			body: request.body,
			json: true,
			timeout: timeoutMs,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as IN8nHttpFullResponse;
		return {
			response: { body: response.body, headers: response.headers, statusCode: response.statusCode },
		};
	} catch (error) {
		const errorCode = findErrorCode(error);
		// A timeout that strikes while the body streams in surfaces as an aborted stream
		// (ERR_BAD_RESPONSE), not as a timeout code: the clock tells them apart.
		const timedOut = Date.now() - startedAt >= timeoutMs;
		const kind = timedOut && classify(errorCode) !== 'aborted' ? 'timeout' : classify(errorCode);
		return { networkFailure: { kind, errorCode } };
	}
}
