// n8n's hosted chat page in a real browser (Debian's chromium, playwright-core) against the
// one-command demo (scripts/dev.mjs: real n8n 2.41.1, the package, the sandbox, the examples with
// "a Neo agent behind n8n's chat" published). The page loads the @n8n/chat widget from a CDN; it is
// served here from the npm package @n8n/chat (fetched once with `npm pack` into the real-n8n cache),
// so the page runs offline. Checks that the reply shows in parts while the Neo agent is still
// writing, that two chats (two browser contexts) each see only their own reply, and that a second
// message continues the same Neo session. Screenshots of a half-written and a finished reply land
// in docs/screenshots/.
//
//   bash scripts/real-n8n/install-chromium.sh && npm run build
//   REAL_N8N_CACHE=/work/cache/real-n8n node --test test/e2e/chatBrowser.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { startDemo, DEV_DIR } from '../../scripts/dev.mjs';
import { CACHE_DIR, REPO_ROOT, freePort } from '../../scripts/real-n8n/env.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = process.env.NEO_BROWSER_SCREENSHOTS ?? join(REPO_ROOT, 'docs', 'screenshots');
const CHAT_PACKAGE = '@n8n/chat@1.37.0';
const PART_MS = 250;
const skip = existsSync(CHROMIUM)
	? false
	: `${CHROMIUM} not found: run bash scripts/real-n8n/install-chromium.sh`;
const log = (m) =>
	process.stderr.write(`[chat-browser ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

const replyTo = (message) =>
	`I looked into "${message}". Ticket T-4711 matches: it is open and assigned to the service desk, and the mailbox quota was raised to 50 GB.`;

/** @n8n/chat's dist/, from the npm registry once. */
function chatWidgetDist() {
	const dir = join(CACHE_DIR, 'n8n-chat');
	const dist = join(dir, 'package', 'dist');
	if (!existsSync(join(dist, 'chat.bundle.es.js'))) {
		mkdirSync(dir, { recursive: true });
		const file = execFileSync('npm', ['pack', CHAT_PACKAGE, '--silent'], {
			cwd: dir,
			encoding: 'utf8',
		}).trim();
		execFileSync('tar', ['-xzf', file], { cwd: dir });
	}
	return dist;
}

const TYPES = {
	js: 'text/javascript',
	mjs: 'text/javascript',
	css: 'text/css',
	ico: 'image/x-icon',
};

let demo;
let browser;
const contexts = [];

before(
	async () => {
		if (skip) return;
		const dist = chatWidgetDist();
		mkdirSync(DEV_DIR, { recursive: true });
		demo = await startDemo({
			n8nPort: await freePort(),
			sandboxPort: await freePort(),
			userFolder: mkdtempSync(join(DEV_DIR, 'chat-browser-')),
			build: !process.env.NEO_BROWSER_SKIP_BUILD,
			log,
		});
		// Slow parts, so a half-written reply stays on screen long enough to be seen.
		await fetch(`${demo.sandbox.url}/__sandbox/chat/configure`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ partMs: PART_MS }),
		});
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			headless: true,
			args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
		});
		browser.serveWidget = async (context) => {
			await context.route('https://cdn.jsdelivr.net/**', async (route) => {
				const url = new URL(route.request().url());
				const match = url.pathname.match(/^\/npm\/@n8n\/chat(?:@[^/]+)?\/dist\/(.+)$/);
				if (!match) return route.fulfill({ status: 200, contentType: 'text/css', body: '' });
				const file = normalize(join(dist, match[1]));
				if (!file.startsWith(dist) || !existsSync(file))
					return route.fulfill({ status: 404, body: '' });
				const type = TYPES[file.split('.').pop()] ?? 'application/octet-stream';
				return route.fulfill({ status: 200, contentType: type, body: readFileSync(file) });
			});
		};
		mkdirSync(SHOTS, { recursive: true });
	},
	{ timeout: 20 * 60_000 },
);

after(async () => {
	for (const context of contexts) await context.close().catch(() => {});
	await browser?.close().catch(() => {});
	await demo?.stop();
});

async function openChat() {
	const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
	contexts.push(context);
	await browser.serveWidget(context);
	const page = await context.newPage();
	await page.goto(demo.chatUrl);
	await page.locator('.chat-inputs textarea').waitFor({ timeout: 30_000 });
	return page;
}

const BOT = '.chat-message-from-bot:not(.chat-message-typing)';

/** Sends a message; returns a reader of the bot's answer to it (the bot message after it). */
async function ask(page, message) {
	const index = await page.locator(BOT).count();
	const input = page.locator('.chat-inputs textarea');
	await input.fill(message);
	// The widget takes no message while the previous answer's response is still open: press Enter
	// until it took this one (the input empties).
	await until(
		async () => {
			await input.press('Enter');
			await new Promise((r) => setTimeout(r, 300));
			return input.inputValue();
		},
		(value) => value === '',
		30_000,
		'the message was not taken',
	);
	return async () =>
		(
			await page
				.locator(BOT)
				.nth(index)
				.innerText({ timeout: 500 })
				.catch(() => '')
		).trim();
}

/** Polls `read` until `ok(value)`; returns the value. */
async function until(read, ok, timeoutMs, what) {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (ok(value)) return value;
		if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(value)}`);
		await new Promise((r) => setTimeout(r, 40));
	}
}

