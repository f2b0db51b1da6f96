/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * Soak (issue 4, "Proof"): 2,000 items through Channel → Create with 10 in flight, through n8n's
 * real engine in process, against the Neo sandbox with its sliding-window rate limit scaled so the
 * run takes about a minute (200 requests per 6 s). Prints successes, failures, duplicates, the 429s
 * met, the wall time against the floor the window allows, and the command that reproduces it.
 *
 *   npm run soak
 *   npx ts-node --transpile-only scripts/soak.ts
 *   SOAK_ITEMS=500 SOAK_LIMIT=50 SOAK_WINDOW_MS=2000 SOAK_CONCURRENCY=10 npm run soak   (quicker variant)
 *
 * Exit code 1 when an item failed or a channel was created twice.
 */
import { channelCreate, runNeo } from '../test/integration/neoWorkflow';
import { startSandbox } from '../test/sandbox';

function setting(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value <= 0)
		throw new Error(`${name} must be a positive number, got "${raw}"`);
	return value;
}

async function main(): Promise<number> {
	const items = setting('SOAK_ITEMS', 2000);
	const concurrency = setting('SOAK_CONCURRENCY', 10);
	const limit = setting('SOAK_LIMIT', 200);
	const windowMs = setting('SOAK_WINDOW_MS', 6000);

	const sandbox = await startSandbox({ rateLimit: { limit, windowMs } });
	try {
		const runTag = Date.now().toString(36);
		const names = Array.from({ length: items }, (_, i) => `soak-${runTag}-${i}`);
		process.stdout.write(
			`soak: ${items} items, Channel → Create, ${concurrency} in flight, sandbox limit ${limit} per ${windowMs / 1000} s (sliding window)\n`,
		);

		const started = Date.now();
		const { ok, errors, result } = await runNeo({
			sandbox,
			parameters: channelCreate({ options: { concurrency } }),
			items: names.map((name) => ({ name })),
			onError: 'continueErrorOutput',
		});
		const wallMs = Date.now() - started;

		const successes = ok.filter(
			(item) => item.json.error === undefined && typeof item.json.id === 'string',
		);
		const failures = errors.length + (ok.length - successes.length);
		const createdNames = sandbox.created.channels.map((c) => c.internal_name);
		const distinct = new Set(createdNames).size;
		const duplicates = createdNames.length - distinct;
		const inOrder = successes.every((item, i) => item.json.internal_name === names[i]);
		const state = sandbox.state();

		// The floor: the first `limit` requests may all go at once (the window starts empty); after
		// that the sliding window admits at most `limit` requests per `windowMs`, so the remaining
		// (items - limit) requests need at least (items - limit) / limit further windows.
		const floorMs = (Math.max(0, items - limit) / limit) * windowMs;
		const ratio = floorMs > 0 ? wallMs / floorMs : Number.NaN;

		const env =
			items === 2000 && concurrency === 10 && limit === 200 && windowMs === 6000
				? ''
				: `SOAK_ITEMS=${items} SOAK_CONCURRENCY=${concurrency} SOAK_LIMIT=${limit} SOAK_WINDOW_MS=${windowMs} `;
		const lines = [
			`items:            ${items}`,
			`successes:        ${successes.length}${inOrder ? ' (output in input order)' : ' (OUTPUT OUT OF ORDER)'}`,
			`failures:         ${failures}`,
			`channels created: ${createdNames.length} (${distinct} distinct names, duplicates: ${duplicates})`,
			`requests sent:    ${state.total}`,
			`429s met:         ${state.rateLimited}`,
			`wall time:        ${(wallMs / 1000).toFixed(1)} s`,
			`floor:            ${(floorMs / 1000).toFixed(1)} s  = (items - limit) / limit × window = (${items} - ${limit}) / ${limit} × ${windowMs / 1000} s`,
			`ratio:            ${ratio.toFixed(2)} (wall / floor)`,
			`workflow error:   ${result.error ? result.error.message : 'none'}`,
			`contract issues:  ${state.contractViolations.length}`,
			`reproduce:        ${env}npx ts-node --transpile-only scripts/soak.ts   (or: ${env}npm run soak)`,
		];
		process.stdout.write(`${lines.join('\n')}\n`);
		return failures === 0 && duplicates === 0 && successes.length === items ? 0 : 1;
	} finally {
		await sandbox.close();
	}
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.stderr.write(
			`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exitCode = 1;
	},
);
