/**
 * Polls the Neo Trigger the way n8n does: n8n-core's real PollContext (parameters with defaults,
 * credentials through the credentials helper, the node's static data from the Workflow) and real
 * TriggersAndPollers.runPollFunction. What n8n adds around it in `n8n start` (the cron, saving
 * static data to the database, starting an execution per emit) is the e2e suite's part.
 *
 *   const trigger = new PollHarness({ parameters: { event: 'newApprovalRequest' }, credentials });
 *   await trigger.poll();            // 'trigger' mode: an active workflow's poll
 *   await trigger.poll('manual');    // a test run in the editor
 *   const later = trigger.restart(); // static data through JSON, as the database carries it
 */
import { ExecutionLifecycleHooks, PollContext, TriggersAndPollers } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { NeoTrigger } from '../../nodes/NeoTrigger/NeoTrigger.node';
import { HarnessCredentialsHelper } from './credentialsHelper';
import { setUpEngine } from './engineSetup';
import { HarnessNodeTypes, defaultCredentialTypes } from './harnessNodeTypes';
import { createAdditionalData } from './n8nEngine';
import { NEO_CREDENTIALS_REF } from './workflowBuilders';

export const NEO_TRIGGER_NODE_TYPE = 'n8n-nodes-neo.neoTrigger';

export interface PollHarnessOptions {
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** The workflow's static data (what n8n stores with the workflow). */
	staticData?: IDataObject;
}

export class PollHarness {
	readonly staticData: IDataObject;

	private readonly nodeTypes = new HarnessNodeTypes({ [NEO_TRIGGER_NODE_TYPE]: new NeoTrigger() });

	private readonly node: INode;

	constructor(private readonly options: PollHarnessOptions) {
		setUpEngine();
		this.staticData = options.staticData ?? {};
		this.node = {
			id: '00000000-0000-4000-8000-00000000abcd',
			name: 'Neo Trigger',
			type: NEO_TRIGGER_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: options.parameters,
			credentials: NEO_CREDENTIALS_REF,
		};
	}

	/** The node's own static data (`getWorkflowStaticData('node')`). */
	get nodeState(): IDataObject | undefined {
		return this.staticData[`node:${this.node.name}`] as IDataObject | undefined;
	}

	async poll(mode: WorkflowExecuteMode = 'trigger'): Promise<INodeExecutionData[][] | null> {
		// A fresh Workflow per poll over the same static data object, as n8n rebuilds one per
		// activation: nothing else carries over.
		const workflow = new Workflow({
			id: 'poll-harness',
			name: 'Poll harness',
			nodes: [structuredClone(this.node)],
			connections: {},
			active: mode !== 'manual',
			nodeTypes: this.nodeTypes,
			staticData: this.staticData,
			settings: { executionOrder: 'v1' },
		});
		const node = workflow.getNode(this.node.name) as INode;
		const additionalData = createAdditionalData({
			credentialsHelper: new HarnessCredentialsHelper(
				defaultCredentialTypes(),
				this.options.credentials,
			),
			hooks: new ExecutionLifecycleHooks(mode, 'poll', {
				id: workflow.id,
				name: 'Poll harness',
				active: true,
				isArchived: false,
				activeVersionId: null,
				createdAt: new Date(),
				updatedAt: new Date(),
				nodes: [node],
				connections: {},
			}),
			executionId: 'poll',
		});
		const context = new PollContext(workflow, node, additionalData, mode, 'activate');
		return await new TriggersAndPollers().runPollFunction(workflow, node, context);
	}

	/** The same trigger after a restart of n8n: static data only, through JSON. */
	restart(parameters?: INodeParameters): PollHarness {
		return new PollHarness({
			...this.options,
			parameters: parameters ?? this.options.parameters,
			staticData: JSON.parse(JSON.stringify(this.staticData)) as IDataObject,
		});
	}
}

/** The json of each emitted item. */
export const emitted = (result: INodeExecutionData[][] | null): IDataObject[] =>
	result === null ? [] : result[0].map((item) => item.json);
