/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions */
// docker/: no Docker engine runs where this is tested, so the files are checked without one:
// the Compose files against the Compose Specification's JSON schema (the copy dclint ships) and
// by dclint's rules, the Dockerfile by dockerfile-utils (the checks of VS Code's Docker support),
// and both for what the README promises (the pinned n8n, the packed tarball, n8n's queue settings).
// The Dockerfile's commands themselves run outside Docker in test/e2e/install-tarball.test.mjs.
import Ajv from 'ajv';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate as validateDockerfile } from 'dockerfile-utils';
import { parse as parseYaml } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const DOCKER = join(ROOT, 'docker');
const read = (file: string) => readFileSync(join(DOCKER, file), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

type Service = {
	image?: string;
	build?: string;
	command?: string;
	environment?: Record<string, string | number>;
	volumes?: string[];
	depends_on?: Record<string, { condition: string }>;
	healthcheck?: unknown;
};
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> };

const composeFiles = readdirSync(DOCKER).filter((f) => /^docker-compose.*\.yml$/.test(f));
const loadCompose = (file: string) => parseYaml(read(file), { merge: true }) as Compose;

const dclintDir = dirname(require.resolve('dclint/package.json'));
// the schema names draft-07 by an address Ajv does not know by heart; Ajv's default is draft-07
const { $schema: draft, ...composeSchema } = JSON.parse(readFileSync(join(dclintDir, 'schemas', 'compose.schema.json'), 'utf8')); // prettier-ignore
// the options dclint itself validates with (the spec's schema uses union types and no strict mode)
const validateCompose = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(
	composeSchema,
);

/** The n8n version the real-n8n tests install (scripts/real-n8n/install.sh). */
const testedN8n2 = /^N8N2_VERSION="([^"]+)"/m.exec(
	readFileSync(join(ROOT, 'scripts', 'real-n8n', 'install.sh'), 'utf8'),
)![1];

describe('docker-compose files', () => {
	test('there are two: one n8n, and queue mode', () => {
		expect(draft).toMatch(/draft-07/);
		expect(composeFiles.sort()).toEqual(['docker-compose.queue.yml', 'docker-compose.yml']);
	});

	test.each(composeFiles)('%s is valid against the Compose Specification schema', (file) => {
		const ok = validateCompose(loadCompose(file));
		expect(validateCompose.errors ?? []).toEqual([]);
		expect(ok).toBe(true);
	});

	test('the schema check bites: a misspelt key, a wrong condition and a bare port fail it', () => {
		type Editable = { services: Record<string, Record<string, unknown> & Service> };
		const compose = loadCompose('docker-compose.queue.yml') as Editable;
		const broken: Array<(c: Editable) => void> = [
			(c) => (c.services['n8n-worker'].enviroment = c.services['n8n-worker'].environment),
			(c) => (c.services['n8n-main'].depends_on!.redis.condition = 'service_ready'),
			(c) => (c.services['n8n-main'].ports = 5678),
		];
		for (const breakIt of broken) {
			const copy = structuredClone(compose);
			breakIt(copy);
			expect(validateCompose(copy)).toBe(false);
		}
	});

	test('dclint: no errors and no warnings (schema and rules)', () => {
		const bin = join(dclintDir, 'bin', 'dclint.cjs');
		const out = execFileSync(process.execPath, [bin, DOCKER, '-f', 'json', '--max-warnings', '0'], {
			encoding: 'utf8',
		});
		const report = JSON.parse(out) as Array<{ filePath: string; messages: unknown[] }>;
		expect(report.map((r) => r.filePath.split('/').pop()).sort()).toEqual(composeFiles.sort());
		for (const file of report) expect(file.messages).toEqual([]);
	});

	test('one n8n: the official image n8n is tested on, the package in a mounted nodes folder', () => {
		const { services, volumes } = loadCompose('docker-compose.yml');
		const n8n = services.n8n;
		expect(n8n.image).toBe(`n8nio/n8n:${testedN8n2}`);
		expect(n8n.volumes).toEqual(
			expect.arrayContaining(['n8n_data:/home/node/.n8n', './nodes:/home/node/.n8n/nodes']),
		);
		expect(Object.keys(volumes ?? {})).toContain('n8n_data');
	});

	describe('queue mode', () => {
		const { services } = loadCompose('docker-compose.queue.yml');
		const main = services['n8n-main'];
		const worker = services['n8n-worker'];

		test('main and worker run the image built from ./Dockerfile, with one environment', () => {
			for (const n8n of [main, worker]) expect(n8n.build).toBe('.');
			expect(main.image).toBe(worker.image);
			expect(main.environment).toEqual(worker.environment);
			expect(worker.command).toBe('worker');
			expect(main.command).toBeUndefined();
		});

		test("n8n's queue-mode settings: queue, Redis, PostgreSQL, one required encryption key", () => {
			const env = main.environment!;
			expect(env.EXECUTIONS_MODE).toBe('queue');
			expect(services[String(env.QUEUE_BULL_REDIS_HOST)].image).toMatch(/^redis:\d/);
			expect(env.DB_TYPE).toBe('postgresdb');
			const postgres = services[String(env.DB_POSTGRESDB_HOST)];
			expect(postgres.image).toMatch(/^postgres:\d/);
			expect(env.DB_POSTGRESDB_DATABASE).toBe(postgres.environment!.POSTGRES_DB);
			expect(env.DB_POSTGRESDB_USER).toBe(postgres.environment!.POSTGRES_USER);
			expect(env.DB_POSTGRESDB_PASSWORD).toBe(postgres.environment!.POSTGRES_PASSWORD);
			// `${VAR:?message}`: compose refuses to start without it, so no instance invents its own key
			expect(env.N8N_ENCRYPTION_KEY).toMatch(/^\$\{N8N_ENCRYPTION_KEY:\?/);
		});

		test('every n8n setting is one n8n reads', () => {
			const configSources = [
				join(dirname(require.resolve('@n8n/config/package.json')), 'dist'),
				join(dirname(require.resolve('n8n-core/package.json')), 'dist'),
			];
			const known = new Set<string>(['TZ', 'OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS']); // read from process.env by node / n8n's CLI
			const walk = (dir: string): void => {
				for (const entry of readdirSync(dir, { withFileTypes: true })) {
					const path = join(dir, entry.name);
					if (entry.isDirectory()) walk(path);
					else if (entry.name.endsWith('.js'))
						for (const m of readFileSync(path, 'utf8').matchAll(/Env\)\('([A-Z0-9_]+)'/g))
							known.add(m[1]);
				}
			};
			configSources.forEach(walk);
			expect(known.has('QUEUE_BULL_REDIS_HOST')).toBe(true); // the scan found n8n's settings
			expect(Object.keys(main.environment!).filter((k) => !known.has(k))).toEqual([]);
		});

		test('n8n waits for healthy PostgreSQL and Redis', () => {
			for (const n8n of [main, worker]) {
				expect(n8n.depends_on).toEqual({
					postgres: { condition: 'service_healthy' },
					redis: { condition: 'service_healthy' },
				});
			}
			expect(services.postgres.healthcheck).toBeDefined();
			expect(services.redis.healthcheck).toBeDefined();
		});

		test("no volume hides the image's nodes folder", () => {
			for (const n8n of [main, worker]) {
				for (const volume of n8n.volumes ?? []) {
					expect(volume.split(':')[1]).not.toMatch(/^\/home\/node(\/\.n8n(\/nodes)?)?\/?$/);
				}
			}
		});

		test('docker/.env.example names every variable the file needs', () => {
			const needed = [...read('docker-compose.queue.yml').matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]); // prettier-ignore
			const example = read('.env.example');
			for (const name of new Set(needed)) expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
		});
	});
});

