/**
 * Billing → Get Usage, Get Usage Detail (Neo node version 2) through n8n's engine against the
 * sandbox: the month sent as given (or not at all), the detail split per company, per user, per
 * month or whole, and a bad month or months refused before anything is sent.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runNeo } from './neoWorkflow';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();
const run = (parameters: INodeParameters, items?: IDataObject[]) =>
	runNeo({
		sandbox: sandbox(),
		parameters: { resource: 'billing', ...parameters },
		items,
		node: { typeVersion: 2 },
	});
const queries = () => sandbox().requests.map((r) => r.query);

describe('Billing → Get Usage', () => {
	it('reads the month given, one item', async () => {
		const { ok, result } = await run({ operation: 'getUsage', month: '2026-11' });
		expect(result.error).toBeUndefined();
		expect(queries()).toEqual([{ month: '2026-11' }]);
		expect(ok).toHaveLength(1);
		expect(ok[0].json).toMatchObject({ month: '2026-11', currency: 'USD' });
		expect(ok[0].json.charge).toBe((ok[0].json.active_users as number) * 4);
	});

	it('an empty month sends none: Neo answers for the current month', async () => {
		const { ok } = await run({ operation: 'getUsage' });
		expect(queries()).toEqual([{}]);
		expect(ok[0].json.month).toBe(new Date().toISOString().slice(0, 7));
	});

	it('a month that is not YYYY-MM fails before anything is sent, naming the item', async () => {
		const { result } = await run({ operation: 'getUsage', month: '={{ $json.m }}' }, [
			{ m: '2026-10' },
			{ m: '11/2026' },
		]);
		expect(result.error?.message).toBe(
			'Parameter "Month" must be a month as YYYY-MM (e.g. 2026-11), got "11/2026" (item 1)',
		);
		expect(sandbox().count()).toBe(0);
	});
});

describe('Billing → Get Usage Detail', () => {
	const detail = (extra: INodeParameters) =>
		run({ operation: 'getUsageDetail', month: '2026-11', ...extra });

	it('one item per company (the default), month and months sent', async () => {
		const { ok } = await detail({ months: 3 });
		expect(queries()).toEqual([{ month: '2026-11', months: '3' }]);
		expect(ok.length).toBeGreaterThan(1);
		for (const item of ok) {
			expect(Object.keys(item.json).sort()).toEqual(
				['active_users', 'company_name', 'end_company_id', 'tickets', 'tickets_raised'].sort(),
			);
		}
		expect(new Set(ok.map((i) => i.json.end_company_id)).size).toBe(ok.length);
	});

	it('one item per end user, per month, or the whole answer', async () => {
		const users = await detail({ output: 'perUser' });
		expect(users.ok.every((i) => typeof i.json.end_user_email === 'string')).toBe(true);
		const months = await detail({ output: 'perMonth', months: 4 });
		expect(months.ok.map((i) => i.json.month)).toEqual([
			'2026-08',
			'2026-09',
			'2026-10',
			'2026-11',
		]);
		const whole = await detail({ output: 'whole' });
		expect(whole.ok).toHaveLength(1);
		expect(Object.keys(whole.ok[0].json)).toEqual(
			expect.arrayContaining(['monthly_active_users', 'per_company', 'per_user']),
		);
		expect(whole.ok[0].json.per_user).toHaveLength(users.ok.length);
	});

	it('each input item is its own request, items paired to their input', async () => {
		const { ok } = await run(
			{ operation: 'getUsageDetail', month: '={{ $json.m }}', output: 'whole' },
			[{ m: '2026-10' }, { m: '2026-11' }],
		);
		expect(
			queries()
				.map((q) => q.month)
				.sort(),
		).toEqual(['2026-10', '2026-11']);
		expect(ok.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it.each([
		[0, 'must be at least 1, got 0'],
		[25, 'must be at most 24, got 25'],
		[2.5, 'must be a whole number, got 2.5'],
	])('months %s fails before anything is sent', async (months, problem) => {
		const { result } = await detail({ months });
		expect(result.error?.message).toBe(`Parameter "Months" ${problem} (item 0)`);
		expect(sandbox().count()).toBe(0);
	});

	it('a bad month fails before anything is sent', async () => {
		const { result } = await detail({ month: '2026-1' });
		expect(result.error?.message).toMatch(/^Parameter "Month" must be a month as YYYY-MM/);
		expect(sandbox().count()).toBe(0);
	});
});

describe('examples/monthly-billing.workflow.json', () => {
	it('its Neo node reads last month per company, with every field the billing line uses', async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const workflow = require('../../examples/monthly-billing.workflow.json') as {
			nodes: Array<{ type: string; parameters: INodeParameters }>;
		};
		const neo = workflow.nodes.find((n) => n.type === 'n8n-nodes-neo.neo');
		const { ok, result } = await runNeo({
			sandbox: sandbox(),
			parameters: neo!.parameters,
			node: { typeVersion: 2 },
		});
		expect(result.error).toBeUndefined();
		const lastMonth = new Date();
		lastMonth.setUTCDate(1);
		lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
		expect(queries()).toEqual([{ month: lastMonth.toISOString().slice(0, 7), months: '1' }]);
		expect(ok.length).toBeGreaterThan(0);
		for (const { json } of ok) {
			expect(json).toEqual(
				expect.objectContaining({
					company_name: expect.any(String),
					end_company_id: expect.any(String),
					active_users: expect.any(Number),
					tickets_raised: expect.any(Number),
					tickets: expect.any(Array),
				}),
			);
		}
	});
});
