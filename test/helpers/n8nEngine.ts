/**
 * In-process n8n engine harness: runs workflows through n8n-core's REAL `WorkflowExecute`, real
 * `Workflow`, real node execution contexts and real `httpRequestWithAuthentication` (requests go out
 * over the network, e.g. to the local Neo sandbox). Modelled on n8n's own
 * packages/core/nodes-testing/node-test-harness.ts, without jest-mock-extended or nock.
 *
 * What is real and what is stubbed:
 * - real: WorkflowExecute, Workflow, NodeHelpers (outputs incl. the error output, default
 *   parameters), ExecuteContext (continueOnFail, addExecutionHints, getCredentials), the request
 *   helpers and @n8n/backend-network's OutboundHttp, ExecutionLifecycleHooks, ExecutionContextService,
 *   ErrorReporter (unconfigured: no Sentry, logs through the Logger below).
 * - stubbed: InstanceSettings (no ~/.n8n folder or settings file is created; folder is a temp dir),
 *   the DI Logger and LoggerProxy (recording loggers), the credentials store (an in-memory
 *   ICredentialsHelper that follows n8n's CredentialsHelper for defaults, expressions and
 *   `authenticate`).
 *
 * Usage:
 *   const result = await runWorkflow({
 *     nodes: [itemsNode('Input', [{ name: 'a' }, { name: 'b' }]),
 *             neoNode('Neo', { resource: 'channel', operation: 'create', … }, { onError: 'continueErrorOutput' }),
 *             collectorNode('OK'), collectorNode('Errors')],
 *     connections: mergeConnections(chain('Input', 'Neo', 'OK'), errorOutput('Neo', 'Errors')),
 *     credentials: { neoApi: { apiKey, baseUrl: sandbox.url } },
 *   });
 *   result.output('Neo', 0); result.output('Neo', 1); result.hints('Neo'); result.logs;
 *
 * Error output: n8n moves an item to output 1 when it has `item.error`, or when its json keys are
 * all within error/message/details; on the way it MERGES the paired input item's json under it
 * (`{ ...input.json, ...item.json }`), so error items carry the input fields too.
 *
 * Where the parts live:
 * - ./workflowBuilders.ts: itemsNode, neoNode, collectorNode, chain, connect, errorOutput, …
 * - ./engineSetup.ts: DI container, InstanceSettings stub, recording logger, safeStringify
 *   (and why the harness must use n8n-core's own copy of @n8n/di).
 * - ./harnessNodeTypes.ts: the node types (test nodes, the Neo node) and default credential types.
 * - ./credentialsHelper.ts: the in-memory credentials store.
 * - ./testNodes.ts: the test-only node types (start items, collector).
 * This file runs the workflow and re-exports the parts' public API.
 */
