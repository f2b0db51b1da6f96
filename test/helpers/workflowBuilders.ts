/**
 * Builders for the workflows the engine harness runs (test/helpers/n8nEngine.ts): nodes (a start
 * node with fixed items, the Neo node, a pass-through collector) and their connections.
 *
 *   nodes: [itemsNode('Input', [{ name: 'a' }]), neoNode('Neo', { … }), collectorNode('OK'),
 *           collectorNode('Errors')],
 *   connections: mergeConnections(chain('Input', 'Neo', 'OK'), errorOutput('Neo', 'Errors')),
 */
import { deepCopy } from 'n8n-workflow';
import type { IConnection, IConnections, IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { COLLECTOR_NODE_TYPE, ITEMS_NODE_TYPE } from './testNodes';

/** Node type of the Neo node when installed as a community package (docs/DESIGN.md). */
export const NEO_NODE_TYPE = 'n8n-nodes-neo.neo';
/** Node type of the Neo node when loaded from N8N_CUSTOM_EXTENSIONS. Registered as an alias. */
export const NEO_CUSTOM_NODE_TYPE = 'CUSTOM.neo';
/** What `neoNode()` puts into `node.credentials` by default. */
export const NEO_CREDENTIALS_REF = { neoApi: { id: '1', name: 'Neo' } };

let nodeCounter = 0;
let nextX = 0;

function nextPosition(): [number, number] {
	nextX += 220;
	return [nextX, 300];
}

function nodeId(): string {
	nodeCounter += 1;
	return `00000000-0000-4000-8000-${String(nodeCounter).padStart(12, '0')}`;
}

/** A start node that emits these items (test-only node type `harness.items`). */
export function itemsNode(name: string, items: IDataObject[], position?: [number, number]): INode {
	return {
		id: nodeId(),
		name,
		type: ITEMS_NODE_TYPE,
		typeVersion: 1,
		position: position ?? nextPosition(),
		parameters: { items: JSON.stringify(items) },
	};
}

/**
 * A Neo node (`n8n-nodes-neo.neo`, typeVersion 1, credentials `neoApi` → id '1').
 * `extra` is merged last: `{ onError: 'continueErrorOutput' }`, `{ continueOnFail: true }`,
 * `{ credentials: {} }`, …
 */
export function neoNode(
	name: string,
	parameters: INodeParameters,
	extra: Partial<INode> = {},
): INode {
	return {
		id: nodeId(),
		name,
		type: NEO_NODE_TYPE,
		typeVersion: 1,
		position: nextPosition(),
		parameters,
		credentials: deepCopy(NEO_CREDENTIALS_REF),
		...extra,
	};
}

/** A pass-through sink (`harness.collector`) to connect to outputs so routing can be checked. */
export function collectorNode(name: string, position?: [number, number]): INode {
	return {
		id: nodeId(),
		name,
		type: COLLECTOR_NODE_TYPE,
		typeVersion: 1,
		position: position ?? nextPosition(),
		parameters: {},
	};
}

/** Main connections a → b → c (each from output 0 to input 0). */
export function chain(...names: string[]): IConnections {
	let connections: IConnections = {};
	for (let i = 0; i + 1 < names.length; i++) {
		connections = mergeConnections(connections, connect(names[i], names[i + 1]));
	}
	return connections;
}

/** One main connection from `from`'s output `output` to `to`'s input `input`. */
export function connect(
	from: string,
	to: string,
	{ output = 0, input = 0 }: { output?: number; input?: number } = {},
): IConnections {
	const outputs: Array<IConnection[] | null> = [];
	for (let i = 0; i < output; i++) outputs.push([]);
	outputs.push([{ node: to, type: 'main', index: input }]);
	return { [from]: { main: outputs } };
}

/** Connects `from`'s error output (output index 1, needs `onError: 'continueErrorOutput'`) to `to`. */
export function errorOutput(from: string, to: string): IConnections {
	return connect(from, to, { output: 1 });
}

/** Merges connection maps (e.g. `mergeConnections(chain('A', 'Neo', 'OK'), errorOutput('Neo', 'Errors'))`). */
export function mergeConnections(...all: IConnections[]): IConnections {
	const merged: IConnections = {};
	for (const connections of all) {
		for (const [from, byType] of Object.entries(connections)) {
			merged[from] ??= {};
			for (const [type, outputs] of Object.entries(byType)) {
				const target = (merged[from][type] ??= []);
				outputs.forEach((list, index) => {
					while (target.length <= index) target.push([]);
					target[index] = [...(target[index] ?? []), ...(list ?? [])];
				});
			}
		}
	}
	return merged;
}
