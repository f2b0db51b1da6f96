/**
 * The two rules Run Now rests on, alone: which failures Neo may have acted on (so the node looks
 * for the run before any re-send), and what says a run has finished (no status value hard-wired).
 */
import { finishedBy } from '../../nodes/Neo/actions/execution/waitForRun';
import { mayHaveActed } from '../../nodes/Neo/transport/retryPolicy';

describe('mayHaveActed', () => {
	it.each([
		[{ httpStatus: 500, code: 'internal_error' }, true],
		[{ httpStatus: 502, code: 'http_502' }, true],
		[{ httpStatus: 200, code: 'invalid_response' }, true],
		[{ code: 'timeout' }, true],
		[{ code: 'network_error' }, true],
		[{ code: 'cancelled' }, false],
		[{ httpStatus: 429, code: 'rate_limited' }, false],
		[{ httpStatus: 400, code: 'invalid_for_conversational' }, false],
		[{ httpStatus: 422, code: 'validation_error' }, false],
	])('%j → %s', (failure, expected) => {
		expect(mayHaveActed(failure)).toBe(expected);
	});
});

describe('finishedBy', () => {
	const listed = ['SUCCEEDED', 'FAILED'];

	it('a status ends the wait only when the user listed it (case-insensitive)', () => {
		expect(finishedBy({ status: 'Succeeded', seconds_spent: 4 }, listed)).toBe('status Succeeded');
		expect(finishedBy({ status: 'RUNNING', seconds_spent: 4 }, listed)).toBeUndefined();
		expect(finishedBy({ status: 'CANCELLED', error: 'x' }, listed)).toBeUndefined();
		expect(finishedBy({ status: 'CANCELLED' }, [...listed, 'CANCELLED'])).toBe('status CANCELLED');
	});

	it('a row without a status ends on its error or its seconds spent', () => {
		expect(finishedBy({ seconds_spent: null, error: null }, listed)).toBeUndefined();
		expect(finishedBy({ seconds_spent: 12 }, listed)).toBe('seconds_spent');
		expect(finishedBy({ error: 'boom' }, listed)).toBe('error');
		expect(finishedBy({ status: '', seconds_spent: 0 }, listed)).toBe('seconds_spent');
	});
});
