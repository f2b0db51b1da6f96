// A JWT-shaped session token (HS256 over a per-process secret). Real enough for clients to decode;
// nothing verifies it, since the sandbox has no /chat/sessions/<id>/* endpoints.
import { createHmac, randomBytes } from 'node:crypto';
import type { TokenClaims } from './types';

const SECRET = randomBytes(32);

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signToken(claims: TokenClaims): string {
	const unsigned = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
	const signature = createHmac('sha256', SECRET).update(unsigned).digest('base64url');
	return `${unsigned}.${signature}`;
}

export function decodeToken(token: string): TokenClaims {
	return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as TokenClaims;
}
