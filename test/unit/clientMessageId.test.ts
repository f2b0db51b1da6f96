import type { IExecuteFunctions } from 'n8n-workflow';

import {
	defaultClientMessageId,
	shortHash,
} from '../../nodes/Neo/actions/chatMessage/clientMessageId';

/** The parts of an execute context the default key reads. */
function context(executionId: string, nodeId: string, runIndex: number): IExecuteFunctions {
	return {
		getNode: () => ({ id: nodeId, name: 'Ask Neo' }),
		getExecutionId: () => executionId,
		getWorkflowDataProxy: () => ({ $runIndex: runIndex }),
	} as unknown as IExecuteFunctions;
}

describe('the default client_message_id', () => {
	const base = () => defaultClientMessageId(context('41', 'node-1', 0), 0, 'cs_1', 'hello');

	it('is the same when the same execution runs the same item again', () => {
		expect(base()).toBe(base());
		expect(base()).toMatch(/^n8n_[0-9a-z]{10,24}$/);
	});

	it('differs for another execution, node, run, item, session or message', () => {
		const others = [
			defaultClientMessageId(context('42', 'node-1', 0), 0, 'cs_1', 'hello'),
			defaultClientMessageId(context('41', 'node-2', 0), 0, 'cs_1', 'hello'),
			defaultClientMessageId(context('41', 'node-1', 1), 0, 'cs_1', 'hello'),
			defaultClientMessageId(context('41', 'node-1', 0), 1, 'cs_1', 'hello'),
			defaultClientMessageId(context('41', 'node-1', 0), 0, 'cs_2', 'hello'),
			defaultClientMessageId(context('41', 'node-1', 0), 0, 'cs_1', 'hello!'),
		];
		expect(new Set([base(), ...others]).size).toBe(7);
	});

	it('spreads 20,000 keys without a collision', () => {
		const seen = new Set<string>();
		for (let i = 0; i < 20_000; i++) seen.add(shortHash(`execution-${i}\u00000\u0000cs_1`));
		expect(seen.size).toBe(20_000);
	});
});
