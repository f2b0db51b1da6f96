import { checkNeoBaseUrl } from '../../nodes/Neo/transport/baseUrl';

function accepted(raw: unknown): string {
	const result = checkNeoBaseUrl(raw);
	if ('problem' in result)
		throw new Error(`expected ${JSON.stringify(raw)} to be accepted: ${result.problem}`);
	return result.baseUrl;
}

function refusal(raw: unknown): string {
	const result = checkNeoBaseUrl(raw);
	if (!('problem' in result)) {
		throw new Error(`expected ${JSON.stringify(raw)} to be refused, got ${result.baseUrl}`);
	}
	return result.problem;
}

describe('checkNeoBaseUrl', () => {
	it('accepts https URLs as they are', () => {
		expect(accepted('https://api.neoagent.io')).toBe('https://api.neoagent.io');
		expect(accepted('https://eu.api.neoagent.io:8443')).toBe('https://eu.api.neoagent.io:8443');
		expect(accepted('https://gateway.example.com/neo')).toBe('https://gateway.example.com/neo');
	});

	it('strips trailing slashes and surrounding spaces, so paths can be appended', () => {
		expect(accepted('https://api.neoagent.io/')).toBe('https://api.neoagent.io');
		expect(accepted('https://api.neoagent.io///')).toBe('https://api.neoagent.io');
		expect(accepted('  https://api.neoagent.io/  ')).toBe('https://api.neoagent.io');
		expect(accepted('https://gateway.example.com/neo/')).toBe('https://gateway.example.com/neo');
	});

	it('accepts plain http only for loopback hosts', () => {
		expect(accepted('http://localhost:4010')).toBe('http://localhost:4010');
		expect(accepted('http://localhost/')).toBe('http://localhost');
		expect(accepted('http://127.0.0.1:4010/')).toBe('http://127.0.0.1:4010');
		expect(accepted('http://127.8.9.10')).toBe('http://127.8.9.10');
		expect(accepted('http://[::1]:4010')).toBe('http://[::1]:4010');
		expect(accepted('HTTP://LOCALHOST:4010')).toBe('HTTP://LOCALHOST:4010');
	});

	it('refuses plain http to any other host, naming the URL', () => {
		expect(refusal('http://example.com')).toBe(
			`The Neo credential's Base URL must use https:// (plain http:// is allowed only for localhost), got "http://example.com"`,
		);
		expect(refusal('http://api.neoagent.io/')).toMatch(/must use https:\/\//);
		expect(refusal('http://10.0.0.5:8080')).toMatch(/must use https:\/\//);
		expect(refusal('http://0.0.0.0:4010')).toMatch(/must use https:\/\//);
	});

	it('is not fooled by hosts that only look like loopback', () => {
		expect(refusal('http://localhost.example.com')).toMatch(/must use https/);
		expect(refusal('http://127.0.0.1.nip.io')).toMatch(/must use https/);
		expect(refusal('http://localhost@example.com')).toMatch(/must use https/);
		expect(refusal('http://[::2]')).toMatch(/must use https/);
	});

	it('refuses other schemes', () => {
		expect(refusal('ftp://api.neoagent.io')).toMatch(/must use https/);
		expect(refusal('ws://localhost:4010')).toMatch(/must use https/);
	});

	it('refuses garbage and non-strings as not a valid URL', () => {
		expect(refusal('api.neoagent.io')).toBe(
			`The Neo credential's Base URL "api.neoagent.io" is not a valid URL`,
		);
		expect(refusal('')).toMatch(/is not a valid URL/);
		expect(refusal('   ')).toMatch(/is not a valid URL/);
		expect(refusal('https://')).toMatch(/is not a valid URL/);
		expect(refusal('not a url')).toMatch(/is not a valid URL/);
		expect(refusal(undefined)).toMatch(/is not a valid URL/);
		expect(refusal(null)).toMatch(/is not a valid URL/);
		expect(refusal(42)).toMatch(/is not a valid URL/);
	});
});
