import type { INodeProperties } from 'n8n-workflow';

import type { ParameterReader } from '../../helpers/parameters';

/** The billing month, as Neo takes it: `YYYY-MM`; empty lets Neo use the current month. */
export const monthField: INodeProperties = {
	displayName: 'Month',
	name: 'month',
	type: 'string',
	default: '',
	placeholder: "e.g. 2026-11 or {{ $now.minus(1, 'month').toFormat('yyyy-MM') }}",
	description:
		"The month to read, as YYYY-MM. Empty: the current month (Neo's figures for it are a projection).",
};

/** The month, checked before anything is sent; undefined when left empty. */
export function readMonth(read: ParameterReader): string | undefined {
	const month = read.optionalString('month');
	if (month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
		read.fail(read.label('month'), `must be a month as YYYY-MM (e.g. 2026-11), got "${month}"`);
	}
	return month;
}
