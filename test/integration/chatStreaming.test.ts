/**
 * Chat Message → Send in a streaming run (as n8n makes one for a Chat Trigger or a Webhook with
 * Response Mode "Streaming"): n8n's real engine with a sendChunk handler, the sandbox's paced agent.
 * The reply passes on as Neo writes it, exactly once, and the output item stays as it was.
 */
import type { IDataObject, INode, INodeParameters, StructuredChunk } from 'n8n-workflow';

import { chain, collectorNode, itemsNode, neoNode, runWorkflow } from '../helpers/n8nEngine';
import { SEED, scriptedReply } from '../sandbox';
import { ReplyStream } from '../../nodes/Neo/actions/chatMessage/streamReply';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();
const SESSION = SEED.sessions.tenant;

jest.setTimeout(30_000);
beforeEach(() => sandbox().chat.configure({ partMs: 15 }));

interface Received extends StructuredChunk {
	at: number;
}

const send = (sendOptions: INodeParameters = { streamReply: true }): INodeParameters => ({
	resource: 'chatMessage',
	operation: 'send',
	sessionId: '={{ $json.sessionId }}',
	message: '={{ $json.message }}',
	sendOptions,
});

/** Runs Input → Neo (Send) → OK; `streaming` makes it a streaming run and collects the chunks. */
async function runSend(
	parameters: INodeParameters,
	items: IDataObject[],
	streaming = true,
	node: Partial<INode> = {},
) {
	const sb = sandbox();
	const chunks: Received[] = [];
	const result = await runWorkflow({
		nodes: [
			itemsNode('Input', items),
			neoNode('Neo', parameters, { typeVersion: 2, ...node }),
			collectorNode('OK'),
		],
		connections: chain('Input', 'Neo', 'OK'),
		credentials: { neoApi: { apiKey: sb.keys.tenant, baseUrl: sb.url } },
		onChunk: streaming ? (chunk) => chunks.push({ ...chunk, at: Date.now() }) : undefined,
	});
	return { result, ok: result.output('Neo', 0), chunks };
}

const ofItem = (chunks: Received[], itemIndex: number) =>
	chunks.filter((c) => c.metadata.nodeName === 'Neo' && c.metadata.itemIndex === itemIndex);
const textOf = (chunks: Received[]) =>
	chunks
		.filter((c) => c.type === 'item')
		.map((c) => c.content)
		.join('');

