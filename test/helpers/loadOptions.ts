/**
 * The editor's list searches and option loads, run the way n8n's server runs them: the node's
 * method is called with n8n-core's real LoadOptionsContext over a one-node workflow, so its
 * credentials and HTTP helper are n8n's own.
 */
import { ExecutionLifecycleHooks, LoadOptionsContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ILoadOptionsFunctions,
	INode,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentialsHelper';
import { setUpEngine } from './engineSetup';
import { defaultCredentialTypes, HarnessNodeTypes } from './harnessNodeTypes';
import { createAdditionalData } from './n8nEngine';

interface LoadOptionsRun {
	node: INode;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** The parameter the editor asks for, e.g. 'parameters.agent'. */
	path?: string;
}

function context({ node, credentials, path = 'parameters' }: LoadOptionsRun) {
	setUpEngine();
	const nodeTypes = new HarnessNodeTypes({});
	const workflow = new Workflow({
		id: 'harness-load-options',
		nodes: [node],
		connections: {},
		nodeTypes,
		active: false,
	});
	const credentialsHelper = new HarnessCredentialsHelper(defaultCredentialTypes(), credentials);
	const hooks = new ExecutionLifecycleHooks('manual', 'load-options', {
		id: 'harness-load-options',
		name: 'load options',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [node],
		connections: {},
	});
	const additionalData = createAdditionalData({ credentialsHelper, hooks, executionId: 'load-options' });
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const ctx = new LoadOptionsContext(workflow, node, additionalData, path) as ILoadOptionsFunctions;
	return { nodeType, ctx };
}

/** What the editor's resource locator shows for `filter` (and the next page's token). */
export async function searchList(
	run: LoadOptionsRun & { method: string; filter?: string; paginationToken?: string },
): Promise<INodeListSearchResult> {
	const { nodeType, ctx } = context(run);
	const method = nodeType.methods?.listSearch?.[run.method];
	if (!method) throw new Error(`The node has no listSearch method "${run.method}"`);
	return await method.call(ctx, run.filter, run.paginationToken);
}

/** What the editor's dynamic options field shows. */
export async function loadOptions(run: LoadOptionsRun & { method: string }): Promise<INodePropertyOptions[]> {
	const { nodeType, ctx } = context(run);
	const method = nodeType.methods?.loadOptions?.[run.method];
	if (!method) throw new Error(`The node has no loadOptions method "${run.method}"`);
	return await method.call(ctx);
}
