// The route table: "METHOD /path/{template}" -> handler. One file per resource beside this one.
import type { Route } from '../http';
import { getAgent, listAgents } from './agents';
import { getChannel, updateChannel } from './channelRead';
import { createChannel } from './channels';
import { createChatSession } from './chatSessions';
import { mintSessionToken } from './sessions';

export const ROUTES: Record<string, Route> = {
	'GET /public-api/agents': listAgents,
	'GET /public-api/agents/{agent_id}': getAgent,
	'POST /public-api/channels': createChannel,
	'GET /public-api/channels/{channel_id}': getChannel,
	'PATCH /public-api/channels/{channel_id}': updateChannel,
	'POST /public-api/chat/sessions': createChatSession,
	'POST /public-api/sessions': mintSessionToken,
};
