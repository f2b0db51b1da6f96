/**
 * Approval Request, Execution and Scheduled Work: the request each operation sends for its
 * parameters (method, path, query, body), pagination in both of Neo's styles, the decision's 409
 * handling, and bad input failing before anything is sent.
 */
import type { NeoFailure, SendResult } from '../../nodes/Neo/transport';
import { call, locator, page, recordingClient } from './helpers/fakeCalls';

const rows = (from: number, count: number) =>
	Array.from({ length: count }, (_, i) => ({ id: from + i }));

describe('Approval Request → Get Many', () => {
	it('maps every filter onto the query, statuses as one comma list and dates as UTC ISO', async () => {
		const { client, sent } = recordingClient(() => page([{ id: 1 }]));
		await call(
			'approvalRequest',
			'getMany',
			{
				returnAll: false,
				limit: 7,
				filters: {
					status: ['PENDING', 'REJECTED'],
					agent: locator(301),
					approver: ' u_alice ',
					q: 'TCK-40012',
					createdAfter: '2026-11-02T08:00:00.000Z',
					createdBefore: '2026-11-03T10:00:00+02:00',
				},
			},
			client,
		);
		expect(sent).toEqual([
			{
				method: 'GET',
				path: '/public-api/til-requests',
				query: {
					status: 'PENDING,REJECTED',
					agent_id: 301,
					approver: 'u_alice',
					q: 'TCK-40012',
					created_after: '2026-11-02T08:00:00.000Z',
					created_before: '2026-11-03T08:00:00.000Z',
					page_size: 7,
				},
			},
		]);
	});

	it('sends no filter the user did not set; Return All follows next_cursor to the end', async () => {
		const { client, sent } = recordingClient((_r, i) =>
			i === 0 ? page(rows(1, 2), { next_cursor: 'c1' }) : page(rows(3, 1)),
		);
		const result = await call('approvalRequest', 'getMany', { returnAll: true }, client);
		expect(sent.map((r) => r.query)).toEqual([
			{ page_size: 200 },
			{ page_size: 200, cursor: 'c1' },
		]);
		expect(result.ok && result.records.map((r) => r.id)).toEqual([1, 2, 3]);
	});

	it('fails on a bad date before anything is sent, naming the parameter and the item', async () => {
		const { client, sent } = recordingClient();
		await expect(
			call('approvalRequest', 'getMany', { filters: { createdAfter: 'yesterday' } }, client, 3),
		).rejects.toThrow(
			'Parameter "Created After" must be a date and time such as 2026-12-01T09:00:00Z, got "yesterday" (item 3)',
		);
		await expect(
			call('approvalRequest', 'getMany', { filters: { status: ['OPEN'] } }, client),
		).rejects.toThrow(
			'Parameter "Status" must be one of PENDING, APPROVED, REJECTED, got "OPEN" (item 0)',
		);
		expect(sent).toEqual([]);
	});
});

const conflict = (details?: Record<string, unknown>, mayHaveActedBefore?: boolean): SendResult => ({
	ok: false,
	failure: {
		code: 'conflict',
		message: 'Request 5001 was already approved.',
		httpStatus: 409,
		requestId: 'req_1',
		details,
		attempts: mayHaveActedBefore ? 2 : 1,
		waitedMs: 0,
		mayHaveActedBefore,
	} as NeoFailure,
});

