// The README's install paths that work before the package is on npm, run as written and then
// used by a real n8n 2.41 (`n8n start`, the editor's REST API), against the Neo sandbox:
//   1. README "A packed tarball": its block, with HOME set to a throwaway folder (so
//      `~/.n8n/nodes` is that folder's), the tarball's path filled in.
//   2. README "Docker", one n8n: its host commands (all but `docker compose`) in a folder laid out
//      like this repository; n8n then gets the filled docker/nodes as its nodes folder, as the
//      Compose file's mount gives it to the container.
//   3. docker/Dockerfile without Docker: its COPY and RUN, with /home/node and /tmp/neo moved
//      into a throwaway folder laid out like the image's.
//   4. docker/docker-compose.queue.yml without Docker: its n8n environment (service names and ports
//      turned into loopback addresses) for an n8n main and worker on that folder, with a local
//      PostgreSQL and Redis; the main hands the run to the worker.
// Each block runs in a folder with a package.json of its own, which npm must leave alone. In each
// case n8n starts with its own defaults for community packages (none of the N8N_*PACKAGES*
// settings), finds the package in <home>/.n8n/nodes, offers both nodes and the credential, and
// runs a workflow whose Neo node creates a channel in the sandbox.
//
//   npm run build && node --test test/e2e/install-tarball.test.mjs   (part of npm run test:e2e)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import test from 'node:test';
import { parse as parseYaml } from 'yaml';
import { login, setupOwner } from '../../scripts/dev.mjs';
import { finishedExecution, restClient, startN8n } from '../../scripts/lib/n8nServer.mjs';
import { startMain, startWorker } from '../../scripts/lib/queueCluster.mjs';
import { PACKAGE_DIR, packPackage } from '../../scripts/lib/realN8n.mjs';
import { startPostgres, startRedis } from '../../scripts/lib/services.mjs';
import { startSandboxProcess } from '../../scripts/lib/sandboxProcess.mjs';
import {
	CACHE_DIR,
	REPO_ROOT,
	freePort,
	makeUserFolder,
	n8nEnv,
	n8nInstall,
	removeUserFolder,
} from '../../scripts/real-n8n/env.mjs';

const PACKAGE = 'n8n-nodes-neo';
const README_MARKER = '<!-- test/e2e/install-tarball.test.mjs runs the next block';
const log = (message) => process.stderr.write(`[install-tarball ${new Date().toISOString().slice(11, 19)}] ${message}\n`); // prettier-ignore

/** The README's block marked `<label>`: the fenced block right after its marker comment, unindented. */
function readmeBlock(label) {
	const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
	const marker = new RegExp(
		`${README_MARKER.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\n]*: ${label} -->`,
	);
	const at = readme.search(marker);
	assert.ok(at >= 0, `README.md has no "${README_MARKER} …: ${label} -->" marker`);
	const block = /```bash\n([\s\S]*?)\s*```/.exec(readme.slice(at));
	assert.ok(block, `no bash block after the README's "${label}" marker`);
	return block[1].replace(/^ +/gm, '');
}

/** A folder with a package.json, like a project (or this repository) a user runs npm in. */
function projectFolder(dir) {
	mkdirSync(dir, { recursive: true });
	const manifest = JSON.stringify({ name: 'someones-project', version: '1.0.0', private: true });
	writeFileSync(join(dir, 'package.json'), manifest);
	return () => {
		assert.equal(readFileSync(join(dir, 'package.json'), 'utf8'), manifest, `npm changed ${dir}/package.json`); // prettier-ignore
		assert.ok(!existsSync(join(dir, 'node_modules')), `npm installed into ${dir}`);
	};
}

/** npm as a user runs it: no settings inherited from the npm that started this test. */
function userEnv(home) {
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && !/^N8N_/.test(k)),
	);
	const npmCache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
	return { ...env, HOME: home, npm_config_cache: npmCache, npm_config_update_notifier: 'false' };
}

