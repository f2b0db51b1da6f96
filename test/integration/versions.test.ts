/**
 * Saved workflows keep running: the three Neo nodes of the version-1 onboarding example, with the
 * parameters exactly as version 1 saved them (agent IDs typed as numbers, Allowed Agent IDs as
 * text), run unchanged; and a new node gets version 2.
 */
import { Neo } from '../../nodes/Neo/Neo.node';
import { chain, collectorNode, itemsNode, neoNode, runWorkflow } from '../helpers/n8nEngine';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();

it('runs a version-1 onboarding chain exactly as saved', async () => {
	const result = await runWorkflow({
		nodes: [
			itemsNode('End client', [
				{ clientSlug: 'contoso-dental', agentId: 101, contact: 'ana@contoso.example' },
			]),
			neoNode('Create Teams channel', {
				resource: 'channel',
				operation: 'create',
				audience: 'END_USER',
				internalName: '={{ $json.clientSlug }}-teams',
				channelType: 'TEAMS',
				additionalFields: { agentId: '={{ $json.agentId }}', displayName: 'Contoso IT' },
			}),
			neoNode('Create chat session', {
				resource: 'chatSession',
				operation: 'create',
				agentSource: 'agentId',
				agentId: "={{ $('End client').item.json.agentId }}",
				additionalFields: { title: 'Onboarding' },
			}),
			neoNode('Mint session token', {
				resource: 'sessionToken',
				operation: 'mint',
				sessionId: '={{ $json.id }}',
				additionalFields: {
					ttlSeconds: 3600,
					allowedAgentIds: '101, 102',
					endUserEmail: "={{ $('End client').item.json.contact }}",
				},
			}),
			collectorNode('Done'),
		],
		connections: chain(
			'End client',
			'Create Teams channel',
			'Create chat session',
			'Mint session token',
			'Done',
		),
		credentials: { neoApi: { apiKey: sandbox().keys.tenant, baseUrl: sandbox().url } },
	});

	expect(result.error).toBeUndefined();
	expect(sandbox().requests.map((r) => [r.method, r.path, r.body])).toEqual([
		[
			'POST',
			'/public-api/channels',
			{
				audience: 'END_USER',
				internal_name: 'contoso-dental-teams',
				type: 'TEAMS',
				agent_id: 101,
				display_name: 'Contoso IT',
			},
		],
		['POST', '/public-api/chat/sessions', { agent_id: 101, title: 'Onboarding' }],
		[
			'POST',
			'/public-api/sessions',
			{
				session_id: expect.any(String),
				ttl_seconds: 3600,
				allowed_agent_ids: [101, 102],
				end_user_email: 'ana@contoso.example',
			},
		],
	]);
	expect(result.output('Done')[0].json.token).toEqual(expect.any(String));
});

it('offers version 2 to new nodes and keeps version 1 for saved ones', () => {
	const neo = new Neo();
	expect(neo.description.defaultVersion).toBe(2);
	expect(neo.getNodeType(1).description.version).toBe(1);
	expect(neo.getNodeType(2).description.version).toBe(2);
	expect(neo.getNodeType().description.version).toBe(2);
	const v1Resources = neo
		.getNodeType(1)
		.description.properties.find((p) => p.name === 'resource')
		?.options?.map((o) => (o as { value: string }).value);
	expect(v1Resources).toEqual(['channel', 'chatSession', 'sessionToken']);
});
