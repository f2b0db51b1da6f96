// End-to-end: Agent -> Run Now in REAL n8n (2.x and 1.x): the PSA-ticket example's Neo node as
// saved (Run Now on a triggered agent, Wait for the Run to Finish), fed the item its webhook would
// hand on; and a 500 after the run had started, found in the agent's runs instead of a second run.
//   npm run build && node --test test/e2e/runNow.test.mjs        (REAL_N8N_MAJORS=2 narrows)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
	createN8n,
	installedMajors,
	packPackage,
	PACKAGE_DIR,
} from '../../scripts/lib/realN8n.mjs';
import { startSandboxProcess } from '../../scripts/lib/sandboxProcess.mjs';
import { e2eCredentials, loadExample } from './workflows.mjs';

const majors = installedMajors(); // REAL_N8N_MAJORS narrows it
const RUN_NOW = '/public-api/agents/{agent_id}/run-now';

/** Start -> Ticket (the webhook's item: {body: {ticketId}}) -> the example's Neo node. */
function runNowWorkflow() {
	const example = loadExample('psa-ticket-run-agent');
	const neo = example.nodes.find((n) => n.type === 'n8n-nodes-neo.neo');
	return {
		id: 'NeoE2eRunNow0001',
		name: 'e2e: run an agent on a ticket and wait',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'run-now-e2e-start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'run-now-e2e-ticket',
				name: 'Ticket',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					mode: 'manual',
					assignments: {
						assignments: [
							{
								id: 'a0-body',
								name: 'body',
								value: '={{ { ticketId: "40123" } }}',
								type: 'object',
							},
						],
					},
					options: {},
				},
			},
			{ ...neo, position: [440, 0] },
		],
		connections: {
			Start: { main: [[{ node: 'Ticket', type: 'main', index: 0 }]] },
			Ticket: { main: [[{ node: neo.name, type: 'main', index: 0 }]] },
		},
	};
}

let sandbox;
let packed;
before(async () => {
	assert.ok(
		existsSync(join(PACKAGE_DIR, 'dist', 'nodes', 'Neo', 'Neo.node.js')),
		'run npm run build',
	);
	sandbox = await startSandboxProcess();
	packed = packPackage(PACKAGE_DIR);
});
after(async () => {
	await sandbox?.stop();
});

for (const major of majors) {
	describe(`n8n ${major}.x: Agent -> Run Now`, () => {
		let n8n;
		let workflow;
		let node;
		before(async () => {
			n8n = await createN8n({ major, pack: packed, log: (l) => console.log('  ' + l) });
			await n8n.importCredentials(e2eCredentials(sandbox));
			[workflow] = await n8n.importWorkflows([runNowWorkflow()]);
			node = runNowWorkflow().nodes[2].name;
		});
		after(async () => await n8n?.dispose());

		test('starts the agent on the ticket, waits for the run and outputs it with its final message', async () => {
			await sandbox.reset();
			await sandbox.configure({ runNow: { durationMs: 1500, outcome: 'SUCCEEDED' } });
			const run = await n8n.execute(workflow.id, workflow);
			assert.ok(run.ok, `run failed: ${JSON.stringify(run.error)}`);
			const [item] = run.nodes[node].main;
			assert.equal(item.agent_id, 301);
			assert.equal(item.entity_id, '40123');
			assert.equal(item.status, 'SUCCEEDED');
			assert.equal(item.runFinished, true);
			assert.equal(item.finalMessage, 'Done: MFA reset and the ticket updated.');
			const state = await sandbox.state();
			assert.equal(state.created.runs, 1, 'one run');
			assert.ok(state.counts['/public-api/executions/' + item.execution_id] >= 1, 'followed');
			assert.deepEqual(state.contractViolations, []);
		});

		test('a 500 after the run started: the run is found, not started twice', async () => {
			await sandbox.reset();
			await sandbox.configure({ runNow: { durationMs: 0 } });
			await sandbox.addFault({
				path: RUN_NOW,
				times: 1,
				fault: { kind: 'status', status: 500, acted: true },
			});
			const run = await n8n.execute(workflow.id, workflow);
			assert.ok(run.ok, `run failed: ${JSON.stringify(run.error)}`);
			const [item] = run.nodes[node].main;
			assert.equal(item.reconciled, true);
			assert.equal(item.runFinished, true);
			const state = await sandbox.state();
			assert.equal(state.created.runs, 1, 'one run');
			assert.equal(state.counts['/public-api/agents/301/run-now'], 1, 'sent once');
		});
	});
}
