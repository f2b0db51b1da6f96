/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * What n8n loads is dist/, not the TypeScript: the paths package.json declares must exist, and the
 * compiled node and credential must run a workflow end to end. (`npm test` builds first.)
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';

import { chain, collectorNode, itemsNode, neoNode, runWorkflow } from '../helpers/n8nEngine';
import { startSandbox, type NeoSandbox } from '../sandbox';

import manifest from '../../package.json';

const root = path.resolve(__dirname, '../..');

let sandbox: NeoSandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.close();
});

it('declares only files that the build produced, icons included', () => {
	const declared = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
	expect(declared.length).toBe(3);
	for (const file of declared) expect(existsSync(path.join(root, file))).toBe(true);
	expect(existsSync(path.join(root, 'dist/icons/neo.svg'))).toBe(true);
	expect(existsSync(path.join(root, 'dist/icons/neo.dark.svg'))).toBe(true);
	expect(existsSync(path.join(root, 'dist/nodes/Neo/Neo.node.json'))).toBe(true);
	expect(existsSync(path.join(root, 'dist/nodes/NeoTrigger/NeoTrigger.node.json'))).toBe(true);
});

// n8n's custom-folder loader (N8N_CUSTOM_EXTENSIONS, ~/.n8n/custom) ignores package.json and loads
// every **/*.node.js and **/*.credentials.js as its own type: a version class in a *.node.js file
// would register again under the node's name and replace the versioned node.
it('leaves no other *.node.js or *.credentials.js in dist/ than those package.json declares', () => {
	const found = (readdirSync(path.join(root, 'dist'), { recursive: true }) as string[])
		.map((file) => `dist/${file.split(path.sep).join('/')}`)
		.filter((file) => /\.(node|credentials)\.js$/.test(file))
		.sort();
	expect(found).toEqual([...manifest.n8n.nodes, ...manifest.n8n.credentials].sort());
});

it('declares the compiled Neo Trigger as a polling trigger with the Neo credential', async () => {
	const file = manifest.n8n.nodes.find((node) => node.endsWith('NeoTrigger.node.js')) as string;
	const { NeoTrigger } = (await import(path.join(root, file))) as {
		NeoTrigger: new () => INodeType;
	};
	const { description, poll } = new NeoTrigger();
	expect(description).toMatchObject({
		name: 'neoTrigger',
		polling: true,
		group: ['trigger'],
		inputs: [],
		credentials: [{ name: 'neoApi', required: true }],
	});
	expect(typeof poll).toBe('function');
});

it('runs a workflow with the compiled node and credential', async () => {
	const { Neo } = (await import(path.join(root, manifest.n8n.nodes[0]))) as {
		Neo: new () => IVersionedNodeType;
	};
	const { NeoApi } = (await import(path.join(root, manifest.n8n.credentials[0]))) as {
		NeoApi: new () => ICredentialType;
	};
	const compiled = new Neo();
	expect(compiled.description.name).toBe('neo');
	expect(compiled.description.defaultVersion).toBe(2);
	// n8n offers each version whose description says so to its AI Agent as a tool.
	expect(compiled.nodeVersions[1].description.usableAsTool).toBe(true);
	expect(compiled.nodeVersions[2].description.usableAsTool).toBe(true);

	const result = await runWorkflow({
		nodes: [
			itemsNode('Input', [{ name: 'from-dist' }]),
			neoNode('Neo', {
				resource: 'channel',
				operation: 'create',
				audience: 'END_USER',
				internalName: '={{ $json.name }}',
				channelType: 'TEAMS',
			}),
			collectorNode('OK'),
		],
		connections: chain('Input', 'Neo', 'OK'),
		nodeTypes: { 'n8n-nodes-neo.neo': compiled },
		credentialTypes: [new NeoApi()],
		credentials: { neoApi: { apiKey: sandbox.keys.tenant, baseUrl: sandbox.url } },
	});

	expect(result.error).toBeUndefined();
	expect(result.output('OK')[0].json.internal_name).toBe('from-dist');
	expect(sandbox.created.channels).toHaveLength(1);
});
