import { sleep } from 'n8n-workflow';

const SLICE_MS = 250;

/**
 * Waits `ms`, in short slices so that a cancelled execution stops waiting within a quarter second.
 * Resolves false when the execution was cancelled. (n8n-workflow has no abortable sleep to share.)
 */
export async function waitUnlessCancelled(
	ms: number,
	signal: AbortSignal | undefined,
): Promise<boolean> {
	const until = Date.now() + ms;
	for (let left = ms; left > 0; left = until - Date.now()) {
		if (signal?.aborted) return false;
		await sleep(Math.min(left, SLICE_MS));
	}
	return !signal?.aborted;
}
