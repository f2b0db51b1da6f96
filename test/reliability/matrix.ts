/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * The fault matrix, as data: every fault the Neo sandbox can inject, what the node must do with it
 * for a create (Channel → Create) and for a call that is safe to repeat (Session Token → Mint), and a
 * runner that plays one (case × operation × error mode) through n8n's real engine against the
 * sandbox. Shared by faultMatrix.test.ts (behaviour) and leak.test.ts (no API key anywhere).
 *
 * Shape of every run: 3 input items; only the middle one (item 1) meets the fault, through a
 * FaultRule `match` on a body field (internal_name for creates, end_user for mints), so items 0 and
 * 2 prove the others are unaffected. The "refused" cases point the credential at a closed port, so
 * every item meets the fault.
 */
import { createServer } from 'node:net';

import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { channelNameTakenCode } from '../helpers/readings';
import { SEED, type Fault, type NeoSandbox, type RecordedRequest } from '../sandbox';
import { channelCreate, runNeo, tokenMint, type NeoRun } from '../integration/neoWorkflow';

export const CHANNELS_PATH = '/public-api/channels';
export const MINT_PATH = '/public-api/sessions';

export type Op = 'create' | 'mint';
export type Mode = 'fail' | 'continueRegularOutput' | 'continueErrorOutput';
export const OPS: Op[] = ['create', 'mint'];
export const MODES: Mode[] = ['fail', 'continueRegularOutput', 'continueErrorOutput'];

/** Node options every matrix run uses unless the case overrides them (small, so the file stays fast). */
export const MATRIX_OPTIONS: INodeParameters = {
	maxRetries: 2,
	maxRetryWaitSeconds: 10,
	// 3 s: long enough that a loaded machine never times out an ordinary answer, short enough for the hang cases.
	timeoutSeconds: 3,
	concurrency: 5,
};

/** What the item that meets the fault must end with. */
export interface Expectation {
	outcome: 'ok' | 'error';
	/** Requests the sandbox must have received for that item (first attempt included). */
	requests: number;
	/** Resources Neo created for that item (channels for create, tokens for mint). */
	created: number;
	/** Error only: Neo's (or our stand-in) code, the HTTP status (undefined: no answer), the message. */
	code?: string;
	status?: number;
	message?: RegExp;
	/** Error only: the request id of the item's last request must be named (Neo sent one). */
	requestId?: boolean;
	/** Error only: the least total backoff the item must have waited between its attempts. */
	minWaitedMs?: number;
	/** Error only: the error must say that an earlier attempt may have created the resource. */
	mayHaveActed?: boolean;
}

export interface MatrixCase {
	name: string;
	/** The fault for the middle item; a function when it depends on the clock (Retry-After dates). */
	fault?: Fault | (() => Fault);
	/** How many requests the fault rule applies to (default: all). */
	times?: number;
	/** Every item's requests go to a port with nothing listening. */
	refused?: boolean;
	options?: INodeParameters;
	expect: Record<Op, Expectation>;
	/** Extra checks on the sandbox's request log (e.g. that Retry-After was waited for). */
	verify?: (ctx: {
		op: Op;
		middle: RecordedRequest[];
		faultAddedAt: number;
		fault?: Fault;
	}) => void;
}

/** The same expectation for both operations. */
const both = (expectation: Expectation): Record<Op, Expectation> => ({
	create: expectation,
	mint: expectation,
});

/** The error mode as the node's `onError` setting ('fail' is n8n's default: none). */
export const onErrorFor = (mode: Mode): INode['onError'] => (mode === 'fail' ? undefined : mode);

const statusMessage = (status: number) => `Injected ${status} for the fault matrix`;

/** A status fault with a recognisable message; the code is Neo's default for that status. */
function statusCase(status: 400 | 401 | 403 | 404 | 409 | 422, code: string): MatrixCase {
	const failure: Expectation = {
		outcome: 'error',
		requests: 1,
		created: 0,
		code,
		status,
		message: new RegExp(`^Neo error ${status} ${code}: ${statusMessage(status)}$`),
		requestId: true,
	};
	return {
		name: `HTTP ${status} ${code}`,
		fault: { kind: 'status', status, message: statusMessage(status) },
		expect: both(failure),
	};
}

