/**
 * Approval Request, Execution and Scheduled Work: the request each operation sends for its
 * parameters (method, path, query, body), pagination in both of Neo's styles, the decision's 409
 * handling, and bad input refused before anything is sent.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Neo } from '../../nodes/Neo/Neo.node';
import { resources } from '../../nodes/Neo/actions/node.type';
import type { NeoFailure, SendResult } from '../../nodes/Neo/transport';
import { page, prepareError, record, runOperation } from '../helpers/operationRequests';

const properties = new Neo().nodeVersions[2].description.properties;
type Operation = Parameters<typeof runOperation>[0];
const operationOf = (resource: string, operation: string) =>
	(resources as unknown as Record<string, Record<string, Operation>>)[resource][operation];
const run = (
	resource: string,
	operation: string,
	parameters: INodeParameters,
	answers?: SendResult[],
) =>
	runOperation(
		operationOf(resource, operation),
		properties,
		{ resource, operation, ...parameters },
		answers,
	);
const refusal = (resource: string, operation: string, parameters: INodeParameters) =>
	prepareError(operationOf(resource, operation), properties, {
		resource,
		operation,
		...parameters,
	});
const locator = (value: string | number, mode = 'list') => ({ __rl: true, mode, value });
/** A page of scheduled work: page numbers, `has_more` (the answer's shape is assumed). */
const numbered = (records: IDataObject[], pageNumber: number, hasMore: boolean): SendResult => ({
	ok: true,
	value: {
		data: records,
		meta: { pagination: { page: pageNumber, has_more: hasMore } as IDataObject },
	},
});

const rows = (from: number, count: number) =>
	Array.from({ length: count }, (_, i) => ({ id: from + i }));

