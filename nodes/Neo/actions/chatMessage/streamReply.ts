import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { runsAsAiTool } from '../../helpers/toolMode';
import type { TurnRelay } from '../../transport/chatTurn';
import type { UiPart } from '../../transport/eventStream';

type ChunkType = 'begin' | 'item' | 'end';

/** n8n 2.x's streaming calls; n8n 1.x (before 1.98) has neither. */
interface StreamingContext {
	isStreaming?: () => boolean;
	sendChunk?: (type: ChunkType, itemIndex: number, content?: IDataObject | string) => unknown;
}

/**
 * Passes one item's reply on to n8n's streaming response (Chat Trigger or Webhook with Response
 * Mode "Streaming") as Neo writes it: `begin`, each new piece of text as an `item`, `end`. Text
 * that a restarted read (from the cursor) brings again is not passed on twice.
 */
export class ReplyStream implements TurnRelay {
	/** Characters of the reply passed on so far. */
	private passed = 0;
	/** Characters of the reply the current read has brought (it may start over). */
	private seen = 0;
	private readonly announced = new Set<string>();

	constructor(
		private readonly send: (type: ChunkType, content?: string) => void,
		private readonly showSteps: boolean,
	) {}

	begin(): void {
		this.send('begin');
	}

	end(): void {
		this.send('end');
	}

	restart(): void {
		this.seen = 0;
	}

	part(part: UiPart): void {
		if (part.type === 'text-delta' && typeof part.delta === 'string') this.text(part.delta);
		else if (this.showSteps && part.type === 'tool-input-available') this.step(part);
	}

	private text(delta: string): void {
		const alreadyPassed = this.passed - this.seen;
		this.seen += delta.length;
		const fresh = alreadyPassed > 0 ? delta.slice(alreadyPassed) : delta;
		if (fresh === '') return;
		this.passed += fresh.length;
		this.send('item', fresh);
	}

	/** A tool call as a short status line, once per call (a restarted read brings it again). */
	private step(part: UiPart): void {
		const key = String(part.toolCallId ?? part.toolName ?? '');
		if (this.announced.has(key)) return;
		this.announced.add(key);
		const tool = typeof part.toolName === 'string' ? part.toolName : 'a tool';
		this.send('item', `${this.passed > 0 ? '\n\n' : ''}_Using ${tool}…_\n\n`);
	}
}

/**
 * The reply stream for one item, or undefined when nothing should stream: the option is off, the
 * run does not stream, n8n has no streaming calls (1.x), or the node is an AI Agent's tool (its
 * answer goes to the model, not to the person chatting).
 */
export function replyStream(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: { enabled: boolean; showSteps: boolean },
): ReplyStream | undefined {
	if (!options.enabled) return undefined;
	const streaming = ctx as unknown as StreamingContext;
	const sendChunk = streaming.sendChunk;
	if (typeof streaming.isStreaming !== 'function' || typeof sendChunk !== 'function') {
		return undefined;
	}
	if (!streaming.isStreaming.call(ctx) || runsAsAiTool(ctx)) return undefined;
	const send = (type: ChunkType, content?: string) => {
		// n8n's sendChunk is async underneath (typed void): a closed response must not fail the item.
		const sent = sendChunk.call(ctx, type, itemIndex, content);
		if (sent instanceof Promise) sent.catch(() => undefined);
	};
	return new ReplyStream(send, options.showSteps);
}
