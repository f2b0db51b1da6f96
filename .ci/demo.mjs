// CI's check of the README's demo, run the way a user runs it: `npm run dev` in a terminal, sign
// in, build something, Ctrl-C; then `npm run dev` again and find it there.
//
//   node .ci/demo.mjs
//
// Each round starts `npm run dev` as its own process group (a terminal's foreground job), waits
// for the banner, signs in with the login it prints, checks the credential and both examples are
// there and the printed address answers, then sends SIGINT to the group (what Ctrl-C does) and
// checks that npm exited, the editor and sandbox ports are closed and no process runs from this
// checkout any more. Round 1 saves a workflow of its own and creates an end company in the
// sandbox; round 2 must find both.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
const LOGS = join(ROOT, '.cache', 'ci');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const say = (m) => console.log(`[demo ${new Date().toISOString().slice(11, 19)}] ${m}`);
const KEPT_NAME = 'Built by the CI user in round 1';
const KEPT_END_COMPANY = { psa_company_id: 'ci-demo-kept', psa_company_name: 'Kept by the demo' };
mkdirSync(LOGS, { recursive: true });

let current; // the running `npm run dev`: a failed check still stops it (Ctrl-C) before exiting

function fail(message, output = '') {
	console.error(`[demo] FAILED: ${message}`);
	if (current && current.exitCode === null && current.signalCode === null) {
		try {
			process.kill(-current.pid, 'SIGINT');
		} catch {
			/* gone */
		}
	}
	if (output)
		console.error(`--- last lines of npm run dev\n${output.split('\n').slice(-60).join('\n')}`);
	process.exit(1);
}

const alive = (pid) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

/** Processes (other than this one and its ancestors) running in or from this checkout. */
function processesFromCheckout() {
	const mine = new Set();
	for (let pid = process.pid; pid > 1; ) {
		mine.add(pid);
		try {
			pid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
		} catch {
			break;
		}
	}
	const found = [];
	for (const entry of readdirSync('/proc')) {
		const pid = Number(entry);
		if (!pid || mine.has(pid)) continue;
		try {
			const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
			const cwd = readlinkSync(`/proc/${pid}/cwd`);
			if (cmd.includes(ROOT + '/') || cwd === ROOT || cwd.startsWith(ROOT + '/'))
				found.push(`${pid} (cwd ${cwd}) ${cmd.slice(0, 160)}`);
		} catch {
			/* gone */
		}
	}
	return found;
}

async function portOpen(url) {
	try {
		await fetch(url, { signal: AbortSignal.timeout(2000) });
		return true;
	} catch {
		return false;
	}
}

/** n8n's REST API as the signed-in user. */
async function signIn(base, email, password) {
	const headers = { 'content-type': 'application/json', 'browser-id': 'ci-demo-check' };
	const res = await fetch(`${base}/rest/login`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ emailOrLdapLoginId: email, password }),
	});
	if (res.status !== 200) fail(`sign-in as ${email} answered ${res.status}`);
	const cookie = res.headers.get('set-cookie').split(';')[0];
	return async (method, path, body) => {
		const r = await fetch(base + path, {
			method,
			headers: { ...headers, cookie },
			body: body && JSON.stringify(body),
		});
		const text = await r.text();
		if (!r.ok) fail(`${method} ${path} answered ${r.status}: ${text.slice(0, 300)}`);
		return JSON.parse(text).data;
	};
}

