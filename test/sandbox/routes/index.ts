// The route table: "METHOD /path/{template}" -> handler. One file per resource beside this one.
import type { Route } from '../http';
import { createAgent, getAgent, listAgents, runAgentNow, updateAgent } from './agents';
import { getTeamsUsage, getTeamsUsageDetail } from './billing';
import { getChannel, updateChannel } from './channelRead';
import { createChannel } from './channels';
import { issueUploadUrl } from './attachments';
import { listChatMessages, resetChatSession } from './chatHistory';
import { sendChatMessage, tailChatEvents } from './chatMessages';
import { createChatSession } from './chatSessions';
import { createEndCompany, getEndCompany } from './endCompanies';
import {
	getExecution,
	getExecutionCallback,
	listExecutionTilRequests,
	listExecutions,
	listExecutionSteps,
} from './executions';
import { listInbox } from './inbox';
import { createScheduledWork, listScheduledWork } from './scheduledWork';
import { mintSessionToken } from './sessions';
import { getTemplate } from './templates';
import { decideTilRequest, listTilRequests } from './tilRequests';

export const ROUTES: Record<string, Route> = {
	'GET /public-api/agents': listAgents,
	'GET /public-api/agents/{agent_id}': getAgent,
	'POST /public-api/agents': createAgent,
	'PUT /public-api/agents/{agent_id}': updateAgent,
	'POST /public-api/agents/{agent_id}/run-now': runAgentNow,
	'GET /public-api/templates/{template_id}': getTemplate,
	'POST /public-api/channels': createChannel,
	'GET /public-api/channels/{channel_id}': getChannel,
	'PATCH /public-api/channels/{channel_id}': updateChannel,
	'POST /public-api/chat/sessions': createChatSession,
	'POST /public-api/chat/sessions/{session_id}/messages': sendChatMessage,
	'GET /public-api/chat/sessions/{session_id}/events': tailChatEvents,
	'POST /public-api/sessions': mintSessionToken,
	'POST /public-api/end-companies': createEndCompany,
	'GET /public-api/end-companies/{psa_company_id}': getEndCompany,
	'GET /public-api/til-requests': listTilRequests,
	'POST /public-api/til-requests/{request_id}/decision': decideTilRequest,
	'GET /public-api/executions': listExecutions,
	'GET /public-api/executions/{execution_id}': getExecution,
	'GET /public-api/executions/{execution_id}/steps': listExecutionSteps,
	'GET /public-api/executions/{execution_id}/til-requests': listExecutionTilRequests,
	'GET /public-api/executions/{execution_id}/callback': getExecutionCallback,
	'POST /public-api/scheduled-work': createScheduledWork,
	'GET /public-api/scheduled-work': listScheduledWork,
	'GET /public-api/billing/end-user-teams-usage': getTeamsUsage,
	'GET /public-api/billing/end-user-teams/detail': getTeamsUsageDetail,
	'GET /public-api/inbox': listInbox,
	'GET /public-api/chat/sessions/{session_id}/messages': listChatMessages,
	'POST /public-api/chat/sessions/{session_id}/reset': resetChatSession,
	'POST /public-api/chat/sessions/{session_id}/attachments/upload-url': issueUploadUrl,
};
