import type { IExecuteFunctions } from 'n8n-workflow';

type ItemMessage = { itemIndex: number; warning: string };

/** Shows Neo's non-fatal `meta.warnings` as warning hints, one per distinct warning with its items. */
export function addWarningHints(ctx: IExecuteFunctions, warnings: ItemMessage[]): void {
	addHints(ctx, warnings, 'warning', 'Neo: ');
}

/** Shows the node's own advice (for example "re-publish in Neo's dashboard") as info hints. */
export function addNoticeHints(ctx: IExecuteFunctions, notices: ItemMessage[]): void {
	addHints(ctx, notices, 'info', '');
}

/** Shows the node's own warnings (for example "returned unchanged, these fields differ") as warning hints. */
export function addCautionHints(ctx: IExecuteFunctions, cautions: ItemMessage[]): void {
	addHints(ctx, cautions, 'warning', '');
}

/** addExecutionHints is missing from older n8n versions in our peer range. */
function addHints(
	ctx: IExecuteFunctions,
	messages: ItemMessage[],
	type: 'warning' | 'info',
	prefix: string,
): void {
	if (messages.length === 0 || typeof ctx.addExecutionHints !== 'function') return;
	const itemsByMessage = new Map<string, number[]>();
	for (const { itemIndex, warning } of messages) {
		itemsByMessage.set(warning, [...(itemsByMessage.get(warning) ?? []), itemIndex]);
	}
	ctx.addExecutionHints(
		...[...itemsByMessage].map(([message, itemIndices]) => ({
			message: `${prefix}${message} (${itemIndices.length === 1 ? 'item' : 'items'} ${formatIndices(itemIndices)})`,
			type,
			location: 'outputPane' as const,
		})),
	);
}

function formatIndices(indices: number[]): string {
	const shown = indices.slice(0, 10).join(', ');
	return indices.length > 10 ? `${shown} and ${indices.length - 10} more` : shown;
}
