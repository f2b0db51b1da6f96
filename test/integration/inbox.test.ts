/**
 * Inbox → Get Many (Neo node version 2) and the Neo Trigger's New Inbox Message event, through
 * n8n's engine and n8n-core's real PollContext against the sandbox: the list read with Limit or to
 * its end; each new notice delivered once, whichever order Neo lists in; a recurrence, a read flag
 * and a restart deliver nothing twice.
 */
import type { INodeParameters } from 'n8n-workflow';

import { emitted, PollHarness } from '../helpers/pollHarness';
import { runNeo } from './neoWorkflow';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();
const run = (parameters: INodeParameters) =>
	runNeo({
		sandbox: sandbox(),
		parameters: { resource: 'inbox', operation: 'getMany', ...parameters },
		node: { typeVersion: 2 },
	});
const reads = () => sandbox().requests.filter((r) => r.path === '/public-api/inbox');
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute)).toISOString();

describe('Inbox → Get Many', () => {
	it('Limit reads one page of that size', async () => {
		const { ok, result } = await run({ limit: 2 });
		expect(result.error).toBeUndefined();
		expect(ok).toHaveLength(2);
		expect(reads().map((r) => r.query)).toEqual([{ page_size: '2' }]);
		expect(ok[0].json).toHaveProperty('deduplication_message_id');
	});

	it('Return All follows the cursor to the end, each notice once', async () => {
		sandbox().events.createInboxMessages({ count: 450, created_at: at(1) });
		const { ok } = await run({ returnAll: true });
		expect(ok).toHaveLength(453);
		expect(new Set(ok.map((i) => i.json.deduplication_message_id)).size).toBe(453);
		expect(reads()).toHaveLength(3);
	});
});

describe('Neo Trigger: New Inbox Message', () => {
	const trigger = () =>
		new PollHarness({
			parameters: { event: 'newInboxMessage' },
			credentials: { neoApi: { apiKey: sandbox().keys.tenant, baseUrl: sandbox().url } },
		});
	const keys = (result: Awaited<ReturnType<PollHarness['poll']>>) =>
		emitted(result).map((r) => r.deduplication_message_id);

	it('activation replays nothing; each new notice once, equal timestamps and several pages included', async () => {
		const t = trigger();
		expect(await t.poll()).toBeNull();
		const made = sandbox().events.createInboxMessages({ count: 250, created_at: at(1) });
		const got = keys(await t.poll());
		expect(got.sort()).toEqual(made.map((r) => r.deduplication_message_id).sort());
		expect(await t.poll()).toBeNull();
		const late = sandbox().events.createInboxMessages({ count: 2, created_at: at(1) });
		expect(keys(await t.poll()).sort()).toEqual(late.map((r) => r.deduplication_message_id).sort());
		expect(await t.poll()).toBeNull();
		// Neo takes no filter on the inbox: every poll reads it whole, 200 rows a page.
		expect(reads().every((r) => r.query.page_size === '200')).toBe(true);
	});

	it('a recurrence, a read flag or an e-mail (updated_at moves) is not a new message', async () => {
		const t = trigger();
		await t.poll();
		sandbox().events.createInboxMessages({
			deduplication_message_id: 'disk-full',
			created_at: at(2),
		});
		expect(keys(await t.poll())).toEqual(['disk-full']);
		sandbox().events.touchInboxMessage('disk-full', { at: at(3) });
		sandbox().events.touchInboxMessage('psa-connection-failed', {
			read: true,
			recur: false,
			at: at(4),
		});
		expect(await t.poll()).toBeNull();
		const [again] = sandbox().events.createInboxMessages({
			deduplication_message_id: 'disk-full-2',
			created_at: at(5),
		});
		expect(emitted(await t.poll())).toEqual([again]);
	});

	it('a restart neither drops nor repeats a notice', async () => {
		let t = trigger();
		await t.poll();
		const first = sandbox().events.createInboxMessages({ count: 3, created_at: at(6) });
		expect(keys(await t.poll())).toHaveLength(3);
		t = t.restart();
		const second = sandbox().events.createInboxMessages({ count: 2, created_at: at(6) });
		const got = keys(await t.poll());
		expect(got.sort()).toEqual(second.map((r) => r.deduplication_message_id).sort());
		expect(got).not.toContain(first[0].deduplication_message_id);
	});

	it('a manual test run shows the newest notice and moves no mark', async () => {
		const t = trigger();
		const [newest] = sandbox().events.createInboxMessages({ created_at: at(9) });
		expect(emitted(await t.poll('manual'))).toEqual([newest]);
		expect(t.nodeState?.mark).toBeUndefined();
	});
});
