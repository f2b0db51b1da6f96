// Public API of the Neo sandbox (dev only, never shipped).
export { startSandbox, DEFAULT_CONFIG } from './server';
export { checkConfig } from './config';
export { Contract, loadOpenApi, type FieldError } from './contract';
export { KEY_PATTERN, generateKey } from './keys';
export { SEED } from './store';
export { decodeToken } from './token';
export { EventError, type ExecutionEvent, type ScheduleSpec, type TilRequestEvent } from './events';
export { NO_AGENT_WARNING, DISCONNECTED_WARNING } from './routes/channels';
export { DEFAULT_TTL_SECONDS, TTL_RANGE } from './routes/sessions';
export { DEFAULT_PAGE_SIZE } from './pagination';
export type * from './types';
export { scriptedReply, turnScript, DEFAULT_CHAT_CONFIG, type ChatFaultRule } from './chat/agent';
export { DUPLICATE_CODE } from './routes/chatMessages';
