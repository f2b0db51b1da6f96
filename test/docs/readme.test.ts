/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// The README's Operations table is the node's own list: every resource and operation the editor
// offers (node version 2) and the trigger's events, no more and no fewer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { Neo } from '../../nodes/Neo/Neo.node';
import { NeoTrigger } from '../../nodes/NeoTrigger/NeoTrigger.node';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

/** The first table under "## Operations": resource → its operations (links and bold dropped). */
function operationsTable(): Record<string, string[]> {
	const lines = readme.slice(readme.indexOf('\n## Operations\n')).split('\n');
	const start = lines.findIndex((line) => line.startsWith('| Resource | Operations |'));
	const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
	const table: Record<string, string[]> = {};
	for (const row of lines.slice(start + 2, end)) {
		const plain = row.replace(/\*\*/g, '').replace(/\s*\(\[[^\]]*\]\([^)]*\)\)/g, '');
		const [resource, operations] = plain
			.split('|')
			.slice(1, 3)
			.map((cell) => cell.trim());
		table[resource] = operations.split(',').map((o) => o.trim());
	}
	return table;
}

const names = (options: unknown) =>
	(options as INodePropertyOptions[]).map((o) => o.name).sort((a, b) => a.localeCompare(b));

function nodeOperations(): Record<string, string[]> {
	const neo = new Neo();
	const description = (neo.nodeVersions[neo.description.defaultVersion!] as { description: INodeTypeDescription }).description; // prettier-ignore
	const resources = description.properties.find((p) => p.name === 'resource')!.options as INodePropertyOptions[]; // prettier-ignore
	const out: Record<string, string[]> = {};
	for (const resource of resources) {
		const operation = description.properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource.value),
		)!;
		out[resource.name] = names(operation.options);
	}
	const event = new NeoTrigger().description.properties.find((p) => p.name === 'event')!;
	out['Neo Trigger (its own node)'] = names(event.options);
	return out;
}

test("the Operations table lists every resource and operation of the node's current version, and the trigger's events", () => {
	const table = operationsTable();
	expect(Object.keys(table).length).toBeGreaterThanOrEqual(10);
	const sorted = (o: Record<string, string[]>) =>
		Object.fromEntries(Object.entries(o).map(([k, v]) => [k, [...v].sort()]));
	expect(sorted(table)).toEqual(sorted(nodeOperations()));
});
