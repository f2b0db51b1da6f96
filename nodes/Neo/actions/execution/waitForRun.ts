import type { IDataObject } from 'n8n-workflow';

import type { NeoClient } from '../../transport/client';
import { waitUnlessCancelled } from '../../transport/wait';
import type { CallResult } from '../operation';
import { executionPath } from './get.operation';

export interface WaitSettings {
	timeoutMs: number;
	/** Statuses that mean "finished", upper-cased; the user's list, nothing hard-wired. */
	finishedStatuses: string[];
	includeFinalMessage: boolean;
}

/** The longest wait Run Now allows: beyond it, the Neo Trigger (Agent Run Finished) is the tool. */
export const MAX_WAIT_SECONDS = 600;

const FIRST_CHECK_MS = 500;
const LONGEST_GAP_MS = 10_000;

/** Checks come quickly at first (most runs are short) and then every 10 s at most. */
const gapBefore = (check: number) => Math.min(LONGEST_GAP_MS, FIRST_CHECK_MS * 1.5 ** check);

/**
 * What says a run has ended. Neo documents no status values (only run-now's "queued"), so: a
 * status the user listed as finished; and for rows without a status, the fields a finished run has
 * (assumed): `error`, or `seconds_spent` once the run's length is known.
 */
export function finishedBy(run: IDataObject, finishedStatuses: string[]): string | undefined {
	if (typeof run.status === 'string' && run.status !== '') {
		return finishedStatuses.includes(run.status.toUpperCase()) ? `status ${run.status}` : undefined;
	}
	if (typeof run.error === 'string' && run.error !== '') return 'error';
	if (typeof run.seconds_spent === 'number') return 'seconds_spent';
	return undefined;
}

/**
 * Follows GET /executions/{id} until the run has finished or the wait runs out, then outputs the
 * run with `runFinished` (and `finalMessage`, its FINAL_MESSAGE step). A run still going at the
 * timeout is output as it was, with a hint: the workflow decides what to do with it.
 */
export async function waitForRun(
	client: NeoClient,
	executionId: string,
	settings: WaitSettings,
	started: IDataObject,
): Promise<CallResult> {
	const deadline = Date.now() + settings.timeoutMs;
	for (let check = 0; ; check++) {
		const gap = Math.min(gapBefore(check), Math.max(0, deadline - Date.now()));
		if (!(await waitUnlessCancelled(gap, client.cancelled))) {
			return stopped(executionId, 'cancelled', 'The execution was cancelled while waiting');
		}
		const read = await client.send({ method: 'GET', path: executionPath(executionId) });
		if (!read.ok) {
			const { failure } = read;
			return {
				ok: false,
				failure: {
					...failure,
					message: `Run ${executionId} was started, but reading it failed: ${failure.message}`,
				},
			};
		}
		// The run as read now; run-now's answer only fills what the read leaves out, never its
		// `queued` status (a row without a status must be judged by its own fields).
		const current = read.value.data as IDataObject;
		const run: IDataObject = { ...started, ...current };
		if (current.status === undefined) delete run.status;
		const signal = finishedBy(run, settings.finishedStatuses);
		if (signal !== undefined) return await finished(client, executionId, run, settings);
		if (Date.now() >= deadline) return timedOut(executionId, run, settings);
	}
}

async function finished(
	client: NeoClient,
	executionId: string,
	run: IDataObject,
	settings: WaitSettings,
): Promise<CallResult> {
	if (!settings.includeFinalMessage) {
		return { ok: true, records: [{ ...run, runFinished: true }], warnings: [] };
	}
	const steps = await client.send({
		method: 'GET',
		path: executionPath(executionId, '/steps'),
		query: { type: 'FINAL_MESSAGE', include_data: false },
	});
	if (!steps.ok) {
		return {
			ok: true,
			records: [{ ...run, runFinished: true, finalMessage: null }],
			warnings: [],
			notices: [
				`Run ${executionId} finished, but its final message could not be read (${steps.failure.code}: ${steps.failure.message})`,
			],
		};
	}
	const list = Array.isArray(steps.value.data) ? steps.value.data : [steps.value.data];
	const last = list[list.length - 1];
	const finalMessage = typeof last?.message === 'string' ? last.message : null;
	return { ok: true, records: [{ ...run, runFinished: true, finalMessage }], warnings: [] };
}

function timedOut(executionId: string, run: IDataObject, settings: WaitSettings): CallResult {
	const status = typeof run.status === 'string' && run.status !== '' ? run.status : undefined;
	const unlisted = status
		? ` Its status is "${status}": if that means it has ended, add it to Finished Statuses.`
		: ' Its row carries no status, and neither an error nor seconds spent yet.';
	return {
		ok: true,
		records: [{ ...run, runFinished: false }],
		warnings: [],
		notices: [
			`Run ${executionId} had not finished after ${settings.timeoutMs / 1000} s of waiting, so it is output as it was.${unlisted} For runs longer than a few minutes, use the Neo Trigger's Agent Run Finished event instead of waiting.`,
		],
	};
}

function stopped(executionId: string, code: string, message: string): CallResult {
	return {
		ok: false,
		failure: { code, message: `${message} for run ${executionId}`, attempts: 1, waitedMs: 0 },
	};
}
