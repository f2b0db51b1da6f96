/**
 * What n8n's node panel shows for "Neo" (issue 19, item 7). The editor merges a trigger into the
 * node of the same name without "Trigger" (n8n-nodes-neo.neoTrigger → n8n-nodes-neo.neo) and
 * shows that one entry with the trigger's description (editor-ui: useActionsGenerator,
 * generateMergedNodesAndActions: `app.description = trigger.description`). So the trigger's
 * description must be true of the node's actions as well.
 */
import { Neo } from '../../nodes/Neo/Neo.node';
import { NeoTrigger } from '../../nodes/NeoTrigger/NeoTrigger.node';

const trigger = new NeoTrigger().description;
const node = new Neo().description;

it('the trigger merges into the Neo entry of the node panel', () => {
	expect(trigger.name.replace('Trigger', '')).toBe(node.name);
	expect(trigger.group).toContain('trigger');
});

it('the merged entry describes the actions and the trigger, not the trigger alone', () => {
	const merged = trigger.description;
	expect(merged).toMatch(/^Work with Neo's AI agents/);
	expect(merged).toMatch(/start a workflow when an agent asks for approval/);
	expect(merged).not.toMatch(/^Starts the workflow/);
});
