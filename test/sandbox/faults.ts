// Fault injection: rules that make the next matching request(s) misbehave the way real networks,
// proxies and servers do, so clients can be tested against them deterministically.
import type { Fault, FaultRule } from './types';

interface ActiveRule {
	rule: FaultRule;
	left: number;
}

export class FaultBook {
	private rules: ActiveRule[] = [];

	add(rule: FaultRule): void {
		const problem = checkFaultRule(rule);
		if (problem) throw new Error(`invalid fault rule: ${problem}`);
		this.rules.push({ rule, left: rule.times ?? Infinity });
	}

	/** The first rule with times left that matches; consumes one use. */
	take(req: RequestInfo, body: unknown): Fault | undefined {
		const hit = this.rules.find((r) => r.left > 0 && matches(r.rule, req, body));
		if (!hit) return undefined;
		hit.left -= 1;
		return hit.rule.fault;
	}

	/** Rules that can still fire. */
	get pending(): number {
		return this.rules.filter((r) => r.left > 0).length;
	}

	clear(): void {
		this.rules = [];
	}
}

/** What a rule can match on: method, concrete path and the route's template (when one matched). */
export interface RequestInfo {
	method: string;
	path: string;
	template?: string;
}

function matches(rule: FaultRule, req: RequestInfo, body: unknown): boolean {
	if (rule.path !== undefined && rule.path !== req.path && rule.path !== req.template) return false;
	if (rule.method !== undefined && rule.method.toUpperCase() !== req.method.toUpperCase()) {
		return false;
	}
	if (!rule.match) return true;
	if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
	const record = body as Record<string, unknown>;
	return Object.entries(rule.match).every(
		([k, v]) => JSON.stringify(record[k]) === JSON.stringify(v),
	);
}

const STATUS_FAULTS = [400, 401, 403, 404, 409, 422, 429, 500, 502, 503];

/** Returns why a rule (e.g. posted to /__sandbox/faults) is unusable, or undefined when it is fine. */
export function checkFaultRule(input: unknown): string | undefined {
	if (!input || typeof input !== 'object') return 'a rule must be an object';
	const rule = input as FaultRule;
	if (rule.path !== undefined && typeof rule.path !== 'string') return 'path must be a string';
	if (rule.method !== undefined && typeof rule.method !== 'string')
		return 'method must be a string';
	if (rule.match !== undefined && (typeof rule.match !== 'object' || rule.match === null)) {
		return 'match must be an object';
	}
	if (rule.times !== undefined && !(typeof rule.times === 'number' && rule.times >= 0)) {
		return 'times must be a number >= 0';
	}
	const fault = rule.fault as Fault | undefined;
	if (!fault || typeof fault !== 'object') return 'fault is required';
	switch (fault.kind) {
		case 'status':
			return STATUS_FAULTS.includes(fault.status)
				? undefined
				: `status must be one of ${STATUS_FAULTS.join(', ')}`;
		case 'html':
			return fault.status === 502 ? undefined : 'html faults have status 502';
		case 'empty':
			return Number.isInteger(fault.status) && fault.status >= 200 && fault.status <= 599
				? undefined
				: 'empty needs an HTTP status';
		case 'invalidJson':
			return fault.status === 200 ? undefined : 'invalidJson faults have status 200';
		case 'slowBody':
			return typeof fault.ms === 'number' && fault.ms >= 0 ? undefined : 'slowBody needs ms >= 0';
		case 'reset':
		case 'hang':
			return undefined;
		default:
			return `unknown fault kind ${JSON.stringify((fault as { kind?: unknown }).kind)}`;
	}
}

export const DEFAULT_ERROR_CODES: Record<number, string> = {
	400: 'bad_request',
	401: 'unauthenticated',
	403: 'forbidden',
	404: 'not_found',
	409: 'conflict',
	422: 'validation_error',
	429: 'rate_limited',
	500: 'internal_error',
	502: 'bad_gateway',
	503: 'service_unavailable',
};

export const DEFAULT_ERROR_MESSAGES: Record<number, string> = {
	400: 'Bad request.',
	401: 'Missing or invalid credentials.',
	403: 'Not allowed.',
	404: 'Not found.',
	409: 'Conflict.',
	422: 'Request validation failed.',
	429: 'Rate limit exceeded. Retry after the Retry-After interval.',
	500: 'Internal server error.',
	502: 'Bad gateway.',
	503: 'Service unavailable.',
};

// What an nginx in front of an API answers when the upstream is down.
export const NGINX_502_HTML = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;

// A success body cut off mid-object: a client must report it, not crash or treat it as data.
export const TRUNCATED_JSON = '{"data": {"id": "ch_trunc", "internal_name": "tru';
