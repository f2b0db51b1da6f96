// The smoke test an n8n install must pass before install.sh marks it done: in a throwaway user
// folder, n8n opens its SQLite database (sqlite3's native module), imports a two-node workflow
// and executes it, evaluating an expression (isolated-vm on n8n 2.x). `n8n --version` alone
// passed on installs whose native modules were never built.
//
//   node scripts/real-n8n/smoke.mjs <major> <install dir> <node bin dir>
//
// Exit 0 and one line on success; exit 1 with the CLI's output on failure.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR, n8nEnv, freePort } from './env.mjs';
import { runN8n, parseRunOutput } from '../lib/realN8n.mjs';

const [major, dir, nodeBinDir] = process.argv.slice(2);
if (!major || !dir || !nodeBinDir) {
	console.error('usage: smoke.mjs <major> <install dir> <node bin dir>');
	process.exit(2);
}
const bin = join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
const version = JSON.parse(
	readFileSync(join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
).version;
const install = { major, dir, bin, nodeBinDir, node: join(nodeBinDir, 'node'), version };

mkdirSync(join(CACHE_DIR, 'runs'), { recursive: true });
const userFolder = mkdtempSync(join(CACHE_DIR, 'runs', `smoke-${major}-`));
const workflow = {
	id: 'RealN8nSmoke0001',
	name: 'install smoke test',
	active: false,
	settings: { executionOrder: 'v1' },
	pinData: {},
	connections: { Start: { main: [[{ node: 'Answer', type: 'main', index: 0 }]] } },
	nodes: [
		{
			id: 's1',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 's2',
			name: 'Answer',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: {
				mode: 'manual',
				assignments: {
					assignments: [{ id: 'a1', name: 'answer', value: '={{ 6 * 7 }}', type: 'number' }],
				},
				options: {},
			},
		},
	],
};

const fail = (what, r) => {
	console.error(`[smoke] n8n ${version}: ${what} failed (exit ${r.code ?? r.signal})`);
	console.error(`${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
	rmSync(userFolder, { recursive: true, force: true });
	process.exit(1);
};

const t0 = performance.now();
const env = {
	...n8nEnv(install, { userFolder }),
	N8N_RUNNERS_BROKER_PORT: String(await freePort()),
};
const file = join(userFolder, 'smoke.workflow.json');
writeFileSync(file, JSON.stringify(workflow));
const imported = await runN8n(install, ['import:workflow', `--input=${file}`], { env });
if (!/Successfully imported|Imported \d+/i.test(imported.stdout + imported.stderr))
	fail('import:workflow (opens the SQLite database)', imported);
const executed = await runN8n(install, ['execute', `--id=${workflow.id}`, '--rawOutput'], { env });
const run = parseRunOutput(executed.stdout) ?? parseRunOutput(executed.stdout + executed.stderr);
const answer = run?.data?.resultData?.runData?.Answer?.[0]?.data?.main?.[0]?.[0]?.json?.answer;
if (answer !== 42) fail(`execute (expected {answer: 42}, got ${JSON.stringify(answer)})`, executed);
rmSync(userFolder, { recursive: true, force: true });
console.log(
	`[smoke] n8n ${version}: database opened, workflow imported and executed (answer 42) in ${Math.round((performance.now() - t0) / 100) / 10} s`,
);
