import type { IExecuteFunctions } from 'n8n-workflow';

import {
	defaultClientMessageId,
	shortHash,
} from '../../nodes/Neo/actions/chatMessage/clientMessageId';

/** The parts of an execute context the default key reads. */
function context(
	executionId: string,
	nodeId: string,
	runIndex: number,
	nodeContext: Record<string, unknown> = {}, // n8n keeps it in the execution data a Retry reuses
): IExecuteFunctions {
	return {
		getNode: () => ({ id: nodeId, name: 'Ask Neo' }),
		getExecutionId: () => executionId,
		getWorkflowDataProxy: () => ({ $runIndex: runIndex }),
		getContext: (type: string) => {
			if (type !== 'node') throw new Error(`unexpected context ${type}`);
			return nodeContext;
		},
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

	it("stays the same when n8n's Retry runs the failed execution again under a new id", () => {
		const saved: Record<string, unknown> = {}; // the failed execution's node context
		const first = defaultClientMessageId(context('41', 'node-1', 0, saved), 0, 'cs_1', 'hello');
		const retry = defaultClientMessageId(context('57', 'node-1', 0, saved), 0, 'cs_1', 'hello');
		const retryOfRetry = defaultClientMessageId(
			context('58', 'node-1', 0, saved),
			0,
			'cs_1',
			'hello',
		);
		expect(first).toBe(base());
		expect(retry).toBe(first);
		expect(retryOfRetry).toBe(first);
		expect(saved.neoOriginExecutionId).toBe('41');
	});

	it('uses the execution id where a context has no node context (an AI tool)', () => {
		const tool = {
			...context('41', 'node-1', 0),
			getContext: () => {
				throw new Error('no execution data');
			},
		} as unknown as IExecuteFunctions;
		expect(defaultClientMessageId(tool, 0, 'cs_1', 'hello')).toBe(base());
	});
});
