import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * The one way operations read their parameters: by path (`internalName`, `additionalFields.title`),
 * with the label, the allowed values, the minimum and the default taken from the operation's own
 * description, so none of them is written twice. Checks run before any request is sent, and every
 * error names the parameter as the user sees it and the item (0-based, as n8n numbers items).
 */
export class ParameterReader {
	constructor(
		private readonly ctx: IExecuteFunctions,
		readonly itemIndex: number,
		private readonly properties: INodeProperties[],
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

	/** The property a path names: `name` or `collection.option`. */
	property(path: string): INodeProperties {
		const [top, child] = path.split('.');
		const parent = this.properties.find((p) => p.name === top);
		const found =
			child === undefined
				? parent
				: (parent?.options as INodeProperties[] | undefined)?.find((o) => o.name === child);
		if (!found) throw new Error(`No parameter "${path}" in this operation's description`);
		return found;
	}

	label(path: string): string {
		return this.property(path).displayName;
	}

	/**
	 * The value as n8n resolves it (expressions evaluated), or undefined when not set. (n8n throws
	 * for a missing parameter without a fallback: null is the fallback, and means "not set".)
	 */
	raw(path: string): unknown {
		return this.ctx.getNodeParameter(path, this.itemIndex, null) ?? undefined;
	}

	/** The value, or the description's default when the user left it unset. */
	private valueOrDefault(path: string): unknown {
		const value = this.raw(path);
		return value === undefined ? this.property(path).default : value;
	}

	/** A required text field: must be non-empty once expressions are resolved. */
	string(path: string): string {
		const value = this.optionalString(path);
		if (value === undefined) this.fail(this.label(path), 'is required but is empty');
		return value;
	}

	/** An optional text field: undefined when left empty, so it is not sent. */
	optionalString(path: string): string | undefined {
		const value = this.raw(path);
		if (value === undefined || value === null) return undefined;
		if (typeof value === 'number') return String(value);
		if (typeof value !== 'string')
			this.fail(this.label(path), `must be text, got ${describe(value)}`);
		return value.trim() === '' ? undefined : value.trim();
	}

	/**
	 * An ID that goes into a URL path: required, and refused when it looks like a path rather than an
	 * ID (a slash, ?, #, a backslash, control characters, or a lone "." or ".."): encoding would keep
	 * it in its segment, but such a value is almost always a mistake in the expression feeding it.
	 */
	pathId(path: string): string {
		const value = this.string(path);
		// eslint-disable-next-line no-control-regex
		if (/[/?#\\\u0000-\u001f]/.test(value) || /^\.{1,2}$/.test(value)) {
			this.fail(this.label(path), `must be an ID without "/", "?" or "#", got "${value}"`);
		}
		return value;
	}

	/** An integer; numeric strings from expressions pass. The minimum is the description's minValue. */
	integer(path: string): number {
		const value = this.optionalInteger(path);
		if (value === undefined) this.fail(this.label(path), 'is required but is empty');
		return value;
	}

	optionalInteger(path: string): number | undefined {
		return this.checkInteger(this.raw(path), path);
	}

	/** An integer option that falls back to its default. */
	integerOrDefault(path: string): number {
		return this.checkInteger(this.valueOrDefault(path), path) as number;
	}

	private checkInteger(value: unknown, path: string): number | undefined {
		if (value === undefined || value === null || value === '') return undefined;
		const label = this.label(path);
		const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
		if (typeof parsed !== 'number' || !Number.isInteger(parsed)) {
			this.fail(label, `must be a whole number, got ${describe(value)}`);
		}
		const { minValue, maxValue } = this.property(path).typeOptions ?? {};
		if (minValue !== undefined && parsed < minValue) {
			this.fail(label, `must be at least ${minValue}, got ${parsed}`);
		}
		if (maxValue !== undefined && parsed > maxValue) {
			this.fail(label, `must be at most ${maxValue}, got ${parsed}`);
		}
		return parsed;
	}

	/** A number (fractions allowed) of at least the description's minValue, or its default. */
	numberOrDefault(path: string): number {
		const value = this.valueOrDefault(path);
		const min = this.property(path).typeOptions?.minValue ?? -Infinity;
		if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
			this.fail(
				this.label(path),
				`must be a number of at least ${min}, got ${JSON.stringify(value)}`,
			);
		}
		return value;
	}

	/**
	 * A Neo ID that is a whole number, from a number field, a text field or a resource locator
	 * (From List / By ID): the locator's value is what counts.
	 */
	agentId(path: string): number {
		const value = this.optionalAgentId(path);
		if (value === undefined) this.fail(this.label(path), 'is required but is empty');
		return value;
	}

	optionalAgentId(path: string): number | undefined {
		const value = this.ctx.getNodeParameter(path, this.itemIndex, null, { extractValue: true });
		if (value === undefined || value === null || value === '') return undefined;
		const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
		if (typeof parsed !== 'number' || !Number.isInteger(parsed)) {
			this.fail(this.label(path), `must be a whole number, got ${describe(value)}`);
		}
		if (parsed < 1) this.fail(this.label(path), `must be at least 1, got ${parsed}`);
		return parsed;
	}

	/** A list of positive integers: an array (from an expression or a multi-select) or comma-separated text. */
	integerList(path: string): number[] | undefined {
		const value = this.raw(path);
		const label = this.label(path);
		if (value === undefined || value === null || value === '') return undefined;
		const parts = Array.isArray(value)
			? value
			: typeof value === 'string'
				? value
						.split(',')
						.map((part) => part.trim())
						.filter((part) => part !== '')
				: this.fail(label, `must be a list of whole numbers, got ${describe(value)}`);
		if (parts.length === 0) return undefined;
		return parts.map((part) => {
			const parsed = typeof part === 'string' && part !== '' ? Number(part) : part;
			if (typeof parsed !== 'number' || !Number.isInteger(parsed) || parsed < 1) {
				this.fail(label, `must contain only positive whole numbers, got ${describe(part)}`);
			}
			return parsed;
		});
	}

	/**
	 * A JSON object or list (n8n's JSON field, or an expression giving one): parsed, or undefined
	 * when left empty. Text that is not JSON, or JSON that is a bare value, is refused.
	 */
	optionalJson(path: string): IDataObject | IDataObject[] | undefined {
		const value = this.raw(path);
		if (value === undefined || value === null) return undefined;
		let parsed: unknown = value;
		if (typeof value === 'string') {
			if (value.trim() === '') return undefined;
			try {
				parsed = JSON.parse(value);
			} catch {
				this.fail(this.label(path), `must be valid JSON, got "${value.slice(0, 60)}"`);
			}
		}
		if (typeof parsed !== 'object' || parsed === null) {
			this.fail(this.label(path), `must be a JSON object or list, got ${describe(parsed)}`);
		}
		return parsed as IDataObject | IDataObject[];
	}

	optionalEmail(path: string): string | undefined {
		const email = this.optionalString(path);
		if (email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
			this.fail(this.label(path), `must be an email address, got "${email}"`);
		}
		return email;
	}

	optionalUrl(path: string): string | undefined {
		const url = this.optionalString(path);
		if (url !== undefined && !/^https?:\/\/\S+$/i.test(url)) {
			this.fail(this.label(path), `must be an http(s) URL, got "${url}"`);
		}
		return url;
	}

	/** An ISO 8601 date-time (what n8n's dateTime field and Luxon's toISO() produce). */
	optionalDateTime(path: string): string | undefined {
		const text = this.optionalString(path);
		if (
			text !== undefined &&
			(!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(Date.parse(text)))
		) {
			this.fail(
				this.label(path),
				`must be a date and time such as 2026-12-01T09:00:00Z, got "${text}"`,
			);
		}
		return text;
	}

	optionalBoolean(path: string): boolean | undefined {
		const value = this.raw(path);
		if (value === undefined || value === null || value === '') return undefined;
		if (typeof value !== 'boolean')
			this.fail(this.label(path), `must be true or false, got ${describe(value)}`);
		return value;
	}

	booleanOrDefault(path: string): boolean {
		const value = this.valueOrDefault(path);
		if (typeof value !== 'boolean')
			this.fail(this.label(path), `must be true or false, got ${describe(value)}`);
		return value;
	}

	/** One of the values the description lists (its default when unset). */
	option<T extends string = string>(path: string): T {
		return this.checkOption(this.valueOrDefault(path), path) as T;
	}

	/** One of the listed values, or undefined when the user did not set it. */
	optionalOption<T extends string = string>(path: string): T | undefined {
		const value = this.raw(path);
		return value === undefined || value === '' ? undefined : (this.checkOption(value, path) as T);
	}

	/** Several of the listed values (a multi-options field), or undefined when none is chosen. */
	optionalOptions<T extends string = string>(path: string): T[] | undefined {
		const value = this.raw(path);
		if (value === undefined || value === null || value === '') return undefined;
		const list = Array.isArray(value) ? value : [value];
		if (list.length === 0) return undefined;
		return list.map((entry) => this.checkOption(entry, path) as T);
	}

	/**
	 * Status values as Neo spells them: the listed ones, or any others an expression gives (an array
	 * or comma-separated text), since Neo documents no status values. Undefined when none is set.
	 */
	optionalStatuses(path: string): string[] | undefined {
		const value = this.raw(path);
		if (value === undefined || value === null || value === '') return undefined;
		const label = this.label(path);
		const list = (Array.isArray(value) ? value : [value]).flatMap((entry) =>
			typeof entry === 'string'
				? entry.split(',')
				: this.fail(label, `must be status values (text), got ${describe(entry)}`),
		);
		const statuses = list.map((s) => s.trim()).filter((s) => s !== '');
		return statuses.length > 0 ? [...new Set(statuses)] : undefined;
	}

	private checkOption(value: unknown, path: string): string {
		const allowed = (this.property(path).options ?? []).map((o) =>
			String((o as { value: unknown }).value),
		);
		if (typeof value !== 'string' || !allowed.includes(value)) {
			this.fail(this.label(path), `must be one of ${allowed.join(', ')}, got ${describe(value)}`);
		}
		return value;
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
