// The servers n8n's queue mode needs, from Debian's packages, started on loopback with free ports
// in throwaway folders and stopped by whoever started them: redis-server (the Bull queue) and
// PostgreSQL (n8n supports queue mode only on PostgreSQL; on SQLite it warns).
//   install: scripts/real-n8n/install-redis.sh, scripts/real-n8n/install-postgres.sh
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { freePort } from '../real-n8n/env.mjs';
import { startProcess } from './processes.mjs';

const which = (name) => {
	try {
		return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
	} catch {
		return null;
	}
};

export const redisServerPath = () => which('redis-server');

/** redis-server on 127.0.0.1, a free port, no persistence. `await redis.stop()` when done. */
export async function startRedis({ dir }) {
	const bin = redisServerPath();
	if (!bin) throw new Error('redis-server not found: run scripts/real-n8n/install-redis.sh');
	const port = await freePort();
	const proc = startProcess('redis-server', bin, [
		'--port', String(port),
		'--bind', '127.0.0.1',
		'--save', '',
		'--appendonly', 'no',
		'--protected-mode', 'yes',
		'--dir', dir,
	]); // prettier-ignore
	await proc.waitFor(/Ready to accept connections/, 15_000);
	const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
	return { proc, port, version, stop: () => proc.stop() };
}

/** Debian's server binaries, newest major first: /usr/lib/postgresql/<major>/bin, or null. */
export function postgresBinDir() {
	const base = '/usr/lib/postgresql';
	if (!existsSync(base)) return null;
	const majors = readdirSync(base)
		.filter((d) => existsSync(join(base, d, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? join(base, majors[0], 'bin') : null;
}

/** PostgreSQL refuses to run as root: as root, its processes run as Debian's `postgres` user. */
function serverUser() {
	if (process.getuid?.() !== 0) return {};
	const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
	return { uid: id('-u'), gid: id('-g') };
}

/**
 * A throwaway PostgreSQL cluster: initdb in a temporary folder, `postgres` in the foreground on
 * 127.0.0.1 and a free port, password auth over TCP (as n8n connects), one database `n8n`.
 * Returns `n8nEnv` (the DB_* settings n8n reads), `query(sql)` and `stop()` (fast shutdown, folder
 * removed). fsync is off: the cluster lives for one test run.
 */
export async function startPostgres({ log = () => {} } = {}) {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL not found: run scripts/real-n8n/install-postgres.sh');
	const user = serverUser();
	const dir = mkdtempSync(join(tmpdir(), 'neo-pg-'));
	const data = join(dir, 'data');
	const password = randomBytes(12).toString('hex');
	const pwfile = join(dir, 'pw');
	writeFileSync(pwfile, password);
	if (user.uid !== undefined) {
		chownSync(dir, user.uid, user.gid);
		chownSync(pwfile, user.uid, user.gid);
	}
	const t0 = performance.now();
	execFileSync(
		join(bin, 'initdb'),
		['-D', data, '-U', 'n8n', `--pwfile=${pwfile}`, '--auth-local=trust',
			'--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync'], // prettier-ignore
		{ ...user, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const port = await freePort();
	const proc = startProcess(
		'postgres',
		join(bin, 'postgres'),
		['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1',
			'-c', 'fsync=off', '-c', 'max_connections=100'], // prettier-ignore
		{ ...user, cwd: dir },
	);
	const stop = async () => {
		// SIGINT = PostgreSQL's fast shutdown (SIGTERM waits for every client to leave)
		await proc.stop(15_000, 'SIGINT').catch(() => {});
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await proc.waitFor(/database system is ready to accept connections/, 60_000);
		const psql = (database, sql) =>
			execFileSync(
				existsSync(join(bin, 'psql')) ? join(bin, 'psql') : 'psql',
				['-h', dir, '-p', String(port), '-U', 'n8n', '-d', database, '-v', 'ON_ERROR_STOP=1',
					'-At', '-c', sql], // prettier-ignore
				{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 512 * 2 ** 20 },
			);
		psql('postgres', 'CREATE DATABASE n8n');
		const version = psql('n8n', 'SHOW server_version').trim();
		log(
			`[postgres ${version}] 127.0.0.1:${port} ready in ${Math.round(performance.now() - t0)} ms`,
		);
		return {
			proc,
			port,
			version,
			n8nEnv: {
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(port),
				DB_POSTGRESDB_DATABASE: 'n8n',
				DB_POSTGRESDB_USER: 'n8n',
				DB_POSTGRESDB_PASSWORD: password,
			},
			/** Rows of a SELECT as objects (json_agg on the server). */
			select: (sql) =>
				JSON.parse(psql('n8n', `SELECT coalesce(json_agg(t), '[]') FROM (${sql}) t`)),
			stop,
		};
	} catch (err) {
		await stop();
		throw err;
	}
}

/** n8n's executions, oldest first, from its PostgreSQL database. */
export const EXECUTIONS_SQL =
	'SELECT id, "workflowId", mode, status, finished, "startedAt", "stoppedAt" FROM execution_entity ORDER BY id';
