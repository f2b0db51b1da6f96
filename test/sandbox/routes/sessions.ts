// POST /public-api/sessions: mint an end-user session token (sessions-mint.txt).
import { randomUUID } from 'node:crypto';
import { ApiError, validationError, type Route } from '../http';
import { signToken } from '../token';
import type { MintResult, MintSessionTokenResponse, TokenClaims } from '../types';

export const DEFAULT_TTL_SECONDS = 900;
export const TTL_RANGE = { min: 60, max: 86_400 };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const mintSessionToken: Route = ({ caller, body, store, now }) => {
	const clientId = (body.client_id as string | null | undefined) ?? null;
	if (clientId !== null && !caller.platform) {
		throw new ApiError(
			403,
			'forbidden',
			'client_id is honoured only for a platform service account.',
			{
				field: 'client_id',
			},
		);
	}
	const ttl = body.ttl_seconds as number | null | undefined;
	if (ttl !== undefined && ttl !== null && (ttl < TTL_RANGE.min || ttl > TTL_RANGE.max)) {
		throw validationError('ttl_seconds is out of range.', [
			{ field: 'ttl_seconds', message: `must be between ${TTL_RANGE.min} and ${TTL_RANGE.max}` },
		]);
	}
	const email = (body.end_user_email as string | null | undefined) ?? null;
	if (email !== null && !EMAIL.test(email)) {
		throw validationError('end_user_email is not an email address.', [
			{ field: 'end_user_email', message: 'must be an email address' },
		]);
	}
	const sessionId = body.session_id as string;
	const tenantId = clientId ?? caller.tenantId;
	const session = store.findSession(tenantId, sessionId);
	if (!session) {
		throw new ApiError(404, 'not_found', `Session ${sessionId} not found.`, {
			session_id: sessionId,
		});
	}
	// Cross-tenant minting is for the platform's Neo Support relay only.
	if (tenantId !== caller.tenantId && !session.neo_support) {
		throw new ApiError(
			403,
			'forbidden',
			"client_id may only mint for that tenant's Neo Support session.",
			{ field: 'client_id' },
		);
	}
	const warnings: string[] = [];
	const askedEndCompany = (body.end_company_id as string | null | undefined) ?? null;
	if (askedEndCompany !== null && askedEndCompany !== session.end_company_id) {
		warnings.push("end_company_id ignored: the token carries the session's own end company scope.");
	}
	const iat = Math.floor(now.getTime() / 1000);
	const exp = iat + (ttl ?? DEFAULT_TTL_SECONDS);
	const claims: TokenClaims = {
		iss: 'neo-sandbox',
		aud: 'neo-chat-session',
		scope: 'chat_session',
		tenant_id: session.tenant_id,
		session_id: session.id,
		end_company_id: session.end_company_id,
		end_user: (body.end_user as string | null | undefined) ?? null,
		end_user_email: email,
		allowed_agent_ids: (body.allowed_agent_ids as number[] | undefined) ?? [],
		jti: randomUUID(),
		iat,
		exp,
	};
	const data: MintSessionTokenResponse = {
		token: signToken(claims),
		jti: claims.jti,
		session_id: session.id,
		expires_at: new Date(exp * 1000).toISOString(),
	};
	const record: MintResult = { ...data, tenant_id: session.tenant_id, claims };
	store.created.tokens.push(record);
	return { status: 200, data, warnings };
};
