// A local OpenAI-compatible stand-in for n8n's OpenAI Chat Model node: POST /v1/chat/completions
// answers with a scripted call of the first tool it is offered, then, once the tool's result is
// in the conversation, with a final answer that quotes it. Plain and streamed (SSE) answers both.
// It records what it received, so a test can read what the tool returned to the "model".
import { createServer } from 'node:http';

/** Arguments for the offered tool: each parameter of its schema gets a scripted value. */
function argumentsFor(tool, question) {
	const properties = tool?.function?.parameters?.properties ?? {};
	return Object.fromEntries(
		Object.entries(properties).map(([key, schema]) => [
			key,
			schema.type === 'number' ? 1 : schema.type === 'boolean' ? false : question,
		]),
	);
}

function completion(model, message, finishReason) {
	return {
		id: `chatcmpl-standin-${Date.now()}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [{ index: 0, message, finish_reason: finishReason }],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	};
}

/** The same answer as OpenAI's streamed chunks. */
function chunks(model, message, finishReason) {
	const base = { id: 'chatcmpl-standin', object: 'chat.completion.chunk', created: 0, model };
	const delta = message.tool_calls
		? {
				role: 'assistant',
				content: null,
				tool_calls: message.tool_calls.map((call, index) => ({ index, ...call })),
			}
		: { role: 'assistant', content: message.content };
	return [
		{ ...base, choices: [{ index: 0, delta, finish_reason: null }] },
		{ ...base, choices: [{ index: 0, delta: {}, finish_reason: finishReason }] },
	];
}

export async function startOpenAiStandIn() {
	const received = [];
	const server = createServer((req, res) => {
		let text = '';
		req.on('data', (d) => (text += d));
		req.on('end', () => {
			if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
				res.writeHead(404, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
				return;
			}
			const body = JSON.parse(text || '{}');
			received.push(body);
			const messages = body.messages ?? [];
			const toolResults = messages.filter((m) => m.role === 'tool');
			const question = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
			const tool = (body.tools ?? [])[0];
			let message;
			let finishReason;
			if (toolResults.length === 0 && tool) {
				message = {
					role: 'assistant',
					content: null,
					tool_calls: [
						{
							id: `call_${received.length}`,
							type: 'function',
							function: {
								name: tool.function.name,
								arguments: JSON.stringify(argumentsFor(tool, String(question))),
							},
						},
					],
				};
				finishReason = 'tool_calls';
			} else {
				const result = toolResults.map((m) => String(m.content)).join('\n');
				message = { role: 'assistant', content: `The Neo tool answered: ${result}` };
				finishReason = 'stop';
			}
			if (body.stream) {
				res.writeHead(200, { 'content-type': 'text/event-stream' });
				for (const chunk of chunks(body.model, message, finishReason)) {
					res.write(`data: ${JSON.stringify(chunk)}\n\n`);
				}
				res.end('data: [DONE]\n\n');
				return;
			}
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(completion(body.model, message, finishReason)));
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}/v1`,
		received,
		/** The tool results the "model" was given, in order. */
		toolResults: () =>
			received
				.flatMap((b) => (b.messages ?? []).filter((m) => m.role === 'tool'))
				.map((m) => m.content),
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}
