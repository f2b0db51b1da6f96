// Workflows of the chat e2e (chat.test.mjs): a message through Chat Message → Send, and n8n's AI
// Agent with an OpenAI chat model (pointed at the local stand-in) and the Neo node as its tool.
// Node types use the community-package prefix; realN8n.mjs retypes them for the install mode.
import { SANDBOX_CREDENTIAL } from './workflows.mjs';

export const OPENAI_CREDENTIAL = { id: 'openai-standin', name: 'OpenAI stand-in' };

export function openAiCredential(standIn) {
	return {
		...OPENAI_CREDENTIAL,
		type: 'openAiApi',
		data: { apiKey: 'sk-standin', url: standIn.url },
	};
}

const trigger = {
	id: 'chat-e2e-start',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const code = (name, json) => ({
	id: `chat-e2e-${name.toLowerCase().replace(/\W+/g, '-')}`,
	name,
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	position: [220, 0],
	parameters: { jsCode: `return [{ json: ${JSON.stringify(json)} }];` },
});

/** Start -> Ticket -> Ask Neo (Chat Message -> Send, waiting for the reply). */
export const ASK_ID = 'NeoE2eChatAsk001';
export function askWorkflow(sessionId, message) {
	return {
		id: ASK_ID,
		name: 'e2e: ask a Neo agent',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			trigger,
			code('Ticket', { sessionId, message }),
			{
				id: 'chat-e2e-ask-neo',
				name: 'Ask Neo',
				type: 'n8n-nodes-neo.neo',
				typeVersion: 2,
				position: [440, 0],
				parameters: {
					resource: 'chatMessage',
					operation: 'send',
					sessionId: '={{ $json.sessionId }}',
					message: '={{ $json.message }}',
					sendOptions: { includeSteps: true },
				},
				credentials: { neoApi: SANDBOX_CREDENTIAL },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Ticket', type: 'main', index: 0 }]] },
			Ticket: { main: [[{ node: 'Ask Neo', type: 'main', index: 0 }]] },
		},
	};
}

/**
 * Start -> Question -> AI Agent, with the OpenAI Chat Model (stand-in) and one Neo tool:
 * `tool: 'ask'` is Chat Message -> Send with the message from the model ($fromAI), `tool: 'mint'`
 * is Session Token -> Mint (which must refuse).
 */
export function agentWorkflow({ id, tool, sessionId, question, agentVersion }) {
	const neoParameters =
		tool === 'ask'
			? {
					resource: 'chatMessage',
					operation: 'send',
					sessionId,
					message:
						"={{ $fromAI('message', 'The question for the Neo agent, with the names and ticket numbers it is about', 'string') }}",
				}
			: { resource: 'sessionToken', operation: 'mint', sessionId };
	const toolName = tool === 'ask' ? 'Ask Neo' : 'Mint Neo token';
	return {
		id,
		name: `e2e: AI Agent with the Neo tool (${tool})`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			trigger,
			code('Question', { chatInput: question }),
			{
				id: 'chat-e2e-agent',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: agentVersion,
				position: [440, 0],
				parameters: { promptType: 'define', text: '={{ $json.chatInput }}', options: {} },
			},
			{
				id: 'chat-e2e-model',
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [360, 220],
				parameters: { model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' }, options: {} },
				credentials: { openAiApi: OPENAI_CREDENTIAL },
			},
			{
				id: `chat-e2e-tool-${tool}`,
				name: toolName,
				type: 'n8n-nodes-neo.neoTool',
				typeVersion: 2,
				position: [560, 220],
				parameters: neoParameters,
				credentials: { neoApi: SANDBOX_CREDENTIAL },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Question', type: 'main', index: 0 }]] },
			Question: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': {
				ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
			},
			[toolName]: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
	};
}