const networkError = (codeText: string) =>
	new RegExp(`^Neo error network_error: Could not complete the request to Neo \\(${codeText}\\)$`);
const timeoutError = /^Neo error timeout: Neo did not answer within 3 s \(E[A-Z_]+\)$/;

export const MATRIX: MatrixCase[] = [
	statusCase(400, 'bad_request'),
	statusCase(401, 'unauthenticated'),
	statusCase(403, 'forbidden'),
	statusCase(404, 'not_found'),
	statusCase(409, 'conflict'),
	statusCase(422, 'validation_error'),
	{
		// 1 try + maxRetries 2 = 3 requests, each answered 429 with Retry-After: 0.
		name: 'HTTP 429 until retries run out',
		fault: { kind: 'status', status: 429, retryAfter: '0', message: statusMessage(429) },
		expect: both({
			outcome: 'error',
			requests: 3,
			created: 0,
			code: 'rate_limited',
			status: 429,
			message: new RegExp(`^Neo error 429 rate_limited: ${statusMessage(429)}$`),
			requestId: true,
		}),
	},
	{
		// The sandbox's own Retry-After for an injected 429 is "1" (seconds): waited for, then sent again.
		name: 'HTTP 429 once, then success',
		fault: { kind: 'status', status: 429 },
		times: 1,
		expect: both({ outcome: 'ok', requests: 2, created: 1 }),
		verify: ({ middle }) => {
			if (middle[1].at - middle[0].at < 990) {
				throw new Error(
					`re-sent ${middle[1].at - middle[0].at} ms after a 429 with Retry-After: 1`,
				);
			}
		},
	},
	{
		name: 'HTTP 429 with Retry-After as an HTTP date, then success',
		// 0.5 to 1.5 s ahead, in whole seconds as an HTTP date has.
		fault: () => ({
			kind: 'status',
			status: 429,
			retryAfter: new Date(Math.ceil((Date.now() + 500) / 1000) * 1000).toUTCString(),
		}),
		times: 1,
		expect: both({ outcome: 'ok', requests: 2, created: 1 }),
		verify: ({ middle, fault }) => {
			const until = Date.parse((fault as { retryAfter: string }).retryAfter);
			// The client measures the wait on its own clock (the same clock here): never early.
			if (middle[1].at < until - 5) {
				throw new Error(`re-sent at ${middle[1].at}, before the Retry-After date ${until}`);
			}
		},
	},
	{
		// Persistent 500: a create fails at once; a mint follows Neo's advice until retries run out.
		name: 'HTTP 500 (every attempt)',
		fault: { kind: 'status', status: 500, message: statusMessage(500) },
		expect: {
			create: {
				outcome: 'error',
				requests: 1,
				created: 0,
				code: 'internal_error',
				status: 500,
				message: new RegExp(`^Neo error 500 internal_error: ${statusMessage(500)}$`),
				requestId: true,
			},
			mint: {
				outcome: 'error',
				requests: 3,
				created: 0,
				code: 'internal_error',
				status: 500,
				message: new RegExp(`^Neo error 500 internal_error: ${statusMessage(500)}$`),
				requestId: true,
				// Re-sent after a 5xx Neo may have acted on: the error says an extra token may exist.
				mayHaveActed: true,
				// Two backoff waits: at least 250 ms + 500 ms (half of the 500 ms and 1 s steps).
				minWaitedMs: 750,
			},
		},
	},
	{
		name: 'HTML 502 from a proxy (once)',
		fault: { kind: 'html', status: 502 },
		times: 1,
		expect: {
			create: {
				outcome: 'error',
				requests: 1,
				created: 0,
				code: 'http_502',
				status: 502,
				message:
					/^Neo error 502 http_502: Neo answered HTTP 502 with a non-JSON body \("502 Bad Gateway 502 Bad Gateway nginx"\)$/,
				requestId: false,
			},
			mint: { outcome: 'ok', requests: 2, created: 1 },
		},
	},
	{
		name: 'empty body with 503 (once)',
		fault: { kind: 'empty', status: 503 },
		times: 1,
		expect: {
			create: {
				outcome: 'error',
				requests: 1,
				created: 0,
				code: 'http_503',
				status: 503,
				message: /^Neo error 503 http_503: Neo answered HTTP 503 with an empty body$/,
				requestId: false,
			},
			mint: { outcome: 'ok', requests: 2, created: 1 },
		},
	},
	{
		// A 2xx that is not Neo's envelope: never re-sent, for any operation.
		name: 'empty body with 200',
		fault: { kind: 'empty', status: 200 },
		expect: both({
			outcome: 'error',
			requests: 1,
			created: 0,
			code: 'invalid_response',
			status: 200,
			message: /^Neo error 200 invalid_response: Neo answered HTTP 200 with an empty body$/,
			requestId: false,
		}),
	},
	{
		name: 'invalid JSON with 200',
		fault: { kind: 'invalidJson', status: 200 },
		expect: {
			create: {
				outcome: 'error',
				requests: 1,
				created: 0,
				code: 'invalid_response',
				status: 200,
				message:
					/^Neo error 200 invalid_response: Neo answered HTTP 200 with a non-JSON body \("\{"data": \{"id": "ch_trunc", "internal_name": "tru"\)$/,
				requestId: true,
			},
			mint: {
				outcome: 'error',
				requests: 1,
				created: 0,
				code: 'invalid_response',
				status: 200,
				message: /^Neo error 200 invalid_response: Neo answered HTTP 200 with a non-JSON body/,
				requestId: true,
			},
		},
	},
	{
		name: 'connection reset before acting (once)',
		fault: { kind: 'reset' },
		times: 1,
		expect: {
			create: {
				outcome: 'error',
				requests: 1,
				created: 0,
				code: 'network_error',
				message: networkError('ECONNRESET'),
			},
			mint: { outcome: 'ok', requests: 2, created: 1 },
		},
	},
	{
		// Neo did the work, then the connection dropped: the create must not be sent again.
		name: 'connection reset after acting (once)',
		fault: { kind: 'reset', acted: true },
		times: 1,
		expect: {
			create: {
				outcome: 'error',
				requests: 1,
				created: 1,
				code: 'network_error',
				message: networkError('ECONNRESET'),
			},
			mint: { outcome: 'ok', requests: 2, created: 2 },
		},
	},
	{
		name: 'no answer (hang) past the 3 s timeout (once)',
		fault: { kind: 'hang' },
		times: 1,
		expect: {
			create: { outcome: 'error', requests: 1, created: 0, code: 'timeout', message: timeoutError },
			mint: { outcome: 'ok', requests: 2, created: 1 },
		},
	},
	{
		name: 'slow body within the timeout',
		fault: { kind: 'slowBody', ms: 300 },
		expect: both({ outcome: 'ok', requests: 1, created: 1 }),
	},
	{
		// Neo acted and started answering, then stalled past the timeout.
		name: 'slow body past the timeout (once)',
		fault: { kind: 'slowBody', ms: 4000 },
		times: 1,
		// Gap B (nodes/Neo/transport/index.ts classify): the HTTP client reports a timeout that fires
		// mid-body as ERR_BAD_RESPONSE ("stream has been aborted"), which is classified 'other': the
		// retry decision is right (a create is not re-sent) but the item says network_error, not timeout.
		expect: {
			create: { outcome: 'error', requests: 1, created: 1, code: 'timeout', message: timeoutError },
			mint: { outcome: 'ok', requests: 2, created: 2 },
		},
	},
	{
		// Nothing listens: the request certainly never arrived, so every operation is retried by backoff.
		name: 'connection refused',
		refused: true,
		options: { maxRetries: 1 },
		expect: both({
			outcome: 'error',
			requests: 0,
			created: 0,
			code: 'network_error',
			message: networkError('ECONNREFUSED'),
			// One backoff wait: at least half of the first 500 ms step.
			minWaitedMs: 250,
		}),
	},
	{
		// Opt-in: the create is re-sent after a 500 (Neo had not acted) and succeeds.
		name: 'opt-in retryServerErrorsOnCreate: HTTP 500 once',
		fault: { kind: 'status', status: 500 },
		times: 1,
		options: { retryServerErrorsOnCreate: true },
		expect: both({ outcome: 'ok', requests: 2, created: 1 }),
	},
	{
		// Opt-in: Neo created the channel, the connection dropped, the re-sent create meets a 409.
		name: 'opt-in retryServerErrorsOnCreate: reset after acting, then 409',
		fault: { kind: 'reset', acted: true },
		times: 1,
		options: { retryServerErrorsOnCreate: true },
		expect: {
			create: {
				outcome: 'error',
				requests: 2,
				created: 1,
				code: channelNameTakenCode(),
				status: 409,
				message: new RegExp(`^Neo error 409 ${channelNameTakenCode()}: `),
				requestId: true,
				mayHaveActed: true,
			},
			mint: { outcome: 'ok', requests: 2, created: 2 },
		},
	},
];

/** Every (case × operation × error mode) the matrix runs. */
export const MATRIX_RUNS = MATRIX.flatMap((c) =>
	OPS.flatMap((op) => MODES.map((mode) => ({ case: c, op, mode }))),
);

/** A loopback port with nothing listening (bound, then closed). */
export async function closedPort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** The three input items and the body field the fault matches on. */
export function matrixWorkflow(op: Op, options: INodeParameters) {
	if (op === 'create') {
		return {
			path: CHANNELS_PATH,
			field: 'internal_name',
			values: ['matrix-0', 'matrix-middle', 'matrix-2'],
			parameters: channelCreate({ options }),
			items: [{ name: 'matrix-0' }, { name: 'matrix-middle' }, { name: 'matrix-2' }],
		};
	}
	return {
		path: MINT_PATH,
		field: 'end_user',
		values: ['user-0', 'user-middle', 'user-2'],
		parameters: tokenMint({ additionalFields: { endUser: '={{ $json.user }}' }, options }),
		items: [0, 'middle', 2].map((n) => ({ sessionId: SEED.sessions.tenant, user: `user-${n}` })),
	};
}

export interface MatrixRun {
	/** The sandbox the cell ran against (its counts and created resources are the cell's). */
	sandbox: NeoSandbox;
	run: NeoRun;
	op: Op;
	mode: Mode;
	matrixCase: MatrixCase;
	/** Requests the sandbox received per item index, in arrival order. */
	perItem: RecordedRequest[][];
	fault?: Fault;
	faultAddedAt: number;
	parameters: INodeParameters;
}

/** Plays one matrix cell: resets the sandbox, arms the fault, runs the workflow. */
export async function playCell(
	sandbox: NeoSandbox,
	matrixCase: MatrixCase,
	op: Op,
	mode: Mode,
	apiKey?: string,
): Promise<MatrixRun> {
	sandbox.reset();
	const wf = matrixWorkflow(op, { ...MATRIX_OPTIONS, ...matrixCase.options });
	const fault = typeof matrixCase.fault === 'function' ? matrixCase.fault() : matrixCase.fault;
	if (fault) {
		sandbox.addFault({
			path: wf.path,
			match: { [wf.field]: wf.values[1] },
			times: matrixCase.times,
			fault,
		});
	}
	const faultAddedAt = Date.now();
	const baseUrl = matrixCase.refused ? `http://127.0.0.1:${await closedPort()}` : undefined;
	const run = await runNeo({
		sandbox,
		parameters: wf.parameters,
		items: wf.items,
		apiKey,
		baseUrl,
		onError: onErrorFor(mode),
	});
	const perItem = wf.values.map((value) =>
		sandbox.requests.filter(
			(r) => r.path === wf.path && (r.body as IDataObject | null)?.[wf.field] === value,
		),
	);
	return {
		sandbox,
		run,
		op,
		mode,
		matrixCase,
		perItem,
		fault,
		faultAddedAt,
		parameters: wf.parameters,
	};
}
