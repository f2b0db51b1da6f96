import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/**
 * Whether the node runs as an AI Agent's tool. n8n registers a `usableAsTool` node a second time
 * as `<type>Tool` (n8n-nodes-neo.neoTool) and runs that type for the agent; n8n 2.x also marks the
 * node it runs for an agent with `rewireOutputLogTo: ai_tool`, and a sub-node context answers
 * `isToolExecution()`. Any one of them is enough.
 */
export function runsAsAiTool(ctx: IExecuteFunctions): boolean {
	const node = ctx.getNode() as ReturnType<IExecuteFunctions['getNode']> & {
		rewireOutputLogTo?: string;
	};
	if (node.type.endsWith('Tool')) return true;
	if (node.rewireOutputLogTo === NodeConnectionTypes.AiTool) return true;
	try {
		return ctx.isToolExecution?.() === true;
	} catch {
		return false;
	}
}
