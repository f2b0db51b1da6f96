// The editor in a real browser: Debian's chromium driven by playwright-core against the one-command
// demo (scripts/dev.mjs: real n8n 2.41.1 with the packed package as a community package, the Neo
// sandbox, the credential and the example workflows). Checks that the typed node UI really renders
// (dropdown options, required parameters, the agent selector, the grouped platform fields), runs
// the onboarding example from the editor, and runs the credential test for a good and a wrong key.
// Screenshots land in docs/screenshots/.
//
//   bash scripts/real-n8n/install-chromium.sh   # apt: Debian's chromium (browsers are not downloadable here)
//   npm run test:browser                         # node --test test/e2e/browser.test.mjs
//
// Knobs: CHROMIUM_PATH (default /usr/bin/chromium), NEO_BROWSER_SKIP_BUILD=1 (reuse dist/),
// NEO_BROWSER_SCREENSHOTS=<dir> (default docs/screenshots). A failing test leaves a screenshot of
// the editor in .cache/dev/browser-failed-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, selectors } from 'playwright-core';
import { startDemo, DEV_DIR } from '../../scripts/dev.mjs';
import { REPO_ROOT, freePort } from '../../scripts/real-n8n/env.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = process.env.NEO_BROWSER_SCREENSHOTS ?? join(REPO_ROOT, 'docs', 'screenshots');
const WF = 'NeoOnboarding001';
const skip = existsSync(CHROMIUM)
	? false
	: `${CHROMIUM} not found: run bash scripts/real-n8n/install-chromium.sh`;

