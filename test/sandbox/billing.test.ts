// GET /public-api/billing/end-user-teams-usage and …/end-user-teams/detail: month and months
// checked by the contract, the same figures for the same month, per company and per user.
import { client, errorFields, sandboxPerFile } from './testClient';

const sb = sandboxPerFile();
const api = client(sb);
const USAGE = '/public-api/billing/end-user-teams-usage';
const DETAIL = '/public-api/billing/end-user-teams/detail';

describe('billing', () => {
	it('usage: a given month, the current one by default, charge = users × price', async () => {
		const r = await api.get(USAGE, { month: '2026-11' });
		expect(r.status).toBe(200);
		expect(r.json.data).toMatchObject({ month: '2026-11', currency: 'USD' });
		expect(r.json.data.charge).toBe(r.json.data.active_users * 4);
		const now = await api.get(USAGE);
		expect(now.json.data.month).toBe(new Date().toISOString().slice(0, 7));
	});

	it('a month that is not YYYY-MM and months outside 1–24 are 422', async () => {
		expect(errorFields(await api.get(USAGE, { month: '2026-13' }))).toEqual(['query:month']);
		expect(errorFields(await api.get(DETAIL, { months: 25 }))).toEqual(['query:months']);
		expect(errorFields(await api.get(DETAIL, { months: 0 }))).toEqual(['query:months']);
	});

	it('detail: `months` months of history ending at `month`, companies add up to the users', async () => {
		const r = await api.get(DETAIL, { month: '2026-11', months: 3 });
		const data = r.json.data;
		expect(data.monthly_active_users.map((m: { month: string }) => m.month)).toEqual([
			'2026-09',
			'2026-10',
			'2026-11',
		]);
		const active = data.per_company.reduce(
			(s: number, c: { active_users: number }) => s + c.active_users,
			0,
		);
		expect(active).toBe(data.monthly_active_users[2].active_users);
		expect(data.per_company.length).toBeGreaterThan(1);
		expect(
			data.per_user.every((u: { end_company_id: string }) => typeof u.end_company_id === 'string'),
		).toBe(true);
		expect((await api.get(DETAIL)).json.data.monthly_active_users).toHaveLength(6);
	});
});
