/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
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
 * DI quirk: n8n-core 2.41.1 ships its own nested @n8n/di (0.17) while the top-level @n8n/di is
 * 0.16 (from @n8n/node-cli). Container state is module-local, so the harness MUST use the copy
 * n8n-core resolves (see `coreRequire`), never `import { Container } from '@n8n/di'`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	InstanceSettings,
	WorkflowExecute,
	getAdditionalKeys,
} from 'n8n-core';
import {
	ICredentials,
	ICredentialsHelper,
	LoggerProxy,
	NodeHelpers,
	UnexpectedError,
	Workflow,
	deepCopy,
	isExpression,
} from 'n8n-workflow';
import type {
	ExecutionError,
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IConnection,
	IConnections,
	IDataObject,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IRun,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	Logger,
	LogMetadata,
	NodeExecutionHint,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import {
	COLLECTOR_NODE_TYPE,
	HarnessCollector,
	HarnessItems,
	HarnessTestNeo,
	ITEMS_NODE_TYPE,
	TEST_NEO_NODE_TYPE,
	TestNeoApi,
} from './testNodes';

export {
	COLLECTOR_NODE_TYPE,
	HarnessCollector,
	HarnessItems,
	HarnessTestNeo,
	ITEMS_NODE_TYPE,
	TEST_NEO_NODE_TYPE,
	TestNeoApi,
} from './testNodes';

/** Node type of the Neo node when installed as a community package (docs/DESIGN.md). */
export const NEO_NODE_TYPE = 'n8n-nodes-neo.neo';
/** Node type of the Neo node when loaded from N8N_CUSTOM_EXTENSIONS. Registered as an alias. */
export const NEO_CUSTOM_NODE_TYPE = 'CUSTOM.neo';
/** What `neoNode()` puts into `node.credentials` by default. */
export const NEO_CREDENTIALS_REF = { neoApi: { id: '1', name: 'Neo' } };

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

export interface RunOptions {
	/** Workflow nodes; credentials referenced as `{ neoApi: { id: '1', name: 'Neo' } }`. */
	nodes: INode[];
	connections: IConnections;
	/** Decrypted credential data by credential TYPE, e.g. `{ neoApi: { apiKey, baseUrl } }`. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Extra node types by type name (added to / overriding the defaults). */
	nodeTypes?: Record<string, INodeType | IVersionedNodeType>;
	/**
	 * Credential types the helper knows. Default: the real `NeoApi` from
	 * credentials/NeoApi.credentials.ts (or `TestNeoApi` while that file does not exist).
	 */
	credentialTypes?: ICredentialType[];
	/** Workflow settings; default `{ executionOrder: 'v1' }` (what n8n gives new workflows). */
	settings?: IWorkflowSettings;
	/** Name of the start node. Default: the (first) node without incoming connections. */
	startNode?: string;
	/** Execution mode, default 'manual'. */
	mode?: WorkflowExecuteMode;
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

let nodeCounter = 0;
let nextX = 0;

function nextPosition(): [number, number] {
	nextX += 220;
	return [nextX, 300];
}

function nodeId(): string {
	nodeCounter += 1;
	return `00000000-0000-4000-8000-${String(nodeCounter).padStart(12, '0')}`;
}

/** A start node that emits these items (test-only node type `harness.items`). */
export function itemsNode(name: string, items: IDataObject[], position?: [number, number]): INode {
	return {
		id: nodeId(),
		name,
		type: ITEMS_NODE_TYPE,
		typeVersion: 1,
		position: position ?? nextPosition(),
		parameters: { items: JSON.stringify(items) },
	};
}

/**
 * A Neo node (`n8n-nodes-neo.neo`, typeVersion 1, credentials `neoApi` → id '1').
 * `extra` is merged last: `{ onError: 'continueErrorOutput' }`, `{ continueOnFail: true }`,
 * `{ type: TEST_NEO_NODE_TYPE }` for the harness' stand-in node, `{ credentials: {} }`, …
 */
export function neoNode(
	name: string,
	parameters: INodeParameters,
	extra: Partial<INode> = {},
): INode {
	return {
		id: nodeId(),
		name,
		type: NEO_NODE_TYPE,
		typeVersion: 1,
		position: nextPosition(),
		parameters,
		credentials: deepCopy(NEO_CREDENTIALS_REF),
		...extra,
	};
}

/** A pass-through sink (`harness.collector`) to connect to outputs so routing can be checked. */
export function collectorNode(name: string, position?: [number, number]): INode {
	return {
		id: nodeId(),
		name,
		type: COLLECTOR_NODE_TYPE,
		typeVersion: 1,
		position: position ?? nextPosition(),
		parameters: {},
	};
}

/** Main connections a → b → c (each from output 0 to input 0). */
export function chain(...names: string[]): IConnections {
	let connections: IConnections = {};
	for (let i = 0; i + 1 < names.length; i++) {
		connections = mergeConnections(connections, connect(names[i], names[i + 1]));
	}
	return connections;
}

/** One main connection from `from`'s output `output` to `to`'s input `input`. */
export function connect(
	from: string,
	to: string,
	{ output = 0, input = 0 }: { output?: number; input?: number } = {},
): IConnections {
	const outputs: Array<IConnection[] | null> = [];
	for (let i = 0; i < output; i++) outputs.push([]);
	outputs.push([{ node: to, type: 'main', index: input }]);
	return { [from]: { main: outputs } };
}

/** Connects `from`'s error output (output index 1, needs `onError: 'continueErrorOutput'`) to `to`. */
export function errorOutput(from: string, to: string): IConnections {
	return connect(from, to, { output: 1 });
}

/** Merges connection maps (e.g. `mergeConnections(chain('A', 'Neo', 'OK'), errorOutput('Neo', 'Errors'))`). */
export function mergeConnections(...all: IConnections[]): IConnections {
	const merged: IConnections = {};
	for (const connections of all) {
		for (const [from, byType] of Object.entries(connections)) {
			merged[from] ??= {};
			for (const [type, outputs] of Object.entries(byType)) {
				const target = (merged[from][type] ??= []);
				outputs.forEach((list, index) => {
					while (target.length <= index) target.push([]);
					target[index] = [...(target[index] ?? []), ...(list ?? [])];
				});
			}
		}
	}
	return merged;
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

	const run = await new WorkflowExecute(additionalData, mode).run({ workflow, startNode });
	return createResult(run, logs, executedNodes, new Set(nodes.map((n) => n.name)));
}

// ---------------------------------------------------------------------------------------------
// Engine set-up (DI + logging), once per module registry (i.e. once per jest test file)
// ---------------------------------------------------------------------------------------------

type Constructor<T> = abstract new (...args: never[]) => T;
interface DiContainer {
	get<T>(type: Constructor<T>): T;
	set<T>(type: Constructor<T>, instance: T): void;
	has(type: Constructor<unknown>): boolean;
}

interface Engine {
	/** Log arrays of the runs in progress. */
	sinks: Set<string[]>;
	/** The log array of the run whose async context a log call happens in. */
	currentRun: AsyncLocalStorage<string[]>;
	executionCounter: number;
}

let engine: Engine | undefined;

const coreDir = path.dirname(require.resolve('n8n-core'));

/** Requires a module the way n8n-core resolves it (its nested @n8n/* copies). */
function coreRequire<T>(id: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(require.resolve(id, { paths: [coreDir] })) as T;
}

/** The DI container n8n-core uses. */
export function n8nContainer(): DiContainer {
	return coreRequire<{ Container: DiContainer }>('@n8n/di').Container;
}

function setUpEngine(): Engine {
	if (engine) return engine;
	const sinks = new Set<string[]>();
	const currentRun = new AsyncLocalStorage<string[]>();
	const recordingLogger = createRecordingLogger(sinks, currentRun);

	LoggerProxy.init(recordingLogger);

	const Container = n8nContainer();
	// ExecuteContext.logger, OutboundHttp, ErrorReporter, … get the backend-common Logger from DI.
	const { Logger: DiLogger } = coreRequire<{ Logger: Constructor<unknown> }>('@n8n/backend-common');
	Container.set(DiLogger, recordingLogger);

	// NodeExecutionContext's constructor does Container.get(InstanceSettings). The real class reads
	// or creates <N8N_USER_FOLDER>/.n8n/config on construction; a prototype-backed stub avoids that.
	Container.set(InstanceSettings, createInstanceSettings());

	engine = { sinks, currentRun, executionCounter: 0 };
	return engine;
}

function createInstanceSettings(): InstanceSettings {
	const n8nFolder = mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));
	const stub = Object.create(InstanceSettings.prototype) as InstanceSettings;
	Object.assign(stub, {
		n8nFolder,
		staticCacheDir: path.join(n8nFolder, 'cache'),
		customExtensionDir: path.join(n8nFolder, 'custom'),
		nodesDownloadDir: path.join(n8nFolder, 'nodes'),
		nodeDefinitionsDir: path.join(n8nFolder, 'node-definitions'),
		settings: { encryptionKey: 'harness-encryption-key' },
		instanceId: 'harness-instance',
		derivedInstanceId: 'harness-instance',
		hmacSignatureSecret: 'harness-hmac-secret',
		canSeedDeploymentState: false,
		instanceType: 'main',
		instanceRole: 'leader',
		hostId: 'harness-host',
		isMultiMainEnabled: false,
		isMultiMainLicensed: false,
	});
	return stub;
}

