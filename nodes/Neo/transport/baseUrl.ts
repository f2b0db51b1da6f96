const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isLoopback(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * The credential's Base URL without trailing slashes. Throws when it is not a URL, or when it is
 * plain http:// to anything but loopback: the bearer key must never travel in clear text.
 */
export function resolveNeoBaseUrl(raw: unknown): string {
	const value = typeof raw === 'string' ? raw.trim().replace(/\/+$/, '') : '';
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new Error(`The Neo credential's Base URL "${value}" is not a valid URL`);
	}
	if (url.protocol === 'https:') return value;
	if (url.protocol === 'http:' && isLoopback(url.hostname)) return value;
	throw new Error(
		`The Neo credential's Base URL must use https:// (plain http:// is allowed only for localhost), got "${value}"`,
	);
}
