import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { checkNeoBaseUrl } from '../transport/baseUrl';

/** The read-only request Neo's authentication guide starts with: it changes nothing. */
export const CREDENTIAL_TEST_REQUEST = {
	method: 'GET',
	path: '/public-api/agents',
	qs: { page_size: 1 },
} as const;

const TIMEOUT_MS = 15_000;

const REJECTED_KEY = 'Neo rejected the API key (401). Check that it is complete and not revoked.';
const MAY_NOT_READ = 'Neo accepted the key but it may not read agents (403).';
const RATE_LIMITED = 'Neo is rate limiting this tenant (429). Try the test again in a minute.';

/**
 * Judges Neo's answer to the test request. Neo's error codes appear in both cases in its docs, so
 * a code is matched whatever its case; the status decides when the body has no code.
 */
export function judgeNeoAnswer(statusCode: number, body: unknown): INodeCredentialTestResult {
	const error = (body as IDataObject | undefined)?.error as IDataObject | undefined;
	const code = String(error?.code ?? '').toLowerCase();
	if (code === 'unauthenticated' || (code === '' && statusCode === 401)) {
		return { status: 'Error', message: REJECTED_KEY };
	}
	if (code === 'forbidden' || (code === '' && statusCode === 403)) {
		return { status: 'Error', message: MAY_NOT_READ };
	}
	if (code === 'rate_limited' || statusCode === 429) {
		return { status: 'Error', message: RATE_LIMITED };
	}
	const listed = Array.isArray((body as IDataObject | undefined)?.data);
	if (statusCode >= 200 && statusCode < 300 && listed) {
		return { status: 'OK', message: 'Connection successful: Neo accepted the key' };
	}
	return {
		status: 'Error',
		message: `The Base URL did not answer like the Neo API (HTTP ${statusCode}, expected a list of agents). Check the Base URL.`,
	};
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN']);
const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/;

/** What to say when nothing answered at the Base URL, from the network error's code. */
export function unreachableMessage(baseUrl: string, errorCode: string | undefined): string {
	const code = errorCode ?? 'no answer';
	const start = `Neo did not answer at the Base URL ${baseUrl} (${code}).`;
	if (DNS_CODES.has(code)) {
		return `${start} The host name could not be resolved: check the Base URL for typos and that n8n's host can resolve it (DNS, proxy).`;
	}
	if (TIMEOUT_CODES.has(code)) {
		return `${start} Nothing answered within ${TIMEOUT_MS / 1000} s: check the Base URL and that n8n's host may reach it (firewall, proxy).`;
	}
	if (TLS_CODE.test(code)) {
		return `${start} The TLS certificate was not accepted: check the Base URL's host name, and any proxy that intercepts HTTPS.`;
	}
	return `${start} Check the Base URL (host and port), and that n8n's host may reach it (DNS, proxy, firewall).`;
}

function networkErrorCode(error: unknown): string | undefined {
	const withCode = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
	const code = withCode?.code ?? withCode?.cause?.code;
	return typeof code === 'string' ? code : undefined;
}

/**
 * The credential test (testedBy on every Neo node). A function rather than the credential's
 * declarative test because n8n reports a declarative test's network failure as its bare code
 * ("ECONNREFUSED"); here an unreachable host is named with what to check. A credential test's
 * context offers only the `request` helper.
 */
export async function neoApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const checked = checkNeoBaseUrl(data.baseUrl);
	if ('problem' in checked) return { status: 'Error', message: checked.problem };
	let response: { statusCode: number; body: unknown };
	try {
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions -- the only helper n8n gives a credential test
		response = await this.helpers.request({
			method: CREDENTIAL_TEST_REQUEST.method,
			uri: `${checked.baseUrl}${CREDENTIAL_TEST_REQUEST.path}`,
			qs: CREDENTIAL_TEST_REQUEST.qs,
			headers: { Authorization: `Bearer ${String(data.apiKey ?? '')}`, Accept: 'application/json' },
			json: true,
			simple: false,
			resolveWithFullResponse: true,
			timeout: TIMEOUT_MS,
		});
	} catch (error) {
		return {
			status: 'Error',
			message: unreachableMessage(checked.baseUrl, networkErrorCode(error)),
		};
	}
	return judgeNeoAnswer(response.statusCode, response.body);
}
