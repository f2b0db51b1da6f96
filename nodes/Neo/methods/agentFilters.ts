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

/** Run Now's Agent Kind option, and the `trigger_type` Neo gives agents of that kind. */
export const RUN_KINDS = { triggered: 'TRIGGERED', scheduled: 'SCHEDULED' } as const;
export type RunKind = keyof typeof RUN_KINDS;

export const isRunKind = (value: unknown): value is RunKind =>
	typeof value === 'string' && Object.hasOwn(RUN_KINDS, value);

/** The runnable agents of one kind: what Run Now's list offers once the kind is chosen. */
export const isRunnableOfKind =
	(kind: RunKind): AgentFilter =>
	(agent) =>
		isRunnable(agent) && agent.trigger_type === RUN_KINDS[kind];

/** Neo answers `state: DISABLED` for an agent switched off in its dashboard (assumed value). */
export const isDisabled: AgentFilter = (agent) => String(agent.state).toUpperCase() === 'DISABLED';

/**
 * "Name (id)", as the agent lists show each agent; "Name (id, disabled)" for a disabled one. The
 * lists still offer disabled agents (one may be enabled again before the workflow runs) but say
 * so, the way n8n's own lists mark archived or inactive entries.
 */
export const agentLabel = (agent: IDataObject) =>
	`${String(agent.name ?? 'Agent')} (${String(agent.id)}${isDisabled(agent) ? ', disabled' : ''})`;
