// Workflows the e2e suite builds on top of the examples: the failure matrix (422 and 401, each
// through continueOnFail and through the error output) and a webhook-triggered onboarding copy
// for queue mode. Node types use the community-package prefix; realN8n.mjs retypes them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../scripts/real-n8n/env.mjs';

export const SANDBOX_CREDENTIAL = { id: 'neo-sandbox', name: 'Neo sandbox' };
export const BAD_KEY_CREDENTIAL = { id: 'neo-bad-key', name: 'Neo sandbox (wrong key)' };

export function loadExample(name) {
	return JSON.parse(readFileSync(join(REPO_ROOT, 'examples', `${name}.workflow.json`), 'utf8'));
}

/** A frozen workflow from test/e2e/fixtures (e.g. the onboarding example as version 1 saved it). */
export function loadFixture(name) {
	return JSON.parse(
		readFileSync(join(REPO_ROOT, 'test', 'e2e', 'fixtures', `${name}.workflow.json`), 'utf8'),
	);
}

/** Credentials to import: the sandbox's tenant key, and a well-formed key the sandbox does not know. */
export function e2eCredentials(sandbox) {
	return [
		{
			...SANDBOX_CREDENTIAL,
			type: 'neoApi',
			data: { apiKey: sandbox.keys.tenant, baseUrl: sandbox.url },
		},
		{
			...BAD_KEY_CREDENTIAL,
			type: 'neoApi',
			data: { apiKey: 'neo_sk_test_WrongKeyWrongKeyWrongKey00', baseUrl: sandbox.url },
		},
	];
}

const neoNode = (name, position, onError, credential, suffix) => ({
	id: `e2e-${name.replace(/\W+/g, '-').toLowerCase()}`,
	name,
	type: 'n8n-nodes-neo.neo',
	typeVersion: 1,
	position,
	onError,
	parameters: {
		resource: 'channel',
		operation: 'create',
		audience: 'END_USER',
		internalName: `={{ $json.slug }}-${suffix}`,
		channelType: '={{ $json.channelType }}',
		additionalFields: { agentId: 101 },
	},
	credentials: { neoApi: credential },
});

/**
 * Two end-clients (a valid TEAMS one and a reserved SLACK one) into four Neo nodes:
 * 422 with continueOnFail, 422 with the error output, 401 (wrong key) with continueOnFail,
 * 401 with the error output. 8 channel requests in all, 2 of them create a channel.
 */
export const FAILURES_ID = 'NeoE2eFailures01';
export const FAILURE_NODES = {
	cof422: '422 continue on fail',
	eo422: '422 error output',
	cof401: '401 continue on fail',
	eo401: '401 error output',
};
export function failuresWorkflow() {
	const nodes = [
		{
			id: 'e2e-start',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'e2e-clients',
			name: 'Two clients',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 0],
			parameters: {
				jsCode:
					"return [{ json: { slug: 'e2e-valid', channelType: 'TEAMS' } }, { json: { slug: 'e2e-reserved', channelType: 'SLACK' } }];",
			},
		},
		neoNode(FAILURE_NODES.cof422, [450, -300], 'continueRegularOutput', SANDBOX_CREDENTIAL, 'cof'),
		neoNode(FAILURE_NODES.eo422, [450, -100], 'continueErrorOutput', SANDBOX_CREDENTIAL, 'eo'),
		neoNode(
			FAILURE_NODES.cof401,
			[450, 100],
			'continueRegularOutput',
			BAD_KEY_CREDENTIAL,
			'cof401',
		),
		neoNode(FAILURE_NODES.eo401, [450, 300], 'continueErrorOutput', BAD_KEY_CREDENTIAL, 'eo401'),
	];
	const fanOut = Object.values(FAILURE_NODES).map((node) => ({ node, type: 'main', index: 0 }));
	return {
		id: FAILURES_ID,
		name: 'Neo e2e: 422 and 401 through continueOnFail and the error output',
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes,
		connections: {
			Start: { main: [[{ node: 'Two clients', type: 'main', index: 0 }]] },
			'Two clients': { main: [fanOut] },
		},
	};
}

/** The onboarding example with a Webhook trigger (POST /webhook/<path>, answers with the summary). */
export const QUEUE_ONBOARDING_ID = 'NeoOnboardQueue1';
export function webhookOnboardingWorkflow(path = 'neo-onboarding') {
	const wf = structuredClone(loadExample('onboarding'));
	wf.id = QUEUE_ONBOARDING_ID;
	wf.name = 'Neo: onboard an end-client (webhook, queue mode)';
	const trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	const oldName = trigger.name;
	Object.assign(trigger, {
		name: 'Onboarding webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: '5d0f3c52-7c1e-4d8e-9f51-2a1b0c9e0b11',
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
	});
	wf.connections[trigger.name] = wf.connections[oldName];
	delete wf.connections[oldName];
	return wf;
}

