 
// One place for what every integration test does: a workflow "Input → Neo → (OK | Errors)" run by
// n8n's real engine against the Neo sandbox over real HTTP.
import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import {
	chain,
	collectorNode,
	errorOutput,
	itemsNode,
	mergeConnections,
	neoNode,
	runWorkflow,
	type RunResult,
} from '../helpers/n8nEngine';
import type { NeoSandbox } from '../sandbox';

export interface NeoRun {
	result: RunResult;
	/** Items on the Neo node's main output (what reached "OK"). */
	ok: INodeExecutionData[];
	/** Items on the Neo node's error output (only with onError 'continueErrorOutput'). */
	errors: INodeExecutionData[];
}

export interface NeoRunOptions {
	sandbox: NeoSandbox;
	parameters: INodeParameters;
	items?: IDataObject[];
	apiKey?: string;
	baseUrl?: string;
	onError?: INode['onError'];
	/** More of the Neo node's fields, e.g. `{ typeVersion: 2 }` (the builders default to version 1). */
	node?: Partial<INode>;
}

export async function runNeo(options: NeoRunOptions): Promise<NeoRun> {
	const { sandbox, parameters, onError } = options;
	const nodes: INode[] = [
		itemsNode('Input', options.items ?? [{}]),
		neoNode('Neo', parameters, { ...(onError ? { onError } : {}), ...options.node }),
		collectorNode('OK'),
	];
	let connections = chain('Input', 'Neo', 'OK');
	if (onError === 'continueErrorOutput') {
		nodes.push(collectorNode('Errors'));
		connections = mergeConnections(connections, errorOutput('Neo', 'Errors'));
	}
	const result = await runWorkflow({
		nodes,
		connections,
		credentials: {
			neoApi: {
				apiKey: options.apiKey ?? sandbox.keys.tenant,
				baseUrl: options.baseUrl ?? sandbox.url,
			},
		},
	});
	return {
		result,
		ok: result.output('Neo', 0),
		errors: onError === 'continueErrorOutput' ? result.output('Neo', 1) : [],
	};
}

export const channelCreate = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'channel',
	operation: 'create',
	audience: 'END_USER',
	internalName: '={{ $json.name }}',
	channelType: 'TEAMS',
	...extra,
});

export const chatSessionCreate = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'chatSession',
	operation: 'create',
	agentSource: 'agentId',
	agentId: 101,
	...extra,
});

export const tokenMint = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'sessionToken',
	operation: 'mint',
	sessionId: '={{ $json.sessionId }}',
	...extra,
});

/** Request bodies the sandbox received on a path, in arrival order. */
export function bodiesSent(sandbox: NeoSandbox, path: string): IDataObject[] {
	return sandbox.requests.filter((r) => r.path === path).map((r) => r.body as IDataObject);
}
