import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { differingFields } from '../helpers/differences';
import { failureMessage } from '../helpers/errors';
import type { ParameterReader } from '../helpers/parameters';
import type { NeoFailure, NeoRequest } from '../transport';
import { type CallResult, type NeoCall, sendOne, toCallResult } from './operation';

/** The "If It Already Exists" choice of a create whose resource has a natural key. */
export function ifExistsField(resourceLabel: string, how: string): INodeProperties {
	return {
		displayName: 'If It Already Exists',
		name: 'ifExists',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Fail',
				value: 'fail',
				description: "Neo's 409 fails the item (or goes to the error output)",
			},
			{
				name: 'Return the Existing One',
				value: 'returnExisting',
				description: `Read the existing ${resourceLabel} back and output it unchanged with alreadyExisted: true and the fields that differ from what was asked (${how})`,
			},
		],
		default: 'fail',
		description: `What to do when Neo answers that the ${resourceLabel} already exists (a re-run, or an earlier attempt that did create it)`,
	};
}

/** How a create's resource is found again after a 409, and what "the same one" means. */
export interface ExistingRecord {
	/** The resource in messages: "end company". */
	label: string;
	/** The field that identifies it, and the value the create sent. */
	key: { field: string; value: string };
	/** The read of the existing record, or why the 409 does not lead to it. */
	read: (conflict: NeoFailure) => NeoRequest | { problem: string };
	/** Where to change fields that differ (the hint's last sentence). */
	howToChange: string;
}

/**
 * A create that, when the user chose "Return the Existing One", turns any 409 into a read of the
 * existing record. It never trusts the 409's code or wording (Neo documents neither): the record
 * is returned only when the read-back carries the key that was sent; otherwise the item fails
 * with the original 409 and why it was not returned. Nothing is updated: fields that differ from
 * what was asked are listed in `differences` and in a hint.
 */
export function createOrReturnExisting(
	read: ParameterReader,
	create: NeoRequest,
	existing: ExistingRecord,
): NeoCall {
	if (read.option('ifExists') !== 'returnExisting') return sendOne(create);
	return async (client) => {
		const created = toCallResult(await client.send(create));
		if (created.ok) return markExisting(created, false);
		const conflict = created.failure;
		if (conflict.httpStatus !== 409) return created;
		const request = existing.read(conflict);
		if ('problem' in request) return notReturned(conflict, request.problem);
		const found = toCallResult(await client.send(request));
		if (!found.ok) return notReturned(conflict, readFailed(existing, found.failure));
		const record = found.records[0] ?? {};
		const { field, value } = existing.key;
		if (String(record[field]) !== value) {
			return notReturned(
				conflict,
				`The ${existing.label} read back has ${field} ${JSON.stringify(record[field] ?? null)}, not "${value}", so it is not the one asked for and is not returned.`,
			);
		}
		const differences = differingFields(create.body ?? {}, record);
		const result = markExisting(found, true, differences);
		if (differences.length === 0 || !result.ok) return result;
		const fields = differences.join(', ');
		return {
			...result,
			cautions: [
				`The existing ${existing.label} was returned unchanged: ${fields} ${differences.length === 1 ? 'differs' : 'differ'} from what was asked (see "differences"). ${existing.howToChange}`,
			],
		};
	};
}

function notReturned(conflict: NeoFailure, why: string): CallResult {
	return {
		ok: false,
		failure: {
			...conflict,
			message: `${conflict.message} (If It Already Exists → Return the Existing One: ${why})`,
		},
	};
}

function readFailed(existing: ExistingRecord, failure: NeoFailure): string {
	const { field, value } = existing.key;
	if (failure.httpStatus === 404) {
		return `Neo has no ${existing.label} with ${field} "${value}", so this 409 is about something else.`;
	}
	return `Reading the existing ${existing.label} back failed (${failureMessage(failure)}), so it cannot be told whether it is the one asked for.`;
}

function markExisting(result: CallResult, alreadyExisted: boolean, differences?: string[]) {
	if (!result.ok) return result;
	const marks: IDataObject = differences ? { alreadyExisted, differences } : { alreadyExisted };
	return { ...result, records: result.records.map((record) => ({ ...record, ...marks })) };
}
