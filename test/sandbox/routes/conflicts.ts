// The 409 a duplicate create answers, under each reading of Neo's docs: Neo documents no code for
// it (default `conflict`, assumed; conflictCodes: a resource-specific code) and no details
// (default: the existing record's key, assumed; conflictNoDetails: none at all).
import { ApiError } from '../http';
import type { Readings } from '../readings';

export function duplicateError(
	readings: Readings,
	specificCode: string,
	message: string,
	details: Record<string, unknown>,
	{ onCreate = true }: { onCreate?: boolean } = {},
): ApiError {
	const code = readings.conflictCodes ? specificCode : 'conflict';
	const withoutDetails = readings.conflictNoDetails && onCreate;
	return new ApiError(409, code, message, withoutDetails ? undefined : details);
}