const log = (m) =>
	process.stderr.write(`[browser ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const secs = (ms) => Math.round(ms / 100) / 10;

let demo;
let context;
let page;
let userDataDir;
const timings = {};

// n8n marks its elements with data-test-id
selectors.setTestIdAttribute('data-test-id');

before(
	async () => {
		if (skip) return;
		let t0 = performance.now();
		mkdirSync(DEV_DIR, { recursive: true });
		demo = await startDemo({
			n8nPort: await freePort(),
			sandboxPort: await freePort(),
			userFolder: mkdtempSync(join(DEV_DIR, 'browser-')),
			build: !process.env.NEO_BROWSER_SKIP_BUILD,
			wrongKeyCredential: true,
			log,
		});
		timings.demo = secs(performance.now() - t0);
		log(`demo up on ${demo.url} in ${timings.demo} s (${JSON.stringify(demo.timings)})`);
		t0 = performance.now();
		userDataDir = mkdtempSync(join(DEV_DIR, 'chromium-'));
		context = await chromium.launchPersistentContext(userDataDir, {
			executablePath: CHROMIUM,
			headless: true,
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
			viewport: { width: 1440, height: 900 },
			deviceScaleFactor: 1,
		});
		context.setDefaultTimeout(30_000);
		page = context.pages()[0] ?? (await context.newPage());
		timings.browser = secs(performance.now() - t0);
		mkdirSync(SHOTS, { recursive: true });
	},
	{ timeout: 20 * 60_000 },
);

after(async () => {
	const t0 = performance.now();
	await context?.close().catch(() => {});
	if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
	if (demo) {
		const { n8nPid, sandbox, userFolder } = demo;
		await demo.stop();
		// nothing the demo started may be left running
		for (const [what, pid] of [
			['n8n', n8nPid],
			['sandbox', sandbox.pid],
		]) {
			let alive = true;
			try {
				process.kill(pid, 0);
			} catch {
				alive = false;
			}
			assert.equal(alive, false, `${what} (pid ${pid}) still running after stop()`);
		}
		assert.equal(existsSync(userFolder), false, 'the throwaway user folder is removed');
	}
	timings.stop = secs(performance.now() - t0);
	log(`timings (s): ${JSON.stringify(timings)}`);
});

/** A test that leaves a screenshot of the editor in .cache/dev/ when it fails. */
function btest(name, opts, fn) {
	test(name, opts, async (t) => {
		try {
			await fn(t);
		} catch (e) {
			const file = join(DEV_DIR, `browser-failed-${name.replace(/\W+/g, '-').slice(0, 60)}.png`);
			await page?.screenshot({ path: file }).then(
				() => log(`failed: screenshot ${file}`),
				() => {},
			);
			throw e;
		}
	});
}

const shot = async (name, target = page) => {
	const path = join(SHOTS, name);
	await target.screenshot({ path });
	log(`screenshot ${path}`);
};

/** n8n 2.x locks a workflow to one tab: take the lock back if the editor offers it. */
async function takeEditLock() {
	const editHere = page.getByText('Edit here', { exact: true });
	if (await editHere.isVisible().catch(() => false)) await editHere.click();
}

async function openWorkflow(id = WF) {
	if (!page.url().includes(`/workflow/${id}`)) {
		await page.goto(`${demo.url}/workflow/${id}`);
	}
	await page.getByTestId('canvas-node').first().waitFor();
	await takeEditLock();
}

const canvasNode = (name) => page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);

async function openNode(name, workflowId = WF) {
	await openWorkflow(workflowId);
	// a panel left open by a failed check would cover the canvas
	if (
		await page
			.getByTestId('ndv')
			.isVisible()
			.catch(() => false)
	)
		await closeNode();
	await canvasNode(name).dblclick();
	const ndv = page.getByTestId('ndv');
	await ndv.waitFor();
	await assert.doesNotReject(
		ndv
			.getByTestId('node-title-container')
			.filter({ hasText: name })
			.first()
			.waitFor({ state: 'attached' }),
		`NDV of ${name}`,
	);
	return ndv;
}

async function closeNode() {
	await page.getByTestId('ndv-close-button').click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
}

/** A collection's "Add …" select (its label is the input's placeholder). */
const addButton = (ndv, placeholder) =>
	ndv
		.getByTestId('collection-parameter-add')
		.filter({ has: page.locator(`input[placeholder="${placeholder}"]`) });

/** Close n8n's toasts (they cover the output panel in screenshots). */
async function dismissToasts() {
	const close = page.locator('.el-notification .el-notification__closeBtn:visible');
	for (let i = (await close.count()) - 1; i >= 0; i--)
		await close
			.nth(i)
			.click()
			.catch(() => {});
}

const visibleOptions = () => page.locator('.el-select-dropdown__item:visible');

/** Open a dropdown parameter and read its option names (the first line of each option). */
async function readOptions(param) {
	await page.getByTestId(`parameter-input-${param}`).click();
	await visibleOptions().first().waitFor();
	await page.waitForTimeout(400); // let the dropdown finish fading in (screenshots)
	const texts = await visibleOptions().allInnerTexts();
	return texts.map((t) => t.split('\n')[0].trim());
}

async function closeDropdown() {
	await page.keyboard.press('Escape');
	await visibleOptions()
		.first()
		.waitFor({ state: 'hidden' })
		.catch(() => {});
}

async function selectOption(param, name) {
	await page.getByTestId(`parameter-input-${param}`).click();
	await visibleOptions().filter({ hasText: name }).first().click();
	await visibleOptions()
		.first()
		.waitFor({ state: 'hidden' })
		.catch(() => {});
}

/**
 * n8n 2.41's node panel has no asterisk on parameter labels (its ParameterInputFull does not pass
 * `required` to the label); a required parameter shows its mark as an issue once it is empty:
 * a warning icon (`parameter-issues`) whose tooltip says `Parameter "<name>" is required.`.
 * Switch the parameter to a fixed value, empty it, and read that mark.
 */
async function requiredMark(param, displayName) {
	const input = page.getByTestId(`parameter-input-${param}`);
	await input.hover();
	const fixed = page
		.getByTestId(`${param}-parameter-input-options-container`)
		.getByTestId('radio-button-fixed');
	if (await fixed.isVisible().catch(() => false)) await fixed.click();
	const field = input.locator('input, textarea').first();
	await field.fill('');
	await field.blur();
	const item = page.getByTestId('parameter-item').filter({ has: input }).last();
	const issues = item.getByTestId('parameter-issues');
	await issues.waitFor();
	await issues.hover();
	const tip = page.getByText(`Parameter "${displayName}" is required`).first();
	await tip.waitFor();
	return (await tip.innerText()).trim();
}

btest('logs in with the owner account the demo created', { skip, timeout: 120_000 }, async () => {
	const t0 = performance.now();
	// the address `npm run dev` prints: sign in, then land on the onboarding example
	await page.goto(demo.openUrl);
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(demo.email);
	await page.getByTestId('password').locator('input').fill(demo.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((u) => u.pathname === `/workflow/${WF}`);
	await page.getByTestId('canvas-node').first().waitFor();
	// the imported examples are there
	await page.goto(`${demo.url}/home/workflows`);
	await page.getByText('Neo: onboard an end-client', { exact: false }).first().waitFor();
	await page.getByText('Neo: scheduled channel provisioning', { exact: false }).first().waitFor();
	timings.login = secs(performance.now() - t0);
});

btest(
	'runs the onboarding example from the editor and shows the summary',
	{ skip, timeout: 180_000 },
	async () => {
		const t0 = performance.now();
		await openWorkflow();
		const names = await page
			.getByTestId('canvas-node')
			.evaluateAll((els) => els.map((e) => e.dataset.nodeName));
		assert.deepEqual(names.sort(), [
			'Create Teams channel',
			'Create chat session',
			'End client',
			'Mint session token',
			'Onboarding summary',
			'Register end company',
			'Start onboarding',
		]);
		await page.getByTestId('execute-workflow-button').click();
		for (const name of [
			'Register end company',
			'Create Teams channel',
			'Create chat session',
			'Mint session token',
			'Onboarding summary',
		]) {
			await canvasNode(name)
				.getByTestId('canvas-node-status-success')
				.waitFor({ state: 'attached', timeout: 90_000 });
		}
		timings.runFromEditor = secs(performance.now() - t0);
		// the sandbox saw exactly one of each
		const state = await demo.sandbox.state();
		assert.deepEqual(
			[
				state.created.endCompanies,
				state.created.channels,
				state.created.sessions,
				state.created.tokens,
			],
			[1, 1, 1, 1],
		);

		await assert.doesNotReject(page.getByText('Workflow executed successfully').first().waitFor());
		await dismissToasts();

		// the last node's output panel shows the summary
		const ndv = await openNode('Onboarding summary');
		const panel = ndv.getByTestId('output-panel');
		await panel.getByTestId('radio-button-json').click();
		await assert.doesNotReject(
			panel
				.getByText(
					/Onboarded Contoso Dental \(PSA 19544\): Teams channel contoso-dental-teams \(ch_/,
				)
				.first()
				.waitFor(),
			'the summary sentence in the output panel',
		);
		const text = (await panel.innerText()).replace(/\s+/g, ' ');
		assert.match(text, /"tokenMinted": true/);
		assert.match(text, /chat session cs_/);
		assert.match(text, /dana\.reyes@contoso-dental\.example/);
		await shot('onboarding-run.png');
		await closeNode();
	},
);

btest(
	'Channel → Create: the agent picked from a searchable list of conversational agents',
	{ skip, timeout: 120_000 },
	async () => {
		const ndv = await openNode('Create Teams channel');
		const locator = ndv.getByTestId('resource-locator-agent');
		await locator.waitFor();
		// the saved choice shows by name
		const shown = [
			await locator.innerText(),
			...(await locator.locator('input').evaluateAll((els) => els.map((e) => e.value))),
		].join(' ');
		assert.match(shown, /Contoso Helpdesk \(101\)/);
		await locator
			.getByText('Contoso Helpdesk (101)')
			.or(locator.getByTestId('rlc-input'))
			.first()
			.click();
		// the list opens in a popover (teleport off): its search box and items carry n8n's test ids
		const searchBox = page.getByTestId('rlc-search').filter({ visible: true }).first();
		await searchBox.waitFor();
		const search =
			(await searchBox.evaluate((e) => e.tagName)) === 'INPUT'
				? searchBox
				: searchBox.locator('input');
		await search.fill('contoso');
		await page.waitForTimeout(1000); // n8n debounces the search
		const items = page.getByTestId('rlc-item').filter({ visible: true });
		await items.filter({ hasText: 'Contoso Helpdesk (101)' }).first().waitFor();
		const names = (await items.allInnerTexts()).map((t) => t.trim());
		assert.ok(names.includes('Contoso Helpdesk (101)'), `offered: ${names.join(', ')}`);
		assert.ok(
			names.every((n) => /contoso/i.test(n)),
			`only agents matching the search: ${names.join(', ')}`,
		);
		await shot('agent-list.png');
		await page.keyboard.press('Escape');
		await closeNode();
	},
);

btest(
	'Channel → Create: typed dropdowns and the required Internal Name',
	{ skip, timeout: 120_000 },
	async () => {
		const ndv = await openNode('Create Teams channel');
		assert.deepEqual(await readOptions('audience'), ['End User', 'Internal (MSP)']);
		await closeDropdown();
		assert.deepEqual(await readOptions('channelType'), [
			'Microsoft Teams',
			'Slack (Reserved)',
			'Portal (Reserved)',
			'Email (Reserved)',
		]);
		// option descriptions render too
		assert.match(
			(await visibleOptions().allInnerTexts()).join('\n'),
			/The only live transport today/,
		);
		await shot('channel-create.png');
		await closeDropdown();
		// the run's output is in the panel
		assert.match(await ndv.getByTestId('output-panel').innerText(), /contoso-dental-teams/);
		// additional fields: all of Neo's optional channel fields are offered
		await addButton(ndv, 'Add Field').click();
		await visibleOptions().first().waitFor();
		await page.waitForTimeout(400);
		const fieldOptions = (await visibleOptions().allInnerTexts()).map((t) => t.trim());
		for (const f of [
			'Color Icon URL',
			'Description',
			'Outline Icon URL',
			'Relay Prefix',
			'Show Agent Progress Steps',
			'Status',
		])
			assert.ok(
				fieldOptions.includes(f),
				`Additional Fields offers ${f} (got ${fieldOptions.join(', ')})`,
			);
		await closeDropdown();
		assert.equal(
			await requiredMark('internalName', 'Internal Name'),
			'Parameter "Internal Name" is required.',
		);
		await closeNode();
	},
);

btest(
	'Chat Session → Create: the agent source and the platform relay fields behind their switch',
	{ skip, timeout: 120_000 },
	async () => {
		const ndv = await openNode('Create chat session');
		assert.deepEqual(await readOptions('agentSource'), ['One of Your Agents', 'Managed Agent']);
		await closeDropdown();
		await assert.doesNotReject(
			ndv.getByTestId('resource-locator-agent').waitFor(),
			'the agent list shown for One of Your Agents',
		);
		assert.equal(await page.getByTestId('parameter-input-managedAgentKey').count(), 0);

		await selectOption('agentSource', 'Managed Agent');
		await ndv.getByTestId('resource-locator-agent').waitFor({ state: 'detached' });
		assert.deepEqual(await readOptions('managedAgentKey'), ['Neo Support']);
		await closeDropdown();

		// no platform notice until the platform relay is switched on
		const notice = ndv.getByText(
			'Platform relay fields are honored only for a Neo platform service account. Any other key sending a client ID gets a 403.',
		);
		assert.equal(await notice.count(), 0, 'the notice is hidden while the relay is off');
		await page.getByTestId('parameter-input-platformRelay').locator('.el-switch').click();
		await assert.doesNotReject(notice.waitFor());
		await assert.doesNotReject(ndv.getByText('Platform Relay Fields', { exact: true }).waitFor());
		await addButton(ndv, 'Add Platform Field').click();
		await visibleOptions().first().waitFor();
		await page.waitForTimeout(400);
		const platform = (await visibleOptions().allInnerTexts()).map((t) => t.trim());
		assert.deepEqual(platform, ['Bot ID', 'Client ID', 'Inbound Tenant ID']);
		await shot('chat-session-agent.png');
		await closeDropdown();
		await closeNode();
	},
);

btest(
	'Session Token → Mint: the required Session ID, the notice and the token output',
	{ skip, timeout: 120_000 },
	async () => {
		const ndv = await openNode('Mint session token');
		await assert.doesNotReject(ndv.getByText(/The minted token is a secret/).waitFor());
		const out = ndv.getByTestId('output-panel');
		await out
			.getByTestId('radio-button-json')
			.click()
			.catch(() => {});
		await assert.doesNotReject(
			out
				.getByText(/expires_at/)
				.first()
				.waitFor(),
		);
		assert.match((await out.innerText()).replace(/\s+/g, ' '), /"session_id": "cs_/);
		await shot('session-token-mint.png');
		assert.equal(
			await requiredMark('sessionId', 'Session ID'),
			'Parameter "Session ID" is required.',
		);
		await closeNode();
	},
);

async function openCredential(name) {
	// a page of its own: the workflow tab holds unsaved edits from the checks above
	const p = await context.newPage();
	await p.goto(`${demo.url}/home/credentials`);
	await p.getByText(name, { exact: true }).first().click();
	const modal = p.getByTestId('editCredential-modal');
	await modal.waitFor();
	return { p, modal };
}

/** Credential tests the sandbox has seen: POST /public-api/sessions with {"session_id": null}. */
/** The credential tests the sandbox answered with `status`: a GET of one agent, nothing that writes. */
async function credentialTests(status) {
	const reqs = await demo.sandbox.requests();
	return reqs.filter(
		(r) =>
			r.method === 'GET' &&
			r.path === '/public-api/agents' &&
			r.query?.page_size === '1' &&
			r.status === status,
	).length;
}

async function waitFor(fn, what, timeoutMs = 30_000) {
	const t0 = Date.now();
	for (;;) {
		if (await fn()) return;
		if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

btest(
	'Neo Trigger: the approve-from-chat example, and a test event fetched from Neo',
	{ skip, timeout: 180_000 },
	async () => {
		await openWorkflow('NeoApproveChat01');
		await shot('approve-from-chat.png');
		const ndv = await openNode('New approval request', 'NeoApproveChat01');
		assert.equal(
			await page.getByTestId('parameter-input-event').locator('input').first().inputValue(),
			'New Approval Request',
		);
		await ndv.getByRole('button', { name: 'Fetch Test Event' }).first().click();
		const out = ndv.getByTestId('output-panel');
		await out
			.getByTestId('radio-button-json')
			.click()
			.catch(() => {});
		// the newest pending approval request in the sandbox, as the workflow will receive it
		await assert.doesNotReject(
			out
				.getByText(/"status": "PENDING"/)
				.first()
				.waitFor({ timeout: 60_000 }),
			'a fetched approval request in the output panel',
		);
		assert.match((await out.innerText()).replace(/\s+/g, ' '), /"agent_name": "/);
		await dismissToasts();
		await shot('neo-trigger.png');
		await closeNode();
	},
);

btest(
	'approve-from-chat: nothing is decided before a technician submits the form, then Neo gets that decision',
	{ skip, timeout: 240_000 },
	async () => {
		const browserId = await page.evaluate(() => localStorage.getItem('n8n-browserId'));
		const rest = async (path) => {
			const res = await page.request.get(`${demo.url}/rest${path}`, {
				headers: { 'browser-id': browserId ?? '' },
			});
			assert.equal(res.status(), 200, `GET /rest${path}: ${await res.text()}`);
			return (await res.json()).data;
		};
		const decisions = async (id) => {
			const answer = await demo.sandbox.requests();
			const requests = Array.isArray(answer) ? answer : answer.data;
			return requests.filter(
				(r) => r.method === 'POST' && r.path === `/public-api/til-requests/${id}/decision`,
			);
		};
		// the newest pending request: what the trigger hands a manual run
		const made = await demo.sandbox.call('POST', '/__sandbox/til-requests', { count: 1 });
		const requestId = made.data[0].id;

		await openWorkflow('NeoApproveChat01');
		const pages = context.pages().length;
		await page.getByTestId('execute-workflow-button').click();
		// the run stops at the human step: a waiting execution, the form's link in its data
		let formUrl;
		await waitFor(
			async () => {
				const filter = encodeURIComponent(
					JSON.stringify({ workflowId: 'NeoApproveChat01', status: ['waiting'] }),
				);
				const { results } = await rest(`/executions?filter=${filter}`);
				if (!results?.length) return false;
				const run = await rest(`/executions/${results[0].id}`);
				formUrl = JSON.stringify(run.data).match(/https?:[^"\\]*\/form-waiting\/[^"\\]+/)?.[0];
				return !!formUrl;
			},
			'a waiting execution with the form link',
			90_000,
		);
		await dismissToasts();
		await shot('approve-from-chat-waiting.png');
		assert.deepEqual(
			await decisions(requestId),
			[],
			'nothing decided before the form is submitted',
		);

		// the technician's form (n8n may also have opened it in a tab of its own)
		const form = await context.newPage();
		try {
			await form.goto(formUrl);
			await form.getByText('Neo asks for approval').first().waitFor();
			assert.match(await form.locator('body').innerText(), new RegExp(`request ${requestId}`));
			await form.locator('select').first().selectOption('Approve');
			await form.locator('textarea').first().fill('Checked with the requester by phone');
			await shot('approve-from-chat-form.png', form);
			await form
				.getByRole('button', { name: /submit/i })
				.first()
				.click();
			await waitFor(
				async () => (await decisions(requestId)).length > 0,
				'the decision in Neo',
				90_000,
			);
		} finally {
			await form.close();
			for (const extra of context.pages().slice(pages)) await extra.close().catch(() => {});
		}
		const [decision] = await decisions(requestId);
		assert.equal(decision.status, 200);
		assert.equal(decision.body.action, 'approve');
		assert.match(
			decision.body.note,
			/^Checked with the requester by phone \(decided in n8n, execution \d+\)$/,
		);
	},
);

btest(
	'Chat Message → Send: asks the sandbox agent from the editor and shows its reply',
	{ skip, timeout: 180_000 },
	async () => {
		// A manual workflow made through n8n's own REST API as the signed-in user.
		const browserId = await page.evaluate(() => localStorage.getItem('n8n-browserId'));
		const credential = { neoApi: { id: 'neo-sandbox', name: 'Neo sandbox' } };
		const created = await page.request.post(`${demo.url}/rest/workflows`, {
			headers: { 'browser-id': browserId ?? '' },
			data: {
				name: 'Neo: ask an agent from the editor (browser test)',
				active: false,
				settings: { executionOrder: 'v1' },
				connections: {
					Start: { main: [[{ node: 'Ask the Neo agent', type: 'main', index: 0 }]] },
				},
				nodes: [
					{
						id: 'b7e2a3c0-0001-4d5e-8f90-000000000001',
						name: 'Start',
						type: 'n8n-nodes-base.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					{
						id: 'b7e2a3c0-0002-4d5e-8f90-000000000002',
						name: 'Ask the Neo agent',
						type: 'n8n-nodes-neo.neo',
						typeVersion: 2,
						position: [260, 0],
						parameters: {
							resource: 'chatMessage',
							operation: 'send',
							sessionId: 'cs_seed_acme_support',
							message: 'Dana Reyes is locked out of her mailbox. What should I check first?',
						},
						credentials: credential,
					},
				],
			},
		});
		assert.equal(created.status(), 200, await created.text());
		const { id } = (await created.json()).data;
		await openWorkflow(id);
		await page.getByTestId('execute-workflow-button').click();
		await canvasNode('Ask the Neo agent')
			.getByTestId('canvas-node-status-success')
			.waitFor({ state: 'attached', timeout: 90_000 });
		await dismissToasts();
		const ndv = await openNode('Ask the Neo agent', id);
		const out = ndv.getByTestId('output-panel');
		await out.getByTestId('radio-button-json').click();
		await assert.doesNotReject(
			out
				.getByText(/"reply": "/)
				.first()
				.waitFor(),
		);
		const text = (await out.innerText()).replace(/\s+/g, ' ');
		assert.match(text, /"finish_reason": "/);
		assert.match(text, /"chat_turn_id": "/);
		await shot('chat-message-send.png');
		await closeNode();
	},
);

btest(
	'credential "Neo sandbox": the connection test passes',
	{ skip, timeout: 120_000 },
	async () => {
		const { p, modal } = await openCredential('Neo sandbox');
		// opening an existing credential already tests it; Retry runs the test again
		const retry = modal.getByRole('button', { name: 'Retry' });
		await retry.waitFor();
		const n0 = await credentialTests(200);
		await retry.click();
		// the test really reached the sandbox: a read-only GET of one agent, answered 200
		await waitFor(async () => (await credentialTests(200)) > n0, 'the credential test request');
		await assert.doesNotReject(modal.getByText('Connection tested successfully').waitFor());
		// let the Retry button finish its loading state before the screenshot
		await p.mouse.move(5, 450);
		await modal.getByRole('button', { name: 'Retry' }).waitFor();
		await p.waitForTimeout(600);
		await shot('credential-test.png', p);
		await p.close();
	},
);

btest(
	'credential with a wrong key: the test reports the rejected key',
	{ skip, timeout: 120_000 },
	async () => {
		const { p, modal } = await openCredential('Neo sandbox (wrong key)');
		const retry = modal.getByRole('button', { name: 'Retry' });
		await retry.waitFor();
		const n0 = await credentialTests(401);
		await retry.click();
		await waitFor(
			async () => (await credentialTests(401)) > n0,
			'the credential test request (401)',
		);
		await assert.doesNotReject(modal.getByText(/Couldn.t connect with these settings/).waitFor());
		await modal.getByText('More details').click();
		await assert.doesNotReject(
			modal
				.getByText('Neo rejected the API key (401). Check that it is complete and not revoked.')
				.waitFor(),
		);
		await p.mouse.move(5, 450);
		await p.waitForTimeout(600);
		await shot('credential-rejected.png', p);
		await p.close();
	},
);

btest(
	'credential with a Base URL where nothing answers: n8n names the network code, the form what it means',
	{ skip, timeout: 120_000 },
	async () => {
		const browserId = await page.evaluate(() => localStorage.getItem('n8n-browserId'));
		const baseUrl = `http://127.0.0.1:${await freePort()}`; // nothing listens there
		const name = 'Neo (nothing at this Base URL)';
		const created = await page.request.post(`${demo.url}/rest/credentials`, {
			headers: { 'browser-id': browserId ?? '' },
			data: { name, type: 'neoApi', data: { apiKey: demo.sandbox.keys.tenant, baseUrl } },
		});
		assert.equal(created.status(), 200, await created.text());
		const { p, modal } = await openCredential(name);
		const retry = modal.getByRole('button', { name: 'Retry' });
		await retry.waitFor();
		await retry.click();
		await assert.doesNotReject(modal.getByText(/Couldn.t connect with these settings/).waitFor());
		await modal.getByText('More details').click();
		await assert.doesNotReject(
			modal
				.getByText(/ECONNREFUSED/)
				.first()
				.waitFor(),
		);
		await assert.doesNotReject(
			modal
				.getByText(
					/If the test answers ECONNREFUSED, ENOTFOUND or a timeout, Neo did not answer at the Base URL/,
				)
				.waitFor(),
		);
		await p.mouse.move(5, 450);
		await p.waitForTimeout(600);
		await shot('credential-unreachable.png', p);
		await p.close();
	},
);

