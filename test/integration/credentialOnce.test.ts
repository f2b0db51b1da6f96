/**
 * The credential is read and decrypted once per node run and handed to n8n's helper; the
 * credential's own `authenticate` (Bearer header, https-only except loopback) still runs on every
 * request.
 */
import { NeoApi } from '../../credentials/NeoApi.credentials';
import { HarnessCredentialsHelper } from '../helpers/n8nEngine';
import { channelCreate, runNeo } from './neoWorkflow';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();

afterEach(() => jest.restoreAllMocks());

it('reads the credential once for 20 items, and authenticates each of the 20 requests', async () => {
	const reads = jest.spyOn(HarnessCredentialsHelper.prototype, 'getDecrypted');
	const authenticate = jest.spyOn(NeoApi.prototype, 'authenticate');

	const { result, ok } = await runNeo({
		sandbox: sandbox(),
		parameters: channelCreate(),
		items: Array.from({ length: 20 }, (_v, i) => ({ name: `once-${i}` })),
	});

	expect(result.error).toBeUndefined();
	expect(ok).toHaveLength(20);
	// Every request reached Neo with an accepted key: none was answered 401.
	expect(sandbox().requests.map((r) => r.status)).toEqual(Array(20).fill(201));
	expect(reads.mock.calls.filter(([, , type]) => type === 'neoApi')).toHaveLength(1);
	expect(authenticate).toHaveBeenCalledTimes(20);
});
