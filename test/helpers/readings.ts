/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * Which readings of Neo's docs the sandbox answers under in this run (jest's "other readings"
 * project sets NEO_SANDBOX_READINGS=other), for the few assertions that differ between readings,
 * and a way for one test to turn single switches on and restore the run's readings after.
 */
import type { NeoSandbox } from '../sandbox';
import { parseReadings, type ReadingName, type Readings } from '../sandbox/readings';

/** The readings every sandbox of this run starts with. */
export const runReadings = (): Readings => parseReadings(process.env.NEO_SANDBOX_READINGS);

/** Whether this run's sandboxes answer `name` under its other reading. */
export const isOn = (name: ReadingName): boolean => runReadings()[name];

/** Runs `fn` with the sandbox under these switches, then puts the run's readings back. */
export async function withReadings<T>(
	sandbox: NeoSandbox,
	readings: Partial<Readings>,
	fn: () => Promise<T>,
): Promise<T> {
	sandbox.configure({ readings });
	try {
		return await fn();
	} finally {
		sandbox.configure({ readings: runReadings() });
	}
}

/** Neo's code for a taken channel internal name: `conflict` (assumed), or CHANNEL_NAME_TAKEN. */
export const channelNameTakenCode = (): string =>
	isOn('conflictCodes') ? 'CHANNEL_NAME_TAKEN' : 'conflict';
