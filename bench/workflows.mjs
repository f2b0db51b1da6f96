// Workflow JSON for the benchmark rows. Every workflow is Start -> Items (a Code node that makes N
// items named `bench-<i>`) -> one node under test, so the rows differ only in that node.
export const NEO_CREDENTIAL = { id: 'neoBenchCred0001', name: 'Neo sandbox (bench)' };
export const HEADER_CREDENTIAL = { id: 'hdrBenchCred0001', name: 'Neo bearer header (bench)' };

/** The node under test is always named this, so its run data is easy to find. */
export const TARGET = 'Target';

const trigger = {
	id: 'b0000000-0000-4000-8000-000000000001',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const itemsNode = (n) => ({
	id: 'b0000000-0000-4000-8000-000000000002',
	name: 'Items',
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	position: [220, 0],
	parameters: {
		jsCode: `return Array.from({ length: ${n} }, (_, i) => ({ json: { name: 'bench-' + i, i } }));`,
	},
});

function workflow(id, name, n, target) {
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: TARGET, type: 'main', index: 0 }]] },
		},
		nodes: [
			trigger,
			itemsNode(n),
			{ id: 'b0000000-0000-4000-8000-000000000003', name: TARGET, position: [440, 0], ...target },
		],
	};
}

/** Distinct per row and size: import:workflow overwrites a workflow with the same id. */
const wid = (key, n) => `bn${key}n${n}`;

/** Neo node: Channel -> Create, internal name from the item. */
export function neoWorkflow(n, { concurrency, options = {} } = {}) {
	const opts = { ...options };
	if (concurrency !== undefined) opts.concurrency = concurrency;
	const key = `neo${concurrency ?? 'd'}x`;
	return workflow(
		wid(key, n),
		`bench: Neo create x${n} (parallel ${concurrency ?? 'default'})`,
		n,
		{
			type: 'n8n-nodes-neo.neo',
			typeVersion: 2,
			parameters: {
				resource: 'channel',
				operation: 'create',
				audience: 'END_USER',
				internalName: '={{ $json.name }}',
				channelType: 'TEAMS',
				additionalFields: {},
				options: opts,
			},
			credentials: { neoApi: NEO_CREDENTIAL },
		},
	);
}

/**
 * n8n's HTTP Request node (its default version in the install), POST with a JSON body built from
 * the item; every option at its default. `auth`: 'credential' = a Header Auth credential
 * (`Authorization: Bearer <key>`), 'inline' = the same header typed into the node's parameters (its
 * cheapest setup: no credential read per request). `retry` sets the node's own Retry On Fail.
 */
export function httpWorkflow(n, sandbox, { retry, auth = 'credential' } = {}) {
	const key = `http${auth === 'inline' ? 'I' : 'C'}${retry ? 'R' : ''}x`;
	const authParameters =
		auth === 'inline'
			? {
					authentication: 'none',
					sendHeaders: true,
					headerParameters: {
						parameters: [{ name: 'Authorization', value: `Bearer ${sandbox.keys.tenant}` }],
					},
				}
			: { authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' };
	return workflow(
		wid(key, n),
		`bench: HTTP Request create x${n} (${auth === 'inline' ? 'header typed inline' : 'Header Auth credential'}${retry ? ', retry on fail' : ''})`,
		n,
		{
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.5, // the default version a new HTTP Request node gets in n8n 2.41.1
			parameters: {
				method: 'POST',
				url: `${sandbox.url}/public-api/channels`,
				...authParameters,
				sendBody: true,
				contentType: 'json',
				specifyBody: 'keypair',
				bodyParameters: {
					parameters: [
						{ name: 'audience', value: 'END_USER' },
						{ name: 'internal_name', value: '={{ $json.name }}' },
						{ name: 'type', value: 'TEAMS' },
					],
				},
				options: {},
			},
			...(auth === 'inline' ? {} : { credentials: { httpHeaderAuth: HEADER_CREDENTIAL } }),
			...(retry
				? { retryOnFail: true, maxTries: retry.maxTries, waitBetweenTries: retry.waitBetweenTries }
				: {}),
		},
	);
}

/** The same items through "No Operation, do nothing": n8n's own start-up and item handling. */
export function noopWorkflow(n) {
	return workflow(wid('noopx', n), `bench: no-op x${n}`, n, {
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		parameters: {},
	});
}

/**
 * The Neo node's output without the requests: a Set node (raw JSON) that turns each item into an
 * object shaped like the channel Neo returns. Peak RSS against this one shows what holding and
 * printing the bigger items costs n8n, apart from the node and the HTTP helpers.
 */
export function shapedWorkflow(n) {
	const stamp = '2026-11-25T16:00:00.000Z';
	const json =
		'={"id":"ch_{{ $json.i }}","internal_name":"{{ $json.name }}","audience":"END_USER","type":"TEAMS",' +
		'"agent_id":null,"display_name":null,"description":null,"welcome_message":null,"color_icon_url":null,' +
		'"outline_icon_url":null,"relay_prefix":null,"show_agent_progress_steps":true,"status":"ACTIVE",' +
		`"created_at":"${stamp}","updated_at":"${stamp}"}`;
	return workflow(
		wid('shapedx', n),
		`bench: channel-shaped items x${n} (Set node, no requests)`,
		n,
		{
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: { mode: 'raw', jsonOutput: json, options: {} },
		},
	);
}

export function credentials(sandbox) {
	return [
		{
			...NEO_CREDENTIAL,
			type: 'neoApi',
			data: { apiKey: sandbox.keys.tenant, baseUrl: sandbox.url },
		},
		{
			...HEADER_CREDENTIAL,
			type: 'httpHeaderAuth',
			data: { name: 'Authorization', value: `Bearer ${sandbox.keys.tenant}` },
		},
	];
}

/** Path of the queue-mode provisioning webhook for `n` items per call (one per size: a published
 * workflow keeps its path, so two sizes on one path would reach the first). */
export const queueWebhookPath = (n) => `neo-bench-provision-${n}`;

/**
 * The P2 queue-mode row's provisioning workflow: Webhook (answers at once) → Items (`n` items named
 * `<body.prefix>-<i>`) → Neo Channel → Create at 10 in flight. Called once per worker, each with its
 * own prefix, so the two runs create distinct channels under one tenant's rate limit.
 */
export function queueProvisioningWorkflow(n) {
	const wf = neoWorkflow(n, { concurrency: 10 });
	wf.id = wid('queueProv', n);
	wf.name = `bench: queue-mode provisioning x${n} (webhook)`;
	wf.nodes[0] = {
		...trigger,
		name: 'Start',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: 'b0000000-0000-4000-8000-0000000000aa',
		parameters: {
			httpMethod: 'POST',
			path: queueWebhookPath(n),
			responseMode: 'onReceived',
			options: {},
		},
	};
	wf.nodes[1].parameters.jsCode = `const prefix = $input.first().json.body.prefix;
return Array.from({ length: ${n} }, (_, i) => ({ json: { name: prefix + '-' + i, i } }));`;
	return wf;
}
