/**
 * The Agent locator's By ID check (issue 19, item 8): a bad ID is reported once, naming the
 * parameter, whether the locator is top-level (n8n's own parameter check stops the run) or inside
 * a collection (the node's check, naming the item, before any request).
 */
import type { INodeParameters } from 'n8n-workflow';

import { runNeo } from './neoWorkflow';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const run = (parameters: INodeParameters) =>
	runNeo({ sandbox: sandbox(), parameters, node: { typeVersion: 2 } });

function count(text: string, part: string): number {
	return text.split(part).length - 1;
}

it.each([
	['agent', 'get', {}],
	['channel', 'create', { audience: 'END_USER', internalName: 'x', channelType: 'TEAMS' }],
	['chatSession', 'create', { agentSource: 'agentId' }],
	['scheduledWork', 'create', { scheduledAt: '2030-01-01T00:00:00Z' }],
])('%s → %s: Agent "abc" By ID says so once', async (resource, operation, extra) => {
	const failure = await run({ resource, operation, ...extra, agent: byId('abc') }).then(
		() => undefined,
		(error: Error) => error.message,
	);
	expect(failure).toBeDefined();
	expect(count(failure!, 'must be a whole number')).toBe(1);
	expect(failure).toContain('Agent (By ID) must be a whole number, e.g. 101');
	expect(sandbox().requests).toHaveLength(0);
});

it.each([
	['approvalRequest', 'getMany', 'filters'],
	['execution', 'getMany', 'filters'],
	['channel', 'update', 'updateFields'],
])('%s → %s: Agent "abc" in %s is reported once, with the item', async (resource, operation, collection) => {
	const { result } = await run({
		resource,
		operation,
		channelId: 'ch_1',
		[collection]: { agent: byId('abc') },
	});
	const message = result.error?.message ?? '';
	expect(message).toMatch(/Agent.*must be a whole number, got "abc"/);
	expect(count(message, 'whole number')).toBe(1);
	expect(message).toMatch(/item/);
	expect(sandbox().requests).toHaveLength(0);
});
