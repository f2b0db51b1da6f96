/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Compiles openapi.json into request and response validators, so the sandbox both enforces the
// contract on what it receives and proves it keeps the contract in what it sends.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { Router } from './router';

export interface FieldError {
	field: string;
	message: string;
	/** Where a parameter error sits: 'query' or 'path' (absent for body fields). */
	in?: 'query' | 'path';
}

// Only the parts of the OpenAPI document this file walks; ajv resolves everything else by $ref.
interface OpenApiParameter {
	$ref?: string;
	name?: string;
	in?: string;
	required?: boolean;
	schema?: { type?: string | string[]; $ref?: string };
}
interface OpenApiOperation {
	parameters?: OpenApiParameter[];
	requestBody?: { content?: Record<string, unknown> };
	responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
}
export interface OpenApiDoc {
	paths: Record<string, Record<string, OpenApiOperation>>;
	[key: string]: unknown;
}

const DOC_ID = 'openapi.json';
const ERROR_ENVELOPE = `${DOC_ID}#/components/schemas/ErrorEnvelope`;

export function loadOpenApi(): OpenApiDoc {
	return JSON.parse(readFileSync(join(__dirname, 'openapi.json'), 'utf8')) as OpenApiDoc;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Validators compile on first use: compiling all of them up front costs seconds per sandbox. */
interface Operation {
	hasBody: boolean;
	request: () => ValidateFunction | undefined;
	/** undefined when the status is not documented for the operation. */
	response: (status: number) => ValidateFunction | undefined;
	/** For a text/event-stream answer: the schema of each event's data (one stream part). */
	eventPart: () => ValidateFunction | undefined;
	/** Validators (coercing strings to the declared types) for query and path parameters. */
	params: () => { query: ParamSet; path: ParamSet };
}

function once<T>(make: () => T): () => T {
	let made: { value: T } | undefined;
	return () => (made ??= { value: make() }).value;
}

interface ParamSet {
	validate: ValidateFunction;
	/** Names of array-typed parameters: sent as one comma list (OpenAPI style form, explode false). */
	lists: Set<string>;
}

/** Raw parameters as they arrived: query values by name (repeats kept), decoded path segments. */
export interface RawParams {
	query: Record<string, string[]>;
	path: Record<string, string>;
}

let shared: Contract | undefined;

export class Contract {
	/** One Contract for every sandbox in the process: validators are stateless between calls. */
	static shared(): Contract {
		return (shared ??= new Contract());
	}

	readonly doc: OpenApiDoc;
	private readonly ajv: Ajv2020;
	/** A second instance that coerces "5" to 5: query and path values always arrive as text. */
	private readonly coercing: Ajv2020;
	private readonly operations = new Map<string, Operation>();
	private readonly router: Router<Operation>;
	private readonly errorEnvelope: ValidateFunction;

	constructor(doc: OpenApiDoc = loadOpenApi()) {
		this.doc = doc;
		// strict: false because the document carries OpenAPI keywords (paths, info...) around the schemas.
		this.ajv = new Ajv2020({ allErrors: true, strict: false });
		this.coercing = new Ajv2020({ allErrors: true, strict: false, coerceTypes: true });
		for (const ajv of [this.ajv, this.coercing]) {
			addFormats(ajv);
			ajv.addSchema(doc, DOC_ID);
		}
		this.errorEnvelope = this.ajv.compile({ $ref: ERROR_ENVELOPE });
		for (const [path, item] of Object.entries(doc.paths)) {
			for (const [method, op] of Object.entries(item)) {
				if (method === 'parameters' || method.startsWith('x-')) continue;
				this.operations.set(
					`${method.toUpperCase()} ${path}`,
					this.compileOperation(path, method, op),
				);
			}
		}
		this.router = new Router(Object.fromEntries(this.operations));
	}

	/** The operation for a concrete path ("/public-api/agents/101") or a template. */
	private find(method: string, path: string): Operation | undefined {
		const key = `${method.toUpperCase()} ${path}`;
		return this.operations.get(key) ?? this.router.match(method, path).match?.value;
	}

	/** Query and path parameters, JSON-schema'd into one closed object each (unknown names are 422). */
	private compileParams(base: string, op: OpenApiOperation): ReturnType<Operation['params']> {
		const sets = {
			query: { props: {}, required: [], lists: new Set<string>() },
			path: { props: {}, required: [], lists: new Set<string>() },
		} as Record<
			'query' | 'path',
			{ props: Record<string, unknown>; required: string[]; lists: Set<string> }
		>;
		(op.parameters ?? []).forEach((entry, i) => {
			const resolved = entry.$ref ? (this.pointer(entry.$ref) as OpenApiParameter) : entry;
			const pointer = entry.$ref ? `${DOC_ID}${entry.$ref}` : `${base}/parameters/${i}`;
			const where = resolved.in;
			if ((where !== 'query' && where !== 'path') || !resolved.name) return;
			const set = sets[where];
			set.props[resolved.name] = { $ref: `${pointer}/schema` };
			if (resolved.required || where === 'path') set.required.push(resolved.name);
			const schema = resolved.schema?.$ref
				? (this.pointer(resolved.schema.$ref) as OpenApiParameter['schema'])
				: resolved.schema;
			if (schema?.type === 'array') set.lists.add(resolved.name);
		});
		const build = (set: (typeof sets)['query']): ParamSet => ({
			lists: set.lists,
			validate: this.coercing.compile({
				type: 'object',
				properties: set.props,
				required: set.required,
				additionalProperties: false,
			}),
		});
		return { query: build(sets.query), path: build(sets.path) };
	}

	/** Resolves a local "#/components/..." pointer inside the document. */
	private pointer(ref: string): unknown {
		return ref
			.replace(/^#\//, '')
			.split('/')
			.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
			.reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], this.doc);
	}

	private compileOperation(path: string, method: string, op: OpenApiOperation): Operation {
		const base = `${DOC_ID}#/paths/${escapePointer(path)}/${method}`;
		const json = escapePointer('application/json');
		const responses = new Map<number, () => ValidateFunction>();
		let eventPart: (() => ValidateFunction) | undefined;
		for (const [status, response] of Object.entries(op.responses)) {
			// A response is either inline or a $ref into components/responses.
			const pointer = response.$ref ? `${DOC_ID}${response.$ref}` : `${base}/responses/${status}`;
			if (response.content?.['text/event-stream']) {
				const sse = escapePointer('text/event-stream');
				eventPart = once(() => this.ajv.compile({ $ref: `${pointer}/content/${sse}/schema` }));
				continue;
			}
			responses.set(
				Number(status),
				once(() => this.ajv.compile({ $ref: `${pointer}/content/${json}/schema` })),
			);
		}
		const hasBody = op.requestBody?.content?.['application/json'] !== undefined;
		return {
			hasBody,
			request: once(() =>
				hasBody
					? this.ajv.compile({ $ref: `${base}/requestBody/content/${json}/schema` })
					: undefined,
			),
			response: (status) => responses.get(status)?.(),
			eventPart: () => eventPart?.(),
			params: once(() => this.compileParams(base, op)),
		};
	}

	/** True when the document describes this method + path (concrete or template). */
	has(method: string, path: string): boolean {
		return this.find(method, path) !== undefined;
	}

	/** True when the operation declares a JSON request body (GET and friends do not). */
	takesBody(method: string, path: string): boolean {
		return this.find(method, path)?.hasBody === true;
	}

	/**
	 * Validates and types query and path parameters: comma lists become arrays, numbers and booleans
	 * are coerced, a repeated scalar or an unknown name is an error. Errors name the parameter.
	 */
	validateParams(
		method: string,
		path: string,
		raw: RawParams,
	): { errors: FieldError[]; query: Record<string, unknown>; path: Record<string, unknown> } {
		const op = this.find(method, path);
		const errors: FieldError[] = [];
		const query: Record<string, unknown> = {};
		const pathValues: Record<string, unknown> = { ...raw.path };
		if (!op) return { errors, query, path: pathValues };
		for (const [name, values] of Object.entries(raw.query)) {
			if (op.params().query.lists.has(name)) {
				query[name] = values
					.flatMap((v) => v.split(','))
					.map((v) => v.trim())
					.filter((v) => v !== '');
			} else if (values.length > 1) {
				errors.push({ field: name, message: 'must be given once', in: 'query' });
			} else {
				query[name] = values[0];
			}
		}
		for (const [where, data] of [
			['query', query],
			['path', pathValues],
		] as const) {
			const { validate } = op.params()[where];
			if (validate(data)) continue;
			for (const e of toFieldErrors(validate.errors ?? [])) {
				const message =
					e.message === 'is not a known field' ? 'is not a known parameter' : e.message;
				errors.push({ field: e.field.split('.')[0], message, in: where });
			}
		}
		return { errors, query, path: pathValues };
	}

	/** Validates one server-sent event's part; [] when it conforms (or the route is not a stream). */
	validateEventPart(method: string, path: string, part: unknown): string[] {
		const validate = this.find(method, path)?.eventPart();
		if (!validate || validate(part)) return [];
		return (validate.errors ?? []).map(
			(e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`,
		);
	}

	documentedPaths(): string[] {
		return Object.keys(this.doc.paths);
	}

	/** Validates a request body; [] when it conforms. */
	validateRequest(method: string, path: string, body: unknown): FieldError[] {
		const validate = this.find(method, path)?.request();
		if (!validate || validate(body)) return [];
		return toFieldErrors(validate.errors ?? []);
	}

	/**
	 * Validates a JSON response; returns the problems ([] when it conforms). `injected` marks a
	 * deliberate fault: its status and details are the tester's choice, but its body must still be
	 * an ErrorEnvelope. Undocumented routes (unknown paths) must answer ErrorEnvelopes too.
	 */
	validateResponse(
		method: string,
		path: string,
		status: number,
		body: unknown,
		injected = false,
	): string[] {
		const op = this.find(method, path);
		let validate = injected ? undefined : op?.response(status);
		if (!validate) {
			if (op && !injected) return [`status ${status} is not documented for ${method} ${path}`];
			validate = this.errorEnvelope;
		}
		if (validate(body)) return [];
		return (validate.errors ?? []).map(
			(e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`,
		);
	}
}

/** ajv errors -> [{field, message}] naming the field the way a client sent it (dotted path). */
export function toFieldErrors(errors: ErrorObject[]): FieldError[] {
	const out: FieldError[] = [];
	const seen = new Set<string>();
	for (const e of errors) {
		// anyOf/oneOf summaries repeat what the branch errors already said.
		if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') continue;
		const segments = e.instancePath
			.split('/')
			.slice(1)
			.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
		let message = e.message ?? 'is invalid';
		if (e.keyword === 'required') {
			segments.push(String(e.params.missingProperty));
			message = 'is required';
		} else if (e.keyword === 'additionalProperties') {
			segments.push(String(e.params.additionalProperty));
			message = 'is not a known field';
		} else if (e.keyword === 'enum') {
			message = `must be one of: ${(e.params.allowedValues as unknown[]).map((v) => (v === null ? 'null' : String(v))).join(', ')}`;
		} else if (e.keyword === 'type') {
			message = `must be ${String(e.params.type).split(',').join(' or ')}`;
		}
		const field = segments.join('.') || 'body';
		const key = `${field}\u0000${message}`;
		if (!seen.has(key)) {
			seen.add(key);
			out.push({ field, message });
		}
	}
	return out;
}