// ---- Agent → Run Now: the fields follow the Agent Kind (issue 17) ----

/** Signed in as the demo's owner (this test may run on its own, without the login test). */
async function signedInAt(path) {
	await page.goto(`${demo.url}${path}`);
	const login = page.getByTestId('emailOrLdapLoginId');
	await page.getByTestId('canvas-node').first().or(login).waitFor();
	if (await login.isVisible()) {
		await login.locator('input').fill(demo.email);
		await page.getByTestId('password').locator('input').fill(demo.password);
		await page.getByTestId('form-submit-button').click();
		await page.getByTestId('canvas-node').first().waitFor();
	}
}

/** The node panel's parameter column, as a PNG. */
const parametersShot = async (ndv) => {
	const column = ndv.getByTestId('node-parameters');
	return (await column.count()) ? await column.screenshot() : await page.screenshot();
};

/** Two captioned shots side by side in one PNG (an open list covers the fields below it). */
async function sideBySide(name, panels) {
	const p = await context.newPage();
	await p.setViewportSize({ width: 900, height: 600 });
	const figure = ([png, caption]) =>
		`<figure style="margin:0"><img style="display:block;border:1px solid #ccc" src="data:image/png;base64,${png.toString('base64')}"><figcaption style="padding-top:8px">${caption}</figcaption></figure>`;
	await p.setContent(
		`<body style="margin:0;padding:16px;display:flex;gap:24px;align-items:flex-start;background:#fff;font:15px sans-serif">${panels.map(figure).join('')}</body>`,
	);
	await p.waitForLoadState('load');
	await shot(name, { screenshot: (o) => p.screenshot({ ...o, fullPage: true }) });
	await p.close();
}