describe('Approval Request → Get Many', () => {
	it('maps every filter onto the query, statuses as one comma list and dates as UTC ISO', async () => {
		const { requests } = await run('approvalRequest', 'getMany', {
			limit: 7,
			filters: {
				status: ['PENDING', 'REJECTED'],
				agent: locator(301),
				approver: ' u_alice ',
				q: 'TCK-40012',
				createdAfter: '2026-11-02T08:00:00.000Z',
				createdBefore: '2026-11-03T10:00:00+02:00',
			},
		});
		expect(requests).toEqual([
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
		const { requests, result } = await run('approvalRequest', 'getMany', { returnAll: true }, [
			page(rows(1, 2), 'c1'),
			page(rows(3, 1)),
		]);
		expect(requests.map((r) => r.query)).toEqual([
			{ page_size: 200 },
			{ page_size: 200, cursor: 'c1' },
		]);
		expect(result.ok && result.records.map((r) => r.id)).toEqual([1, 2, 3]);
	});

	it('refuses a bad date or a status that is not text before anything is sent, naming the parameter', () => {
		expect(refusal('approvalRequest', 'getMany', { filters: { createdAfter: 'yesterday' } })).toBe(
			'Parameter "Created After" must be a date and time such as 2026-12-01T09:00:00Z, got "yesterday" (item 0)',
		);
		expect(refusal('approvalRequest', 'getMany', { filters: { status: [{ v: 1 }] } })).toBe(
			'Parameter "Status" must be status values (text), got {"v":1} (item 0)',
		);
	});

	it('sends statuses Neo spells its own way as typed (Neo documents none): a list or comma text', async () => {
		for (const status of [['OPEN', ' WAITING_FOR_APPROVAL '], 'OPEN, WAITING_FOR_APPROVAL,,OPEN']) {
			const { requests } = await run('approvalRequest', 'getMany', {
				limit: 1,
				filters: { status },
			});
			expect(requests[0].query).toEqual({ status: 'OPEN,WAITING_FOR_APPROVAL', page_size: 1 });
		}
	});
});

const conflict = (details?: IDataObject, mayHaveActedBefore?: boolean): SendResult => ({
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
		const approved = await run('approvalRequest', 'approve', { requestId: '5049', note: ' ok ' }, [
			record({ id: 5049, status: 'APPROVED' }),
		]);
		const rejected = await run('approvalRequest', 'reject', { requestId: 5050 });
		expect([...approved.requests, ...rejected.requests]).toEqual([
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
		expect(approved.result.ok && approved.result.records).toEqual([
			{ id: 5049, status: 'APPROVED' },
		]);
	});

	it('an already decided request fails with who decided it and when', async () => {
		const details = {
			status: 'APPROVED',
			decided_by: { id: 'u_alice', name: 'Alice Nguyen' },
			updated_at: '2026-11-02T08:10:00.000Z',
		};
		const { result } = await run('approvalRequest', 'reject', { requestId: '5001' }, [
			conflict(details),
		]);
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
		const { result } = await run('approvalRequest', 'approve', { requestId: '5001' }, [conflict()]);
		expect(!result.ok && result.failure.message).toBe(
			'Approval request 5001 was already decided (Request 5001 was already approved.); nothing was changed.',
		);
	});

	it('a repeat after an ambiguous failure that meets the same decision succeeds, flagged', async () => {
		const details = { status: 'APPROVED', decided_by: { id: 'sa_t', name: 'API service account' } };
		const { result } = await run('approvalRequest', 'approve', { requestId: '5001' }, [
			conflict(details, true),
		]);
		expect(result.ok && result.records).toEqual([
			{ id: 5001, status: 'APPROVED', decided_by: details.decided_by, alreadyDecided: true },
		]);
		expect(result.ok && result.notices?.[0]).toContain('an earlier attempt of this call');
	});

	it('a repeat that meets the opposite decision still fails', async () => {
		const { result } = await run('approvalRequest', 'approve', { requestId: '5001' }, [
			conflict({ status: 'REJECTED' }, true),
		]);
		expect(!result.ok && result.failure.message).toBe(
			'Approval request 5001 was already rejected; nothing was changed.',
		);
	});

	it('a request ID that is not a positive whole number is refused before sending', () => {
		expect(refusal('approvalRequest', 'approve', { requestId: '50/01' })).toBe(
			'Parameter "Request ID" must be a whole number, got "50/01" (item 0)',
		);
		expect(refusal('approvalRequest', 'approve', { requestId: '' })).toBe(
			'Parameter "Request ID" is required but is empty (item 0)',
		);
		expect(refusal('approvalRequest', 'reject', { requestId: 0 })).toBe(
			'Parameter "Request ID" must be at least 1, got 0 (item 0)',
		);
	});
});

describe('Execution', () => {
	it('Get reads one run by its ID', async () => {
		const { requests } = await run('execution', 'get', { executionId: 'ex_7001' });
		expect(requests).toEqual([{ method: 'GET', path: '/public-api/executions/ex_7001' }]);
	});

	it('Get Many maps the filters; Limit stops early', async () => {
		const { requests, result } = await run(
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
			[page(rows(0, 2), 'c1'), page(rows(2, 2), 'c2')],
		);
		const filters = {
			agent_id: 302,
			status: 'FAILED',
			entity_id: '40012',
			entity_number: 'TCK-40012',
		};
		expect(requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', '/public-api/executions', { ...filters, page_size: 3 }],
			['GET', '/public-api/executions', { ...filters, page_size: 1, cursor: 'c1' }],
		]);
		expect(result.ok && result.records.length).toBe(3);
	});

	it('Get Steps sends the types and include_data, one item per step', async () => {
		const chosen = await run(
			'execution',
			'getSteps',
			{ executionId: 'ex_7001', types: ['TOOL_CALL', 'FINAL_MESSAGE'], includeData: false },
			[{ ok: true, value: { data: [{ step_id: 's1' }, { step_id: 's2' }], meta: {} } }],
		);
		const all = await run('execution', 'getSteps', { executionId: 'ex_7002' });
		expect([...chosen.requests, ...all.requests]).toEqual([
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
		expect(chosen.result.ok && chosen.result.records.length).toBe(2);
	});

	it('an execution ID that would change the path is refused before sending', () => {
		expect(refusal('execution', 'getSteps', { executionId: '../agents' })).toBe(
			'Parameter "Execution ID" must be an ID without "/", "?" or "#", got "../agents" (item 0)',
		);
	});
});

describe('Scheduled Work', () => {
	it('Create posts the agent as workflow_id, the time as UTC ISO and the optional fields; not safe to repeat', async () => {
		const full = await run('scheduledWork', 'create', {
			agent: locator(301),
			scheduledFor: '2026-12-24T18:30:00+01:00',
			ticketId: '40012',
			additionalInstructions: 'Only the mailbox part.',
		});
		const bare = await run('scheduledWork', 'create', {
			agent: locator('302', 'id'),
			scheduledFor: '2026-12-25T08:00:00Z',
		});
		const sent = [...full.requests, ...bare.requests];
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

	it('Create refuses a missing time or agent before sending', () => {
		expect(refusal('scheduledWork', 'create', { agent: locator(301) })).toBe(
			'Parameter "Scheduled For" is required but is empty (item 0)',
		);
		expect(
			refusal('scheduledWork', 'create', {
				agent: locator(''),
				scheduledFor: '2026-12-25T08:00:00Z',
			}),
		).toBe('Parameter "Agent" is required but is empty (item 0)');
	});

	it('Get Many pages by number: Return All reads page 1, 2, … until has_more is false', async () => {
		const { requests, result } = await run(
			'scheduledWork',
			'getMany',
			{ returnAll: true, filters: { status: 'COMPLETED', ticketId: '40012' } },
			[
				numbered(rows(0, 200), 1, true),
				numbered(rows(200, 200), 2, true),
				numbered(rows(400, 5), 3, false),
			],
		);
		expect(requests.map((r) => r.query)).toEqual(
			[1, 2, 3].map((p) => ({ status: 'COMPLETED', ticket_id: '40012', page_size: 200, page: p })),
		);
		expect(result.ok && result.records.length).toBe(405);
	});

	it('Get Many with a Limit asks for that many on page 1 and sends no unset filter', async () => {
		const { requests, result } = await run('scheduledWork', 'getMany', { limit: 10 }, [
			numbered(rows(1, 10), 1, true),
		]);
		expect(requests.map((r) => r.query)).toEqual([{ page_size: 10, page: 1 }]);
		expect(result.ok && result.records.length).toBe(10);
	});
});