/** The 401 without any error handling: the execution must fail with Neo's error on the node. */
export const HARD_FAIL_ID = 'NeoE2eHardFail01';
export const HARD_FAIL_NODE = '401 without error handling';
export function hardFailWorkflow() {
	const wf = failuresWorkflow();
	const node = {
		...wf.nodes.find((n) => n.name === FAILURE_NODES.cof401),
		name: HARD_FAIL_NODE,
		id: 'e2e-401-hard',
	};
	delete node.onError;
	return {
		...wf,
		id: HARD_FAIL_ID,
		name: 'Neo e2e: 401 without error handling fails the execution',
		nodes: [...wf.nodes.filter((n) => !Object.values(FAILURE_NODES).includes(n.name)), node],
		connections: {
			...wf.connections,
			'Two clients': { main: [[{ node: HARD_FAIL_NODE, type: 'main', index: 0 }]] },
		},
	};
}

/**
 * Version 2's operations beyond onboarding, in one workflow run on both majors: Agent → Get Many
 * (conversational, limit 3), Channel → Update (pause the seeded Contoso channel) → Channel → Get,
 * End Company → Get, Approval Request → Get Many (pending) → Approve, Execution → Get Many → Get
 * Steps, Scheduled Work → Create → Get Many (Return All, page numbers).
 */
/** A Neo node of version 2 on the sandbox credential. */
export const neoV2Node = (id, name, position, parameters) => ({
	id,
	name,
	type: 'n8n-nodes-neo.neo',
	typeVersion: 2,
	position,
	parameters,
	credentials: { neoApi: SANDBOX_CREDENTIAL },
});

export const LIFECYCLE_ID = 'NeoE2eLifecycle1';
export function lifecycleWorkflow() {
	const neo = neoV2Node;
	return {
		id: LIFECYCLE_ID,
		name: 'Neo e2e: agents, channel update and read, end company read (version 2)',
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			{
				id: 'lc-start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			neo('lc-agents', 'Conversational agents', [250, -200], {
				resource: 'agent',
				operation: 'getMany',
				limit: 3,
				filters: { kinds: ['CONVERSATIONAL'] },
			}),
			neo('lc-pause', 'Pause channel', [250, 0], {
				resource: 'channel',
				operation: 'update',
				channelId: 'ch_seed_contoso_teams',
				updateFields: { status: 'DISCONNECTED' },
			}),
			neo('lc-read', 'Read channel', [500, 0], {
				resource: 'channel',
				operation: 'get',
				channelId: '={{ $json.id }}',
			}),
			neo('lc-company', 'Read end company', [250, 200], {
				resource: 'endCompany',
				operation: 'get',
				psaCompanyId: '1001',
			}),
			neo('lc-pending', 'Pending approvals', [250, 400], {
				resource: 'approvalRequest',
				operation: 'getMany',
				limit: 2,
				filters: { status: ['PENDING'] },
			}),
			neo('lc-approve', 'Approve them', [500, 400], {
				resource: 'approvalRequest',
				operation: 'approve',
				requestId: '={{ $json.id }}',
				note: 'Approved by the e2e suite',
			}),
			neo('lc-runs', 'Recent runs', [250, 600], {
				resource: 'execution',
				operation: 'getMany',
				limit: 3,
			}),
			neo('lc-steps', 'Steps of a run', [500, 600], {
				resource: 'execution',
				operation: 'getSteps',
				executionId: "={{ $('Recent runs').first().json.execution_id }}",
			}),
			neo('lc-schedule', 'Schedule work', [250, 800], {
				resource: 'scheduledWork',
				operation: 'create',
				agent: { __rl: true, mode: 'id', value: '301' },
				scheduledFor: '2027-03-01T09:00:00.000Z',
				ticketId: 'T-4711',
			}),
			neo('lc-scheduled', 'Scheduled work, page by page', [500, 800], {
				resource: 'scheduledWork',
				operation: 'getMany',
				returnAll: true,
			}),
		],
		connections: {
			Start: {
				main: [
					[
						{ node: 'Conversational agents', type: 'main', index: 0 },
						{ node: 'Pause channel', type: 'main', index: 0 },
						{ node: 'Read end company', type: 'main', index: 0 },
						{ node: 'Pending approvals', type: 'main', index: 0 },
						{ node: 'Recent runs', type: 'main', index: 0 },
						{ node: 'Schedule work', type: 'main', index: 0 },
					],
				],
			},
			'Pause channel': { main: [[{ node: 'Read channel', type: 'main', index: 0 }]] },
			'Pending approvals': { main: [[{ node: 'Approve them', type: 'main', index: 0 }]] },
			'Recent runs': { main: [[{ node: 'Steps of a run', type: 'main', index: 0 }]] },
			'Schedule work': { main: [[{ node: 'Scheduled work, page by page', type: 'main', index: 0 }]] },
		},
	};
}
