/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// /__sandbox/* control endpoints: the same controls as the NeoSandbox object, for out-of-process
// users (a real n8n in end-to-end runs, benchmarks). No auth, not counted, not rate limited.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatAgent, ChatConfig, ChatFaultRule } from './chat/agent';
import { isPlainObject, parseJson, readBody } from './http';
import type { FaultRule, RecordedRequest, SandboxConfig, SandboxState } from './types';

export interface ControlTarget {
	readonly requests: RecordedRequest[];
	state(): SandboxState;
	reset(): void;
	configure(patch: Partial<SandboxConfig>): void;
	addFault(rule: FaultRule): void;
	clearFaults(): void;
	readonly chat: ChatAgent;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
	});
	res.end(text);
}

const fail = (res: ServerResponse, status: number, message: string) =>
	reply(res, status, { error: { code: status === 404 ? 'not_found' : 'bad_request', message } });

export async function handleControl(
	target: ControlTarget,
	req: IncomingMessage,
	res: ServerResponse,
	path: string,
): Promise<void> {
	const route = `${req.method ?? 'GET'} ${path.replace(/\/+$/, '')}`;
	const parsed = parseJson(await readBody(req));
	if (!parsed.ok) return fail(res, 400, 'body is not valid JSON');
	const body = parsed.value ?? {};
	try {
		switch (route) {
			case 'GET /__sandbox/state':
				return reply(res, 200, target.state());
			case 'GET /__sandbox/requests':
				return reply(res, 200, target.requests);
			case 'POST /__sandbox/reset':
				target.reset();
				return reply(res, 200, target.state());
			case 'POST /__sandbox/configure':
				if (!isPlainObject(body)) return fail(res, 400, 'configure takes a JSON object');
				target.configure(body as Partial<SandboxConfig>);
				return reply(res, 200, target.state().config);
			case 'POST /__sandbox/faults':
				target.addFault(body as FaultRule);
				return reply(res, 201, { faultsPending: target.state().faultsPending });
			case 'GET /__sandbox/chat':
				return reply(res, 200, { config: target.chat.config, turns: target.chat.turns });
			case 'POST /__sandbox/chat/configure':
				if (!isPlainObject(body)) return fail(res, 400, 'configure takes a JSON object');
				target.chat.configure(body as Partial<ChatConfig>);
				return reply(res, 200, target.chat.config);
			case 'POST /__sandbox/chat/faults':
				target.chat.addFault(body as ChatFaultRule);
				return reply(res, 201, { ok: true });
			case 'DELETE /__sandbox/faults':
				target.clearFaults();
				return reply(res, 200, { faultsPending: 0 });
			default:
				return fail(res, 404, `no control endpoint ${route}`);
		}
	} catch (err) {
		return fail(res, 400, (err as Error).message);
	}
}
