/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import { startSandbox } from '../sandbox';
import { channelCreate, runNeo } from '../integration/neoWorkflow';
test('probe', async () => {
	const sandbox = await startSandbox({ latencyMs: 100 });
	for (let k = 0; k < 2; k++) {
	sandbox.reset();
	const names = Array.from({ length: 40 }, (_, i) => `pause-${i}`);
	sandbox.addFault({ match: { internal_name: 'pause-15' }, times: 1, fault: { kind: 'status', status: 429, retryAfter: '1' } });
	await runNeo({ sandbox, parameters: channelCreate({ options: { concurrency: 10 } }), items: names.map((name) => ({ name })) });
	const t = sandbox.requests.find((r) => r.status === 429)!.at;
	process.stdout.write(sandbox.requests.map((r) => `${(r.body as any).internal_name.slice(6)}@${r.at - t}:${r.status}`).join(' ') + '\n');
	}
	await sandbox.close();
}, 60000);
