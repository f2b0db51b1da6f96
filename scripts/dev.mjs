#!/usr/bin/env node
// `npm run dev`: the one-command demo. Builds the package, installs the pinned real n8n 2.41.1
// (Node 24 from the npm registry, under .cache/real-n8n/; the first run only, about 10 minutes),
// starts the Neo sandbox and `n8n start` with the package installed as a community package,
// imports the credential "Neo sandbox" and the example workflows (and publishes the MCP template,
// with its bearer token, and the chat one, so its hosted chat page answers), creates the owner
// account, prints where to sign in, and stops everything (n8n, its task runner, the sandbox) on
// Ctrl-C / SIGTERM.
//
// What you build is kept: n8n's user folder (database, encryption key, the sandbox's tenant key)
// stays in .cache/dev/n8n-user/, and the next `npm run dev` imports only the examples or the
// credential that are missing there. The sandbox's data (end companies, channels, sessions,
// approvals... that requests created or changed) is kept beside it in .cache/dev/n8n-user/
// sandbox-state.json. `npm run dev -- --fresh` starts over from an empty folder (both).
//
// Why not `n8n-node dev` from @n8n/node-cli: it starts `npx -y n8n@latest`, and n8n@latest
// (2.41.3 when this was written) does not install here: its dependency @n8n/agents@0.26.2 is
// missing from the registry, a plain install runs @confluentinc/kafka-javascript's build that
// downloads sources from outside the registries, and n8n 2.x needs Node >= 24 where only Node 20
// may be present. It also links the package into ~/.n8n-node-cli/.n8n/custom rather than
// installing it the way users do. scripts/real-n8n/install.sh solves all of that, so this script
// uses it. (For a watch loop on top of this demo, `n8n-node dev --external-n8n` only runs tsc.)
//
//   npm run dev                  # editor on http://127.0.0.1:5678 (a free port if that one is taken
//                                # when n8n starts: ports are chosen right before each server starts)
//   npm run dev -- --fresh       # forget the previous runs' workflows and credentials
//   NEO_DEV_PORT=5690 NEO_DEV_SANDBOX_PORT=5691 npm run dev
//   NEO_DEV_SKIP_BUILD=1 npm run dev             # reuse dist/ as it is
//
// Also a module: `startDemo()` returns { url, email, password, sandbox, userFolder, stop }
// (used by test/e2e/browser.test.mjs with a throwaway user folder).
import { spawn, spawnSync } from 'node:child_process';
import {
	createWriteStream,
	existsSync,
	mkdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { REPO_ROOT, n8nInstall, freePort } from './real-n8n/env.mjs';
import { createN8n, packPackage, PACKAGE_DIR } from './lib/realN8n.mjs';
import { startSandboxProcess } from './lib/sandboxProcess.mjs';
import { loadExample, SANDBOX_CREDENTIAL, BAD_KEY_CREDENTIAL } from '../test/e2e/workflows.mjs';

export const DEV_DIR = join(REPO_ROOT, '.cache', 'dev');
/** The MCP template's bearer credential (examples/neo-mcp-server.workflow.json) and its id. */
const MCP_CREDENTIAL = { id: 'neo-mcp-bearer', name: 'Neo MCP server token' };
const MCP_WORKFLOW_ID = 'NeoMcpServer0001';
/** The demo's n8n user folder, kept between runs (`--fresh` empties it). */
export const DEV_USER_FOLDER = join(DEV_DIR, 'n8n-user');
export const DEFAULT_EMAIL = 'demo@neo-sandbox.example';
export const DEFAULT_PASSWORD = 'NeoDemo-2026'; // n8n wants 8+ chars, a digit and an uppercase letter
export const WRONG_KEY = 'neo_sk_test_WrongKeyWrongKeyWrongKey00';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (ms) => Math.round(ms / 100) / 10;

function run(cmd, args, { log, cwd = REPO_ROOT, env = process.env } = {}) {
	const t0 = performance.now();
	const r = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
	if (r.status !== 0) {
		throw new Error(
			`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}):\n${(r.stdout ?? '').slice(-3000)}\n${(r.stderr ?? '').slice(-3000)}`,
		);
	}
	log?.(`${cmd} ${args.join(' ')}: ${secs(performance.now() - t0)} s`);
	return r;
}

async function isPortFree(port) {
	return await new Promise((res) => {
		const srv = net.createServer();
		srv.once('error', () => res(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
	});
}

async function assertPortFree(port, what) {
	await new Promise((res, rej) => {
		const srv = net.createServer();
		srv.once('error', (e) =>
			rej(
				new Error(
					`${what} port ${port} on 127.0.0.1 is in use (${e.code}): stop what uses it or pick another port (NEO_DEV_PORT / NEO_DEV_SANDBOX_PORT)`,
				),
			),
		);
		srv.listen(port, '127.0.0.1', () => srv.close(res));
	});
}

async function waitHttp(url, timeoutMs, child) {
	const t0 = Date.now();
	for (;;) {
		if (child && child.exitCode !== null)
			throw new Error(`n8n exited (${child.exitCode}) before ${url} answered`);
		try {
			const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
			if (res.ok) return;
		} catch {
			/* not up yet */
		}
		if (Date.now() - t0 > timeoutMs)
			throw new Error(`${url} did not answer within ${timeoutMs} ms`);
		await sleep(300);
	}
}

const isAlive = (pid) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

/**
 * What the kept user folder holds: the demo's own settings (demo.json: n8n's encryption key, the
 * sandbox's tenant key, the credential's base URL as last imported) and the ids of the workflows
 * and credentials in n8n's database (read with Node 24's built-in SQLite, n8n 2.x's Node).
 */
function readUserFolder(userFolder, install) {
	const stateFile = join(userFolder, 'demo.json');
	const state = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {};
	const db = join(userFolder, '.n8n', 'database.sqlite');
	let ids = { workflows: [], credentials: [] };
	if (existsSync(db)) {
		const script = `const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(${JSON.stringify(db)}, { readOnly: true });
const ids = (t) => db.prepare('SELECT id FROM ' + t).all().map((r) => r.id);
console.log(JSON.stringify({ workflows: ids('workflow_entity'), credentials: ids('credentials_entity') }));`;
		const r = run(install.node, ['--no-warnings', '-e', script]);
		ids = JSON.parse(r.stdout);
	}
	return { stateFile, state, ids };
}

/** POST /rest/owner/setup (n8n's own first-run "Set up owner account" form, without the form). */
export async function setupOwner(
	baseUrl,
	{ email, password, firstName = 'Demo', lastName = 'Owner' },
) {
	const res = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, password, firstName, lastName }),
	});
	const text = await res.text();
	if (!res.ok)
		throw new Error(`POST /rest/owner/setup answered ${res.status}: ${text.slice(0, 500)}`);
	return JSON.parse(text).data ?? JSON.parse(text);
}

