// GET and PATCH /public-api/channels/{channel_id} ("Get a channel", "Update a channel").
import { notFound, validationError, type Route } from '../http';
import type { Readings } from '../readings';
import type { Channel, PublicChannel } from '../types';
import { DISCONNECTED_WARNING, NO_AGENT_WARNING, checkChannelFields } from './channels';
import { served } from './optionalFields';

export function publicChannel(c: Channel, readings: Readings): Partial<PublicChannel> {
	const rest: Partial<Channel> = { ...c };
	delete rest.tenant_id;
	return served(rest as PublicChannel, readings);
}

export const getChannel: Route = ({ caller, params, store, readings }) => {
	const channel = store.findChannel(caller.tenantId, params.channel_id as string);
	if (!channel) throw notFound('Channel', 'channel_id', params.channel_id);
	return { status: 200, data: publicChannel(channel, readings) };
};

/**
 * Partial update: only the fields sent change. Sandbox decision: an empty body is a 422 (a client
 * that sends nothing to change has a bug, and a silent no-op would hide it).
 */
export const updateChannel: Route = ({ caller, params, body, store, now, readings }) => {
	const channel = store.findChannel(caller.tenantId, params.channel_id as string);
	if (!channel) throw notFound('Channel', 'channel_id', params.channel_id);
	if (Object.keys(body).length === 0) {
		throw validationError('Send at least one field to change.', [
			{ field: 'body', message: 'must have at least one field' },
		]);
	}
	checkChannelFields(store, readings, caller.tenantId, body, channel.id);
	Object.assign(channel, body, { updated_at: now.toISOString() });
	const warnings: string[] = [];
	if (channel.agent_id === null) warnings.push(NO_AGENT_WARNING);
	if (channel.status === 'DISCONNECTED') warnings.push(DISCONNECTED_WARNING);
	return { status: 200, data: publicChannel(channel, readings), warnings };
};