describe('Dockerfile', () => {
	const source = read('Dockerfile');
	const dockerfile = DockerfileParser.parse(source);

	test('dockerfile-utils finds no problem, and finds them in a broken copy', () => {
		expect(validateDockerfile(source)).toEqual([]);
		const broken = source.replace(/^USER node$/m, 'USER').replace(/^FROM .*$/m, 'FROM');
		expect(validateDockerfile(broken).length).toBeGreaterThanOrEqual(2);
	});

	test('FROM the official image at the n8n version the tests run', () => {
		const from = dockerfile.getFROMs().map((f) => `${f.getImageName()}:${f.getImageTag()}`);
		expect(from).toEqual([`n8nio/n8n:${testedN8n2}`]);
		expect(testedN8n2).toMatch(/^2\./);
	});

	test('the build context holds only the packed package (no docker/.env, no docker/nodes)', () => {
		const rules = read('.dockerignore')
			.split('\n')
			.filter((line) => line && !line.startsWith('#'));
		expect(rules).toEqual(['*', `!${pkg.name}-*.tgz`]);
	});

	test('installs the tarball `npm pack` writes, as node, into /home/node/.n8n/nodes', () => {
		const args = Object.fromEntries(
			dockerfile.getARGs().map((a) => [a.getProperty()!.getName(), a.getProperty()!.getValue()]),
		);
		expect(args.NEO_TARBALL).toBe(`${pkg.name}-${pkg.version}.tgz`);
		const keywords = dockerfile.getInstructions().map((i) => i.getKeyword());
		expect(keywords.indexOf('USER')).toBeLessThan(keywords.indexOf('RUN'));
		const user = dockerfile.getInstructions().find((i) => i.getKeyword() === 'USER')!;
		expect(user.getArgumentsContent()).toBe('node');
		const run = dockerfile.getInstructions().find((i) => i.getKeyword() === 'RUN')!;
		const command = run.getArgumentsContent()!;
		expect(command).toContain('npm install --prefix /home/node/.n8n/nodes');
		expect(command).toContain('--omit=peer');
	});
});
