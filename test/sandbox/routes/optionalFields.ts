// missingOptionalFields: a record as Neo might serialise it when it leaves out what has no value
// (a null optional field is absent rather than null) and fields a client did not ask for.
import type { Readings } from '../readings';

export function served<T extends object>(
	record: T,
	readings: Readings,
	alwaysLeftOut: readonly string[] = [],
): Partial<T> {
	if (!readings.missingOptionalFields) return record;
	return Object.fromEntries(
		Object.entries(record).filter(
			([field, value]) => value !== null && !alwaysLeftOut.includes(field),
		),
	) as Partial<T>;
}
