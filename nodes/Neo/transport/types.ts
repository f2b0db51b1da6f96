import type { IDataObject, IN8nHttpFullResponse } from 'n8n-workflow';

export type NeoMethod = 'GET' | 'POST' | 'PATCH' | 'PUT';

/** One request to Neo, as an operation describes it. */
export interface NeoRequest {
	method: NeoMethod;
	/** The path with its parameters already encoded (see neoPath). */
	path: string;
	query?: IDataObject;
	body?: IDataObject;
	/**
	 * Whether sending it again after a 5xx, a reset or a timeout is harmless. Reads and partial
	 * updates with the same body are (GET, PATCH: the default); a create is not, so a POST is re-sent
	 * only when Neo certainly did not act on it, unless it says otherwise (a mint, or a message with
	 * its idempotency key).
	 */
	safeToRepeat?: boolean;
	/**
	 * The caller settles an ambiguous failure itself (it looks for what the request may have done,
	 * as Run Now does): the client then never re-sends it after a 5xx, a reset or a timeout, not even
	 * with "Retry Creates After Server Errors" on.
	 */
	reconciledByCaller?: boolean;
	/**
	 * A 2xx JSON object without Neo's envelope is taken as the data itself. For answers whose page
	 * shows the bare object and whose envelope is only assumed (run-now).
	 */
	acceptBareData?: boolean;
}

/** A GET whose answer is read as a stream (Neo's chat event stream). */
export interface NeoStreamRequest {
	/** The path with its parameters already encoded (see neoPath). */
	path: string;
	query?: IDataObject;
	/** Sent as Last-Event-Id when resuming a dropped stream. */
	lastEventId?: string;
}

/** The answer to a NeoStreamRequest: status and headers, and the body still unread. */
export interface NeoStreamResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: AsyncIterable<Uint8Array | string>;
}

export type NeoStreamAttempt =
	| { stream: NeoStreamResponse }
	| { networkFailure: NeoNetworkFailure };

export type NeoHttpResponse = Pick<IN8nHttpFullResponse, 'body' | 'headers' | 'statusCode'>;

/** Why a request got no HTTP answer. `notSent` is the one case where Neo certainly did not act. */
export type NetworkFailureKind = 'notSent' | 'timeout' | 'aborted' | 'other';

export interface NeoNetworkFailure {
	kind: NetworkFailureKind;
	/** The socket or HTTP client error code, e.g. ECONNRESET. */
	errorCode: string;
}

export type NeoAttemptResult =
	| { response: NeoHttpResponse }
	| { networkFailure: NeoNetworkFailure };

export interface NeoPagination {
	has_more?: boolean;
	next_cursor?: string | null;
}

/** Neo's success envelope. `data` is one record, or a page of records for a list. */
export interface NeoSuccess {
	data: IDataObject | IDataObject[];
	meta: IDataObject & { request_id?: string; warnings?: string[]; pagination?: NeoPagination };
}

/** Everything known about one failed Neo call, whatever the cause (Neo's envelope, a proxy, the network). */
export interface NeoFailure {
	/** Neo's error.code, or our own code for failures Neo did not describe (network, non-JSON body). */
	code: string;
	message: string;
	httpStatus?: number;
	requestId?: string;
	details?: IDataObject;
	/** Requests sent for this item, the first included. */
	attempts: number;
	/** Time spent waiting between attempts (Retry-After and backoff). */
	waitedMs: number;
	/** A create was retried after an attempt the server may have acted on. */
	mayHaveActedBefore?: boolean;
}

export type SendResult = { ok: true; value: NeoSuccess } | { ok: false; failure: NeoFailure };

export interface RetrySettings {
	maxRetries: number;
	maxRetryWaitMs: number;
	timeoutMs: number;
	/** Opt-in: also re-send creates after 5xx, resets and timeouts (may create duplicates). */
	retryServerErrorsOnCreate: boolean;
}

/** Neo's error codes appear in both cases in its docs (`FORBIDDEN`, `validation_error`). */
export function isErrorCode(failure: Pick<NeoFailure, 'code'>, code: string): boolean {
	return failure.code.toLowerCase() === code.toLowerCase();
}
