import type { NeoOperation } from '../operation';
import { decisionDescription, prepareDecision } from './decision';

export const description = decisionDescription('approve');

export const approve: NeoOperation = {
	description,
	prepare: (read) => prepareDecision('approve', read),
};
