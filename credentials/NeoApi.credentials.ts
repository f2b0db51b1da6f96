import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { checkNeoBaseUrl } from '../nodes/Neo/transport/baseUrl';

export class NeoApi implements ICredentialType {
	name = 'neoApi';

	displayName = 'Neo API';

	icon: Icon = { light: 'file:../icons/neo.svg', dark: 'file:../icons/neo.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-neo/n8n-nodes-neo#credential';

	properties: INodeProperties[] = [
		{
			displayName:
				'Create the key in the Neo dashboard: Roles & Access → API Keys. A service-account key starts with neo_sk_.',
			name: 'keyNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'neo_sk_prod_…',
			description:
				'A Neo service-account key (neo_sk_&lt;env&gt;_&lt;secret&gt;, created under Roles & Access → API Keys) or a Microsoft Entra ID access token',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.neoagent.io',
			required: true,
			description:
				'Neo API host. Must be HTTPS; plain http:// is accepted only for localhost (for example the Neo sandbox), so the key is never sent in clear text.',
		},
	];

	// A function rather than a generic header: it is the one place the key is attached to a request,
	// so it is where a request to a plain-http, non-loopback host is refused.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const checked = checkNeoBaseUrl(new URL(requestOptions.url, requestOptions.baseURL).origin);
		if ('problem' in checked) throw new Error(checked.problem);
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiKey)}` },
		};
	}

	// The credential test is a function on the Neo nodes (testedBy: 'neoApiTest', in
	// nodes/Neo/methods/credentialTest.ts), so that an unreachable host is reported with what to check.
}