const turns = async () => (await (await fetch(`${demo.sandbox.url}/__sandbox/chat`)).json()).turns;

test(
	'the reply shows in parts while the Neo agent writes it, then whole',
	{ skip, timeout: 120_000 },
	async () => {
		const page = await openChat();
		const message = 'Why can j.doe not sign in?';
		const whole = replyTo(message);
		const reply = await ask(page, message);
		// Half-written: some of the reply on screen, not all of it, and Neo's turn still running.
		const partial = await until(reply, (t) => t.length > 30, 30_000, 'the first part of the reply');
		const [running] = await turns();
		await page.screenshot({ path: join(SHOTS, 'chat-streaming-partial.png') });
		assert.ok(partial.length < whole.length, `partial: ${partial}`);
		assert.ok(whole.startsWith(partial.slice(0, 20)), `partial: ${partial}`);
		assert.equal(running.status, 'running', 'the Neo turn is still running');
		const done = await until(reply, (t) => t.includes('50 GB.'), 60_000, 'the whole reply');
		assert.equal(done, whole);
		// Neo's finish, then the workflow's end closes the response: the typing dots go.
		await until(
			() => page.locator('.chat-message-typing').count(),
			(n) => n === 0,
			30_000,
			'typing dots',
		);
		await page.screenshot({ path: join(SHOTS, 'chat-streaming-finished.png') });
		log('screenshots chat-streaming-partial.png, chat-streaming-finished.png');
	},
);

test(
	'two chats each see only their own reply; a second message continues the Neo session',
	{ skip, timeout: 180_000 },
	async () => {
		const [a, b] = await Promise.all([openChat(), openChat()]);
		const finished = (t) => t.includes('50 GB.');
		// Chat A's first message alone: two FIRST messages at the same moment are the template's
		// known limit (each run saves its own copy of the static data: examples/README).
		const first = await ask(a, 'Is SRV-01 low on disk?');
		assert.equal(await until(first, finished, 90_000, 'chat A'), replyTo('Is SRV-01 low on disk?'));

		// Chat A's second message and chat B's first at the same time.
		const [ra, rb] = await Promise.all([ask(a, 'And SRV-02?'), ask(b, 'Who is on call tonight?')]);
		const [ta, tb] = await Promise.all([
			until(ra, finished, 90_000, 'chat A again'),
			until(rb, finished, 90_000, 'chat B'),
		]).catch(async (e) => {
			await a.screenshot({ path: join(DEV_DIR, 'chat-browser-failed.png') });
			throw e;
		});
		assert.equal(ta, replyTo('And SRV-02?'));
		assert.equal(tb, replyTo('Who is on call tonight?'));
		assert.ok(!(await a.locator('.chat-messages-list').innerText()).includes('on call tonight'));
		assert.ok(!(await b.locator('.chat-messages-list').innerText()).includes('SRV-01'));
		const all = await turns();
		const sessionOf = (m) => all.find((t) => t.message === m).sessionId;
		assert.equal(sessionOf('And SRV-02?'), sessionOf('Is SRV-01 low on disk?'));
		assert.notEqual(sessionOf('Who is on call tonight?'), sessionOf('Is SRV-01 low on disk?'));
	},
);
