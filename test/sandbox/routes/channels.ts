// POST /public-api/channels (channels-create.txt). The body already passed the schema.
import { notFound, validationError, type Route } from '../http';
import type { Readings } from '../readings';
import { newId, type Store } from '../store';
import type { Audience, Channel, ChannelStatus, ChannelType, PublicChannel } from '../types';
import { duplicateError } from './conflicts';
import { served } from './optionalFields';

export const RESERVED_TYPES: ChannelType[] = ['SLACK', 'PORTAL', 'EMAIL'];
export const NO_AGENT_WARNING =
	'Channel has no agent bound; it will not answer until an agent is set.';
export const DISCONNECTED_WARNING =
	'Channel is DISCONNECTED; it will not receive messages until it is set ACTIVE.';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The checks create and update share: transport, name, agent (the body passed the schema). */
export function checkChannelFields(
	store: Store,
	readings: Readings,
	tenantId: string,
	body: Record<string, unknown>,
	selfId?: string,
): void {
	const type = body.type as ChannelType | undefined;
	if (type !== undefined && RESERVED_TYPES.includes(type)) {
		throw validationError(`Channel type ${type} is reserved; TEAMS is the only live transport.`, [
			{ field: 'type', message: `${type} is reserved, not a live transport; use TEAMS` },
		]);
	}
	const internalName = body.internal_name;
	if (typeof internalName === 'string') {
		if (internalName.trim() === '') {
			throw validationError('internal_name must not be blank.', [
				{ field: 'internal_name', message: 'must not be blank' },
			]);
		}
		const existing = store.findChannelByName(tenantId, internalName);
		// details.existing_channel_id is assumed (x-assumed in openapi.json): it lets a client
		// read the existing channel back instead of failing.
		if (existing && existing.id !== selfId) {
			throw duplicateError(
				readings,
				'CHANNEL_NAME_TAKEN',
				`A channel with internal name "${internalName}" already exists.`,
				{ internal_name: internalName, existing_channel_id: existing.id },
				{ onCreate: selfId === undefined },
			);
		}
	}
	if (typeof body.agent_id === 'number') {
		const agent = store.findAgent(tenantId, body.agent_id);
		// Another tenant's agent is "not found", never "forbidden": ids must not leak across tenants.
		if (!agent) throw notFound('Agent', 'agent_id', body.agent_id);
		if (agent.autonomy_type !== 'CONVERSATIONAL') {
			throw validationError('Only a CONVERSATIONAL agent can back a channel.', [
				{
					field: 'agent_id',
					message: `agent ${agent.id} is ${agent.autonomy_type}, not CONVERSATIONAL`,
				},
			]);
		}
	}
}

export const createChannel: Route = ({ caller, body, store, now, readings }) => {
	const type = body.type as ChannelType;
	const internalName = body.internal_name as string;
	checkChannelFields(store, readings, caller.tenantId, body);
	const agentId = typeof body.agent_id === 'number' ? body.agent_id : null;
	const stamp = now.toISOString();
	const channel: PublicChannel = {
		id: newId('ch'),
		internal_name: internalName,
		audience: body.audience as Audience,
		type,
		agent_id: agentId,
		display_name: str(body.display_name),
		description: str(body.description),
		welcome_message: str(body.welcome_message),
		color_icon_url: str(body.color_icon_url),
		outline_icon_url: str(body.outline_icon_url),
		relay_prefix: str(body.relay_prefix),
		show_agent_progress_steps: body.show_agent_progress_steps !== false,
		status: (body.status as ChannelStatus | undefined) ?? 'ACTIVE',
		created_at: stamp,
		updated_at: stamp,
	};
	const record: Channel = { ...channel, tenant_id: caller.tenantId };
	store.created.channels.push(record);
	const warnings: string[] = [];
	if (agentId === null) warnings.push(NO_AGENT_WARNING);
	if (channel.status === 'DISCONNECTED') warnings.push(DISCONNECTED_WARNING);
	return { status: 201, data: served(channel, readings), warnings };
};
