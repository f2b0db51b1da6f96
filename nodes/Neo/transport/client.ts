import type { ICredentialDataDecryptedObject, ICredentialsDecrypted } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkNeoBaseUrl } from './baseUrl';
import { parseBareData, parseFailure, parseSuccess } from './envelope';
import { type NeoContext, neoApiRequest, neoStreamRequest } from './index';
import { RateGate } from './rateGate';
import { backoffDelay, parseRetryAfter } from './retryPolicy';
import type {
	NeoFailure,
	NeoHttpResponse,
	NeoNetworkFailure,
	NeoRequest,
	NeoStreamAttempt,
	NeoStreamRequest,
	NeoSuccess,
	RetrySettings,
	SendResult,
} from './types';
import { waitUnlessCancelled } from './wait';

/** What one attempt ended with, and whether Neo may have acted on it. */
type Attempt =
	| { outcome: 'success'; value: NeoSuccess }
	| { outcome: 'retry'; failure: NeoFailure; waitMs: number | undefined; mayHaveActed: boolean }
	| { outcome: 'fail'; failure: NeoFailure };

export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
	maxRetries: 4,
	maxRetryWaitMs: 120_000,
	timeoutMs: 30_000,
	retryServerErrorsOnCreate: false,
};

/**
 * Sends requests for one node run: n8n's helper for each attempt, the shared RateGate, and the
 * retry rules (429 and never-sent requests always; 5xx, resets and timeouts only for requests
 * that are safe to repeat, unless the user opted in).
 */
export class NeoClient {
	private readonly gate = new RateGate();

	private readonly cancelSignal: AbortSignal | undefined;

	private constructor(
		private readonly ctx: NeoContext,
		private readonly settings: RetrySettings,
		private readonly baseUrl: string,
		private readonly credential: ICredentialsDecrypted,
	) {
		this.cancelSignal =
			'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal?.() : undefined;
	}

	/**
	 * Reads the credential once per run and checks its Base URL before anything is sent. Every
	 * request hands the decrypted credential back to n8n's helper, which then skips its own database
	 * read and decryption per request; the credential's `authenticate` still runs on each one.
	 */
	static async create(
		ctx: NeoContext,
		settings: RetrySettings = DEFAULT_RETRY_SETTINGS,
	): Promise<NeoClient> {
		const data = await ctx.getCredentials<ICredentialDataDecryptedObject>('neoApi');
		const checked = checkNeoBaseUrl(data.baseUrl as string | undefined);
		if ('problem' in checked) throw new NodeOperationError(ctx.getNode(), checked.problem);
		const details = ctx.getNode().credentials?.neoApi;
		return new NeoClient(ctx, settings, checked.baseUrl, {
			id: details?.id ?? '',
			name: details?.name ?? '',
			type: 'neoApi',
			data,
		});
	}

	async send(request: NeoRequest): Promise<SendResult> {
		let waitedMs = 0;
		let mayHaveActedBefore = false;
		for (let attempt = 0; ; attempt++) {
			const result = await this.attempt(request);
			if (result.outcome === 'success') return { ok: true, value: result.value };
			const failure: NeoFailure = {
				...result.failure,
				attempts: attempt + 1,
				waitedMs,
				mayHaveActedBefore: mayHaveActedBefore || undefined,
			};
			if (result.outcome === 'fail') return { ok: false, failure };
			const waitMs = result.waitMs ?? backoffDelay(attempt);
			const outOfRetries = attempt >= this.settings.maxRetries;
			if (outOfRetries || waitedMs + waitMs > this.settings.maxRetryWaitMs) {
				return { ok: false, failure };
			}
			if (result.failure.httpStatus === 429) this.gate.pauseFor(waitMs);
			else if (!(await waitUnlessCancelled(waitMs, this.cancelSignal)))
				return { ok: false, failure };
			waitedMs += waitMs;
			mayHaveActedBefore ||= result.mayHaveActed;
		}
	}

	/** The execution's cancel signal, when n8n gives one. */
	get cancelled(): AbortSignal | undefined {
		return this.cancelSignal;
	}

