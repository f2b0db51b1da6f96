import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Parameter checks that run before any request is sent. Every error names the parameter as the
 * user sees it in the editor and the item it came from (0-based, as n8n numbers items).
 */
export class ParameterReader {
	constructor(
		private readonly ctx: IExecuteFunctions,
		readonly itemIndex: number,
	) {}

	fail(label: string, problem: string): never {
		throw new NodeOperationError(
			this.ctx.getNode(),
			`Parameter "${label}" ${problem} (item ${this.itemIndex})`,
			{
				itemIndex: this.itemIndex,
				description: 'Fix the parameter or the expression that feeds it; nothing was sent to Neo.',
			},
		);
	}

	raw(path: string, fallback?: unknown): unknown {
		return this.ctx.getNodeParameter(path, this.itemIndex, fallback);
	}

	/** A required text field: must be non-empty once expressions are resolved. */
	requiredString(path: string, label: string): string {
		const value = this.raw(path, '');
		if (typeof value === 'number') return String(value);
		if (typeof value !== 'string') this.fail(label, `must be text, got ${describe(value)}`);
		if (value.trim() === '') this.fail(label, 'is required but is empty');
		return value.trim();
	}

	/** An optional text field: undefined when left empty, so it is not sent. */
	optionalString(value: unknown, label: string): string | undefined {
		if (value === undefined || value === null) return undefined;
		if (typeof value === 'number') return String(value);
		if (typeof value !== 'string') this.fail(label, `must be text, got ${describe(value)}`);
		return value.trim() === '' ? undefined : value.trim();
	}

	/** An integer id or count; `min` guards positive values. Numeric strings from expressions pass. */
	integer(value: unknown, label: string, min: number): number {
		const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
		if (typeof parsed !== 'number' || !Number.isInteger(parsed)) {
			this.fail(label, `must be a whole number, got ${describe(value)}`);
		}
		if (parsed < min) this.fail(label, `must be at least ${min}, got ${parsed}`);
		return parsed;
	}

	optionalInteger(value: unknown, label: string, min: number): number | undefined {
		if (value === undefined || value === null || value === '') return undefined;
		return this.integer(value, label, min);
	}

	/** An optional number (fractions allowed) of at least `min`; `fallback` when left unset. */
	optionalNumber(value: unknown, label: string, min: number, fallback: number): number {
		if (value === undefined) return fallback;
		if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
			this.fail(label, `must be a number of at least ${min}, got ${JSON.stringify(value)}`);
		}
		return value;
	}

	/** A list of integers: an array (from an expression) or comma-separated text. */
	integerList(value: unknown, label: string): number[] | undefined {
		if (value === undefined || value === null || value === '') return undefined;
		const parts = Array.isArray(value)
			? value
			: typeof value === 'string'
				? value
						.split(',')
						.map((part) => part.trim())
						.filter((part) => part !== '')
				: this.fail(label, `must be a list of whole numbers, got ${describe(value)}`);
		return parts.map((part) => {
			const parsed = typeof part === 'string' && part !== '' ? Number(part) : part;
			if (typeof parsed !== 'number' || !Number.isInteger(parsed) || parsed < 1) {
				this.fail(label, `must contain only positive whole numbers, got ${describe(part)}`);
			}
			return parsed;
		});
	}

	optionalEmail(value: unknown, label: string): string | undefined {
		const email = this.optionalString(value, label);
		if (email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
			this.fail(label, `must be an email address, got "${email}"`);
		}
		return email;
	}

	optionalUrl(value: unknown, label: string): string | undefined {
		const url = this.optionalString(value, label);
		if (url !== undefined && !/^https?:\/\/\S+$/i.test(url)) {
			this.fail(label, `must be an http(s) URL, got "${url}"`);
		}
		return url;
	}

	optionalBoolean(value: unknown, label: string): boolean | undefined {
		if (value === undefined || value === null || value === '') return undefined;
		if (typeof value !== 'boolean')
			this.fail(label, `must be true or false, got ${describe(value)}`);
		return value;
	}

	oneOf<T extends string>(value: unknown, label: string, allowed: readonly T[]): T {
		if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
			this.fail(label, `must be one of ${allowed.join(', ')}, got ${describe(value)}`);
		}
		return value as T;
	}

	collection(path: string): IDataObject {
		const value = this.raw(path, {});
		return value && typeof value === 'object' && !Array.isArray(value)
			? (value as IDataObject)
			: {};
	}
}

function describe(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (typeof value === 'string') return `"${value}"`;
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

/** Drops undefined fields: nothing the user did not set is sent, no key is written as undefined. */
export function withoutEmpty(body: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}
