/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * The node and credential types the engine harness (test/helpers/n8nEngine.ts) knows: the
 * harness' own test nodes (test/helpers/testNodes.ts), the real Neo node (nodes/Neo/Neo.node.ts,
 * as `n8n-nodes-neo.neo` and `CUSTOM.neo`) and, by default, the real NeoApi credential.
 */
import path from 'node:path';

import { NodeHelpers, UnexpectedError } from 'n8n-workflow';
import type {
	ICredentialType,
	IDataObject,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';

import { NeoApi } from '../../credentials/NeoApi.credentials';
import {
	COLLECTOR_NODE_TYPE,
	HarnessCollector,
	HarnessItems,
	ITEMS_NODE_TYPE,
} from './testNodes';
import { NEO_CUSTOM_NODE_TYPE, NEO_NODE_TYPE } from './workflowBuilders';

const projectRoot = path.resolve(__dirname, '..', '..');
// The explicit .ts path matters: next to Neo.node.ts lies the codex Neo.node.json, which plain
// Node resolution (ts-node, scripts) would pick for '…/Neo.node' before any .ts file.
const NEO_NODE_FILE = path.join(projectRoot, 'nodes', 'Neo', 'Neo.node.ts');

function loadNeoNodeType(): INodeType | IVersionedNodeType {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const mod = require(NEO_NODE_FILE) as {
		Neo: new () => INodeType | IVersionedNodeType;
	};
	return new mod.Neo();
}

/** The credential types used when RunOptions.credentialTypes is not given: the real NeoApi. */
export function defaultCredentialTypes(): ICredentialType[] {
	return [new NeoApi()];
}

/** Node types by name, each created on first use; `extra` adds or overrides types. */
export class HarnessNodeTypes implements INodeTypes {
	private readonly factories: Record<string, () => INodeType | IVersionedNodeType>;

	private readonly cache = new Map<string, INodeType | IVersionedNodeType>();

	constructor(extra: Record<string, INodeType | IVersionedNodeType>) {
		this.factories = {
			[ITEMS_NODE_TYPE]: () => new HarnessItems(),
			[COLLECTOR_NODE_TYPE]: () => new HarnessCollector(),
			[NEO_NODE_TYPE]: loadNeoNodeType,
			[NEO_CUSTOM_NODE_TYPE]: loadNeoNodeType,
		};
		for (const [name, type] of Object.entries(extra)) this.factories[name] = () => type;
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		let type = this.cache.get(nodeType);
		if (!type) {
			const factory = this.factories[nodeType];
			if (!factory) {
				throw new UnexpectedError(`Unrecognized node type: ${nodeType}`, {
					extra: { known: Object.keys(this.factories) },
				});
			}
			type = factory();
			this.cache.set(nodeType, type);
		}
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(
			Object.keys(this.factories).map((name) => [name, { className: name }]),
		);
	}
}
