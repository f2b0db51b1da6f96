// GET /public-api/inbox: the caller's notices as a cursor list, newest first (the other reading:
// oldest first), and the control calls that add notices and make one recur.
import { DEFAULT_CONFIG, startSandbox, type NeoSandbox } from './index';
import { allPages, client } from './testClient';

let sb: NeoSandbox;
const api = client(() => sb);
const INBOX = '/public-api/inbox';

beforeAll(async () => {
	sb = await startSandbox({ readings: { inboxOldestFirst: false } });
});
beforeEach(() => {
	sb.reset();
	sb.configure({ ...DEFAULT_CONFIG, readings: { inboxOldestFirst: false } });
});
afterAll(async () => {
	const violations = [...sb.contractViolations];
	await sb.close();
	expect(violations).toEqual([]);
});

const times = (rows: { created_at: string }[]) => rows.map((r) => r.created_at);

describe('GET /public-api/inbox', () => {
	it('lists only the caller’s notices, newest first, with Neo’s fields and no id', async () => {
		const r = await api.get(INBOX);
		expect(r.status).toBe(200);
		const rows = r.json.data;
		expect(rows).toHaveLength(3);
		expect(times(rows)).toEqual([...times(rows)].sort().reverse());
		expect(rows[0]).not.toHaveProperty('id');
		expect(rows[0]).toMatchObject({ client_id: sb.seed.tenants.tenant, number_of_occurrences: 1 });
		expect((await api.get(INBOX, {}, sb.keys.otherTenant)).json.data).toHaveLength(1);
	});

	it('pages with a cursor; rows added while paging are not repeated', async () => {
		sb.events.createInboxMessages({ count: 5, created_at: '2026-02-01T00:00:00Z' });
		const first = await api.get(INBOX, { page_size: 3 });
		expect(first.json.meta.pagination.has_more).toBe(true);
		const { rows, pages } = await allPages(api, INBOX, { page_size: 3 });
		expect(pages).toBe(3);
		expect(rows).toHaveLength(8);
		expect(new Set(rows.map((r) => r.deduplication_message_id)).size).toBe(8);
	});

	it('the other reading lists oldest first', async () => {
		sb.configure({ readings: { inboxOldestFirst: true } });
		const rows = (await api.get(INBOX)).json.data;
		expect(times(rows)).toEqual([...times(rows)].sort());
	});

	it('a recurrence bumps number_of_occurrences and updated_at on the same row', async () => {
		const [made] = sb.events.createInboxMessages({ deduplication_message_id: 'disk-full' });
		const touched = sb.events.touchInboxMessage('disk-full', { at: '2027-01-01T00:00:00Z' });
		expect(touched).toMatchObject({
			created_at: made.created_at,
			updated_at: '2027-01-01T00:00:00.000Z',
			number_of_occurrences: 2,
		});
		const r = await api.control('POST', 'inbox/disk-full/touch', {
			recur: false,
			read: true,
		});
		expect(r.status).toBe(200);
		expect(r.json.data).toMatchObject({ number_of_occurrences: 2, read: true });
	});
});
