/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// What every sandbox of this jest run answers unless a test configures otherwise
// (NEO_SANDBOX_READINGS: jest's "other readings" project turns every switch on). For tests whose
// expectation depends on a reading of Neo's docs.
import { parseReadings, type Readings } from '../sandbox/readings';

export const readingsInForce = (): Readings => parseReadings(process.env.NEO_SANDBOX_READINGS);

/** Neo's code for a taken channel internal name: `conflict` (assumed), or CHANNEL_NAME_TAKEN. */
export const channelNameTakenCode = (): string =>
	readingsInForce().conflictCodes ? 'CHANNEL_NAME_TAKEN' : 'conflict';
