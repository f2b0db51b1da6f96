/**
 * Runs `task(0..count-1)` with at most `concurrency` in flight and returns the results in index
 * order. Once `shouldStop()` turns true no new task starts; the ones in flight still finish, so no
 * request is abandoned half-way.
 */
export async function runInPool<T>(
	count: number,
	concurrency: number,
	task: (index: number) => Promise<T>,
	shouldStop: () => boolean,
): Promise<Array<T | undefined>> {
	const results: Array<T | undefined> = new Array(count);
	let next = 0;
	const worker = async () => {
		while (next < count && !shouldStop()) {
			const index = next++;
			results[index] = await task(index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	return results;
}
