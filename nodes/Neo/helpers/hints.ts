import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * Shows Neo's non-fatal `meta.warnings` as execution hints, one hint per distinct warning with the
 * items it concerns. addExecutionHints is missing from older n8n versions in our peer range.
 */
export function addWarningHints(
	ctx: IExecuteFunctions,
	warnings: Array<{ itemIndex: number; warning: string }>,
): void {
	if (warnings.length === 0 || typeof ctx.addExecutionHints !== 'function') return;
	const itemsByWarning = new Map<string, number[]>();
	for (const { itemIndex, warning } of warnings) {
		itemsByWarning.set(warning, [...(itemsByWarning.get(warning) ?? []), itemIndex]);
	}
	ctx.addExecutionHints(
		...[...itemsByWarning].map(([warning, itemIndices]) => ({
			message: `Neo: ${warning} (${itemIndices.length === 1 ? 'item' : 'items'} ${formatIndices(itemIndices)})`,
			type: 'warning' as const,
			location: 'outputPane' as const,
		})),
	);
}

function formatIndices(indices: number[]): string {
	const shown = indices.slice(0, 10).join(', ');
	return indices.length > 10 ? `${shown} and ${indices.length - 10} more` : shown;
}
