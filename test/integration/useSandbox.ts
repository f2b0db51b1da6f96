/**
 * The Neo sandbox lifecycle most sandbox-backed test files share: one sandbox for the whole file
 * (started before all tests, closed after them), reset before each test, and after each test no
 * contract violations (the sandbox checks its own answers against Neo's OpenAPI document).
 *
 *   const sandbox = useSandbox();
 *   it('…', async () => { await runNeo({ sandbox: sandbox(), … }); expect(sandbox().count(…)) … });
 */
import { startSandbox, type NeoSandbox, type SandboxOptions } from '../sandbox';

export interface UseSandboxOptions extends SandboxOptions {
	/** Expect `contractViolations` to be empty after each test. Default: true. */
	checkContract?: boolean;
}

/** Registers the lifecycle hooks; returns the file's sandbox (inside hooks and tests only). */
export function useSandbox(options: UseSandboxOptions = {}): () => NeoSandbox {
	const { checkContract = true, ...sandboxOptions } = options;
	let sandbox: NeoSandbox | undefined;
	const current = (): NeoSandbox => {
		if (!sandbox) throw new Error('The sandbox runs only inside hooks and tests');
		return sandbox;
	};

	beforeAll(async () => {
		sandbox = await startSandbox(sandboxOptions);
	});
	afterAll(async () => {
		await current().close();
	});
	beforeEach(() => current().reset());
	if (checkContract) afterEach(() => expect(current().contractViolations).toEqual([]));

	return current;
}