describe('Approval Request → Approve / Reject', () => {
	it('posts the decision with the note, marked safe to repeat', async () => {
		const { client, sent } = recordingClient(() => ({
			ok: true,
			value: { data: { id: 5049, status: 'APPROVED' }, meta: {} },
		}));
		const result = await call(
			'approvalRequest',
			'approve',
			{ requestId: '5049', note: ' ok ' },
			client,
		);
		await call('approvalRequest', 'reject', { requestId: 5050 }, client);
		expect(sent).toEqual([
			{
				method: 'POST',
				path: '/public-api/til-requests/5049/decision',
				body: { action: 'approve', note: 'ok' },
				safeToRepeat: true,
			},
			{
				method: 'POST',
				path: '/public-api/til-requests/5050/decision',
				body: { action: 'reject' },
				safeToRepeat: true,
			},
		]);
		expect(result.ok && result.records).toEqual([{ id: 5049, status: 'APPROVED' }]);
	});

	it('an already decided request fails with who decided it and when', async () => {
		const details = {
			status: 'APPROVED',
			decided_by: { id: 'u_alice', name: 'Alice Nguyen' },
			updated_at: '2026-11-02T08:10:00.000Z',
		};
		const { client } = recordingClient(() => conflict(details));
		const result = await call('approvalRequest', 'reject', { requestId: '5001' }, client);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.failure).toMatchObject({
			httpStatus: 409,
			requestId: 'req_1',
			details,
			message:
				'Approval request 5001 was already approved by Alice Nguyen (u_alice) at 2026-11-02T08:10:00.000Z; nothing was changed.',
		});
	});

	it('without details, the error still says it was decided and keeps Neo’s message', async () => {
		const { client } = recordingClient(() => conflict(undefined));
		const result = await call('approvalRequest', 'approve', { requestId: '5001' }, client);
		expect(!result.ok && result.failure.message).toBe(
			'Approval request 5001 was already decided (Request 5001 was already approved.); nothing was changed.',
		);
	});

	it('a repeat after an ambiguous failure that meets the same decision succeeds, flagged', async () => {
		const details = { status: 'APPROVED', decided_by: { id: 'sa_t', name: 'API service account' } };
		const { client } = recordingClient(() => conflict(details, true));
		const result = await call('approvalRequest', 'approve', { requestId: '5001' }, client);
		expect(result.ok && result.records).toEqual([
			{ id: 5001, status: 'APPROVED', decided_by: details.decided_by, alreadyDecided: true },
		]);
		expect(result.ok && result.notices?.[0]).toContain('an earlier attempt of this call');
	});

	it('a repeat that meets the opposite decision still fails', async () => {
		const { client } = recordingClient(() => conflict({ status: 'REJECTED' }, true));
		const result = await call('approvalRequest', 'approve', { requestId: '5001' }, client);
		expect(!result.ok && result.failure.message).toBe(
			'Approval request 5001 was already rejected; nothing was changed.',
		);
	});

	it('a request ID that is not a positive whole number is refused before sending', async () => {
		const { client, sent } = recordingClient();
		await expect(
			call('approvalRequest', 'approve', { requestId: '50/01' }, client, 2),
		).rejects.toThrow('Parameter "Request ID" must be a whole number, got "50/01" (item 2)');
		await expect(call('approvalRequest', 'approve', { requestId: '' }, client)).rejects.toThrow(
			'Parameter "Request ID" is required but is empty (item 0)',
		);
		expect(sent).toEqual([]);
	});
});

describe('Execution', () => {
	it('Get reads one run by its encoded ID', async () => {
		const { client, sent } = recordingClient();
		await call('execution', 'get', { executionId: 'ex_7001' }, client);
		expect(sent).toEqual([{ method: 'GET', path: '/public-api/executions/ex_7001' }]);
	});

	it('Get Many maps the filters; Limit stops early', async () => {
		const { client, sent } = recordingClient((_r, i) =>
			page(rows(i * 2, 2), { next_cursor: `c${i + 1}` }),
		);
		const result = await call(
			'execution',
			'getMany',
			{
				limit: 3,
				filters: {
					agent: locator('302', 'id'),
					status: ['FAILED'],
					entityNumber: 'TCK-40012',
					entityId: '40012',
				},
			},
			client,
		);
		expect(sent.map((r) => [r.method, r.path, r.query])).toEqual([
			[
				'GET',
				'/public-api/executions',
				{
					agent_id: 302,
					status: 'FAILED',
					entity_id: '40012',
					entity_number: 'TCK-40012',
					page_size: 3,
				},
			],
			[
				'GET',
				'/public-api/executions',
				{
					agent_id: 302,
					status: 'FAILED',
					entity_id: '40012',
					entity_number: 'TCK-40012',
					page_size: 1,
					cursor: 'c1',
				},
			],
		]);
		expect(result.ok && result.records.length).toBe(3);
	});

	it('Get Steps sends the types and include_data, one item per step', async () => {
		const { client, sent } = recordingClient(() => ({
			ok: true,
			value: { data: [{ step_id: 's1' }, { step_id: 's2' }], meta: {} },
		}));
		const result = await call(
			'execution',
			'getSteps',
			{ executionId: 'ex_7001', types: ['TOOL_CALL', 'FINAL_MESSAGE'], includeData: false },
			client,
		);
		await call('execution', 'getSteps', { executionId: 'ex_7002' }, client);
		expect(sent).toEqual([
			{
				method: 'GET',
				path: '/public-api/executions/ex_7001/steps',
				query: { type: 'TOOL_CALL,FINAL_MESSAGE', include_data: false },
			},
			{
				method: 'GET',
				path: '/public-api/executions/ex_7002/steps',
				query: { include_data: true },
			},
		]);
		expect(result.ok && result.records.length).toBe(2);
	});

	it('an execution ID that would change the path is refused before sending', async () => {
		const { client, sent } = recordingClient();
		await expect(
			call('execution', 'getSteps', { executionId: '../agents' }, client, 1),
		).rejects.toThrow(
			'Parameter "Execution ID" must be an ID without "/", "?", "#" or spaces, got "../agents" (item 1)',
		);
		expect(sent).toEqual([]);
	});
});

