/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// /__sandbox/* control endpoints: the same controls as the NeoSandbox object, for out-of-process
// users (a real n8n in end-to-end runs, benchmarks). No auth, not counted, not rate limited.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatAgent, ChatConfig, ChatFaultRule } from './chat/agent';
import type { BlobStore } from './blobs';
import type { Events } from './events';
import { isPlainObject, parseJson, readBody } from './http';
import { Router } from './router';
import type { ConfigPatch } from './config';
import type { FaultRule, RecordedRequest, SandboxState } from './types';

export interface ControlTarget {
	readonly requests: RecordedRequest[];
	readonly events: Events;
	state(): SandboxState;
	reset(): void;
	configure(patch: ConfigPatch): void;
	addFault(rule: FaultRule): void;
	clearFaults(): void;
	readonly chat: ChatAgent;
	readonly blobs: BlobStore;
}

interface Answer {
	status: number;
	body: unknown;
}
type Handler = (
	t: ControlTarget,
	body: Record<string, unknown>,
	params: Record<string, string>,
) => Answer;

const ok = (body: unknown, status = 200): Answer => ({ status, body });
const id = (params: Record<string, string>, name: string) => {
	const n = Number(params[name]);
	return Number.isInteger(n) ? n : NaN;
};

const CONTROL = new Router<Handler>({
	'GET /__sandbox/state': (t) => ok(t.state()),
	'GET /__sandbox/requests': (t) => ok(t.requests),
	'POST /__sandbox/reset': (t) => {
		t.reset();
		return ok(t.state());
	},
	'POST /__sandbox/configure': (t, body) => {
		t.configure(body as ConfigPatch);
		return ok(t.state().config);
	},
	'POST /__sandbox/faults': (t, body) => {
		t.addFault(body as unknown as FaultRule);
		return ok({ faultsPending: t.state().faultsPending }, 201);
	},
	'DELETE /__sandbox/faults': (t) => {
		t.clearFaults();
		return ok({ faultsPending: 0 });
	},
	'GET /__sandbox/chat': (t) => ok({ config: t.chat.config, turns: t.chat.turns }),
	'POST /__sandbox/chat/configure': (t, body) => {
		t.chat.configure(body as Partial<ChatConfig>);
		return ok(t.chat.config);
	},
	'POST /__sandbox/chat/faults': (t, body) => {
		t.chat.addFault(body as unknown as ChatFaultRule);
		return ok({ ok: true }, 201);
	},
	'POST /__sandbox/til-requests': (t, body) => ok({ data: t.events.createTilRequests(body) }, 201),
	'POST /__sandbox/til-requests/{id}/decision': (t, body, p) =>
		ok({ data: t.events.decide(id(p, 'id'), body as never) }),
	'POST /__sandbox/executions': (t, body) => ok({ data: t.events.createExecutions(body) }, 201),
	'POST /__sandbox/executions/{id}/finish': (t, body, p) =>
		ok({ data: t.events.finishExecution(p.id, body as never) }),
	'GET /__sandbox/blobs': (t) =>
		ok({ url: t.blobs.url, puts: t.blobs.puts, issued: [...t.blobs.issued.values()] }),
	'POST /__sandbox/blobs/configure': (t, body) => {
		if (body.maxBytes !== undefined) t.blobs.maxBytes = Number(body.maxBytes);
		if (body.ttlMs !== undefined) t.blobs.ttlMs = Number(body.ttlMs);
		return ok({ maxBytes: t.blobs.maxBytes, ttlMs: t.blobs.ttlMs });
	},
	'POST /__sandbox/inbox': (t, body) => ok({ data: t.events.createInboxMessages(body) }, 201),
	'POST /__sandbox/inbox/{dedupe}/touch': (t, body, p) =>
		ok({ data: t.events.touchInboxMessage(p.dedupe, body as never) }),
	'GET /__sandbox/schedules': (t) => ok({ data: t.events.list() }),
	'POST /__sandbox/schedules': (t, body) => ok(t.events.schedule(body as never), 201),
	'DELETE /__sandbox/schedules': (t) => ok({ stopped: t.events.stop() }),
	'DELETE /__sandbox/schedules/{id}': (t, _body, p) => ok({ stopped: t.events.stop(id(p, 'id')) }),
});

function reply(res: ServerResponse, { status, body }: Answer): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
	});
	res.end(text);
}

const CODES: Record<number, string> = {
	400: 'bad_request',
	404: 'not_found',
	405: 'method_not_allowed',
	409: 'conflict',
};
const fail = (status: number, message: string): Answer => ({
	status,
	body: { error: { code: CODES[status] ?? 'bad_request', message } },
});

export async function handleControl(
	target: ControlTarget,
	req: IncomingMessage,
	res: ServerResponse,
	path: string,
): Promise<void> {
	const method = (req.method ?? 'GET').toUpperCase();
	const { match, allowed } = CONTROL.match(method, path.replace(/\/+$/, ''));
	const parsed = parseJson(await readBody(req));
	if (!match) {
		const what = `no control endpoint ${method} ${path}`;
		return reply(res, allowed.length > 0 ? fail(405, what) : fail(404, what));
	}
	if (!parsed.ok) return reply(res, fail(400, 'body is not valid JSON'));
	const body = parsed.value ?? {};
	if (!isPlainObject(body)) return reply(res, fail(400, 'the body must be a JSON object'));
	try {
		return reply(res, match.value(target, body, match.params));
	} catch (err) {
		const status = (err as { status?: number }).status;
		return reply(res, fail(status && CODES[status] ? status : 400, (err as Error).message));
	}
}
