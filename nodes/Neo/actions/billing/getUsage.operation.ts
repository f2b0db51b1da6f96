import { updateDisplayOptions } from 'n8n-workflow';

import { withoutEmpty } from '../../helpers/parameters';
import { type NeoOperation, sendOne } from '../operation';
import { monthField, readMonth } from './month';

export const description = updateDisplayOptions(
	{ show: { resource: ['billing'], operation: ['getUsage'] } },
	[monthField],
);

/** One item: the month's active Teams end users, the charge, its currency and the trial's end. */
export const getUsage: NeoOperation = {
	description,
	prepare: (read) =>
		sendOne({
			method: 'GET',
			path: '/public-api/billing/end-user-teams-usage',
			query: withoutEmpty({ month: readMonth(read) }),
		}),
};
