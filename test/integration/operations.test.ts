/**
 * The three operations through n8n's real engine against the Neo sandbox: what is sent, what
 * comes out, and how Neo's envelope maps onto items, hints and pairedItem.
 */
import { SEED, decodeToken, NO_AGENT_WARNING } from '../sandbox';
import { bodiesSent, channelCreate, chatSessionCreate, runNeo, tokenMint } from './neoWorkflow';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();

describe('Channel → Create', () => {
	it('creates one channel per item, in input order, each paired with its item', async () => {
		const names = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf'];
		const { ok, result } = await runNeo({
			sandbox: sandbox(),
			parameters: channelCreate({ additionalFields: { agentId: 101 } }),
			items: names.map((name) => ({ name })),
		});

		expect(result.error).toBeUndefined();
		expect(ok.map((item) => item.json.internal_name)).toEqual(names);
		expect(ok.map((item) => item.pairedItem)).toEqual(names.map((_, item) => ({ item })));
		expect(ok.every((item) => typeof item.json.id === 'string' && item.json.agent_id === 101)).toBe(
			true,
		);
		expect(
			sandbox()
				.created.channels.map((c) => c.internal_name)
				.sort(),
		).toEqual([...names].sort());
		expect(sandbox().count('/public-api/channels')).toBe(names.length);
	});

	it('sends only the required fields when nothing else is set', async () => {
		await runNeo({ sandbox: sandbox(), parameters: channelCreate(), items: [{ name: 'bare' }] });

		expect(bodiesSent(sandbox(), '/public-api/channels')).toEqual([
			{ audience: 'END_USER', internal_name: 'bare', type: 'TEAMS' },
		]);
	});

	it('maps every optional field onto Neo’s snake_case body, false booleans included', async () => {
		const { ok } = await runNeo({
			sandbox: sandbox(),
			parameters: channelCreate({
				audience: 'MSP',
				additionalFields: {
					agentId: 102,
					displayName: 'Contoso IT Help',
					description: 'Helpdesk bot',
					welcomeMessage: 'Hi! How can I help?',
					iconUrl: 'https://cdn.example.com/color.png',
					outlineIconUrl: 'https://cdn.example.com/outline.png',
					relayPrefix: 'contoso',
					showAgentProgressSteps: false,
					status: 'DISCONNECTED',
				},
			}),
			items: [{ name: 'contoso-helpdesk' }],
		});

		expect(bodiesSent(sandbox(), '/public-api/channels')).toEqual([
			{
				audience: 'MSP',
				internal_name: 'contoso-helpdesk',
				type: 'TEAMS',
				agent_id: 102,
				display_name: 'Contoso IT Help',
				description: 'Helpdesk bot',
				welcome_message: 'Hi! How can I help?',
				color_icon_url: 'https://cdn.example.com/color.png',
				outline_icon_url: 'https://cdn.example.com/outline.png',
				relay_prefix: 'contoso',
				show_agent_progress_steps: false,
				status: 'DISCONNECTED',
			},
		]);
		expect(ok[0].json).toMatchObject({ display_name: 'Contoso IT Help', status: 'DISCONNECTED' });
	});

	it('shows Neo’s warnings as one execution hint per distinct warning, naming the items', async () => {
		const { result } = await runNeo({
			sandbox: sandbox(),
			parameters: channelCreate(),
			items: [{ name: 'w1' }, { name: 'w2' }],
		});

		const hints = result.hints('Neo');
		expect(hints).toHaveLength(1);
		expect(hints[0].message).toBe(`Neo: ${NO_AGENT_WARNING} (items 0, 1)`);
		expect(hints[0].type).toBe('warning');
	});

	it('outputs Neo’s whole answer {data, meta} when Include Response Metadata is on', async () => {
		const { ok } = await runNeo({
			sandbox: sandbox(),
			parameters: channelCreate({ options: { includeResponseMetadata: true } }),
			items: [{ name: 'with-meta' }],
		});

		const { data, meta } = ok[0].json as {
			data: { internal_name: string };
			meta: Record<string, unknown>;
		};
		expect(data.internal_name).toBe('with-meta');
		expect(meta.request_id).toBe(sandbox().requests[0].requestId);
		expect(meta.warnings).toEqual([NO_AGENT_WARNING]);
	});
});

