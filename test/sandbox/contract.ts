/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Compiles openapi.json into request and response validators, so the sandbox both enforces the
// contract on what it receives and proves it keeps the contract in what it sends.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

export interface FieldError {
	field: string;
	message: string;
}

// Only the parts of the OpenAPI document this file walks; ajv resolves everything else by $ref.
interface OpenApiOperation {
	requestBody?: { content?: Record<string, unknown> };
	responses: Record<string, { $ref?: string }>;
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

interface Operation {
	request?: ValidateFunction;
	responses: Map<number, ValidateFunction>;
}

export class Contract {
	readonly doc: OpenApiDoc;
	private readonly ajv: Ajv2020;
	private readonly operations = new Map<string, Operation>();
	private readonly errorEnvelope: ValidateFunction;

	constructor(doc: OpenApiDoc = loadOpenApi()) {
		this.doc = doc;
		// strict: false because the document carries OpenAPI keywords (paths, info...) around the schemas.
		this.ajv = new Ajv2020({ allErrors: true, strict: false });
		addFormats(this.ajv);
		this.ajv.addSchema(doc, DOC_ID);
		this.errorEnvelope = this.ajv.compile({ $ref: ERROR_ENVELOPE });
		for (const [path, item] of Object.entries(doc.paths)) {
			for (const [method, op] of Object.entries(item)) {
				this.operations.set(
					`${method.toUpperCase()} ${path}`,
					this.compileOperation(path, method, op),
				);
			}
		}
	}

	private compileOperation(path: string, method: string, op: OpenApiOperation): Operation {
		const base = `${DOC_ID}#/paths/${escapePointer(path)}/${method}`;
		const responses = new Map<number, ValidateFunction>();
		for (const [status, response] of Object.entries(op.responses)) {
			// A response is either inline or a $ref into components/responses.
			const pointer = response.$ref ? `${DOC_ID}${response.$ref}` : `${base}/responses/${status}`;
			responses.set(
				Number(status),
				this.ajv.compile({
					$ref: `${pointer}/content/${escapePointer('application/json')}/schema`,
				}),
			);
		}
		const hasBody = op.requestBody?.content?.['application/json'];
		const request = hasBody
			? this.ajv.compile({
					$ref: `${base}/requestBody/content/${escapePointer('application/json')}/schema`,
				})
			: undefined;
		return { request, responses };
	}

	/** True when the document describes this method + path. */
	has(method: string, path: string): boolean {
		return this.operations.has(`${method.toUpperCase()} ${path}`);
	}

	documentedPaths(): string[] {
		return Object.keys(this.doc.paths);
	}

	/** Validates a request body; [] when it conforms. */
	validateRequest(method: string, path: string, body: unknown): FieldError[] {
		const validate = this.operations.get(`${method.toUpperCase()} ${path}`)?.request;
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
		const op = this.operations.get(`${method.toUpperCase()} ${path}`);
		let validate = injected ? undefined : op?.responses.get(status);
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
