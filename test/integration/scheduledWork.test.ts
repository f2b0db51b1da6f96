/**
 * Scheduled Work → Create, Get Many (Neo node version 2) through n8n's engine against the sandbox:
 * the create body, only TRIGGERED agents, and Neo's one page-numbered list read to its end.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SEED } from '../sandbox';
import { bodiesSent, runNeo } from './neoWorkflow';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();
const run = (parameters: INodeParameters, items?: IDataObject[]) =>
	runNeo({
		sandbox: sandbox(),
		parameters: { resource: 'scheduledWork', ...parameters },
		items,
		node: { typeVersion: 2 },
	});
const create = (extra: INodeParameters = {}): INodeParameters => ({
	operation: 'create',
	agent: { __rl: true, mode: 'list', value: '301' },
	scheduledFor: '2026-12-24T18:30:00+01:00',
	...extra,
});
const pagesRead = () =>
	sandbox()
		.requests.filter((r) => r.method === 'GET' && r.path === '/public-api/scheduled-work')
		.map((r) => r.query.page);

describe('Scheduled Work → Create', () => {
	it('schedules a TRIGGERED agent: Neo receives workflow_id, UTC time, ticket and instructions', async () => {
		const { ok, result } = await run(
			create({ ticketId: '40012', additionalInstructions: 'Only the mailbox part.' }),
		);
		expect(result.error).toBeUndefined();
		expect(bodiesSent(sandbox(), '/public-api/scheduled-work')).toEqual([
			{
				workflow_id: 301,
				scheduled_for: '2026-12-24T17:30:00.000Z',
				ticket_id: '40012',
				additional_custom_instructions: 'Only the mailbox part.',
			},
		]);
		expect(ok[0].json).toMatchObject({ workflow_id: 301, status: 'PENDING', ticket_id: '40012' });
		expect(sandbox().created.scheduledWork).toHaveLength(1);
	});

	it('an agent that cannot be triggered is Neo’s 422 on workflow_id', async () => {
		const { result } = await run(create({ agent: { __rl: true, mode: 'id', value: '101' } }));
		expect(result.error?.message).toMatch(/^Neo error 422 /);
		expect(sandbox().created.scheduledWork).toHaveLength(0);
	});

	it('a 5xx is not retried: Neo may have scheduled it already', async () => {
		sandbox().addFault({
			path: '/public-api/scheduled-work',
			method: 'POST',
			times: 1,
			fault: { kind: 'status', status: 503, acted: true },
		});
		const { result } = await run(create());
		expect(result.error?.message).toMatch(/^Neo error 503 /);
		expect(sandbox().count('POST /public-api/scheduled-work')).toBe(1);
		expect(sandbox().created.scheduledWork).toHaveLength(1);
	});

	it('a missing Scheduled For fails before anything is sent, naming the item', async () => {
		const { result } = await run(create({ scheduledFor: '={{ $json.when }}' }), [
			{ when: '2026-12-24T09:00:00Z' },
			{ when: '' },
		]);
		expect(result.error?.message).toBe(
			'Parameter "Scheduled For" is required but is empty (item 1)',
		);
		expect(sandbox().count()).toBe(0);
	});
});

describe('Scheduled Work → Get Many (page numbers)', () => {
	it('Return All reads page 1, 2, … to the end, each row once', async () => {
		await run(
			create({ scheduledFor: '={{ $json.when }}' }),
			Array.from({ length: 140 }, (_, i) => ({
				when: new Date(Date.UTC(2027, 0, 1) + i * 60_000).toISOString(),
			})),
		);
		sandbox().requests.length = 0;
		const { ok } = await run({ operation: 'getMany', returnAll: true });
		const ids = ok.map((i) => i.json.id);
		expect(ids).toHaveLength(SEED.scheduledWork.count + 140);
		expect(new Set(ids).size).toBe(ids.length);
		expect(pagesRead()).toEqual(['1', '2']);
	}, 120_000); // 140 creates through the node first

	it('status and ticket filters, and a Limit', async () => {
		const { ok } = await run({ operation: 'getMany', limit: 5, filters: { status: 'PENDING' } });
		expect(ok).toHaveLength(5);
		expect(ok.every((i) => i.json.status === 'PENDING')).toBe(true);
		expect(sandbox().requests.map((r) => r.query)).toEqual([
			{ status: 'PENDING', page_size: '5', page: '1' },
		]);
		await run(create({ ticketId: 'T-9' }));
		const byTicket = await run({
			operation: 'getMany',
			returnAll: true,
			filters: { ticketId: 'T-9' },
		});
		expect(byTicket.ok.map((i) => i.json.ticket_id)).toEqual(['T-9']);
	});
});
