/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * What the example workflows promise (issue 19, items 3 and 10), read from their JSON: the approve
 * template decides nothing without a person, the webhook example answers its caller with Neo's
 * error, and the provisioning example does not collide with the onboarding one. They run in a real
 * n8n in test/e2e (browser.test.mjs runs the approval through its form).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IConnections, INode } from 'n8n-workflow';

interface Workflow {
	nodes: INode[];
	connections: IConnections;
}

const load = (name: string): Workflow =>
	JSON.parse(
		readFileSync(path.join(__dirname, '..', '..', 'examples', `${name}.workflow.json`), 'utf8'),
	) as Workflow;

/** Every path from `from` to `to`, as lists of node names (the examples have no loops). */
function paths(wf: Workflow, from: string, to: string): string[][] {
	if (from === to) return [[to]];
	const next = (wf.connections[from]?.main ?? []).flat().map((c) => c!.node);
	return next.flatMap((node) => paths(wf, node, to).map((rest) => [from, ...rest]));
}

const byName = (wf: Workflow, name: string) => wf.nodes.find((n) => n.name === name)!;

describe('approve-from-chat', () => {
	const wf = load('approve-from-chat');
	const trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-neo.neoTrigger')!;
	const decisions = wf.nodes.filter(
		(n) => n.type === 'n8n-nodes-neo.neo' && n.parameters.resource === 'approvalRequest',
	);

	it('approves and rejects, each only after a form a person submits', () => {
		expect(decisions.map((n) => n.parameters.operation).sort()).toEqual(['approve', 'reject']);
		for (const decision of decisions) {
			const routes = paths(wf, trigger.name, decision.name);
			expect(routes.length).toBeGreaterThan(0);
			for (const route of routes) {
				const human = route
					.map((name) => byName(wf, name))
					.filter((n) => n.type === 'n8n-nodes-base.wait' && n.parameters.resume === 'form');
				expect(human).toHaveLength(1);
			}
		}
	});

	it('the form offers exactly Approve and Reject, and the branch follows the choice', () => {
		const wait = wf.nodes.find((n) => n.type === 'n8n-nodes-base.wait')!;
		const fields = (wait.parameters.formFields as { values: Array<Record<string, unknown>> })
			.values;
		const decision = fields.find((f) => f.fieldLabel === 'Decision')!;
		expect(decision.requiredField).toBe(true);
		expect(decision.fieldOptions).toEqual({
			values: [{ option: 'Approve' }, { option: 'Reject' }],
		});
		const branch = wf.connections['Approved?'].main.map((out) => out!.map((c) => c.node));
		expect(branch).toEqual([['Approve in Neo'], ['Reject in Neo']]);
		for (const n of decisions)
			expect(n.parameters.requestId).toContain("$('New approval request')");
	});
});

describe('ask-neo-agent', () => {
	const wf = load('ask-neo-agent');
	const ask = byName(wf, 'Ask the Neo agent');

	it("answers the webhook's caller with Neo's error and status, not n8n's generic one", () => {
		expect(ask.onError).toBe('continueErrorOutput');
		const [ok, failed] = wf.connections[ask.name].main.map((out) => out!.map((c) => c.node));
		expect(byName(wf, ok[0]).type).toBe('n8n-nodes-base.respondToWebhook');
		const answer = byName(wf, failed[0]);
		expect(answer.type).toBe('n8n-nodes-base.respondToWebhook');
		expect(answer.parameters.responseBody).toContain('$json.error.message');
		expect((answer.parameters.options as { responseCode: string }).responseCode).toContain(
			'$json.error.httpStatus',
		);
	});
});

describe('scheduled-provisioning after onboarding', () => {
	it("creates none of the onboarding example's channels, so running that first changes nothing", () => {
		const onboarding = load('onboarding');
		const client = byName(onboarding, 'End client').parameters.assignments as {
			assignments: Array<{ name: string; value: string }>;
		};
		const onboardedSlug = client.assignments.find((a) => a.name === 'clientSlug')!.value;
		const code = String(byName(load('scheduled-provisioning'), 'End clients').parameters.jsCode);
		const slugs = [...code.matchAll(/slug: '([^']+)'/g)].map((m) => m[1]);
		expect(slugs).toHaveLength(4);
		expect(slugs).not.toContain(onboardedSlug);
	});
});
