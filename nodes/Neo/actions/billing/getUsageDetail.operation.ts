import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { withoutEmpty } from '../../helpers/parameters';
import type { CallResult, NeoOperation } from '../operation';
import { monthField, readMonth } from './month';

/** Which list of Neo's answer becomes the output items (like n8n's "Split Out" choices). */
const SPLITS = {
	perCompany: { field: 'per_company', what: 'company' },
	perUser: { field: 'per_user', what: 'end user' },
	perMonth: { field: 'monthly_active_users', what: 'month' },
} as const;

type Output = keyof typeof SPLITS | 'whole';

const properties: INodeProperties[] = [
	monthField,
	{
		displayName: 'Months',
		name: 'months',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 24, numberPrecision: 0 },
		default: 6,
		description: 'How many months of active-user history the answer covers, up to 24',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'One Item per Company',
				value: 'perCompany',
				description: 'Each end company with its active users and the tickets they raised',
			},
			{
				name: 'One Item per End User',
				value: 'perUser',
				description: 'Each end user with their company, chat turns and tickets',
			},
			{
				name: 'One Item per Month',
				value: 'perMonth',
				description: 'The active users of each month of the history',
			},
			{ name: "Neo's Whole Answer", value: 'whole', description: 'One item holding everything' },
		],
		default: 'perCompany',
		description: 'How the answer is split into output items',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['billing'], operation: ['getUsageDetail'] } },
	properties,
);

/** Neo's answer split into items as chosen, or why it cannot be (the list is not a list). */
export function splitDetail(data: IDataObject, output: Output): IDataObject[] | string {
	if (output === 'whole') return [data];
	const { field, what } = SPLITS[output];
	const rows = data[field];
	if (rows === undefined || rows === null) return [];
	if (!Array.isArray(rows)) {
		return `Neo's usage detail has "${field}" that is not a list (one ${what} per entry was expected): choose Output "Neo's Whole Answer" to see it`;
	}
	return rows.map((row) => (typeof row === 'object' && row !== null ? row : { value: row }));
}

/**
 * The usage detail for billing each client: active Teams end users per company and per user, and
 * the monthly history. Output as one item per company, per user, per month, or the whole answer.
 */
export const getUsageDetail: NeoOperation = {
	description,
	prepare: (read) => {
		const query = withoutEmpty({ month: readMonth(read), months: read.integerOrDefault('months') });
		const output = read.option<Output>('output');
		return async (client): Promise<CallResult> => {
			const sent = await client.send({
				method: 'GET',
				path: '/public-api/billing/end-user-teams/detail',
				query,
			});
			if (!sent.ok) return sent;
			const { data, meta } = sent.value;
			const split = splitDetail(Array.isArray(data) ? { rows: data } : data, output);
			if (typeof split === 'string') {
				const failure = { code: 'invalid_response', message: split, attempts: 1, waitedMs: 0 };
				return { ok: false, failure: { ...failure, requestId: meta.request_id } };
			}
			const notices =
				split.length === 0 && output !== 'whole'
					? [
							`Neo's usage detail lists no ${SPLITS[output].what} for this period: no items were output.`,
						]
					: [];
			return { ok: true, records: split, meta, warnings: meta.warnings ?? [], notices };
		};
	},
};