describe('Chat Session → Create', () => {
	it('sends agent_id alone when the agent is chosen by ID', async () => {
		const { ok } = await runNeo({
			sandbox: sandbox(),
			parameters: chatSessionCreate({
				additionalFields: { title: '={{ $json.company }} onboarding' },
			}),
			items: [{ company: 'Contoso' }],
		});

		expect(bodiesSent(sandbox(), '/public-api/chat/sessions')).toEqual([
			{ agent_id: 101, title: 'Contoso onboarding' },
		]);
		expect(ok[0].json).toMatchObject({ agent_id: 101, title: 'Contoso onboarding' });
		expect(String(ok[0].json.id)).toMatch(/^cs_/);
	});

	it('sends managed_agent_key alone when a managed agent is chosen, even with an agent ID left in the parameters', async () => {
		const { ok } = await runNeo({
			sandbox: sandbox(),
			parameters: chatSessionCreate({
				agentSource: 'managedAgent',
				managedAgentKey: 'NEO_SUPPORT',
				agentId: 101,
			}),
		});

		expect(bodiesSent(sandbox(), '/public-api/chat/sessions')).toEqual([
			{ managed_agent_key: 'NEO_SUPPORT' },
		]);
		expect(ok[0].json.agent_id).toBe(SEED.agents.neoSupport.tenant);
	});

	it('lets a platform key route by inbound tenant, and says so when an ordinary key’s relay fields are ignored', async () => {
		const platform = await runNeo({
			sandbox: sandbox(),
			apiKey: sandbox().keys.platform,
			parameters: chatSessionCreate({
				agentSource: 'managedAgent',
				platformRelayFields: { botId: 'bot-1', inboundTenantId: SEED.inboundTenants.mapped },
			}),
		});
		expect(platform.result.error).toBeUndefined();
		expect(bodiesSent(sandbox(), '/public-api/chat/sessions')[0]).toEqual({
			managed_agent_key: 'NEO_SUPPORT',
			bot_id: 'bot-1',
			inbound_tenant_id: SEED.inboundTenants.mapped,
		});

		const ordinary = await runNeo({
			sandbox: sandbox(),
			parameters: chatSessionCreate({ platformRelayFields: { botId: 'bot-1' } }),
		});
		expect(ordinary.result.error).toBeUndefined();
		expect(
			ordinary.result
				.hints('Neo')
				.map((h) => h.message)
				.join(),
		).toMatch(/bot_id ignored/);
	});
});

describe('Session Token → Mint', () => {
	it('mints a token bound to the session with the typed fields converted', async () => {
		const { ok } = await runNeo({
			sandbox: sandbox(),
			parameters: tokenMint({
				additionalFields: {
					ttlSeconds: 600,
					allowedAgentIds: '101, 102',
					endUser: 'jane',
					endUserEmail: 'jane@contoso.example',
				},
			}),
			items: [{ sessionId: SEED.sessions.tenant }],
		});

		expect(bodiesSent(sandbox(), '/public-api/sessions')).toEqual([
			{
				session_id: SEED.sessions.tenant,
				ttl_seconds: 600,
				allowed_agent_ids: [101, 102],
				end_user: 'jane',
				end_user_email: 'jane@contoso.example',
			},
		]);
		expect(ok[0].json.session_id).toBe(SEED.sessions.tenant);
		const claims = decodeToken(String(ok[0].json.token));
		expect(claims.session_id).toBe(SEED.sessions.tenant);
		expect(Date.parse(String(ok[0].json.expires_at)) - Date.now()).toBeGreaterThan(590_000);
	});

	it('accepts allowed agent IDs as an array from an expression', async () => {
		await runNeo({
			sandbox: sandbox(),
			parameters: tokenMint({ additionalFields: { allowedAgentIds: '={{ $json.agents }}' } }),
			items: [{ sessionId: SEED.sessions.tenant, agents: [101] }],
		});

		expect(bodiesSent(sandbox(), '/public-api/sessions')[0].allowed_agent_ids).toEqual([101]);
	});

	it('chains Chat Session → Create into Session Token → Mint by expression', async () => {
		const session = await runNeo({ sandbox: sandbox(), parameters: chatSessionCreate() });
		const minted = await runNeo({
			sandbox: sandbox(),
			parameters: tokenMint({ sessionId: '={{ $json.id }}' }),
			items: [session.ok[0].json],
		});

		expect(minted.ok[0].json.session_id).toBe(session.ok[0].json.id);
	});
});
