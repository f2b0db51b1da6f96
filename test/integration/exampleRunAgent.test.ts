/**
 * examples/psa-ticket-run-agent.workflow.json: its Neo node, as saved, run in n8n's engine against
 * the sandbox on the item its webhook hands on; the fields the Respond to Webhook node reads are
 * there, the run started once on the ticket, and it waited for the result.
 */
/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INode } from 'n8n-workflow';

import { SEED } from '../sandbox';
import { runNeo } from './neoWorkflow';
import { useSandbox } from './useSandbox';
import { isOn } from '../helpers/readings';

const sandbox = useSandbox();
const example = JSON.parse(
	readFileSync(
		path.join(__dirname, '..', '..', 'examples', 'psa-ticket-run-agent.workflow.json'),
		'utf8',
	),
) as { nodes: INode[] };
const neo = example.nodes.find((n) => n.type === 'n8n-nodes-neo.neo') as INode;
const respond = example.nodes.find((n) => n.type === 'n8n-nodes-base.respondToWebhook') as INode;

it('saves Run Now with Agent Kind Triggered, a triggered agent and the ticket as Target Entity ID', () => {
	expect(neo.parameters).toMatchObject({
		operation: 'runNow',
		agentKind: 'triggered',
		agent: { value: String(SEED.agents.triggered) },
		targetEntityId: '={{ $json.body.ticketId }}',
	});
});

it('runs the agent on the webhook’s ticket, waits, and outputs what the response reads', async () => {
	const { ok } = await runNeo({
		sandbox: sandbox(),
		parameters: neo.parameters,
		node: { typeVersion: neo.typeVersion },
		items: [{ headers: {}, query: {}, body: { ticketId: '40123' } }],
	});
	expect(sandbox().created.runs).toHaveLength(1);
	expect(ok[0].json).toMatchObject({
		execution_id: sandbox().created.runs[0].execution_id,
		agent_id: SEED.agents.triggered,
		entity_id: '40123',
		runFinished: true,
		finalMessage: expect.any(String),
	});
	const read = String(respond.parameters.responseBody).match(/\$json\.(\w+)/g) ?? [];
	const fields = [...new Set(read.map((r) => r.slice('$json.'.length)))];
	expect(fields.sort()).toEqual(
		[
			'entity_id',
			'error',
			'execution_id',
			'finalMessage',
			'runFinished',
			'status',
			'target_entity_id',
		].sort(),
	);
	// Where Neo's runs carry no status (rowsWithoutStatus) the example answers `status: null`.
	for (const field of fields.filter((f) => f !== 'status' || !isOn('rowsWithoutStatus'))) {
		expect(ok[0].json).toHaveProperty(field);
	}
});
