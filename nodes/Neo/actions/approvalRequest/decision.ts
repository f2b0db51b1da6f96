import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { withoutEmpty, type ParameterReader } from '../../helpers/parameters';
import { neoPath, type NeoFailure, type NeoRequest } from '../../transport';
import { type CallResult, type NeoCall, toCallResult } from '../operation';

export type DecisionAction = 'approve' | 'reject';

const DECIDED_STATUS: Record<DecisionAction, string> = { approve: 'APPROVED', reject: 'REJECTED' };

/** The fields of Approve and of Reject: which request, and an optional note for the record. */
export function decisionDescription(action: DecisionAction): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: ['approvalRequest'], operation: [action] } }, [
		{
			displayName: 'Request ID',
			name: 'requestId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 5049',
			description: 'The approval request to decide (the ID a Neo Trigger or Get Many item carries)',
		},
		{
			displayName: 'Note',
			name: 'note',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			description: `Why you ${action === 'approve' ? 'approve' : 'reject'}; Neo keeps it with the decision`,
		},
	]);
}

/**
 * POST /til-requests/{id}/decision. Not a create: Neo records one decision per request and answers
 * any later one with a 409, so a repeat can never decide twice. The request is therefore re-sent
 * after a 5xx, a reset or a timeout. When such a repeat meets a 409 whose details show the very
 * decision asked for, the earlier attempt most likely recorded it: the item succeeds with
 * `alreadyDecided: true` (and a hint), as it cannot be told apart from a colleague deciding the same
 * way a moment earlier. Any other 409 fails the item with who decided and when.
 */
export function prepareDecision(action: DecisionAction, read: ParameterReader): NeoCall {
	const requestId = read.agentId('requestId');
	const request: NeoRequest = {
		method: 'POST',
		path: neoPath('/public-api/til-requests/{request_id}/decision', { request_id: requestId }),
		body: withoutEmpty({ action, note: read.optionalString('note') }),
		safeToRepeat: true,
	};
	return async (client) => {
		const result = toCallResult(await client.send(request));
		// Any 409, whatever its code: Neo documents none for a decided request.
		if (result.ok || result.failure.httpStatus !== 409) return result;
		return alreadyDecided(result.failure, requestId, action);
	};
}

/** Neo's 409 details (assumed): `status`, `decided_by` {id, name} and `updated_at`; any may be missing. */
function alreadyDecided(
	failure: NeoFailure,
	requestId: number,
	action: DecisionAction,
): CallResult {
	const details: IDataObject = failure.details ?? {};
	const status = typeof details.status === 'string' ? details.status : undefined;
	const by = personName(details.decided_by);
	const at = [details.decided_at, details.updated_at].find((v) => typeof v === 'string') as
		| string
		| undefined;
	const what = status ? status.toLowerCase() : 'decided';
	const who = by ? ` by ${by}` : '';
	const when = at ? ` at ${at}` : '';
	if (failure.mayHaveActedBefore && status === DECIDED_STATUS[action]) {
		return {
			ok: true,
			records: [
				withoutEmpty({
					id: requestId,
					status,
					decided_by: details.decided_by as IDataObject | undefined,
					updated_at: at,
					alreadyDecided: true,
				}),
			],
			warnings: [],
			notices: [
				`Request ${requestId} is ${what}${who}${when}: an earlier attempt of this call, which failed on the way back, most likely recorded it.`,
			],
		};
	}
	const message = status
		? `Approval request ${requestId} was already ${what}${who}${when}; nothing was changed.`
		: `Approval request ${requestId} was already decided (${failure.message}); nothing was changed.`;
	return { ok: false, failure: { ...failure, message } };
}

function personName(value: unknown): string | undefined {
	if (typeof value === 'string' && value !== '') return value;
	if (value && typeof value === 'object') {
		const { name, id } = value as IDataObject;
		if (typeof name === 'string' && typeof id === 'string') return `${name} (${id})`;
		if (typeof name === 'string') return name;
		if (typeof id === 'string' || typeof id === 'number') return String(id);
	}
	return undefined;
}