	/**
	 * Opens an event stream: one attempt, through the same credential, Base URL and RateGate as
	 * every request (the gate is held until the answer's headers arrive, not while the body
	 * streams). Retrying and resuming are the reader's job: only it knows where the stream stopped.
	 */
	async openStream(request: NeoStreamRequest, timeoutMs: number): Promise<NeoStreamAttempt> {
		const sentAt = await this.gate.acquire(this.cancelSignal);
		if (sentAt === undefined) {
			return { networkFailure: { kind: 'aborted', errorCode: 'ERR_CANCELED' } };
		}
		const result = await neoStreamRequest(this.ctx, request, {
			baseUrl: this.baseUrl,
			timeoutMs: Math.min(this.settings.timeoutMs, timeoutMs),
			credential: this.credential,
		});
		this.gate.release(sentAt, 'stream' in result ? result.stream : undefined);
		if ('stream' in result) {
			if (result.stream.statusCode === 429) {
				this.gate.pauseFor(parseRetryAfter(result.stream.headers['retry-after']) ?? 1000);
			}
		}
		return result;
	}

	private async attempt(request: NeoRequest): Promise<Attempt> {
		const sentAt = await this.gate.acquire(this.cancelSignal);
		if (sentAt === undefined) return { outcome: 'fail', failure: withCounters(CANCELLED) };
		const result = await neoApiRequest(this.ctx, request, {
			baseUrl: this.baseUrl,
			timeoutMs: this.settings.timeoutMs,
			credential: this.credential,
		});
		if ('networkFailure' in result) {
			this.gate.release(sentAt);
			return this.classifyNetworkFailure(request, result.networkFailure);
		}
		this.gate.release(sentAt, result.response);
		return this.classifyResponse(request, result.response);
	}

	private classifyResponse(request: NeoRequest, response: NeoHttpResponse): Attempt {
		const { statusCode } = response;
		if (statusCode >= 200 && statusCode < 300) {
			const value =
				parseSuccess(response) ?? (request.acceptBareData ? parseBareData(response) : undefined);
			// A 2xx without Neo's envelope: Neo acted, so it is never re-sent.
			return value
				? { outcome: 'success', value }
				: { outcome: 'fail', failure: withCounters(parseFailure(response)) };
		}
		const failure = withCounters(parseFailure(response));
		if (statusCode === 429) {
			return {
				outcome: 'retry',
				failure,
				waitMs: parseRetryAfter(response.headers['retry-after']),
				mayHaveActed: false,
			};
		}
		if (statusCode >= 500 && this.mayRepeatAfterAmbiguousFailure(request)) {
			return { outcome: 'retry', failure, waitMs: undefined, mayHaveActed: true };
		}
		return { outcome: 'fail', failure };
	}

	private classifyNetworkFailure(request: NeoRequest, error: NeoNetworkFailure): Attempt {
		const failure = withCounters({
			code: error.kind === 'timeout' ? 'timeout' : 'network_error',
			message:
				error.kind === 'timeout'
					? `Neo did not answer within ${this.settings.timeoutMs / 1000} s (${error.errorCode})`
					: `Could not complete the request to Neo (${error.errorCode})`,
		});
		if (error.kind === 'aborted') return { outcome: 'fail', failure };
		if (error.kind === 'notSent') {
			return { outcome: 'retry', failure, waitMs: undefined, mayHaveActed: false };
		}
		if (this.mayRepeatAfterAmbiguousFailure(request)) {
			return { outcome: 'retry', failure, waitMs: undefined, mayHaveActed: true };
		}
		return { outcome: 'fail', failure };
	}

	private mayRepeatAfterAmbiguousFailure(request: NeoRequest): boolean {
		if (request.reconciledByCaller) return false;
		return isSafeToRepeat(request) || this.settings.retryServerErrorsOnCreate;
	}

	/** The user's Max Retries, for callers that re-send on their own terms (Run Now). */
	get maxRetries(): number {
		return this.settings.maxRetries;
	}
}

/** Reads and partial updates are safe to repeat unless said otherwise; a POST (a create) is not. */
export function isSafeToRepeat(request: NeoRequest): boolean {
	return request.safeToRepeat ?? request.method !== 'POST';
}

const CANCELLED = {
	code: 'cancelled',
	message: 'The execution was cancelled before this item was sent',
};

function withCounters(failure: Omit<NeoFailure, 'attempts' | 'waitedMs'>): NeoFailure {
	return { ...failure, attempts: 1, waitedMs: 0 };
}