type Level = 'error' | 'warn' | 'info' | 'debug';

/**
 * Lines go to the run whose async context logs them (so runs in parallel keep their own logs);
 * a line logged outside any run's context goes to every run in progress (never dropped while a
 * run is active, so leak assertions stay conservative). Lines logged while no run is active are
 * discarded. HARNESS_LOG=1 echoes every line to stderr.
 */
function createRecordingLogger(
	sinks: Set<string[]>,
	currentRun: AsyncLocalStorage<string[]>,
): Logger & { scoped(): Logger } {
	const echo = process.env.HARNESS_LOG === '1';
	const record = (level: Level) => (message: string, metadata?: LogMetadata) => {
		const meta = metadata && Object.keys(metadata).length > 0 ? ` ${safeStringify(metadata)}` : '';
		const line = `[${level}] ${String(message)}${meta}`;
		const own = currentRun.getStore();
		if (own && sinks.has(own)) own.push(line);
		else for (const sink of sinks) sink.push(line);
		if (echo) process.stderr.write(`${line}\n`);
	};
	const logger = {
		error: record('error'),
		warn: record('warn'),
		info: record('info'),
		debug: record('debug'),
		scoped: () => logger,
	};
	return logger;
}

/**
 * JSON with everything a leak could hide in: Error name/message/stack/cause and own props,
 * Map/Set/Headers entries, Buffers as UTF-8, repeated references as "[Circular]".
 */
