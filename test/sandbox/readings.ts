// The other reading of each assumption the node rests on. Neo's reference could be read only in
// part (see README, "What is assumed"), and the sandbox's default answers follow our reading. Each
// switch here makes the sandbox answer the way the docs could equally be read, so the node is
// tested against both: it must work under each switch, or fail with an error that names the
// assumption. `OTHER_READINGS` turns every switch on at once (the "other readings" profile).
//
// Adding a switch: add its name and description here, read it in the route that answers
// differently (`ctx.readings.<name>`), and mark the contract part it touches in openapi.json
// with `x-other-reading: "<name>"`.

/** Each switch's description: what the sandbox answers instead when it is on. */
export const READING_DESCRIPTIONS = {
	conflictCodes:
		'Duplicate creates answer 409 with resource-specific codes (END_COMPANY_EXISTS, CHANNEL_NAME_TAKEN, TENANT_ALREADY_MAPPED) instead of `conflict`.',
	conflictNoDetails:
		'409s to End Company and Channel creates carry no `details` at all (no existing_channel_id, no psa_company_id).',
	missingOptionalFields:
		'End company and channel records leave out optional fields that have no value (instead of null), and end companies leave out the azure_*_access_granted flags.',
	streamExtraParts:
		'The chat agent also sends tool-approval-request/-response, tool-output-denied, source-url, source-document and file parts.',
	streamDoneMarker:
		"After each chat turn's last part the event stream sends `data: [DONE]` and ends.",
	sseCrlf:
		"Events are written with CRLF line ends, an `event:` field, and each part's JSON over several `data:` lines.",
	duplicateMessageNoCursor:
		'A repeated client_message_id answers 409 whose details name only the original message (no since_cursor, no chat_turn_id).',
	duplicateMessageNoDetails: 'A repeated client_message_id answers 409 `conflict` without details.',
	startWithoutTurnId: "A chat turn's `start` part names no turn (no messageMetadata.chat_turn_id).",
	runNowBareAnswer:
		'POST /agents/{agent_id}/run-now answers the bare object its page shows ({execution_id, status}) instead of {data, meta}.',
	inboxOldestFirst: 'GET /public-api/inbox lists oldest first instead of newest first.',
	chatMessagesAsUiMessages:
		'GET …/chat/sessions/{id}/messages rows are AI SDK UI messages (text in `parts`) instead of carrying `content`.',
	rowsWithoutStatus:
		"Approval-request and execution rows carry no `status` field (as Neo's samples), and Neo ignores the `status` filter.",
	unknownStatusValues:
		'Seeded rows carry statuses outside the assumed enum (WAITING_FOR_APPROVAL, SKIPPED, EXPIRED), and the `status` filter takes any value.',
	idsAsStrings:
		'Agent, approval-request and scheduled-work ids are answered as strings ("101") instead of integers.',
	noPagination:
		'Cursor lists (agents, approval requests, executions) answer one page without meta.pagination.',
	lateEvents:
		'Approval requests and runs created by control calls without an explicit time are stamped 2 minutes in the past (stored late).',
} as const;

export type ReadingName = keyof typeof READING_DESCRIPTIONS;

export type Readings = Record<ReadingName, boolean>;

export const READING_NAMES = Object.keys(READING_DESCRIPTIONS) as ReadingName[];

/** The sandbox's default: every assumption read the way the node's README states it. */
export const DEFAULT_READINGS: Readings = Object.fromEntries(
	READING_NAMES.map((name) => [name, false]),
) as Readings;

/** The "other readings" profile: every switch on. */
export const OTHER_READINGS: Readings = Object.fromEntries(
	READING_NAMES.map((name) => [name, true]),
) as Readings;

/**
 * Readings from a spec: `other` (every switch), `default`/empty (none), or a comma list of switch
 * names. The env variable NEO_SANDBOX_READINGS carries it to every sandbox a process starts, so a
 * whole suite (jest's other-readings project, an e2e run) runs under the profile.
 */
export function parseReadings(spec: string | undefined): Readings {
	const text = (spec ?? '').trim();
	if (text === '' || text === 'default') return { ...DEFAULT_READINGS };
	if (text === 'other' || text === 'all') return { ...OTHER_READINGS };
	const readings = { ...DEFAULT_READINGS };
	for (const name of text.split(',').map((s) => s.trim()).filter(Boolean)) {
		if (!(name in READING_DESCRIPTIONS)) {
			throw new Error(
				`Unknown sandbox reading '${name}' (known: other, default, ${READING_NAMES.join(', ')})`,
			);
		}
		readings[name as ReadingName] = true;
	}
	return readings;
}

export function checkReadings(patch: Partial<Record<string, unknown>>): void {
	for (const [name, value] of Object.entries(patch)) {
		if (!(name in READING_DESCRIPTIONS)) throw new Error(`Unknown sandbox reading '${name}'`);
		if (typeof value !== 'boolean') throw new Error(`readings.${name} must be true or false`);
	}
}
