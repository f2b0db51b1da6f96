import type { IDataObject } from 'n8n-workflow';

/**
 * The fields of a create's body whose value the existing record does not carry, as dotted paths
 * (`tenant_id`, `mailbox_provider.onprem_exchange_server_hostname`). A field the record leaves
 * out counts as differing: Neo may omit a field that has no value, and a re-run that meant to set
 * it must not look as if it had. Ids compare as text (Neo answers some as numbers, some as
 * strings) and lists compare by their members, in any order.
 */
export function differingFields(sent: IDataObject, existing: IDataObject, prefix = ''): string[] {
	const differing: string[] = [];
	for (const [field, value] of Object.entries(sent)) {
		const path = `${prefix}${field}`;
		const actual = existing[field];
		if (isObject(value) && isObject(actual)) {
			differing.push(...differingFields(value, actual, `${path}.`));
		} else if (!sameValue(value, actual)) {
			differing.push(path);
		}
	}
	return differing;
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameValue(sent: unknown, actual: unknown): boolean {
	if (Array.isArray(sent)) {
		if (!Array.isArray(actual) || actual.length !== sent.length) return false;
		const members = actual.map(canonical).sort();
		return sent
			.map(canonical)
			.sort()
			.every((member, index) => member === members[index]);
	}
	return canonical(sent) === canonical(actual);
}

/** One text per value: primitives as text, objects with their keys in order. */
function canonical(value: unknown): string {
	if (value === null || value === undefined) return '\u0000none';
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (typeof value === 'object') {
		const entries = Object.entries(value as IDataObject)
			.filter(([, member]) => member !== null && member !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([key, member]) => `${key}:${canonical(member)}`).join(',')}}`;
	}
	return String(value);
}
