import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { neoPath, type NeoFailure, type NeoRequest } from '../../transport';
import { followTurn } from '../../transport/chatTurn';
import type { CallResult, NeoOperation } from '../operation';
import { attachmentsOption, readAttachments, uploadAttachments } from './attachments';
import { defaultClientMessageId } from './clientMessageId';
import { replyStream } from './streamReply';

const MAX_CLIENT_MESSAGE_ID = 200;

// The descriptions double as what an AI Agent reads when the node is its tool ($fromAI).
const properties: INodeProperties[] = [
	{
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. cs_3f9a1c',
		description:
			'ID of the Neo chat session to talk in, from Chat Session → Create. The Neo agent remembers the earlier messages of the same session, so follow-up questions go to the same session.',
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		placeholder: 'e.g. Why can j.doe@contoso.com not sign in to Outlook since this morning?',
		description:
			"What to ask or tell the Neo agent, in plain language. Neo agents are an MSP's IT operations agents: they look up and act on tickets, Microsoft 365 users, mailboxes, licences and devices of the MSP's client companies. Include the names, email addresses and ticket numbers the question is about.",
	},
	{
		displayName: 'Model Tier',
		name: 'modelTier',
		type: 'options',
		options: [
			{ name: 'Fast', value: 'FAST', description: 'Quicker answers for routine questions' },
			{
				name: 'Smart',
				value: 'SMART',
				description: 'Slower, more thorough reasoning for hard problems',
			},
		],
		default: 'FAST',
		description: 'Which model tier the Neo agent answers with',
	},
	{
		displayName: 'Send Options',
		name: 'sendOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			attachmentsOption,
			{
				displayName: 'Client Message ID',
				name: 'clientMessageId',
				type: 'string',
				default: '',
				placeholder: 'e.g. {{ $json.ticketId }}',
				description:
					'Your key for this message (up to 200 characters): Neo never starts a second turn for a key it has seen in the session. Empty: derived from the execution, the node, the item and the message, so retries and re-runs of the same execution do not ask twice.',
			},
			{
				displayName: 'Include Steps',
				name: 'includeSteps',
				type: 'boolean',
				default: false,
				description:
					'Whether the output carries the agent\'s steps (tool calls and their results, reasoning, data parts) in "parts" beside the reply text',
			},
			{
				displayName: 'Reply Timeout (Seconds)',
				name: 'replyTimeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 120,
				description:
					'How long to wait for the whole reply before the item fails with what arrived so far',
			},
			{
				displayName: 'Stream Reply',
				name: 'streamReply',
				type: 'boolean',
				// Off unless chosen: a saved workflow that already streams keeps what its chat showed.
				default: false,
				description:
					'Whether the reply text is passed on as Neo writes it when the workflow streams its response (n8n 2.x: Chat Trigger or Webhook with Response Mode "Streaming"). The output item is the same either way.',
			},
			{
				displayName: 'Stream Tool Steps',
				name: 'streamSteps',
				type: 'boolean',
				default: false,
				description:
					'Whether a streamed reply also shows each tool the agent uses as a short status line ("Using search_tickets…")',
			},
			{
				displayName: 'Wait for Reply',
				name: 'waitForReply',
				type: 'boolean',
				default: true,
				description:
					"Whether to wait for the agent's reply and output it. Off: output as soon as Neo accepted the message (the reply can be read later from the session).",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chatMessage'], operation: ['send'] } },
	properties,
);

/**
 * Neo's 409 to the message call means it already had this client_message_id: the only 409 Neo
 * documents for the call, so it is read as that whatever its code. ASSUMED: its details name the
 * original message (user_message_id, chat_turn_id, since_cursor); they may lack the cursor, or be
 * missing altogether, and the item then says why no reply is attached.
 */
function originalMessage(failure: NeoFailure): IDataObject | undefined {
	if (failure.httpStatus !== 409) return undefined;
	return failure.details ?? {};
}

/** A 409's code, message and request id, for the item: so another conflict can be told apart. */
function conflict(failure: NeoFailure): string {
	const request = failure.requestId ? `, request ${failure.requestId}` : '';
	return `${failure.code}: ${failure.message}${request}`;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export const send: NeoOperation = {
	description,
	prepare: (read, ctx) => {
		const sessionId = read.pathId('sessionId');
		const message = read.string('message');
		const modelTier = read.option('modelTier');
		const waitForReply = read.booleanOrDefault('sendOptions.waitForReply');
		const includeSteps = read.booleanOrDefault('sendOptions.includeSteps');
		const timeoutMs = read.numberOrDefault('sendOptions.replyTimeoutSeconds') * 1000;
		const clientMessageId =
			read.optionalString('sendOptions.clientMessageId') ??
			defaultClientMessageId(ctx, read.itemIndex, sessionId, message);
		if (clientMessageId.length > MAX_CLIENT_MESSAGE_ID) {
			read.fail(
				read.label('sendOptions.clientMessageId'),
				`must be at most ${MAX_CLIENT_MESSAGE_ID} characters, got ${clientMessageId.length}`,
			);
		}
		const streamOptions = {
			enabled: read.booleanOrDefault('sendOptions.streamReply'),
			showSteps: read.booleanOrDefault('sendOptions.streamSteps'),
		};
		const files = readAttachments(read, ctx);
		const request: NeoRequest = {
			method: 'POST',
			path: neoPath('/public-api/chat/sessions/{session_id}/messages', { session_id: sessionId }),
			body: { message, model_tier: modelTier, client_message_id: clientMessageId },
			// The client_message_id makes a repeat harmless: Neo answers 409, never a second turn.
			safeToRepeat: true,
		};

		return async (client): Promise<CallResult> => {
			let toSend = request;
			if (files) {
				const uploaded = await uploadAttachments(client, ctx, read.itemIndex, sessionId, files);
				if (!uploaded.ok) return uploaded;
				toSend = { ...request, body: { ...request.body, attachments: uploaded.attachments } };
			}
			const sent = await client.send(toSend);
			const original = sent.ok ? undefined : originalMessage(sent.failure);
			if (!sent.ok && !original) return sent;
			const accepted = (sent.ok ? sent.value.data : original) as IDataObject;
			const sinceCursor = text(accepted.since_cursor);
			// A 409 on the first attempt: an earlier run sent it. On a retry: our own earlier attempt
			// did, and its turn is this run's; unless the 409 has no cursor, so none of it can be read.
			const retried = !sent.ok && sent.failure.attempts > 1;
			const alreadySent = !sent.ok && (!retried || sinceCursor === undefined);
			const notices: string[] = [];
			if (alreadySent) {
				const who = retried
					? "this execution's own earlier attempt (before the retry)"
					: 'an earlier run';
				notices.push(
					`Neo already had Client Message ID "${clientMessageId}" in session ${sessionId}, sent by ${who}: no second turn was started, and this item is the original message.`,
				);
			}
			const item: IDataObject = {
				session_id: sessionId,
				chat_turn_id: accepted.chat_turn_id ?? null,
				user_message_id: accepted.user_message_id ?? null,
				client_message_id: clientMessageId,
				already_sent: alreadySent,
			};
			const meta = sent.ok ? sent.value.meta : undefined;
			const warnings = sent.ok ? (sent.value.meta.warnings ?? []) : [];
			if (!waitForReply) {
				return { ok: true, records: [{ ...accepted, ...item }], meta, warnings, notices };
			}
			if (sinceCursor === undefined) {
				const why = `${sent.ok ? "Neo's answer" : `Neo's 409 for this Client Message ID (${conflict(sent.failure)})`} did not say where the turn starts in the event stream (no since_cursor), so its reply cannot be followed here: read it from the session in Neo.`;
				notices.push(why);
				const record = { ...item, reply: null, no_reply_reason: why };
				return { ok: true, records: [record], meta, warnings, notices };
			}
			const relay = replyStream(ctx, read.itemIndex, streamOptions);
			relay?.begin();
			const followed = await followTurn(client, {
				sessionId,
				sinceCursor,
				chatTurnId: text(accepted.chat_turn_id),
				includeSteps,
				timeoutMs,
				relay,
			});
			// A failure still ends the streamed message; n8n then streams the node's error itself.
			relay?.end();
			if (!followed.ok) {
				const { failure } = followed;
				return { ok: false, failure: { ...failure, details: { ...failure.details, ...item } } };
			}
			const { turn } = followed;
			const record: IDataObject = {
				...item,
				reply: turn.reply,
				finish_reason: turn.finishReason ?? null,
				ended_by: turn.endedBy,
			};
			if (includeSteps) record.parts = turn.steps;
			if (turn.stepsDropped > 0) record.parts_dropped = turn.stepsDropped;
			if (turn.ignoredParts > 0) record.ignored_parts = turn.ignoredParts;
			return { ok: true, records: [record], meta, warnings, notices };
		};
	},
};