/** Opens the agent list; the agents it offers: `{ id, name }` per item. */
async function runNowAgentList(ndv) {
	const locator = ndv.getByTestId('resource-locator-agent');
	await locator.getByTestId('rlc-input').click();
	const items = page.getByTestId('rlc-item').filter({ visible: true });
	await items.first().waitFor();
	await page.waitForTimeout(600); // the popover fades in (screenshots)
	return (await items.allInnerTexts()).map((text) => {
		const name = text.trim();
		return { name, id: Number(/\((\d+)(?:, disabled)?\)$/.exec(name)?.[1]) };
	});
}

btest(
	'Agent → Run Now: Target Entity ID and the agent list follow the Agent Kind',
	{ skip, timeout: 180_000 },
	async () => {
		const wf = 'NeoPsaTicketRun01';
		const node = 'Run the agent on the ticket';
		// Neo's own answer says which kind each agent is
		const answer = await fetch(`${demo.sandbox.url}/public-api/agents?page_size=200`, {
			headers: { authorization: `Bearer ${demo.sandbox.keys.tenant}` },
		});
		const kindOf = new Map((await answer.json()).data.map((a) => [a.id, a.trigger_type]));
		const assertAllOfKind = (agents, kind) => {
			assert.ok(agents.length >= 2, `the list offers agents (${JSON.stringify(agents)})`);
			for (const a of agents) assert.equal(kindOf.get(a.id), kind, `${a.name} is ${kind}`);
		};
		const targetField = () => page.getByTestId('parameter-input-targetEntityId');
		const agentShown = async () => {
			const locator = page.getByTestId('resource-locator-agent');
			return [
				await locator.innerText(),
				...(await locator.locator('input').evaluateAll((els) => els.map((e) => e.value))),
			].join(' ');
		};

		await signedInAt(`/workflow/${wf}`);
		const ndv = await openNode(node, wf);
		const kindInput = page.getByTestId('parameter-input-agentKind').locator('input').first();
		assert.equal(await kindInput.inputValue(), 'Triggered');
		assert.deepEqual(await readOptions('agentKind'), ['Triggered', 'Scheduled']);
		await closeDropdown();

		// Triggered: the ticket's ID is asked for, the list holds triggered agents only
		await assert.doesNotReject(targetField().waitFor(), 'Target Entity ID shown for Triggered');
		assert.match(await agentShown(), /Password Reset \(301\)/);
		const triggeredFields = await parametersShot(ndv);
		const triggered = await runNowAgentList(ndv);
		assertAllOfKind(triggered, 'TRIGGERED');
		assert.ok(triggered.some((a) => a.name === 'Password Reset (301)'));
		assert.ok(!triggered.some((a) => a.name === 'Nightly Patch Report (303)'));
		await sideBySide('run-now-triggered.png', [
			[triggeredFields, 'Agent Kind <b>Triggered</b>: <b>Target Entity ID</b> shown'],
			[await parametersShot(ndv), 'Agent, From list: <b>triggered</b> agents only'],
		]);
		await page.keyboard.press('Escape');

		assert.equal(
			await requiredMark('targetEntityId', 'Target Entity ID'),
			'Parameter "Target Entity ID" is required.',
		);

		// Scheduled: no Target Entity ID, and the list reloads with scheduled agents only
		await selectOption('agentKind', 'Scheduled');
		await targetField().waitFor({ state: 'detached' });
		const scheduled = await runNowAgentList(ndv);
		assertAllOfKind(scheduled, 'SCHEDULED');
		assert.ok(scheduled.some((a) => a.name === 'Nightly Patch Report (303)'));
		assert.ok(!scheduled.some((a) => a.name === 'Password Reset (301)'));
		const scheduledList = await parametersShot(ndv);
		await page
			.getByTestId('rlc-item')
			.filter({ visible: true, hasText: 'Nightly Patch Report (303)' })
			.click();
		await waitFor(
			async () => /Nightly Patch Report \(303\)/.test(await agentShown()),
			'the scheduled agent chosen',
		);
		await page.mouse.move(5, 450);
		await sideBySide('run-now-scheduled.png', [
			[await parametersShot(ndv), 'Agent Kind <b>Scheduled</b>: no Target Entity ID'],
			[scheduledList, 'Agent, From list: <b>scheduled</b> agents only'],
		]);
		assert.equal(await targetField().count(), 0, 'Target Entity ID hidden for Scheduled');
		await closeNode();
	},
);