describe('Chat Message → Send, streaming', () => {
	it('passes the reply on as Neo writes it: begin, the text in several items, end', async () => {
		const message = 'Why can j.doe not sign in?';
		const { ok, chunks, result } = await runSend(send(), [{ sessionId: SESSION, message }]);
		expect(result.error).toBeUndefined();
		const mine = ofItem(chunks, 0);
		expect(mine.map((c) => c.type)[0]).toBe('begin');
		expect(mine.at(-1)?.type).toBe('end');
		const items = mine.filter((c) => c.type === 'item');
		expect(items.length).toBeGreaterThan(5);
		expect(textOf(mine)).toBe(scriptedReply(message));
		// The first characters left while Neo was still writing, not after the turn finished.
		const end = mine.at(-1) as Received;
		expect(items[0].at).toBeLessThan(end.at - 5 * 15);
		// The output item is the whole reply, as without streaming.
		expect(ok).toHaveLength(1);
		expect(ok[0].json).toMatchObject({ reply: scriptedReply(message), ended_by: 'finish' });
	});

	it('a stream cut twice mid-turn resumes after Last-Event-Id: no text passed on twice', async () => {
		const sb = sandbox();
		sb.chat.addFault({ fault: { kind: 'cutStream', afterEvents: 14 }, times: 2 });
		const message = 'Disk space on SRV-01';
		const { ok, chunks } = await runSend(send(), [{ sessionId: SESSION, message }]);

		const gets = sb.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/events'));
		expect(gets).toHaveLength(3);
		const mine = ofItem(chunks, 0);
		expect(mine.filter((c) => c.type === 'begin')).toHaveLength(1);
		expect(mine.filter((c) => c.type === 'end')).toHaveLength(1);
		expect(textOf(mine)).toBe(scriptedReply(message));
		expect(ok[0].json.reply).toBe(scriptedReply(message));
	});

	it('each item streams under its own item index', async () => {
		const sb = sandbox();
		const other = await fetch(`${sb.url}/public-api/chat/sessions`, {
			method: 'POST',
			headers: { authorization: `Bearer ${sb.keys.tenant}`, 'content-type': 'application/json' },
			body: JSON.stringify({ agent_id: SEED.agents.tenant[0] }),
		});
		const otherSession = ((await other.json()) as { data: { id: string } }).data.id;
		const { ok, chunks } = await runSend(send(), [
			{ sessionId: SESSION, message: 'first question' },
			{ sessionId: otherSession, message: 'second question' },
		]);

		expect(textOf(ofItem(chunks, 0))).toBe(scriptedReply('first question'));
		expect(textOf(ofItem(chunks, 1))).toBe(scriptedReply('second question'));
		expect(ok.map((i) => i.json.reply)).toEqual([
			scriptedReply('first question'),
			scriptedReply('second question'),
		]);
	});

	it('Stream Tool Steps adds a status line per tool call; the output reply stays the text', async () => {
		const message = 'Is ticket T-4711 open?';
		const { ok, chunks } = await runSend(send({ streamReply: true, streamSteps: true }), [
			{ sessionId: SESSION, message },
		]);

		const streamed = textOf(ofItem(chunks, 0));
		// The other reading's turn calls a second tool (reset_mfa) as well.
		expect(streamed.startsWith('_Using search_tickets…_\n\n')).toBe(true);
		expect(streamed.endsWith(scriptedReply(message))).toBe(true);
		expect(ok[0].json.reply).toBe(scriptedReply(message));
	});

	it('Stream Reply off, or a run that does not stream: no chunks, the same output item', async () => {
		const message = 'Who is on call?';
		const off = await runSend(send({ streamReply: false }), [{ sessionId: SESSION, message }]);
		expect(off.chunks).toEqual([]);
		expect(off.ok[0].json.reply).toBe(scriptedReply(message));

		// A node saved before Stream Reply existed (no such option) does not start streaming.
		const saved = await runSend(send({}), [{ sessionId: SESSION, message: 'saved' }]);
		expect(saved.chunks).toEqual([]);
		expect(saved.ok[0].json.reply).toBe(scriptedReply('saved'));

		const plain = await runSend(send(), [{ sessionId: SESSION, message: 'again' }], false);
		expect(plain.chunks).toEqual([]);
		expect(plain.ok[0].json.reply).toBe(scriptedReply('again'));
	});

	it("as an AI Agent's tool nothing streams: the answer is the model's, not the chat's", async () => {
		// n8n marks a tool node's run this way (NodeConnectionTypes.AiTool).
		const tool = { rewireOutputLogTo: 'ai_tool' } as Partial<INode>;
		const { chunks, result } = await runSend(
			send(),
			[{ sessionId: SESSION, message: 'as a tool' }],
			true,
			tool,
		);
		expect(result.nodeError('Neo')).toBeUndefined();
		expect(result.executedNodes).toContain('Neo');
		// The node ran and read the turn (its output goes to the tool connection, not to main).
		expect(sandbox().chat.turns.map((t) => t.message)).toEqual(['as a tool']);
		expect(sandbox().requests.filter((r) => r.path.endsWith('/events'))).toHaveLength(1);
		expect(ofItem(chunks, 0)).toEqual([]);
	});

	it('a failed turn still ends the streamed message, then n8n streams the error', async () => {
		sandbox().chat.addFault({ fault: { kind: 'errorPart', errorText: 'the PSA is down' } });
		const { result, chunks } = await runSend(send(), [{ sessionId: SESSION, message: 'x' }]);

		expect(result.error?.message).toContain('the PSA is down');
		expect(ofItem(chunks, 0).map((c) => c.type)).toEqual(
			expect.arrayContaining(['begin', 'end', 'error']),
		);
		const types = ofItem(chunks, 0).map((c) => c.type);
		expect(types.indexOf('end')).toBeLessThan(types.indexOf('error'));
	});
});

describe('ReplyStream', () => {
	it('a read that starts over at the cursor passes on only the text not yet passed on', () => {
		const sent: Array<[string, string | undefined]> = [];
		const stream = new ReplyStream((type, content) => sent.push([type, content]), false);
		const delta = (text: string) => stream.part({ type: 'text-delta', id: 't', delta: text });
		stream.begin();
		delta('Hello ');
		delta('wor');
		stream.restart();
		delta('Hel');
		delta('lo w');
		delta('orld');
		delta('!');
		stream.end();

		expect(sent).toEqual([
			['begin', undefined],
			['item', 'Hello '],
			['item', 'wor'],
			['item', 'ld'],
			['item', '!'],
			['end', undefined],
		]);
	});
});