import { ExecutionLifecycleHooks, ExternalSecretsProxy, WorkflowExecute } from 'n8n-core';
import { UnexpectedError, Workflow, deepCopy } from 'n8n-workflow';
import type {
	ExecutionError,
	ICredentialDataDecryptedObject,
	ICredentialsHelper,
	ICredentialType,
	IConnections,
	INode,
	INodeExecutionData,
	INodeType,
	IRun,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	NodeExecutionHint,
	StructuredChunk,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentialsHelper';
import { setUpEngine, type Engine } from './engineSetup';
import { HarnessNodeTypes, defaultCredentialTypes } from './harnessNodeTypes';
import { ITEMS_NODE_TYPE } from './testNodes';

export {
	COLLECTOR_NODE_TYPE,
	HarnessCollector,
	HarnessItems,
	ITEMS_NODE_TYPE,
} from './testNodes';
export {
	NEO_CREDENTIALS_REF,
	NEO_CUSTOM_NODE_TYPE,
	NEO_NODE_TYPE,
	chain,
	collectorNode,
	connect,
	errorOutput,
	itemsNode,
	mergeConnections,
	neoNode,
} from './workflowBuilders';
export { n8nContainer, safeStringify } from './engineSetup';
export { defaultCredentialTypes } from './harnessNodeTypes';
export { HarnessCredentialsHelper } from './credentialsHelper';

export interface RunOptions {
	/** Workflow nodes; credentials referenced as `{ neoApi: { id: '1', name: 'Neo' } }`. */
	nodes: INode[];
	connections: IConnections;
	/** Decrypted credential data by credential TYPE, e.g. `{ neoApi: { apiKey, baseUrl } }`. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Extra node types by type name (added to / overriding the defaults). */
	nodeTypes?: Record<string, INodeType | IVersionedNodeType>;
	/** Credential types the helper knows. Default: the real `NeoApi` (credentials/NeoApi.credentials). */
	credentialTypes?: ICredentialType[];
	/** Workflow settings; default `{ executionOrder: 'v1' }` (what n8n gives new workflows). */
	settings?: IWorkflowSettings;
	/** Name of the start node. Default: the (first) node without incoming connections. */
	startNode?: string;
	/** Execution mode, default 'manual'. */
	mode?: WorkflowExecuteMode;
	/**
	 * Makes the run a streaming one (as n8n does for a Chat Trigger or a Webhook with Response Mode
	 * "Streaming"): each chunk a node sends (`this.sendChunk`) reaches this.
	 */
	onChunk?: (chunk: StructuredChunk) => void;
}

export interface RunResult {
	/** The full run data. */
	run: IRun;
	/** Items of a node's last run on the given output (0 = main / success, 1 = error output). */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** `run.data.resultData.error`: set when the workflow stopped on an error. */
	error: ExecutionError | undefined;
	/** The error of the node's last task (set when the node failed, even with continueOnFail). */
	nodeError(nodeName: string): ExecutionError | undefined;
	/** Execution hints the node added (`this.addExecutionHints`), from the last task's `hints`. */
	hints(nodeName: string): NodeExecutionHint[];
	/** Every line n8n's LoggerProxy and DI Logger received during the run (message + metadata JSON). */
	logs: string[];
	/** Names of the nodes that ran, in execution order (one entry per task). */
	executedNodes: string[];
}

/** Runs a workflow through n8n-core's WorkflowExecute and returns its run data. */
export async function runWorkflow(options: RunOptions): Promise<RunResult> {
	const engine = setUpEngine();
	const logs: string[] = [];
	engine.sinks.add(logs);
	try {
		return await engine.currentRun.run(logs, async () => await execute(engine, options, logs));
	} finally {
		engine.sinks.delete(logs);
	}
}

async function execute(engine: Engine, options: RunOptions, logs: string[]): Promise<RunResult> {
	const nodeTypes = new HarnessNodeTypes(options.nodeTypes ?? {});
	const credentialsHelper = new HarnessCredentialsHelper(
		options.credentialTypes ?? defaultCredentialTypes(),
		options.credentials ?? {},
	);
	// Workflow fills in default parameters in place: never touch the caller's nodes.
	const nodes = deepCopy(options.nodes);
	const settings: IWorkflowSettings = { executionOrder: 'v1', ...(options.settings ?? {}) };
	const workflow = new Workflow({
		id: 'harness-workflow',
		name: 'Harness workflow',
		nodes,
		connections: options.connections,
		nodeTypes,
		active: false,
		settings,
	});
	const startNode = pickStartNode(workflow, nodes, options.startNode);
	const mode = options.mode ?? 'manual';
	engine.executionCounter += 1;
	const executionId = `harness-${engine.executionCounter}`;

	const workflowData: IWorkflowBase = {
		id: workflow.id,
		name: workflow.name ?? 'Harness workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections: options.connections,
		settings,
	};
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const executedNodes: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executedNodes.push(nodeName);
	});
	const additionalData = createAdditionalData({ credentialsHelper, hooks, executionId });
	if (options.onChunk) {
		hooks.addHandler('sendChunk', options.onChunk);
		additionalData.streamingEnabled = true;
	}

	const run = await new WorkflowExecute(additionalData, mode).run({ workflow, startNode });
	return createResult(run, logs, executedNodes, new Set(nodes.map((n) => n.name)));
}

// ---------------------------------------------------------------------------------------------
// Execution plumbing
// ---------------------------------------------------------------------------------------------

function pickStartNode(workflow: Workflow, nodes: INode[], name?: string): INode {
	if (name) {
		const node = workflow.getNode(name);
		if (!node) throw new UnexpectedError(`Start node "${name}" is not in the workflow`);
		return node;
	}
	const roots = nodes.filter(
		(node) => !node.disabled && workflow.connectionsByDestinationNode[node.name] === undefined,
	);
	const start = roots.find((node) => node.type === ITEMS_NODE_TYPE) ?? roots[0];
	if (!start) throw new UnexpectedError('No start node: every node has an incoming connection');
	return workflow.getNode(start.name) as INode;
}

export function createAdditionalData({
	credentialsHelper,
	hooks,
	executionId,
}: {
	credentialsHelper: ICredentialsHelper;
	hooks: ExecutionLifecycleHooks;
	executionId: string;
}): IWorkflowExecuteAdditionalData {
	const base = 'http://localhost:5678';
	const unsupported = (what: string) => async () => {
		throw new UnexpectedError(`${what} is not supported by the engine harness`);
	};
	const additionalData: IWorkflowExecuteAdditionalData = {
		credentialsHelper,
		hooks,
		executionId,
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: unsupported('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: unsupported('startRunnerTask'),
		logAiEvent: () => {},
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		userId: 'harness-user',
	};
	return additionalData;
}

function createResult(
	run: IRun,
	logs: string[],
	executedNodes: string[],
	nodeNames: Set<string>,
): RunResult {
	const lastTask = (nodeName: string) => {
		if (!nodeNames.has(nodeName)) {
			throw new UnexpectedError(`"${nodeName}" is not a node of this workflow`, {
				extra: { nodes: [...nodeNames] },
			});
		}
		const tasks = run.data.resultData.runData[nodeName];
		return tasks?.[tasks.length - 1];
	};
	return {
		run,
		logs,
		executedNodes,
		error: run.data.resultData.error,
		output: (nodeName, outputIndex = 0) => lastTask(nodeName)?.data?.main?.[outputIndex] ?? [],
		nodeError: (nodeName) => lastTask(nodeName)?.error,
		hints: (nodeName) => lastTask(nodeName)?.hints ?? [],
	};
}
