// POST /public-api/chat/sessions (chat-sessions-create.txt). The body already passed the schema.
import { ApiError, validationError, type Route } from '../http';
import { newId } from '../store';
import type { ChatSession, ChatSessionResource } from '../types';

const EXACTLY_ONE = 'Provide exactly one of agent_id or managed_agent_key.';

export function toResource(s: ChatSession): ChatSessionResource {
	const { id, agent_id, channel, client_id, title, created_at, updated_at, archived_at } = s;
	return {
		id,
		agent_id,
		channel,
		client_id,
		title,
		created_at,
		updated_at,
		archived_at,
		show_agent_progress_steps: s.show_agent_progress_steps,
	};
}

const given = (v: unknown) => v !== undefined && v !== null;

export const createChatSession: Route = ({ caller, body, store, now }) => {
	if (given(body.agent_id) === given(body.managed_agent_key)) {
		throw validationError(EXACTLY_ONE, [
			{ field: 'agent_id', message: EXACTLY_ONE },
			{ field: 'managed_agent_key', message: EXACTLY_ONE },
		]);
	}
	const warnings: string[] = [];
	let tenantId = caller.tenantId;
	let endCompanyId: string | null = null;
	let botId: string | null = null;
	if (!caller.platform) {
		if (given(body.client_id)) {
			throw new ApiError(
				403,
				'forbidden',
				'client_id is honoured only for a platform service account.',
				{
					field: 'client_id',
				},
			);
		}
		const ignored = ['bot_id', 'inbound_tenant_id'].filter((f) => given(body[f]));
		if (ignored.length > 0) {
			warnings.push(
				`${ignored.join(' and ')} ignored: honoured only for a platform service account.`,
			);
		}
	} else {
		botId = (body.bot_id as string | null | undefined) ?? null;
		if (given(body.client_id)) {
			tenantId = body.client_id as string;
			if (!store.tenantExists(tenantId)) {
				throw new ApiError(404, 'not_found', `Tenant ${tenantId} not found.`, {
					client_id: tenantId,
				});
			}
		}
		if (given(body.inbound_tenant_id)) {
			// White-label turn: the acting tenant is the MSP that installed the bot, overriding client_id.
			const inbound = body.inbound_tenant_id as string;
			const mapping = store.endCompanyForInbound(inbound);
			if (!mapping) {
				throw new ApiError(
					409,
					'end_company_not_mapped',
					`Inbound tenant ${inbound} is not mapped to an end company.`,
					{ inbound_tenant_id: inbound },
				);
			}
			tenantId = mapping.tenantId;
			endCompanyId = mapping.psa_company_id;
		}
	}
	const agent = given(body.agent_id)
		? store.findAgent(tenantId, body.agent_id as number)
		: store.neoSupportAgent(tenantId);
	if (!agent) {
		throw new ApiError(
			404,
			'not_found',
			`Agent ${String(body.agent_id ?? body.managed_agent_key)} not found.`,
			{
				agent_id: body.agent_id ?? null,
			},
		);
	}
	if (agent.autonomy_type !== 'CONVERSATIONAL') {
		throw validationError('Only a CONVERSATIONAL agent can run a chat session.', [
			{
				field: 'agent_id',
				message: `agent ${agent.id} is ${agent.autonomy_type}, not CONVERSATIONAL`,
			},
		]);
	}
	const stamp = now.toISOString();
	const session: ChatSession = {
		id: newId('cs'),
		agent_id: agent.id,
		channel: botId ? 'TEAMS' : 'API',
		client_id: tenantId,
		title: (body.title as string | null | undefined) ?? null,
		created_at: stamp,
		updated_at: stamp,
		archived_at: null,
		show_agent_progress_steps: true,
		tenant_id: tenantId,
		end_company_id: endCompanyId,
		neo_support: agent.managed_agent_key === 'NEO_SUPPORT',
		bot_id: botId,
	};
	store.created.sessions.push(session);
	return { status: 201, data: toResource(session), warnings };
};