describe('Scheduled Work', () => {
	it('Create posts the agent as workflow_id, the time as UTC ISO and the optional fields; not safe to repeat', async () => {
		const { client, sent } = recordingClient();
		await call(
			'scheduledWork',
			'create',
			{
				agent: locator(301),
				scheduledFor: '2026-12-24T18:30:00+01:00',
				ticketId: '40012',
				additionalInstructions: 'Only the mailbox part.',
			},
			client,
		);
		await call(
			'scheduledWork',
			'create',
			{ agent: locator('302', 'id'), scheduledFor: '2026-12-25T08:00:00Z' },
			client,
		);
		expect(sent).toEqual([
			{
				method: 'POST',
				path: '/public-api/scheduled-work',
				body: {
					workflow_id: 301,
					scheduled_for: '2026-12-24T17:30:00.000Z',
					ticket_id: '40012',
					additional_custom_instructions: 'Only the mailbox part.',
				},
			},
			{
				method: 'POST',
				path: '/public-api/scheduled-work',
				body: { workflow_id: 302, scheduled_for: '2026-12-25T08:00:00.000Z' },
			},
		]);
		expect(sent.every((r) => r.safeToRepeat === undefined)).toBe(true);
	});

	it('Create refuses a missing time or agent before sending', async () => {
		const { client, sent } = recordingClient();
		await expect(
			call('scheduledWork', 'create', { agent: locator(301) }, client, 4),
		).rejects.toThrow('Parameter "Scheduled For" is required but is empty (item 4)');
		await expect(
			call(
				'scheduledWork',
				'create',
				{ agent: locator(''), scheduledFor: '2026-12-25T08:00:00Z' },
				client,
			),
		).rejects.toThrow('Parameter "Agent" is required but is empty (item 0)');
		expect(sent).toEqual([]);
	});

	it('Get Many pages by number: Return All reads page 1, 2, … until has_more is false', async () => {
		const { client, sent } = recordingClient((_r, i) =>
			page(rows(i * 200, i < 2 ? 200 : 5), { page: i + 1, has_more: i < 2 }),
		);
		const result = await call(
			'scheduledWork',
			'getMany',
			{ returnAll: true, filters: { status: 'COMPLETED', ticketId: '40012' } },
			client,
		);
		expect(sent.map((r) => r.query)).toEqual(
			[1, 2, 3].map((p) => ({
				status: 'COMPLETED',
				ticket_id: '40012',
				page_size: 200,
				page: p,
			})),
		);
		expect(result.ok && result.records.length).toBe(405);
	});

	it('Get Many with a Limit asks for that many on page 1 and sends no unset filter', async () => {
		const { client, sent } = recordingClient(() => page(rows(1, 10), { page: 1, has_more: true }));
		const result = await call('scheduledWork', 'getMany', { limit: 10 }, client);
		expect(sent.map((r) => r.query)).toEqual([{ page_size: 10, page: 1 }]);
		expect(result.ok && result.records.length).toBe(10);
	});
});