/** 1. README "A packed tarball", as written, in `home`. */
function installFromReadme(work, home, tarball, version) {
	const block = readmeBlock('tarball');
	const placeholder = `/path/to/${PACKAGE}-${version}.tgz`;
	assert.ok(block.includes(placeholder), `the README's block installs ${placeholder}:\n${block}`);
	const script = block.replaceAll(placeholder, tarball);
	log(`README block:\n${script}`);
	const cwd = join(work, 'project');
	const untouched = projectFolder(cwd);
	execFileSync('bash', ['-euo', 'pipefail', '-c', script], { cwd, env: userEnv(home), stdio: ['ignore', 'pipe', 'pipe'] }); // prettier-ignore
	untouched();
}

/** 2. README "Docker", one n8n: the host commands, in a folder laid out like this repository. */
function installForCompose(work, home, tarball, version) {
	const block = readmeBlock('compose nodes folder');
	const lines = block.split('\n').filter((line) => !/docker compose/.test(line));
	assert.ok(lines.some((line) => line.includes(`./docker/${PACKAGE}-${version}.tgz`)), `the block installs ./docker/${PACKAGE}-${version}.tgz:\n${block}`); // prettier-ignore
	const repo = join(work, 'repository');
	const untouched = projectFolder(repo);
	cpSync(tarball, join(repo, 'docker', basename(tarball)));
	log(`README Docker block, without docker compose:\n${lines.join('\n')}`);
	execFileSync('bash', ['-euo', 'pipefail', '-c', lines.join('\n')], { cwd: repo, env: userEnv(home), stdio: ['ignore', 'pipe', 'pipe'] }); // prettier-ignore
	untouched();
	const compose = readFileSync(join(REPO_ROOT, 'docker', 'docker-compose.yml'), 'utf8');
	assert.match(compose, /- \.\/nodes:\/home\/node\/\.n8n\/nodes$/m, 'docker-compose.yml mounts ./nodes as the nodes folder'); // prettier-ignore
	// what the mount shows the container at /home/node/.n8n/nodes
	cpSync(join(repo, 'docker', 'nodes'), join(home, '.n8n', 'nodes'), { recursive: true });
	assert.deepEqual(
		readdirSync(join(repo, 'docker', 'nodes', 'node_modules')).filter((n) => !n.startsWith('.')),
		[PACKAGE],
	);
}

/** 3. docker/Dockerfile's COPY and RUN, with the image's paths moved under `root`. */
function installFromDockerfile(root, home, tarball) {
	const { DockerfileParser } = createRequire(import.meta.url)('dockerfile-ast');
	const dockerfile = DockerfileParser.parse(readFileSync(join(REPO_ROOT, 'docker', 'Dockerfile'), 'utf8')); // prettier-ignore
	const args = Object.fromEntries(
		dockerfile.getARGs().map((a) => [a.getProperty().getName(), a.getProperty().getValue()]),
	);
	assert.equal(args.NEO_TARBALL, basename(tarball), 'the Dockerfile installs the packed version');
	const movePaths = (text) =>
		text.replaceAll('/home/node', home).replaceAll('/tmp/neo', join(root, 'tmp', 'neo'));
	const env = { ...userEnv(home), ...args };
	let ran = 0;
	for (const instruction of dockerfile.getInstructions()) {
		const keyword = instruction.getKeyword();
		if (keyword === 'COPY') {
			const [source, destination] = instruction.getArguments().map((a) => a.getValue());
			assert.equal(source, '${NEO_TARBALL}');
			mkdirSync(movePaths(destination), { recursive: true });
			cpSync(tarball, join(movePaths(destination), basename(tarball)));
		} else if (keyword === 'RUN') {
			const script = movePaths(instruction.getArgumentsContent().replace(/\\\n/g, ' '));
			log(`Dockerfile RUN, paths moved:\n${script}`);
			execFileSync('sh', ['-ec', script], { cwd: home, env, stdio: ['ignore', 'pipe', 'pipe'] }); // the image's WORKDIR
			ran++;
		}
	}
	assert.equal(ran, 1, 'the Dockerfile has one RUN');
	assert.ok(!existsSync(join(root, 'tmp', 'neo')), 'the RUN removed the copied tarball');
}