export function safeStringify(value: unknown): string {
	const seen = new WeakSet<object>();
	try {
		return JSON.stringify(value, function (_key, v: unknown) {
			if (typeof v === 'bigint') return v.toString();
			if (typeof v === 'function') return `[Function ${(v as { name?: string }).name ?? ''}]`;
			if (typeof v === 'symbol') return v.toString();
			if (v === null || typeof v !== 'object') return v;
			if (seen.has(v)) return '[Circular]';
			seen.add(v);
			const asBuffer = v as { type?: unknown; data?: unknown };
			if (asBuffer.type === 'Buffer' && Array.isArray(asBuffer.data)) {
				return Buffer.from(asBuffer.data as number[]).toString('utf8');
			}
			if (v instanceof Error) {
				const { cause } = v as Error & { cause?: unknown };
				return { ...v, name: v.name, message: v.message, stack: v.stack, cause };
			}
			if (v instanceof Map) return { '[Map]': Object.fromEntries(v) };
			if (v instanceof Set) return { '[Set]': [...v] };
			const iterable = v as { entries?: unknown; [Symbol.iterator]?: unknown };
			if (
				!Array.isArray(v) &&
				typeof iterable.entries === 'function' &&
				typeof iterable[Symbol.iterator] === 'function'
			) {
				// Headers, URLSearchParams, FormData, …
				return Object.fromEntries((v as { entries(): Iterable<[string, unknown]> }).entries());
			}
			return v;
		});
	} catch (error) {
		return `[unserializable: ${(error as Error).message}]`;
	}
}

