/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions */
// The sandbox's saved state (issue 19, item 4): what requests created survives a snapshot and a
// restore into another sandbox, and the CLI's --state-file keeps it across a restart (the demo).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { SEED, startSandbox, type NeoSandbox } from './index';
import { client } from './testClient';

const EC = '/public-api/end-companies';
const SW = '/public-api/scheduled-work';
const endCompany = { psa_company_id: '7001', psa_company_name: 'Kept Co' };

describe('snapshot and restore', () => {
	let first: NeoSandbox;
	let second: NeoSandbox;
	const api1 = client(() => first);
	const api2 = client(() => second);

	beforeAll(async () => {
		[first, second] = await Promise.all([startSandbox(), startSandbox()]);
	});
	afterAll(async () => {
		const violations = [...first.contractViolations, ...second.contractViolations];
		await Promise.all([first.close(), second.close()]);
		expect(violations).toEqual([]);
	});

	it('brings back created end companies, channels and scheduled work, and ids go on', async () => {
		expect((await api1.post(EC, endCompany)).status).toBe(201);
		const channel = await api1.post('/public-api/channels', {
			internal_name: 'kept-channel',
			audience: 'END_USER',
			type: 'TEAMS',
			agent_id: 101,
		});
		expect(channel.status).toBe(201);
		const work = await api1.post(SW, {
			scheduled_for: '2030-01-01T00:00:00Z',
			workflow_id: SEED.agents.triggered,
		});
		expect(work.json.data.id).toBe(SEED.scheduledWork.nextId);

		expect((await api2.get(`${EC}/7001`)).status).toBe(404);
		second.restore(JSON.parse(JSON.stringify(first.snapshot())));

		const kept = await api2.get(`${EC}/7001`);
		expect(kept.status).toBe(200);
		expect(kept.json.data).toMatchObject(endCompany);
		expect((await api2.post(EC, endCompany)).status).toBe(409);
		const keptChannel = await api2.get(`/public-api/channels/${channel.json.data.id}`);
		expect(keptChannel.json.data).toMatchObject({ internal_name: 'kept-channel' });
		const next = await api2.post(SW, {
			scheduled_for: '2030-01-02T00:00:00Z',
			workflow_id: SEED.agents.triggered,
		});
		expect(next.json.data.id).toBe(SEED.scheduledWork.nextId + 1);
		expect(second.state().created).toMatchObject({
			endCompanies: 1,
			channels: 1,
			scheduledWork: 2,
		});
	});

	it('refuses something that is not a saved state', () => {
		expect(() => second.restore({ version: 99 } as never)).toThrow(/version 1/);
	});
});

describe('the CLI with --state-file', () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'neo-sandbox-state-'));
	const file = path.join(dir, 'state.json');
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	async function startCli(): Promise<{ url: string; stop: () => Promise<void> }> {
		const root = path.join(__dirname, '..', '..');
		const child = spawn(
			process.execPath,
			[
				path.join(root, 'node_modules', 'ts-node', 'dist', 'bin.js'),
				'--transpile-only',
				path.join(__dirname, 'cli.ts'),
				'--port',
				'0',
				'--json',
				'--state-file',
				file,
			],
			{ env: { ...process.env, NEO_SANDBOX_TENANT_KEY: 'neo_sk_test_STATEstateSTATEstateSTAT' } },
		);
		const url = await new Promise<string>((resolve, reject) => {
			let out = '';
			child.stdout.on('data', (d) => {
				out += d;
				if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]).url);
			});
			child.once('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
		});
		const stop = async () => {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		};
		return { url, stop };
	}

	const call = async (url: string, method: string, route: string, body?: unknown) => {
		const res = await fetch(`${url}${route}`, {
			method,
			headers: {
				authorization: 'Bearer neo_sk_test_STATEstateSTATEstateSTAT',
				'content-type': 'application/json',
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return res.status;
	};

	it('an end company created before a restart is still there after it', async () => {
		const before = await startCli();
		try {
			expect(await call(before.url, 'POST', EC, endCompany)).toBe(201);
		} finally {
			await before.stop();
		}
		expect(existsSync(file)).toBe(true);
		expect(JSON.parse(readFileSync(file, 'utf8')).created.endCompanies).toHaveLength(1);
		const after = await startCli();
		try {
			expect(await call(after.url, 'GET', `${EC}/7001`)).toBe(200);
			expect(await call(after.url, 'GET', `${EC}/7002`)).toBe(404);
		} finally {
			await after.stop();
		}
	}, 60_000);
});
