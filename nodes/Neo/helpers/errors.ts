import type { IDataObject, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { NeoFailure } from '../transport';
import { withoutEmpty } from './parameters';

export type { NeoFailure };

const WHAT_TO_DO: Record<number, string> = {
	400: 'The request was malformed. Check the parameters that come from expressions.',
	401: 'Neo did not accept the credential: check the API key (a revoked or mistyped key) and that it belongs to this Neo environment.',
	403: 'The key is valid but not allowed to do this: platform-only fields (client ID, bot ID, inbound tenant ID) need a platform service account, and a session or agent must belong to your tenant.',
	404: 'Neo could not find what the request refers to: check the agent ID or session ID, and that it belongs to this tenant.',
	409: "The resource is in a state that blocks this request: read it again, then decide (Neo's advice for a 409).",
	422: 'Neo rejected a field value: the field is named in the details below.',
	429: 'Neo rate limited the tenant (1,200 requests per minute shared by all keys). Lower "Requests in Parallel" or raise "Max Retry Wait".',
	500: 'Neo had an internal error. Quote the request ID to Neo support if it persists.',
};

/** Failures of a chat reply, which no HTTP status describes. */
const WHAT_TO_DO_BY_CODE: Record<string, string> = {
	agent_error:
		'The Neo agent failed while answering; its message is above and the reply so far is in the details. Sending again with a new Client Message ID starts a new turn.',
	reply_timeout:
		'The agent had not finished its reply when Reply Timeout ran out; what arrived is in the details. Raise Reply Timeout for long answers.',
	stream_dropped:
		"Neo's event stream kept dropping before the reply finished; what arrived is in the details.",
	not_event_stream:
		"Something at the Base URL answered the chat event stream with a page that is not Neo's event stream: check the credential's Base URL and any proxy in between.",
	invalid_event_stream:
		"Neo's event stream sent something that is not a well-formed event; what arrived is in the details.",
	end_company_not_mapped:
		'Neo cannot map this Microsoft 365 tenant to one of your end companies: create the end company with its Tenant ID (End Company → Create, Additional Fields → Tenant ID), then open the session again.',
	turn_aborted:
		"Neo cut the agent's turn off before it finished (a session reset cancels a turn in flight); the reply so far is in the details. Send again with a new Client Message ID to ask again.",
	invalid_for_conversational:
		'Run Now takes triggered and scheduled agents; a conversational agent answers chats (Chat Message → Send). Pick another agent.',
	agent_kind_mismatch:
		"The agent is not of the Agent Kind chosen, so no run was started: choose the agent's kind (Triggered runs on one PSA entity, the Target Entity ID; Scheduled takes none), or an agent of the chosen kind.",
	agent_managed_by_neo:
		'Neo manages this agent (for example your tenant\'s Neo Support agent): it cannot be changed through the API. Change your own agents only.',
	agent_update_conflict:
		'Someone changed the agent while this update was sent, so Neo applied nothing. The agent as it is now was read back (details); run the item again to apply your fields on top of it.',
	attachment_too_large:
		'A file is larger than Neo takes per attachment: shrink or split it. Nothing was uploaded.',
	attachment_upload_failed:
		"Neo's storage refused or dropped a file upload; the message was not sent. Sending again asks Neo for a fresh upload URL.",
	invalid_upload_url:
		'Neo answered an upload URL that is not https; nothing was uploaded. Check the Base URL and any proxy in between.',
};

/** Where a failure happened: a 409 means something else for each operation. */
export interface FailureContext {
	resource: string;
	operation: string;
}

const ALREADY_DECIDED =
	'The request was already decided (approved or rejected, by a colleague or an earlier run): Neo records one decision per request, and nothing was changed.';

/** A 409's advice per operation (`resource.operation`); other operations get the generic one. */
const CONFLICT_BY_OPERATION: Record<string, string> = {
	'channel.create':
		'A channel with this internal name already exists in your tenant. Set If It Already Exists → Return the Existing One to get that channel back instead of failing (when it is already set, the message above says why it was not returned), or choose another internal name.',
	'endCompany.create':
		'An end company with this PSA company ID already exists (or its Tenant ID is already mapped to another end company). Set If It Already Exists → Return the Existing One to get it back by its PSA company ID instead of failing (when it is already set, the message above says why it was not returned), or check the PSA Company ID and Tenant ID.',
	'approvalRequest.approve': ALREADY_DECIDED,
	'approvalRequest.reject': ALREADY_DECIDED,
};

function whatToDo(failure: NeoFailure, context?: FailureContext): string {
	const byCode = WHAT_TO_DO_BY_CODE[failure.code.toLowerCase()];
	if (byCode) return byCode;
	const status = failure.httpStatus;
	const conflict = context && CONFLICT_BY_OPERATION[`${context.resource}.${context.operation}`];
	if (status === 409 && conflict) return conflict;
	if (status === undefined) {
		return "Neo could not be reached at the credential's Base URL or did not answer in time: check the Base URL (host, port, https://), that n8n's host may reach it (DNS, proxy, firewall), and the Timeout option.";
	}
	const fields = status === 422 ? rejectedFields(failure.details) : [];
	if (fields.length > 0) {
		return `Neo rejected the value of ${fields.map((field) => `"${field}"`).join(', ')}: see the details below.`;
	}
	if (WHAT_TO_DO[status]) return WHAT_TO_DO[status];
	if (status >= 500) return WHAT_TO_DO[500];
	return `Something at the Base URL answered HTTP ${status} without Neo's envelope: check the credential's Base URL.`;
}

/** Field names from a validation error's details: `{errors: [{field}]}` or `{field}`. */
function rejectedFields(details: IDataObject | undefined): string[] {
	const entries = Array.isArray(details?.errors) ? details.errors : [details];
	const fields = entries.map((entry) => (entry as IDataObject | undefined)?.field);
	return [...new Set(fields.filter((field): field is string => typeof field === 'string'))];
}

const MAY_HAVE_ACTED =
	'An earlier attempt of this request failed after it was sent, so Neo may already have created the resource.';

export function failureMessage(failure: NeoFailure): string {
	const status = failure.httpStatus === undefined ? '' : `${failure.httpStatus} `;
	return `Neo error ${status}${failure.code}: ${failure.message}`;
}

function failureDescription(failure: NeoFailure, context?: FailureContext): string {
	const lines = [whatToDo(failure, context)];
	if (failure.mayHaveActedBefore) lines.push(MAY_HAVE_ACTED);
	if (failure.details && Object.keys(failure.details).length > 0) {
		lines.push(`Details: ${JSON.stringify(failure.details)}`);
	}
	if (failure.requestId) lines.push(`Request ID: ${failure.requestId}`);
	if (failure.attempts > 1) {
		lines.push(
			`Sent ${failure.attempts} times, waiting ${(failure.waitedMs / 1000).toFixed(1)} s between attempts.`,
		);
	}
	return lines.join('\n');
}

/** The error thrown when the node fails the execution. It carries only what Neo said, never the request. */
export function toNodeApiError(
	node: INode,
	failure: NeoFailure,
	itemIndex: number,
	context?: FailureContext,
): NodeApiError {
	const error = new NodeApiError(node, errorSummary(failure, itemIndex, context) as JsonObject, {
		message: failureMessage(failure),
		description: failureDescription(failure, context),
		httpCode: failure.httpStatus === undefined ? undefined : String(failure.httpStatus),
		itemIndex,
	});
	// NodeApiError swaps messages that mention socket codes (ECONNRESET, …) for a generic sentence,
	// and takes `code` from the summary as the HTTP code: put back what Neo and the socket said.
	error.message = failureMessage(failure);
	error.httpCode = failure.httpStatus === undefined ? null : String(failure.httpStatus);
	return error;
}

/** Mirrors Neo's own `error` object ({code, message, details}) and adds what n8n users need. */
function errorSummary(
	failure: NeoFailure,
	itemIndex: number,
	context?: FailureContext,
): IDataObject {
	const hint = whatToDo(failure, context);
	return {
		message: failureMessage(failure),
		code: failure.code,
		httpStatus: failure.httpStatus,
		requestId: failure.requestId,
		details: failure.details,
		hint: failure.mayHaveActedBefore ? `${hint} ${MAY_HAVE_ACTED}` : hint,
		attempts: failure.attempts,
		waitedMs: failure.waitedMs,
		mayHaveActedBefore: failure.mayHaveActedBefore,
		itemIndex,
	};
}

/**
 * The item emitted for a failed input item under "Continue" or the error output: `{ error: {…} }`.
 * A json with `error` as its only key is what every n8n major routes to the error output (1.x
 * accepts no `details` key beside it; setting `item.error` would make n8n drop the json).
 */
export function toErrorItem(
	failure: NeoFailure,
	itemIndex: number,
	context?: FailureContext,
): INodeExecutionData {
	return {
		json: { error: withoutEmpty(errorSummary(failure, itemIndex, context)) },
		pairedItem: { item: itemIndex },
	};
}