// ---------------------------------------------------------------------------------------------
// Node types
// ---------------------------------------------------------------------------------------------

const projectRoot = path.resolve(__dirname, '..', '..');
const NEO_NODE_FILE = path.join(projectRoot, 'nodes', 'Neo', 'Neo.node.ts');
const NEO_CREDENTIAL_FILE = path.join(projectRoot, 'credentials', 'NeoApi.credentials.ts');

/** Whether nodes/Neo/Neo.node.ts exists (the harness then registers it as `n8n-nodes-neo.neo`). */
export function neoNodeAvailable(): boolean {
	return existsSync(NEO_NODE_FILE);
}

function loadNeoNodeType(): INodeType | IVersionedNodeType {
	if (!neoNodeAvailable()) {
		throw new UnexpectedError(
			`Node type "${NEO_NODE_TYPE}" is not available yet: ${NEO_NODE_FILE} does not exist. ` +
				`Use { type: TEST_NEO_NODE_TYPE } for the harness' stand-in node.`,
		);
	}
	// The explicit .ts path matters: next to Neo.node.ts lies the codex Neo.node.json, which plain
	// Node resolution (ts-node, scripts) would pick for '…/Neo.node' before any .ts file.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const mod = require(NEO_NODE_FILE) as {
		Neo: new () => INodeType | IVersionedNodeType;
	};
	return new mod.Neo();
}

/** The credential types used when RunOptions.credentialTypes is not given. */
export function defaultCredentialTypes(): ICredentialType[] {
	if (existsSync(NEO_CREDENTIAL_FILE)) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const mod = require(NEO_CREDENTIAL_FILE) as {
			NeoApi: new () => ICredentialType;
		};
		return [new mod.NeoApi()];
	}
	return [new TestNeoApi()];
}

class HarnessNodeTypes implements INodeTypes {
	private readonly factories: Record<string, () => INodeType | IVersionedNodeType>;

	private readonly cache = new Map<string, INodeType | IVersionedNodeType>();

	constructor(extra: Record<string, INodeType | IVersionedNodeType>) {
		this.factories = {
			[ITEMS_NODE_TYPE]: () => new HarnessItems(),
			[COLLECTOR_NODE_TYPE]: () => new HarnessCollector(),
			[TEST_NEO_NODE_TYPE]: () => new HarnessTestNeo(),
			[NEO_NODE_TYPE]: loadNeoNodeType,
			[NEO_CUSTOM_NODE_TYPE]: loadNeoNodeType,
		};
		for (const [name, type] of Object.entries(extra)) this.factories[name] = () => type;
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		let type = this.cache.get(nodeType);
		if (!type) {
			const factory = this.factories[nodeType];
			if (!factory) {
				throw new UnexpectedError(`Unrecognized node type: ${nodeType}`, {
					extra: { known: Object.keys(this.factories) },
				});
			}
			type = factory();
			this.cache.set(nodeType, type);
		}
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(
			Object.keys(this.factories).map((name) => [name, { className: name }]),
		);
	}
}

// ---------------------------------------------------------------------------------------------
// Credentials helper (after n8n's packages/cli/src/credentials-helper.ts, minus DB/overwrites/EE)
// ---------------------------------------------------------------------------------------------

