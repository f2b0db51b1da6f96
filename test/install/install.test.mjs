// n8n's own Community Nodes installer, in a real n8n 2.41: what an admin's click on
// Settings → Community Nodes → Install does (POST /rest/community-packages). n8n then asks the
// registry itself (`npm view` / a registry request, `npm pack`, `npm install`), loads the package,
// and must run its node; uninstalling (DELETE /rest/community-packages) must remove it again.
//
// The registry is the packed package in a local Verdaccio behind a loopback proxy that answers
// n8n's default registry address (publicRegistry.mjs); n8n and npm reach it through their proxy
// settings. Everything listens on 127.0.0.1 and is stopped at the end.
//
//   npm run build && npm run test:install     (needs scripts/real-n8n/install.sh 2 first)
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { setupOwner, login } from '../../scripts/dev.mjs';
import {
	REPO_ROOT,
	freePort,
	makeUserFolder,
	n8nEnv,
	n8nInstall,
	removeUserFolder,
} from '../../scripts/real-n8n/env.mjs';
import { finishedExecution, restClient, startN8n } from '../../scripts/lib/n8nServer.mjs';
import { packPackage } from '../../scripts/lib/realN8n.mjs';
import { startSandboxProcess } from '../../scripts/lib/sandboxProcess.mjs';
import {
	ensureVerdaccio,
	makeTestCertificates,
	publishToVerdaccio,
	startRegistryProxy,
	startVerdaccio,
} from './publicRegistry.mjs';

const PACKAGE = 'n8n-nodes-neo';
const NODE_TYPE = `${PACKAGE}.neo`;
const log = (message) => process.stderr.write(`[install ${new Date().toISOString().slice(11, 19)}] ${message}\n`); // prettier-ignore

/** The registry n8n installs from by default, read from the installed n8n itself. */
function defaultRegistry(install) {
	const file = join(install.dir, 'node_modules', 'n8n', 'dist', 'modules', 'community-packages', 'community-packages.config.js'); // prettier-ignore
	const match = /this\.registry = '([^']+)'/.exec(readFileSync(file, 'utf8'));
	assert.ok(match, `no default registry in ${file}`);
	return new URL(match[1]);
}

