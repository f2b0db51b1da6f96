// GET /public-api/til-requests (filters, newest first, cursor pages) and
// POST /public-api/til-requests/{request_id}/decision (403 platform fields, 404, 409 decided).
import { SEED } from './index';
import { allPages, client, errorFields, sandboxPerFile } from './testClient';

const sb = sandboxPerFile();
const api = client(sb);
const TIL = '/public-api/til-requests';
const DECIDE = (id: number | string) => `${TIL}/${id}/decision`;
type Row = { id: number; created_at: string; status: string; [k: string]: unknown };

const ids = (rows: Record<string, unknown>[]) => rows.map((r) => r.id);

describe('GET /public-api/til-requests', () => {
	it('lists newest first (created_at, then id) over several pages without gaps or repeats', async () => {
		const { rows, pages } = await allPages(api, TIL, { page_size: 25 });
		expect(pages).toBe(3);
		expect(rows).toHaveLength(60);
		const sorted = [...(rows as Row[])].sort(
			(a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id,
		);
		expect(ids(rows)).toEqual(ids(sorted));
		expect(rows[0].id).toBe(SEED.tilRequests.last);
		// The equal-timestamp pair sits together, higher id first, even across a page edge.
		const [a, b] = SEED.tilRequests.equalTimestamps;
		const at = ids(rows).indexOf(b);
		expect(ids(rows)[at + 1]).toBe(a);
		for (const size of [1, 2, 3]) {
			expect(
				ids(
					(await allPages(api, TIL, { page_size: size, created_before: '2026-11-04T00:00:00Z' }))
						.rows,
				),
			).toEqual(ids(rows.filter((r) => String(r.created_at) < '2026-11-04T00:00:00Z')));
		}
	});

	it('filters by status (comma list), agent, approver, q and the created window', async () => {
		const all = (await allPages(api, TIL, { page_size: 200 })).rows as Row[];
		const pending = await allPages(api, TIL, { status: 'PENDING' });
		expect(pending.rows).toHaveLength(12);
		const decided = await allPages(api, TIL, { status: 'APPROVED,REJECTED', page_size: 200 });
		expect(decided.rows).toHaveLength(48);
		expect(new Set(decided.rows.map((r) => r.status))).toEqual(new Set(['APPROVED', 'REJECTED']));
		const agentId = all[0].agent_id as number;
		const byAgent = await allPages(api, TIL, { agent_id: agentId, page_size: 200 });
		expect(byAgent.rows.length).toBe(all.filter((r) => r.agent_id === agentId).length);
		const bob = await allPages(api, TIL, { approver: 'u_bob', page_size: 200 });
		const bobName = await allPages(api, TIL, { approver: 'okafor', page_size: 200 });
		expect(ids(bob.rows)).toEqual(ids(bobName.rows));
		expect(bob.rows.length).toBeGreaterThan(0);
		expect(bob.rows.length).toBeLessThan(60);
		const ticket = await api.get(TIL, { q: `TCK-${40_000 + 5007}` });
		expect(ids(ticket.json.data)).toEqual([5007]);
		expect(ids((await api.get(TIL, { q: String(40_000 + 5007) })).json.data)).toEqual([5007]);
		const mfa = await allPages(api, TIL, { q: 'reset mfa', page_size: 200 });
		expect(mfa.rows.length).toBeGreaterThan(0);
		expect(mfa.rows.every((r) => String(r.comment).startsWith('Reset MFA'))).toBe(true);
		const edge = all[10].created_at;
		const after = await allPages(api, TIL, { created_after: edge, page_size: 200 });
		expect(after.rows.every((r) => String(r.created_at) >= edge)).toBe(true);
		expect(ids(after.rows)).toContain(all[10].id); // inclusive
		const before = await allPages(api, TIL, { created_before: edge, page_size: 200 });
		expect(after.rows.length + before.rows.length).toBe(60); // exclusive: no overlap
	});

	it('rejects bad filter values naming the parameter', async () => {
		for (const [query, field] of [
			[{ status: 'PENDING,DONE' }, 'status'],
			[{ created_after: 'yesterday' }, 'created_after'],
			[{ agent_id: 'x' }, 'agent_id'],
			[{ q: '' }, 'q'],
		] as const) {
			const r = await api.get(TIL, query);
			expect(r.status).toBe(422);
			expect(errorFields(r)).toEqual([`query:${field}`]);
		}
	});

	it("lists only the caller's tenant", async () => {
		const other = await allPages(api, TIL, {}, sb().keys.otherTenant);
		expect(other.rows).toHaveLength(5);
		expect(ids(other.rows)).toContain(SEED.tilRequests.otherTenant);
	});
});

describe('POST /public-api/til-requests/{request_id}/decision', () => {
	it('approves a pending request (with a note) and the list shows it decided', async () => {
		const id = SEED.tilRequests.pending;
		const r = await api.post(DECIDE(id), { action: 'approve', note: 'go ahead' });
		expect(r.status).toBe(200);
		expect(r.json.data).toMatchObject({
			id,
			status: 'APPROVED',
			decision_note: 'go ahead',
			decided_by: { id: expect.any(String), name: expect.any(String) },
		});
		expect(sb().state().decisions).toEqual({ api: 1, control: 0 });
		expect(sb().created.decisions).toEqual([
			expect.objectContaining({ request_id: id, action: 'approve', via: 'api', note: 'go ahead' }),
		]);
		const pending = await allPages(api, TIL, { status: 'PENDING' });
		expect(ids(pending.rows)).not.toContain(id);
	});

	it('answers 409 conflict for a decided request, saying who decided it, how and when', async () => {
		const r = await api.post(DECIDE(SEED.tilRequests.approved), { action: 'reject' });
		expect(r.status).toBe(409);
		expect(r.json.error.code).toBe('conflict');
		expect(r.json.error.details).toEqual({
			request_id: SEED.tilRequests.approved,
			status: 'APPROVED',
			decided_by: { id: expect.any(String), name: expect.any(String) },
			updated_at: expect.any(String),
		});
		const first = await api.post(DECIDE(SEED.tilRequests.pending), { action: 'reject' });
		expect(first.status).toBe(200);
		const second = await api.post(DECIDE(SEED.tilRequests.pending), { action: 'approve' });
		expect(second.status).toBe(409);
		expect(second.json.error.details).toMatchObject({
			status: 'REJECTED',
			updated_at: first.json.data.updated_at,
		});
		expect(sb().state().decisions.api).toBe(1);
	});

	it('requires action approve|reject and rejects unknown fields (422 naming them)', async () => {
		expect(errorFields(await api.post(DECIDE(SEED.tilRequests.pending), {}))).toEqual([
			'body:action',
		]);
		const bad = await api.post(DECIDE(SEED.tilRequests.pending), { action: 'APPROVE', notes: 'x' });
		expect(errorFields(bad).sort()).toEqual(['body:action', 'body:notes']);
		expect(errorFields(await api.post(DECIDE('abc'), { action: 'approve' }))).toEqual([
			'path:request_id',
		]);
	});

	it('forbids the platform-only fields for a tenant key (403 naming the field)', async () => {
		for (const field of ['client_id', 'acting_end_user', 'acting_end_user_name']) {
			const r = await api.post(DECIDE(SEED.tilRequests.pending), {
				action: 'approve',
				[field]: 'x',
			});
			expect(r.status).toBe(403);
			expect(r.json.error.code).toBe('forbidden');
			expect(r.json.error.details.field).toBe(field);
		}
		expect(sb().state().decisions.api).toBe(0);
	});

	it('lets the platform decide for another tenant on behalf of an end user', async () => {
		const r = await api.post(
			DECIDE(SEED.tilRequests.pending),
			{
				action: 'approve',
				client_id: SEED.tenants.tenant,
				acting_end_user: 'u_dana',
				acting_end_user_name: 'Dana Ruiz',
			},
			sb().keys.platform,
		);
		expect(r.status).toBe(200);
		expect(r.json.data.decided_by).toEqual({ id: 'u_dana', name: 'Dana Ruiz' });
		const nf = await api.post(
			DECIDE(SEED.tilRequests.otherTenant),
			{ action: 'approve' },
			sb().keys.platform,
		);
		expect(nf.status).toBe(404);
		const noTenant = await api.post(
			DECIDE(1),
			{ action: 'approve', client_id: 'tenant_nope' },
			sb().keys.platform,
		);
		expect(noTenant.json.error.details).toEqual({ client_id: 'tenant_nope' });
	});

	it("answers 404 for an unknown or another tenant's request", async () => {
		for (const id of [1, SEED.tilRequests.otherTenant]) {
			const r = await api.post(DECIDE(id), { action: 'approve' });
			expect(r.status).toBe(404);
			expect(r.json.error.details).toEqual({ request_id: id });
		}
	});

	it('reset restores the seeded statuses', async () => {
		await api.post(DECIDE(SEED.tilRequests.pending), { action: 'approve' });
		sb().reset();
		expect(sb().state().decisions).toEqual({ api: 0, control: 0 });
		expect((await api.post(DECIDE(SEED.tilRequests.pending), { action: 'approve' })).status).toBe(
			200,
		);
	});
});