class InMemoryCredentials extends ICredentials {
	constructor(
		details: INodeCredentialsDetails,
		type: string,
		private plain: ICredentialDataDecryptedObject,
	) {
		super(details, type);
	}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return deepCopy(this.plain);
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: JSON.stringify(this.plain) };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.plain = deepCopy(data);
	}

	async updateData(
		toUpdate: Partial<ICredentialDataDecryptedObject>,
		toDelete: string[] = [],
	): Promise<void> {
		const next = { ...this.plain, ...toUpdate } as ICredentialDataDecryptedObject;
		for (const key of toDelete) delete next[key];
		this.plain = next;
	}
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly types = new Map<string, ICredentialType>();

	constructor(
		credentialTypes: ICredentialType[],
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
		for (const type of credentialTypes) this.types.set(type.name, type);
	}

	private getType(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) {
			throw new UnexpectedError(`Unknown credential type: ${name}`, {
				extra: { known: [...this.types.keys()] },
			});
		}
		return type;
	}

	getParentTypes(name: string): string[] {
		const type = this.types.get(name);
		if (!type?.extends) return [];
		return type.extends.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.types.get(credentialType);
		if (!type?.restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).some(
			(supported) => supported === nodeType || nodeType.endsWith(`.${supported}`),
		);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const { authenticate } = this.getType(typeName);
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}
		if (!workflow || !node) {
			throw new UnexpectedError(
				'Workflow and node are required for declarative credential authentication',
			);
		}
		requestOptions.headers ??= {};
		if (authenticate.type === 'generic') {
			const target = requestOptions as unknown as Record<
				string,
				Record<string, unknown> | undefined
			>;
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
					const keyResolved = this.resolveValue(key, credentials, workflow, node);
					const valueResolved = this.resolveValue(value as string, credentials, workflow, node);
					target[outerKey] ??= {};
					target[outerKey][keyResolved] = valueResolved;
				}
			}
		}
		return requestOptions;
	}

	private resolveValue(
		parameterValue: string,
		credentials: ICredentialDataDecryptedObject,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(parameterValue)) return parameterValue;
		const returnValue = workflow.expression.getSimpleParameterValue(
			node,
			parameterValue,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		if (!returnValue) return '';
		return String(returnValue);
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.getType(typeName);
		const expirable = type.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable?.name === undefined || typeof type.preAuthentication !== 'function') {
			return undefined;
		}
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = (await type.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		// n8n persists the refreshed token; here it lives on in the in-memory store.
		this.data[typeName] = { ...(this.data[typeName] ?? {}), ...output };
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.getType(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		return new InMemoryCredentials(nodeCredentials, type, this.stored(nodeCredentials, type));
	}

	private stored(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): ICredentialDataDecryptedObject {
		const data = this.data[type];
		if (!data) {
			// Same message as n8n's CredentialNotFoundError.
			throw new UnexpectedError(
				`Credential with ID "${nodeCredentials.id ?? ''}" does not exist for type "${type}".`,
			);
		}
		return deepCopy(data);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const original = this.stored(nodeCredentials, type);
		if (raw === true) return original;

		// Defaults of the credential's properties, as n8n's applyDefaultsAndOverwrites does.
		let decrypted = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			original as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (original.oauthTokenData !== undefined) decrypted.oauthTokenData = original.oauthTokenData;

		if (expressionResolveValues) {
			const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
			try {
				decrypted = expressionResolveValues.workflow.expression.getParameterValue(
					decrypted as INodeParameters,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decrypted,
				) as ICredentialDataDecryptedObject;
			} catch (e) {
				rethrowWithSuffix(e, ' [Error resolving credentials]');
			}
		}
		return decrypted;
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.data[type] = deepCopy(data);
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.data[type] = { ...(this.data[type] ?? {}), oauthTokenData: data.oauthTokenData };
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const typeData = this.getType(type);
		if (!typeData.extends) return typeData.properties;
		const combined: INodeProperties[] = [];
		for (const parent of typeData.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, typeData.properties);
		return combined;
	}
}

/** n8n's CredentialsHelper appends a suffix to the message and rethrows the same error. */
function rethrowWithSuffix(error: unknown, suffix: string): never {
	if (error instanceof Error) error.message += suffix;
	throw error;
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

function createAdditionalData({
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
