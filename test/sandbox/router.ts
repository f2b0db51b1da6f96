// Path-template routing ("GET /public-api/channels/{channel_id}"): one table of routes, matched by
// method and path, so a wrong method on a known path is a 405 with Allow, an unknown path a 404.

export interface Match<T> {
	/** The matched key, e.g. "GET /public-api/channels/{channel_id}". */
	key: string;
	/** The path template, e.g. "/public-api/channels/{channel_id}". */
	template: string;
	value: T;
	/** Raw (percent-decoded) path parameters. */
	params: Record<string, string>;
}

interface Compiled<T> {
	method: string;
	template: string;
	regex: RegExp;
	names: string[];
	value: T;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

export function compileTemplate(template: string): { regex: RegExp; names: string[] } {
	const names: string[] = [];
	const source = template
		.split(/(\{[^}]+\})/)
		.map((part) => {
			const name = /^\{([^}]+)\}$/.exec(part)?.[1];
			if (!name) return escapeRegex(part);
			names.push(name);
			return '([^/]+)'; // one segment: an encoded slash (%2F) stays inside it
		})
		.join('');
	return { regex: new RegExp(`^${source}$`), names };
}

export class Router<T> {
	private readonly routes: Compiled<T>[] = [];

	/** `table` keys are "METHOD /template". Literal templates win over parameterised ones. */
	constructor(table: Record<string, T>) {
		for (const [key, value] of Object.entries(table)) {
			const [method, template] = key.split(' ');
			this.routes.push({
				method: method.toUpperCase(),
				template,
				value,
				...compileTemplate(template),
			});
		}
		this.routes.sort((a, b) => a.names.length - b.names.length);
	}

	/** The route for method + path; `allowed` lists the methods the path takes when none matched. */
	match(method: string, path: string): { match?: Match<T>; allowed: string[] } {
		const allowed: string[] = [];
		for (const route of this.routes) {
			const hit = route.regex.exec(path);
			if (!hit) continue;
			const params: Record<string, string> = {};
			try {
				route.names.forEach((name, i) => (params[name] = decodeURIComponent(hit[i + 1])));
			} catch {
				continue; // a malformed %-escape matches nothing
			}
			if (route.method !== method.toUpperCase()) {
				if (!allowed.includes(route.method)) allowed.push(route.method);
				continue;
			}
			const key = `${route.method} ${route.template}`;
			return { match: { key, template: route.template, value: route.value, params }, allowed };
		}
		return { allowed };
	}
}