const installWorkflow = (credential) => ({
	name: 'Installed Neo node',
	nodes: [
		{
			id: 'install-start',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'install-neo',
			name: 'Create channel',
			type: NODE_TYPE,
			typeVersion: 2,
			position: [240, 0],
			parameters: {
				resource: 'channel',
				operation: 'create',
				audience: 'END_USER',
				internalName: 'installed-through-community-nodes',
				channelType: 'TEAMS',
				agent: { __rl: true, value: '101', mode: 'list', cachedResultName: 'Agent 101' },
			},
			credentials: { neoApi: credential },
		},
	],
	connections: { Start: { main: [[{ node: 'Create channel', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
});

test(
	'n8n 2.41 Community Nodes installer: install from the registry, run the node, uninstall',
	{ timeout: 15 * 60_000 },
	async (t) => {
		const install = n8nInstall('2');
		assert.ok(install, 'n8n 2 is not installed: run scripts/real-n8n/install.sh 2');
		assert.ok(
			existsSync(join(REPO_ROOT, 'dist', 'nodes', 'Neo', 'Neo.node.js')),
			'run npm run build first',
		);
		const registry = defaultRegistry(install);
		const workRoot = join(REPO_ROOT, '.cache', 'install-test');
		mkdirSync(workRoot, { recursive: true });
		const work = mkdtempSync(join(workRoot, 'run-'));
		const cleanups = [];
		const started = Date.now();
		try {
			const packed = packPackage(REPO_ROOT, join(work, 'pack'));
			log(`packed ${packed.name}@${packed.version} (${packed.files.length} files)`);

			const verdaccio = await startVerdaccio({
				bin: ensureVerdaccio(join(REPO_ROOT, '.cache')),
				dir: join(work, 'verdaccio'),
				port: await freePort(),
			});
			cleanups.push(() => verdaccio.stop());
			await publishToVerdaccio(verdaccio, packed.tarball, work);
			log(`published to Verdaccio on ${verdaccio.url}`);

			const certs = makeTestCertificates(join(work, 'ca'), registry.hostname);
			const proxy = await startRegistryProxy({
				registryHost: registry.hostname,
				upstream: verdaccio.url,
				keyFile: certs.keyFile,
				certFile: certs.certFile,
			});
			cleanups.push(() => proxy.stop());
			log(`proxy on ${proxy.url} answers ${registry.hostname} from Verdaccio (throwaway CA)`);

			const sandbox = await startSandboxProcess();
			cleanups.push(() => sandbox.stop());

			const userFolder = makeUserFolder('install');
			cleanups.push(() => removeUserFolder(userFolder));
			const npmrc = join(work, 'user.npmrc');
			writeFileSync(npmrc, '');
			const port = await freePort();
			const env = n8nEnv(install, {
				userFolder,
				port,
				extra: {
					N8N_RUNNERS_BROKER_PORT: String(await freePort()),
					// npm, as n8n runs it: the proxy, the test CA, a private cache and no user config
					npm_config_https_proxy: proxy.url,
					npm_config_proxy: proxy.url,
					npm_config_cafile: certs.caFile,
					npm_config_cache: join(work, 'npm-cache'),
					npm_config_userconfig: npmrc,
					npm_config_update_notifier: 'false',
					// n8n's own HTTP calls (registry requests, its package-status service): the same proxy
					HTTPS_PROXY: proxy.url,
					HTTP_PROXY: proxy.url,
					NO_PROXY: '127.0.0.1,localhost',
					NODE_EXTRA_CA_CERTS: certs.caFile,
				},
			});
			const n8n = await startN8n(install, env, join(work, 'n8n.log'));
			cleanups.push(() => n8n.stop());
			const baseUrl = `http://127.0.0.1:${port}`;
			log(`n8n ${install.version} up on ${baseUrl}`);

			const owner = { email: 'owner@install.test', password: 'Install-test-1' };
			await setupOwner(baseUrl, owner);
			const session = await login(baseUrl, owner);
			assert.equal(session.status, 200, 'owner login');
			const rest = restClient(baseUrl, session.cookie.split(';')[0]);
			const nodesDir = join(userFolder, '.n8n', 'nodes');

			await t.test(
				'POST /rest/community-packages installs it through npm from the registry',
				async () => {
					const before = proxy.served.length;
					const res = await rest('POST', '/rest/community-packages', { name: PACKAGE });
					assert.equal(
						res.status,
						200,
						`install answered ${res.status}: ${res.text.slice(0, 2000)}`,
					);
					assert.equal(res.body.packageName, PACKAGE);
					assert.equal(res.body.installedVersion, packed.version);
					assert.deepEqual(res.body.installedNodes.map((n) => n.type).sort(), [
						NODE_TYPE,
						`${PACKAGE}.neoTrigger`,
					]);
					const asked = proxy.served.slice(before);
					log(`registry requests during install: ${asked.map((r) => `${r.method} ${r.path} ${r.status}`).join(', ')}`); // prettier-ignore
					assert.ok(
						asked.some(
							(r) =>
								r.path === `/${PACKAGE}/-/${PACKAGE}-${packed.version}.tgz` && r.status === 200,
						),
						'the tarball came through the registry',
					);
					// n8n's version check (a registry request; `npm view` only when that fails)
					assert.ok(
						asked.some((r) => r.path === `/${PACKAGE}/latest` && r.status === 200),
						'n8n asked the registry for the latest version',
					);
					const installed = JSON.parse(readFileSync(join(nodesDir, 'node_modules', PACKAGE, 'package.json'), 'utf8')); // prettier-ignore
					assert.equal(installed.version, packed.version);
					assert.equal(JSON.parse(readFileSync(join(nodesDir, 'package.json'), 'utf8')).dependencies[PACKAGE], packed.version); // prettier-ignore
				},
			);

			await t.test('the node and its credential type are offered to the editor', async () => {
				const list = await rest('GET', '/rest/community-packages');
				assert.equal(list.status, 200);
				assert.deepEqual(
					list.body.map((p) => p.packageName),
					[PACKAGE],
				);
				const nodeTypes = await rest('GET', '/types/nodes.json');
				assert.ok(nodeTypes.body.some((n) => n.name === NODE_TYPE), `${NODE_TYPE} in /types/nodes.json`); // prettier-ignore
				const credentialTypes = await rest('GET', '/types/credentials.json');
				assert.ok(credentialTypes.body.some((c) => c.name === 'neoApi'), 'neoApi in /types/credentials.json'); // prettier-ignore
			});

			await t.test(
				'a workflow with the installed node creates a channel in the Neo sandbox',
				async () => {
					const credential = await rest('POST', '/rest/credentials', {
						name: 'Neo sandbox',
						type: 'neoApi',
						data: { apiKey: sandbox.keys.tenant, baseUrl: sandbox.url },
					});
					assert.equal(credential.status, 200, credential.text.slice(0, 1000));
					const workflow = await rest('POST', '/rest/workflows', installWorkflow({ id: credential.body.id, name: 'Neo sandbox' })); // prettier-ignore
					assert.equal(workflow.status, 200, workflow.text.slice(0, 1000));
					const run = await rest('POST', `/rest/workflows/${workflow.body.id}/run`, { triggerToStartFrom: { name: 'Start' } }); // prettier-ignore
					assert.equal(run.status, 200, run.text.slice(0, 1000));
					const execution = await finishedExecution(install, rest, run.body.executionId);
					const { data } = execution;
					assert.equal(execution.status, 'success', JSON.stringify(data.resultData.error ?? {}).slice(0, 2000)); // prettier-ignore
					const items = data.resultData.runData['Create channel'][0].data.main[0].map(
						(i) => i.json,
					);
					assert.equal(items.length, 1);
					const state = await sandbox.state();
					assert.equal(state.created.channels, 1, 'the sandbox created one channel');
					assert.deepEqual(state.contractViolations, []);
					const sent = (await sandbox.requests()).filter((r) => r.method === 'POST');
					assert.deepEqual(
						sent.map((r) => [r.status, r.body.internal_name]),
						[[201, 'installed-through-community-nodes']],
					);
					assert.equal(items[0].internal_name ?? items[0].internalName, 'installed-through-community-nodes'); // prettier-ignore
					assert.ok(
						!JSON.stringify(items).includes(sandbox.keys.tenant),
						'the API key is not in the output',
					);
					log(`node output: ${JSON.stringify(items[0]).slice(0, 300)}`);
				},
			);

			await t.test('DELETE /rest/community-packages uninstalls it', async () => {
				const res = await rest('DELETE', `/rest/community-packages?name=${PACKAGE}`);
				assert.equal(res.status, 200, res.text.slice(0, 1000));
				assert.deepEqual((await rest('GET', '/rest/community-packages')).body, []);
				assert.ok(!existsSync(join(nodesDir, 'node_modules', PACKAGE)), 'package folder removed');
				const nodeTypes = await rest('GET', '/types/nodes.json');
				assert.ok(!nodeTypes.body.some((n) => n.name === NODE_TYPE), `${NODE_TYPE} gone from /types/nodes.json`); // prettier-ignore
			});

			log(`refused (hosts other than the registry, never reached): ${proxy.refused.join(', ') || 'none'}`); // prettier-ignore
			log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
		} finally {
			for (const cleanup of cleanups.reverse()) {
				try {
					await cleanup();
				} catch (error) {
					log(`cleanup: ${error.message}`);
				}
			}
			if (!process.env.REAL_N8N_KEEP) rmSync(work, { recursive: true, force: true });
		}
	},
);