async function round(n) {
	const t0 = performance.now();
	const logFile = join(LOGS, `npm-run-dev-${n}.log`);
	const log = createWriteStream(logFile);
	say(`round ${n}: npm run dev (output: ${logFile})`);
	const child = spawn('npm', ['run', 'dev'], {
		cwd: ROOT,
		detached: true, // its own process group, like a terminal's foreground job
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	current = child;
	let output = '';
	const onData = (d) => {
		output += d;
		log.write(d);
		for (const line of String(d).split('\n'))
			if (/^\[(dev|real-n8n install)|demo is running|kept|FAILED/.test(line.trim()))
				say(`  | ${line.trim()}`);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));

	// the banner (the first round also installs n8n)
	while (!/demo is running/.test(output)) {
		if (child.exitCode !== null)
			fail(`npm run dev exited (${child.exitCode}) before the demo was up`, output);
		if (performance.now() - t0 > 40 * 60_000)
			fail('npm run dev: no banner within 40 minutes', output);
		await sleep(500);
	}
	await sleep(300);
	const open = output.match(/Open:\s+(\S+)/)?.[1];
	const email = output.match(/Login:\s+(\S+)/)?.[1];
	const password = output.match(/Password:\s+(\S+)/)?.[1];
	const sandboxUrl = output.match(/Neo sandbox on (\S+)/)?.[1];
	if (!open || !email || !password) fail('the banner lacks Open / Login / Password', output);
	const base = new URL(open).origin;
	say(`round ${n}: up in ${Math.round((performance.now() - t0) / 1000)} s; ${open}`);

	const page = await fetch(open);
	if (page.status !== 200 || !/<html/i.test(await page.text()))
		fail(`${open} answered ${page.status}`);
	const api = await signIn(base, email, password);
	const workflows = (await api('GET', '/rest/workflows')).map((w) => w.name);
	const credentials = (await api('GET', '/rest/credentials')).map((c) => c.name);
	say(
		`round ${n}: workflows ${JSON.stringify(workflows)}; credentials ${JSON.stringify(credentials)}`,
	);
	for (const want of ['Neo: onboard an end-client', 'Neo: scheduled']) {
		if (!workflows.some((w) => w.startsWith(want))) fail(`no workflow "${want}…" in the editor`);
	}
	if (!credentials.includes('Neo sandbox')) fail('no "Neo sandbox" credential in the editor');
	// the sandbox's data is kept too: an end company created in round 1 is there in round 2
	const tenantKey = output.match(/\(tenant key (\S+)\)/)?.[1];
	if (!sandboxUrl || !tenantKey) fail('the banner lacks the sandbox address or tenant key', output);
	const neo = (method, path, body) =>
		fetch(sandboxUrl + path, {
			method,
			headers: { authorization: `Bearer ${tenantKey}`, 'content-type': 'application/json' },
			body: body && JSON.stringify(body),
		});
	const endCompanyPath = `/public-api/end-companies/${KEPT_END_COMPANY.psa_company_id}`;
	if (n === 1) {
		const created = await neo('POST', '/public-api/end-companies', KEPT_END_COMPANY);
		// 409: kept from an earlier run of this check
		if (![201, 409].includes(created.status))
			fail(`creating an end company answered ${created.status}`);
	} else if ((await neo('GET', endCompanyPath)).status !== 200) {
		fail('round 2 does not find the end company created in the sandbox in round 1', output);
	}
	if (n === 1) {
		await api('POST', '/rest/workflows', {
			name: KEPT_NAME,
			nodes: [],
			connections: {},
			settings: { executionOrder: 'v1' },
			active: false,
		});
	} else if (!workflows.includes(KEPT_NAME)) {
		fail(`round 2 does not find "${KEPT_NAME}", saved in round 1`, output);
	}

	// Ctrl-C
	const n8nPid = Number(output.match(/n8n \S+ up on \S+ \(pid (\d+)\)/)?.[1]);
	const sandboxPid = Number(output.match(/Neo sandbox on \S+ \(pid (\d+)\)/)?.[1]);
	if (!n8nPid || !sandboxPid) fail('the log does not name the n8n and sandbox pids', output);
	const tStop = performance.now();
	process.kill(-child.pid, 'SIGINT');
	const timer = setTimeout(
		() => fail('npm run dev still running 60 s after Ctrl-C', output),
		60_000,
	);
	const { code, signal } = await exited;
	// npm may return before its script's cleanup: wait for what the demo started (dev.mjs and the
	// sandbox in npm's process group, n8n and its task runner in n8n's own group)
	const running = () => alive(-child.pid) || alive(-n8nPid) || alive(sandboxPid);
	while (running() && performance.now() - tStop < 60_000) await sleep(200);
	clearTimeout(timer);
	log.end();
	const left = processesFromCheckout();
	if (alive(-child.pid)) fail(`npm run dev's process group still has processes after Ctrl-C`);
	if (alive(-n8nPid)) fail(`n8n (pid ${n8nPid}) or its task runner still running after Ctrl-C`);
	if (alive(sandboxPid)) fail(`the sandbox (pid ${sandboxPid}) still running after Ctrl-C`);
	if (left.length) fail(`processes left after Ctrl-C:\n${left.join('\n')}`);
	if (await portOpen(base)) fail(`${base} still answers after Ctrl-C`);
	if (sandboxUrl && (await portOpen(sandboxUrl))) fail(`${sandboxUrl} still answers after Ctrl-C`);
	if (!/SIGINT: stopping/.test(output)) fail('the demo did not report stopping on SIGINT', output);
	say(
		`round ${n}: Ctrl-C -> npm exited (${code ?? signal}), n8n and the sandbox stopped, nothing left, in ${Math.round((performance.now() - tStop) / 100) / 10} s`,
	);
}

await round(1);
await round(2);
say('the demo starts, keeps what was built and stops on Ctrl-C');
