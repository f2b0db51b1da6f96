import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { neoPath } from '../../transport';
import { type NeoOperation, sendOne } from '../operation';

export const psaCompanyIdField: INodeProperties = {
	displayName: 'PSA Company ID',
	name: 'psaCompanyId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 19544',
	description:
		"The client company's ID in your PSA (ConnectWise, Autotask, HaloPSA, …): Neo's key for it",
};

export const description = updateDisplayOptions(
	{ show: { resource: ['endCompany'], operation: ['get'] } },
	[psaCompanyIdField],
);

export function endCompanyPath(psaCompanyId: string): string {
	return neoPath('/public-api/end-companies/{psa_company_id}', { psa_company_id: psaCompanyId });
}

export const get: NeoOperation = {
	description,
	prepare: (read) => sendOne({ method: 'GET', path: endCompanyPath(read.pathId('psaCompanyId')) }),
};
