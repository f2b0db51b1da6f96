/**
 * The node as an AI Agent's tool. n8n runs a `usableAsTool` node under its tool type
 * (n8n-nodes-neo.neoTool): Session Token → Mint refuses there unless the user opted in, in both
 * node versions; Chat Message → Send works there as anywhere. (test/e2e runs the real AI Agent.)
 */
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { Neo } from '../../nodes/Neo/Neo.node';
import {
	chain,
	collectorNode,
	errorOutput,
	itemsNode,
	mergeConnections,
	neoNode,
	runWorkflow,
} from '../helpers/n8nEngine';
import { SEED, scriptedReply } from '../sandbox';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();
const TOOL_TYPE = 'n8n-nodes-neo.neoTool';
jest.setTimeout(30_000);

async function run(parameters: INodeParameters, extra: Partial<INode>) {
	const sb = sandbox();
	const result = await runWorkflow({
		nodes: [
			itemsNode('Input', [{ sessionId: SEED.sessions.tenant }]),
			neoNode('Neo', parameters, { onError: 'continueErrorOutput', ...extra }),
			collectorNode('OK'),
			collectorNode('Errors'),
		],
		connections: mergeConnections(chain('Input', 'Neo', 'OK'), errorOutput('Neo', 'Errors')),
		credentials: { neoApi: { apiKey: sb.keys.tenant, baseUrl: sb.url } },
		nodeTypes: { [TOOL_TYPE]: new Neo() },
	});
	return { ok: result.output('Neo', 0), errors: result.output('Neo', 1) };
}

const mint = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'sessionToken',
	operation: 'mint',
	sessionId: '={{ $json.sessionId }}',
	...extra,
});

describe.each([1, 2])('Session Token → Mint as an AI tool (node version %i)', (typeVersion) => {
	it('refuses before anything is sent, saying why', async () => {
		const { ok, errors } = await run(mint(), { type: TOOL_TYPE, typeVersion });

		expect(ok).toEqual([]);
		expect((errors[0].json.error as IDataObject).message).toBe(
			`Session Token → Mint refuses to run as an AI tool (item 0): the minted token is a secret and would enter the model's context. Turn on "Allow Token in AI Tool Output" on the node only if the model may see it.`,
		);
		expect(sandbox().count('/public-api/sessions')).toBe(0);
	});

	it('returns the refusal as the tool answer (not a failed workflow) without an error setting', async () => {
		const { ok } = await run(mint(), { type: TOOL_TYPE, typeVersion, onError: undefined });
		expect(ok).toEqual([
			{
				json: {
					error: expect.objectContaining({
						message: expect.stringMatching(/^Session Token → Mint refuses to run as an AI tool/),
					}),
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('mints when "Allow Token in AI Tool Output" is on', async () => {
		const { ok } = await run(mint({ allowTokenInAiTool: true }), { type: TOOL_TYPE, typeVersion });
		expect(ok[0].json.token).toEqual(expect.any(String));
		expect(sandbox().count('/public-api/sessions')).toBe(1);
	});

	it('mints as an ordinary node, the option left off', async () => {
		const { ok } = await run(mint(), { typeVersion });
		expect(ok[0].json.session_id).toBe(SEED.sessions.tenant);
	});
});

describe('Chat Message → Send as an AI tool', () => {
	it("returns the Neo agent's reply", async () => {
		sandbox().chat.configure({ partMs: 1 });
		const { ok } = await run(
			{
				resource: 'chatMessage',
				operation: 'send',
				sessionId: '={{ $json.sessionId }}',
				message: 'Who is on call?',
			},
			{ type: TOOL_TYPE, typeVersion: 2 },
		);
		expect(ok[0].json.reply).toBe(scriptedReply('Who is on call?'));
	});
});
