import type { IDataObject } from 'n8n-workflow';

export type AgentFilter = (agent: IDataObject) => boolean;

/** Only CONVERSATIONAL agents can back a channel or a chat session. */
export const isConversational: AgentFilter = (agent) => agent.autonomy_type === 'CONVERSATIONAL';

/** Only TRIGGERED agents can be scheduled. */
export const isTriggered: AgentFilter = (agent) => agent.trigger_type === 'TRIGGERED';

/** Run Now takes TRIGGERED and SCHEDULED agents; a conversational one answers chats instead. */
export const isRunnable: AgentFilter = (agent) =>
	agent.autonomy_type !== 'CONVERSATIONAL' &&
	(agent.trigger_type === 'TRIGGERED' || agent.trigger_type === 'SCHEDULED');

/** "Name (id)", as the agent lists show each agent. */
export const agentLabel = (agent: IDataObject) =>
	`${String(agent.name ?? 'Agent')} (${String(agent.id)})`;