const channelWorkflow = (credential, internalName) => ({
	name: `Neo installed: ${internalName}`,
	nodes: [
		{
			id: 'start',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'neo',
			name: 'Create channel',
			type: `${PACKAGE}.neo`,
			typeVersion: 2,
			position: [240, 0],
			parameters: {
				resource: 'channel',
				operation: 'create',
				audience: 'END_USER',
				internalName,
				channelType: 'TEAMS',
				agent: { __rl: true, value: '101', mode: 'list', cachedResultName: 'Agent 101' },
			},
			credentials: { neoApi: credential },
		},
	],
	connections: { Start: { main: [[{ node: 'Create channel', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
});

/** The package as the install left it in <home>/.n8n/nodes: the packed version, no second n8n-workflow. */
function assertInstalled(home, version) {
	const nodesDir = join(home, '.n8n', 'nodes');
	const installed = JSON.parse(readFileSync(join(nodesDir, 'node_modules', PACKAGE, 'package.json'), 'utf8')); // prettier-ignore
	assert.equal(installed.version, version, 'the packed version is in the nodes folder');
	assert.ok(
		!existsSync(join(nodesDir, 'node_modules', 'n8n-workflow')),
		'no second n8n-workflow beside the package (--omit=peer)',
	);
}

/** n8n's environment as a user's: community-package settings at n8n's defaults. */
function userN8nEnv(install, home, port, extra = {}) {
	const env = n8nEnv(install, { userFolder: home, port, extra: { HOME: home, ...extra } });
	delete env.N8N_COMMUNITY_PACKAGES_ENABLED;
	delete env.N8N_UNVERIFIED_PACKAGES_ENABLED;
	return env;
}

/** Through a running n8n's REST API: both nodes and the credential offered; a workflow's Neo node creates a channel. */
async function runNeoThroughRest({ install, baseUrl, sandbox, internalName }) {
	const owner = { email: 'owner@tarball.test', password: 'Tarball-test-1' };
	await setupOwner(baseUrl, owner);
	const session = await login(baseUrl, owner);
	assert.equal(session.status, 200, 'owner login');
	const rest = restClient(baseUrl, session.cookie.split(';')[0]);

	const nodeTypes = (await rest('GET', '/types/nodes.json')).body.map((n) => n.name);
	for (const type of [`${PACKAGE}.neo`, `${PACKAGE}.neoTrigger`]) {
		assert.ok(nodeTypes.includes(type), `${type} offered to the editor`);
	}
	const credentialTypes = (await rest('GET', '/types/credentials.json')).body.map((c) => c.name);
	assert.ok(credentialTypes.includes('neoApi'), 'the Neo API credential type is offered');

	const credential = await rest('POST', '/rest/credentials', {
		name: 'Neo sandbox',
		type: 'neoApi',
		data: { apiKey: sandbox.keys.tenant, baseUrl: sandbox.url },
	});
	assert.equal(credential.status, 200, credential.text.slice(0, 1000));
	const workflow = await rest('POST', '/rest/workflows', channelWorkflow({ id: credential.body.id, name: 'Neo sandbox' }, internalName)); // prettier-ignore
	assert.equal(workflow.status, 200, workflow.text.slice(0, 1000));
	const run = await rest('POST', `/rest/workflows/${workflow.body.id}/run`, { triggerToStartFrom: { name: 'Start' } }); // prettier-ignore
	assert.equal(run.status, 200, run.text.slice(0, 1000));
	const executionId = run.body.executionId;
	const { status, data } = await finishedExecution(install, rest, executionId);
	assert.equal(status, 'success', JSON.stringify(data.resultData.error ?? {}).slice(0, 2000));
	const items = data.resultData.runData['Create channel'][0].data.main[0].map((i) => i.json);
	assert.equal(items.length, 1);
	assert.equal(items[0].internal_name, internalName);
	assert.ok(!JSON.stringify(items).includes(sandbox.keys.tenant), 'the API key is not in the output'); // prettier-ignore
	const posts = (await sandbox.requests()).filter((r) => r.method === 'POST');
	assert.deepEqual(
		posts.map((r) => [r.path, r.status, r.body.internal_name]),
		[['/public-api/channels', 201, internalName]],
	);
	assert.deepEqual((await sandbox.state()).contractViolations, []);
	log(`n8n ${install.version} ran the Neo node: ${JSON.stringify(items[0]).slice(0, 160)}`);
	return executionId;
}

/** `n8n start` on `home` as a user would, then the Neo workflow through its REST API. */
async function runNeoInN8n({ install, home, sandbox, version, internalName, logFile }) {
	assertInstalled(home, version);
	const port = await freePort();
	const env = userN8nEnv(install, home, port, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) }); // prettier-ignore
	const n8n = await startN8n(install, env, logFile);
	try {
		await runNeoThroughRest({
			install,
			baseUrl: `http://127.0.0.1:${port}`,
			sandbox,
			internalName,
		});
	} finally {
		await n8n.stop();
	}
}

/**
 * docker-compose.queue.yml's n8n environment with Compose's interpolation done (`${VAR:?…}` from
 * `vars`, `${VAR:-default}`), and the service names and container ports of its network mapped to
 * the loopback addresses of the local PostgreSQL and Redis.
 */
function queueComposeEnv(vars, { postgresPort, redisPort }) {
	const compose = parseYaml(readFileSync(join(REPO_ROOT, 'docker', 'docker-compose.queue.yml'), 'utf8'), { merge: true }); // prettier-ignore
	const main = compose.services['n8n-main'].environment;
	assert.deepEqual(compose.services['n8n-worker'].environment, main, 'main and worker share one environment'); // prettier-ignore
	const interpolate = (value) =>
		String(value).replace(/\$\{([A-Z0-9_]+)(?::([?-])([^}]*))?\}/g, (_, name, kind, rest) => {
			if (vars[name] !== undefined) return vars[name];
			assert.notEqual(kind, '?', `${name} is required: ${rest}`);
			return rest;
		});
	const env = Object.fromEntries(Object.entries(main).map(([k, v]) => [k, interpolate(v)]));
	assert.equal(env.DB_POSTGRESDB_HOST, 'postgres');
	assert.equal(env.QUEUE_BULL_REDIS_HOST, 'redis');
	return {
		...env,
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgresPort),
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
	};
}

test(
	"README install paths without npm's registry, in real n8n 2.41",
	{ timeout: 15 * 60_000 },
	async (t) => {
		const install = n8nInstall('2');
		assert.ok(install, 'n8n 2 is not installed: run scripts/real-n8n/install.sh 2');
		assert.ok(
			existsSync(join(PACKAGE_DIR, 'dist', 'nodes', 'Neo', 'Neo.node.js')),
			'run npm run build first',
		);
		mkdirSync(join(CACHE_DIR, 'runs'), { recursive: true });
		const work = mkdtempSync(join(CACHE_DIR, 'runs', 'tarball-work-'));
		const cleanups = [
			() => !process.env.REAL_N8N_KEEP && rmSync(work, { recursive: true, force: true }),
		];
		try {
			const packed = packPackage(PACKAGE_DIR, join(work, 'pack'));
			log(`npm pack: ${packed.tarball}`);
			const sandbox = await startSandboxProcess();
			cleanups.push(() => sandbox.stop());
			let imageHome; // the image's /home/node, laid out by the Dockerfile's commands (test 3)

			await t.test(
				'README "A packed tarball": its commands in a fresh home, then n8n runs the Neo node',
				async () => {
					await sandbox.reset();
					const home = makeUserFolder('tarball-readme');
					cleanups.push(() => removeUserFolder(home));
					installFromReadme(work, home, packed.tarball, packed.version);
					await runNeoInN8n({
						install,
						home,
						sandbox,
						version: packed.version,
						internalName: 'installed-from-readme-tarball',
						logFile: join(work, 'n8n-readme.log'),
					});
				},
			);

			await t.test(
				'README "Docker", one n8n: the host commands fill docker/nodes, then n8n runs the Neo node from it',
				async () => {
					await sandbox.reset();
					const home = makeUserFolder('tarball-compose');
					cleanups.push(() => removeUserFolder(home));
					installForCompose(work, home, packed.tarball, packed.version);
					await runNeoInN8n({
						install,
						home,
						sandbox,
						version: packed.version,
						internalName: 'installed-for-docker-compose',
						logFile: join(work, 'n8n-compose.log'),
					});
				},
			);

			await t.test(
				"docker/Dockerfile's COPY and RUN outside Docker, then n8n runs the Neo node",
				async () => {
					await sandbox.reset();
					const root = makeUserFolder('tarball-image');
					cleanups.push(() => removeUserFolder(root));
					const home = join(root, 'home', 'node');
					mkdirSync(home, { recursive: true });
					installFromDockerfile(root, home, packed.tarball);
					imageHome = home;
					await runNeoInN8n({
						install,
						home,
						sandbox,
						version: packed.version,
						internalName: 'installed-like-the-docker-image',
						logFile: join(work, 'n8n-image.log'),
					});
				},
			);

			await t.test(
				"docker-compose.queue.yml's n8n environment: a main hands the run to a worker, both on the image's nodes folder",
				// the e2e knob for runs without Redis and PostgreSQL, as in queue.test.mjs
				{ skip: process.env.REAL_N8N_SKIP_QUEUE === '1' && 'REAL_N8N_SKIP_QUEUE=1' },
				async () => {
					assert.ok(imageHome, "the Dockerfile's test laid out the image's folder");
					await sandbox.reset();
					const postgres = await startPostgres({ log });
					cleanups.push(() => postgres.stop());
					const redis = await startRedis({ dir: work });
					cleanups.push(() => redis.stop());
					const composeEnv = queueComposeEnv(
						{ POSTGRES_PASSWORD: postgres.n8nEnv.DB_POSTGRESDB_PASSWORD, N8N_ENCRYPTION_KEY: `queue-${process.pid}-key` }, // prettier-ignore
						{ postgresPort: postgres.port, redisPort: redis.port },
					);
					log(`compose environment on loopback: ${Object.keys(composeEnv).join(', ')}`);
					// the image's nodes folder as a container gets it (test 3's n8n wrote its own data beside it)
					const home = makeUserFolder('tarball-queue');
					cleanups.push(() => removeUserFolder(home));
					cpSync(join(imageHome, '.n8n', 'nodes'), join(home, '.n8n', 'nodes'), {
						recursive: true,
					});
					const n8n = { install, userFolder: home, env: userN8nEnv(install, home, 0) };
					const main = await startMain(n8n, composeEnv, { label: 'n8n main (compose env)' });
					cleanups.push(() => main.proc.stop());
					const worker = await startWorker(n8n, composeEnv, { label: 'n8n worker (compose env)' });
					cleanups.push(() => worker.stop());
					const executionId = await runNeoThroughRest({
						install,
						baseUrl: main.url,
						sandbox,
						internalName: 'installed-in-queue-mode',
					});
					assert.match(worker.output, new RegExp(`Worker started execution ${executionId} `), 'the worker ran it'); // prettier-ignore
				},
			);
		} finally {
			for (const cleanup of cleanups.reverse()) {
				try {
					await cleanup();
				} catch (error) {
					log(`cleanup: ${error.message}`);
				}
			}
		}
	},
);