/** POST /rest/login; returns { status, cookie, user }. */
export async function login(baseUrl, { email, password }) {
	const res = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: email, password }),
	});
	const body = await res.json().catch(() => ({}));
	return { status: res.status, cookie: res.headers.get('set-cookie'), user: body.data };
}

/**
 * Start the demo. Everything it starts is stopped by the returned `stop()` (idempotent).
 * Options: n8nPort (5678), sandboxPort (5680): a number, or an async function that picks one,
 * called right before that server starts (the first run installs n8n for minutes first),
 * userFolder (default DEV_USER_FOLDER, kept between
 * runs; a given folder is removed by stop() unless keep), fresh (empty the folder first), build
 * (true), install (true), wrongKeyCredential (also import "Neo sandbox (wrong key)"), email,
 * password, log (a function), echoN8n (stream n8n's output to this process' stderr).
 * n8n's output goes to <userFolder>/n8n.log.
 */
export async function startDemo({
	n8nPort = 5678,
	sandboxPort = 5680,
	userFolder,
	fresh = false,
	build = true,
	install = true,
	wrongKeyCredential = false,
	email = DEFAULT_EMAIL,
	password = DEFAULT_PASSWORD,
	log = () => {},
	echoN8n = false,
	keep = !userFolder,
} = {}) {
	const timings = {};
	const tAll = performance.now();
	const cleanups = [];
	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		const t0 = performance.now();
		for (const fn of cleanups.reverse()) {
			try {
				await fn();
			} catch (e) {
				log(`stop: ${e.message}`);
			}
		}
		timings.stop = secs(performance.now() - t0);
		log(`stopped in ${timings.stop} s`);
	};
	// a fixed port is checked now (fail fast) and again right before its server starts
	const portNow = async (port, what) => {
		const chosen = typeof port === 'function' ? await port() : port;
		await assertPortFree(chosen, what);
		return chosen;
	};
	try {
		if (typeof n8nPort === 'number') await assertPortFree(n8nPort, 'n8n');
		if (typeof sandboxPort === 'number') await assertPortFree(sandboxPort, 'sandbox');

		let t0 = performance.now();
		if (build) {
			log('building the package (npm run build)…');
			run('npm', ['run', 'build', '--silent'], { log });
		}
		timings.build = secs(performance.now() - t0);

		t0 = performance.now();
		let n8n2 = n8nInstall('2');
		if (!n8n2) {
			if (!install)
				throw new Error('n8n 2 is not installed: run bash scripts/real-n8n/install.sh 2');
			log(
				'installing Node 24 + n8n 2.41.1 into .cache/real-n8n (first run only, about 10 minutes)…',
			);
			const r = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'real-n8n', 'install.sh'), '2'], {
				cwd: REPO_ROOT,
				stdio: ['ignore', 'inherit', 'inherit'],
			});
			if (r.status !== 0)
				throw new Error(`scripts/real-n8n/install.sh 2 failed (exit ${r.status ?? r.signal})`);
			n8n2 = n8nInstall('2');
			if (!n8n2) throw new Error('install.sh 2 finished but n8n 2 is not usable');
		}
		timings.installN8n = secs(performance.now() - t0);

		// the user folder: kept between runs, one demo at a time
		userFolder = resolve(userFolder ?? DEV_USER_FOLDER);
		const pidFile = join(userFolder, 'demo.pid');
		if (existsSync(pidFile)) {
			const pid = Number(readFileSync(pidFile, 'utf8'));
			if (pid !== process.pid && isAlive(pid))
				throw new Error(
					`a demo (pid ${pid}) is already running with ${userFolder}: stop it first (Ctrl-C in its terminal)`,
				);
		}
		if (fresh) {
			log(`--fresh: emptying ${userFolder}`);
			rmSync(userFolder, { recursive: true, force: true });
		}
		mkdirSync(userFolder, { recursive: true });
		writeFileSync(pidFile, String(process.pid));
		cleanups.push(async () => {
			if (keep) rmSync(pidFile, { force: true });
			else if (userFolder.startsWith(DEV_DIR + '/'))
				rmSync(userFolder, { recursive: true, force: true });
		});
		const { stateFile, state, ids } = readUserFolder(userFolder, n8n2);
		state.encryptionKey ??= 'dev-' + randomBytes(12).toString('hex');
		// a fixed tenant key, so the credential saved by an earlier run still authenticates
		state.tenantKey ??=
			'neo_sk_test_' + randomBytes(18).toString('base64url').replace(/[-_]/g, 'x').slice(0, 24);
		// the bearer token MCP clients send to the MCP template's trigger (kept like the tenant key)
		state.mcpToken ??= 'neo-mcp-' + randomBytes(18).toString('base64url');
		writeFileSync(stateFile, JSON.stringify(state, null, 2));

		t0 = performance.now();
		const sandbox = await startSandboxProcess({
			port: await portNow(sandboxPort, 'sandbox'),
			env: { NEO_SANDBOX_TENANT_KEY: state.tenantKey },
			// what requests created in the sandbox, kept with n8n's data (--fresh empties both)
			stateFile: join(userFolder, 'sandbox-state.json'),
		});
		cleanups.push(() => sandbox.stop());
		timings.sandbox = secs(performance.now() - t0);
		log(`Neo sandbox on ${sandbox.url} (pid ${sandbox.pid})`);

		t0 = performance.now();
		const pack = packPackage(PACKAGE_DIR);
		const n8n = await createN8n({
			major: '2',
			pack,
			userFolder,
			mode: 'community',
			encryptionKey: state.encryptionKey,
			extraEnv: typeof n8nPort === 'number' ? { N8N_PORT: String(n8nPort) } : {},
			log,
		});
		rmSync(join(pack.tarball, '..'), { recursive: true, force: true });
		timings.installPackage = secs(performance.now() - t0);

		// import what the user folder does not have yet; the credential again when the sandbox's
		// address changed (another port), since it is the demo's own pointer at this sandbox
		t0 = performance.now();
		const creds = [
			{
				...SANDBOX_CREDENTIAL,
				type: 'neoApi',
				data: { apiKey: sandbox.keys.tenant, baseUrl: sandbox.url },
			},
		];
		if (!ids.credentials.includes(MCP_CREDENTIAL.id))
			creds.push({ ...MCP_CREDENTIAL, type: 'httpBearerAuth', data: { token: state.mcpToken } });
		if (wrongKeyCredential)
			creds.push({
				...BAD_KEY_CREDENTIAL,
				type: 'neoApi',
				data: { apiKey: WRONG_KEY, baseUrl: sandbox.url },
			});
		const newCreds = creds.filter(
			(c) => !ids.credentials.includes(c.id) || state.sandboxUrl !== sandbox.url,
		);
		if (newCreds.length) await n8n.importCredentials(newCreds);
		state.sandboxUrl = sandbox.url;
		writeFileSync(stateFile, JSON.stringify(state, null, 2));
		const examples = [
			'onboarding',
			'scheduled-provisioning',
			'ask-neo-agent',
			'psa-ticket-run-agent',
			'approve-from-chat',
			'monthly-billing',
			'neo-mcp-server',
			'neo-agent-chat',
		].map(loadExample);
		const newExamples = examples.filter((w) => !ids.workflows.includes(w.id));
		if (newExamples.length) await n8n.importWorkflows(newExamples);
		// the MCP template serves MCP clients only when published: publish it once, on import
		const mcp = newExamples.find((w) => w.id === MCP_WORKFLOW_ID);
		if (mcp) await n8n.run(['publish:workflow', `--id=${mcp.id}`]);
		// The chat example is published so its hosted chat page answers (production runs keep the
		// chat → Neo session mapping in static data; the editor's test chat would not).
		const chatExample = examples.find((w) => w.id === 'NeoAgentChat0001');
		if (newExamples.includes(chatExample)) {
			const published = await n8n.run(['publish:workflow', `--id=${chatExample.id}`]);
			if (published.code !== 0) log(`publishing "${chatExample.name}" failed: ${published.stderr}`);
		}
		const chatTrigger = chatExample.nodes.find((n) => n.type.endsWith('chatTrigger'));
		const workflows = examples.map((w) => n8n.retype(w));
		timings.import = secs(performance.now() - t0);
		const kept = ids.workflows.length + ids.credentials.length;
		log(
			`user folder ${userFolder}: ${kept ? `kept ${ids.workflows.length} workflow(s) and ${ids.credentials.length} credential(s) from earlier runs; ` : ''}imported ${newExamples.length} example(s) and ${newCreds.length} credential(s)`,
		);

		// n8n start, in its own process group so Ctrl-C reaches it only through stop()
		t0 = performance.now();
		n8nPort = await portNow(n8nPort, 'n8n');
		const env = {
			...n8n.env,
			N8N_PORT: String(n8nPort),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		};
		const logFile = join(userFolder, 'n8n.log');
		const out = createWriteStream(logFile);
		const child = spawn(n8n.install.node, [n8n.install.bin, 'start'], {
			env,
			cwd: userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		let output = '';
		const onData = (d) => {
			output += d;
			if (output.length > 200_000) output = output.slice(-100_000);
			out.write(d);
			if (echoN8n) process.stderr.write(d);
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
		cleanups.push(async () => {
			if (child.exitCode === null && child.signalCode === null) {
				try {
					process.kill(-child.pid, 'SIGTERM'); // n8n and its task runner
				} catch {
					/* gone */
				}
				const t = setTimeout(() => {
					try {
						process.kill(-child.pid, 'SIGKILL');
					} catch {
						/* gone */
					}
				}, 20_000);
				await exited;
				clearTimeout(t);
			}
			// anything left in n8n's process group (the task runner) goes too
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* nothing left */
			}
			out.end();
		});
		const url = `http://127.0.0.1:${n8nPort}`;
		// /healthz answers early; the REST API is there once n8n prints the editor URL
		const t1 = Date.now();
		while (!/Editor is now accessible via/.test(output)) {
			if (child.exitCode !== null || child.signalCode !== null || Date.now() - t1 > 180_000)
				throw new Error(
					`n8n did not come up (exit ${child.exitCode ?? child.signalCode}):\n${output.slice(-4000)}`,
				);
			await sleep(250);
		}
		await waitHttp(`${url}/healthz`, 30_000, child);
		timings.n8nStart = secs(performance.now() - t0);
		log(`n8n ${n8n.version} up on ${url} (pid ${child.pid}) in ${timings.n8nStart} s`);

		t0 = performance.now();
		let check = await login(url, { email, password });
		if (check.status !== 200) {
			// a new user folder: create the owner (a kept one already has it)
			await setupOwner(url, { email, password }).catch((e) => {
				throw new Error(
					`${e.message}\n(the kept user folder has an owner whose login is not ${email} / the demo password: use NEO_DEV_EMAIL / NEO_DEV_PASSWORD, or npm run dev -- --fresh)`,
				);
			});
			check = await login(url, { email, password });
		}
		if (check.status !== 200) throw new Error(`login as ${email} answered ${check.status}`);
		timings.owner = secs(performance.now() - t0);
		timings.total = secs(performance.now() - tAll);

		return {
			url,
			// where to sign in: n8n sends you on to the onboarding example after the login
			openUrl: `${url}/signin?redirect=${encodeURIComponent(`/workflow/${examples[0].id}`)}`,
			email,
			password,
			version: n8n.version,
			sandbox,
			userFolder,
			logFile,
			n8nPid: child.pid,
			workflows: Object.fromEntries(workflows.map((w) => [w.name, w.id])),
			chatUrl: `${url}/webhook/${chatTrigger.webhookId}/chat`,
			credentials: creds.map(({ id, name }) => ({ id, name })),
			mcp: { url: `${url}/mcp/neo`, token: state.mcpToken },
			timings,
			n8nOutput: () => output,
			stop,
		};
	} catch (e) {
		await stop();
		throw e;
	}
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const log = (m) => process.stderr.write(`[dev ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
	let demo;
	let stopping = false;
	const shutdown = async (signal) => {
		if (stopping) return;
		stopping = true;
		log(`${signal}: stopping n8n and the sandbox…`);
		await demo?.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void shutdown('SIGINT'));
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
	process.on('SIGHUP', () => void shutdown('SIGHUP'));
	// `npm run dev` runs this under `sh -c`: a SIGTERM sent to npm alone reaches sh, not this
	// process. When the parent goes, stop too, so nothing is left behind.
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent) void shutdown('parent exited');
	}, 1000).unref();
	const args = process.argv.slice(2);
	const unknown = args.filter((a) => a !== '--fresh');
	if (unknown.length) {
		log(`unknown argument(s) ${unknown.join(' ')}; usage: npm run dev [-- --fresh]`);
		process.exit(2);
	}
	// the usual ports unless taken (another n8n, another helper's demo): then free ones; chosen
	// when each server starts, since the first run's n8n install takes minutes before that
	const port = (envName, usual) => {
		if (process.env[envName]) return Number(process.env[envName]);
		return async () => {
			if (await isPortFree(usual)) return usual;
			const p = await freePort();
			log(`port ${usual} is in use: using ${p} (set ${envName} to choose)`);
			return p;
		};
	};
	try {
		demo = await startDemo({
			n8nPort: port('NEO_DEV_PORT', 5678),
			sandboxPort: port('NEO_DEV_SANDBOX_PORT', 5680),
			fresh: args.includes('--fresh'),
			build: !process.env.NEO_DEV_SKIP_BUILD,
			wrongKeyCredential: !!process.env.NEO_DEV_WRONG_KEY,
			email: process.env.NEO_DEV_EMAIL || DEFAULT_EMAIL,
			password: process.env.NEO_DEV_PASSWORD || DEFAULT_PASSWORD,
			echoN8n: !!process.env.NEO_DEV_VERBOSE,
			log,
		});
	} catch (e) {
		log(`failed: ${e.stack ?? e.message}`);
		process.exit(1);
	}
	if (stopping) {
		await demo.stop();
		process.exit(0);
	}
	const t = demo.timings;
	console.log(
		[
			'',
			`n8n-nodes-neo demo is running (n8n ${demo.version}, ready in ${t.total} s)`,
			'',
			`  Open:      ${demo.openUrl}`,
			`             (sign in, then the onboarding example opens; all workflows: ${demo.url}/home/workflows)`,
			`  Login:     ${demo.email}`,
			`  Password:  ${demo.password}`,
			'',
			`  Workflows: ${Object.keys(demo.workflows).join('\n             ')}`,
			`  Chat:      ${demo.chatUrl} (the Neo agent behind n8n's chat, replies streamed)`,
			`  Kept in:   ${demo.userFolder} (the next npm run dev finds your changes; --fresh starts over)`,
			`  Credential "${SANDBOX_CREDENTIAL.name}" -> ${demo.sandbox.url} (tenant key ${demo.sandbox.keys.tenant})`,
			`  Sandbox state: ${demo.sandbox.url}/__sandbox/state (its data kept in ${join(demo.userFolder, 'sandbox-state.json')})`,
			`  MCP server: ${demo.mcp.url} (Authorization: Bearer ${demo.mcp.token}; README "Use Neo from an MCP client")`,
			`  n8n log:   ${demo.logFile}`,
			'',
			`  timings (s): build ${t.build}, n8n install ${t.installN8n}, package install ${t.installPackage}, import ${t.import}, n8n start ${t.n8nStart}, owner ${t.owner}`,
			'',
			'Ctrl-C stops n8n and the sandbox.',
			'',
		].join('\n'),
	);
	// if n8n dies on its own, stop the rest and say so
	const watch = setInterval(() => {
		try {
			process.kill(demo.n8nPid, 0);
		} catch {
			clearInterval(watch);
			log(`n8n exited on its own:\n${demo.n8nOutput().slice(-3000)}`);
			void shutdown('n8n exit');
		}
	}, 2000);
}
