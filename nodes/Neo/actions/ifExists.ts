import type { INodeProperties } from 'n8n-workflow';

import type { ParameterReader } from '../helpers/parameters';
import { isErrorCode, type NeoFailure, type NeoRequest } from '../transport';
import { type NeoCall, sendOne, toCallResult } from './operation';

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
				description: `Read the existing ${resourceLabel} back and output it with alreadyExisted: true (${how})`,
			},
		],
		default: 'fail',
		description: `What to do when Neo answers that the ${resourceLabel} already exists (a re-run, or an earlier attempt that did create it)`,
	};
}

/**
 * A create that, when the user chose "Return the Existing One", turns Neo's 409 into a read of the
 * existing resource. `findExisting` says which read, or why the 409 does not tell.
 */
export function createOrReturnExisting(
	read: ParameterReader,
	create: NeoRequest,
	findExisting: (conflict: NeoFailure) => NeoRequest | { problem: string },
): NeoCall {
	if (read.option('ifExists') !== 'returnExisting') return sendOne(create);
	return async (client) => {
		const created = toCallResult(await client.send(create));
		if (created.ok) return markExisting(created, false);
		const { failure } = created;
		if (failure.httpStatus !== 409 || !isErrorCode(failure, 'conflict')) return created;
		const existing = findExisting(failure);
		if ('problem' in existing) {
			return {
				ok: false,
				failure: { ...failure, message: `${failure.message} ${existing.problem}` },
			};
		}
		return markExisting(toCallResult(await client.send(existing)), true);
	};
}

function markExisting(
	result: ReturnType<typeof toCallResult>,
	alreadyExisted: boolean,
): ReturnType<typeof toCallResult> {
	if (!result.ok) return result;
	return { ...result, records: result.records.map((record) => ({ ...record, alreadyExisted })) };
}
