import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * cyrb53 (a public-domain 53-bit string hash): pure JavaScript, so node code needs no crypto
 * module. Not a security hash: it only has to make accidental collisions between messages rare.
 */
function cyrb53(text: string, seed: number): number {
	let h1 = 0xdeadbeef ^ seed;
	let h2 = 0x41c6ce57 ^ seed;
	for (let i = 0; i < text.length; i++) {
		const ch = text.charCodeAt(i);
		h1 = Math.imul(h1 ^ ch, 2654435761);
		h2 = Math.imul(h2 ^ ch, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Two seeds, about 106 bits, as a short ASCII key. */
export function shortHash(text: string): string {
	return `${cyrb53(text, 1).toString(36)}${cyrb53(text, 2).toString(36)}`;
}

/**
 * The id of the execution this run started as. n8n's Retry runs a failed execution again under a
 * new execution id but from the failed one's saved execution data, node context included, so the
 * first run's id kept there survives any number of retries (the retry's `retryOf` is not
 * reachable from a node). Contexts without node context (an AI tool's) use their own id.
 */
function originExecutionId(ctx: IExecuteFunctions): string {
	const current = ctx.getExecutionId();
	try {
		const context = ctx.getContext('node');
		if (typeof context.neoOriginExecutionId !== 'string') context.neoOriginExecutionId = current;
		return context.neoOriginExecutionId as string;
	} catch {
		return current;
	}
}

/**
 * The default client_message_id: the same for the same execution (or a retry of it), node, run,
 * item, session and message, so a retry inside the node or n8n's Retry of a failed execution
 * meets Neo's 409 instead of starting a second turn; different for anything else (a loop's next
 * run, another item, another execution).
 */
export function defaultClientMessageId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	sessionId: string,
	message: string,
): string {
	const node = ctx.getNode();
	let runIndex = 0;
	try {
		runIndex = Number(ctx.getWorkflowDataProxy(itemIndex).$runIndex) || 0;
	} catch {
		// Contexts without a data proxy run once.
	}
	const key = [originExecutionId(ctx), node.id, runIndex, itemIndex, sessionId, message].join(
		'\u0000',
	);
	return `n8n_${shortHash(key)}`;
}
