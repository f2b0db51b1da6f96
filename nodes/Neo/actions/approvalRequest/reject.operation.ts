import type { NeoOperation } from '../operation';
import { decisionDescription, prepareDecision } from './decision';

export const description = decisionDescription('reject');

export const reject: NeoOperation = {
	description,
	prepare: (read) => prepareDecision('reject', read),
};
