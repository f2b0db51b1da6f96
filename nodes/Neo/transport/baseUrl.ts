const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Checks the credential's Base URL and strips trailing slashes. Plain http:// is accepted only for
 * loopback hosts: the bearer key must never travel in clear text.
 */
export function checkNeoBaseUrl(raw: unknown): { baseUrl: string } | { problem: string } {
	const value = typeof raw === 'string' ? raw.trim().replace(/\/+$/, '') : '';
	if (!URL.canParse(value)) {
		return { problem: `The Neo credential's Base URL "${value}" is not a valid URL` };
	}
	const url = new URL(value);
	if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname))) {
		return { baseUrl: value };
	}
	return {
		problem: `The Neo credential's Base URL must use https:// (plain http:// is allowed only for localhost), got "${value}"`,
	};
}
