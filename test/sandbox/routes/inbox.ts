// GET /public-api/inbox ("List inbox messages"): no parameters could be read; served as the usual
// cursor list, newest first by created_at (assumed; the other reading serves oldest first).
import type { Route } from '../http';
import { cursorPage, newestFirst } from '../pagination';
import { publicInboxRow } from '../store/inbox';

export const listInbox: Route = ({ caller, query, store, readings }) => {
	const mine = store.inbox.filter((r) => r.tenantId === caller.tenantId);
	const key = (r: (typeof mine)[number]) => [r.created_at, r.deduplication_message_id];
	const sorted = newestFirst(mine, (r) => r.deduplication_message_id);
	const rows = readings.inboxOldestFirst ? sorted.reverse() : sorted;
	const { data, pagination } = cursorPage(
		rows,
		key,
		query,
		readings.inboxOldestFirst ? 'asc' : 'desc',
	);
	return { status: 200, data: data.map(publicInboxRow), pagination };
};
