/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * What n8n loads is dist/, not the TypeScript: the paths package.json declares must exist, and the
 * compiled node and credential must run a workflow end to end. (`npm test` builds first.)
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import type { ICredentialType, IVersionedNodeType } from 'n8n-workflow';

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
	expect(declared.length).toBe(2);
	for (const file of declared) expect(existsSync(path.join(root, file))).toBe(true);
	expect(existsSync(path.join(root, 'dist/icons/neo.svg'))).toBe(true);
	expect(existsSync(path.join(root, 'dist/icons/neo.dark.svg'))).toBe(true);
	expect(existsSync(path.join(root, 'dist/nodes/Neo/Neo.node.json'))).toBe(true);
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
