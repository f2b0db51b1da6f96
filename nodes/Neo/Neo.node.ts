import type { INodeTypeBaseDescription, IVersionedNodeType } from 'n8n-workflow';
import { VersionedNodeType } from 'n8n-workflow';

// The version classes live in plain .ts files, not *.node.ts: n8n's custom-folder loader
// (N8N_CUSTOM_EXTENSIONS, ~/.n8n/custom) loads every *.node.js as a node of its own, and a
// version named 'neo' would replace this node. They take their identity from baseDescription.
import { NeoV1 } from './NeoV1';
import { NeoV2 } from './NeoV2';

/**
 * The Neo node, in every version a saved workflow may use: version 1 keeps its number-typed agent
 * IDs; version 2 picks agents from a list and covers the onboarding lifecycle. New nodes get 2.
 */
export class Neo extends VersionedNodeType {
	constructor() {
		// Each version carries its whole description; this one names the node and its default version.
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Neo',
			name: 'neo',
			icon: { light: 'file:../../icons/neo.svg', dark: 'file:../../icons/neo.dark.svg' },
			group: ['transform'],
			description: "Work with Neo's AI agents for MSPs",
			defaultVersion: 2,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {
			1: new NeoV1(baseDescription),
			2: new NeoV2(baseDescription),
		};
		super(nodeVersions, baseDescription);
	}
}
