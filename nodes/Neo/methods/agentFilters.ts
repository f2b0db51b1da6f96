import type { IDataObject } from 'n8n-workflow';

export type AgentFilter = (agent: IDataObject) => boolean;

/** Only CONVERSATIONAL agents can back a channel or a chat session. */
export const isConversational: AgentFilter = (agent) => agent.autonomy_type === 'CONVERSATIONAL';

/** Only TRIGGERED agents can be scheduled. */
export const isTriggered: AgentFilter = (agent) => agent.trigger_type === 'TRIGGERED';

/** "Name (id)", as the agent lists show each agent. */
export const agentLabel = (agent: IDataObject) =>
	`${String(agent.name ?? 'Agent')} (${String(agent.id)})`;
