// API keys and the callers they authenticate. Keys have Neo's shape (neo_sk_<env>_<24 alnum>) so
// client-side format checks behave as they would against the real API.
import { randomInt } from 'node:crypto';
import type { SandboxKeys } from './types';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const KEY_PATTERN = /^neo_sk_[a-z]+_[A-Za-z0-9]{24}$/;

export function generateKey(env = 'test'): string {
	let secret = '';
	for (let i = 0; i < 24; i++) secret += ALNUM[randomInt(ALNUM.length)];
	return `neo_sk_${env}_${secret}`;
}

export interface Caller {
	tenantId: string;
	platform: boolean;
}

export const TENANT_IDS = {
	tenant: 'tenant_acme',
	otherTenant: 'tenant_globex',
	platform: 'tenant_neo_platform',
} as const;

export function makeKeys(fixed: Partial<SandboxKeys> = {}): SandboxKeys {
	const keys: SandboxKeys = {
		tenant: fixed.tenant ?? generateKey(),
		platform: fixed.platform ?? generateKey(),
		otherTenant: fixed.otherTenant ?? generateKey(),
	};
	for (const [name, key] of Object.entries(keys)) {
		if (!KEY_PATTERN.test(key))
			throw new Error(`keys.${name} must look like neo_sk_<env>_<24 alnum>`);
	}
	if (new Set(Object.values(keys)).size !== 3) throw new Error('the three keys must differ');
	return keys;
}

/** Key -> caller. The key itself is never stored anywhere else (not in the request log). */
export function keyring(keys: SandboxKeys): Map<string, Caller> {
	return new Map<string, Caller>([
		[keys.tenant, { tenantId: TENANT_IDS.tenant, platform: false }],
		[keys.otherTenant, { tenantId: TENANT_IDS.otherTenant, platform: false }],
		[keys.platform, { tenantId: TENANT_IDS.platform, platform: true }],
	]);
}

/** Parses `Authorization: Bearer <key>`; undefined when missing, malformed or unknown. */
export function authenticate(
	header: string | undefined,
	ring: Map<string, Caller>,
): Caller | undefined {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	return match ? ring.get(match[1]) : undefined;
}
