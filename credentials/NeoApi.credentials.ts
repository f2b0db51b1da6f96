import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	IAuthenticateRuleResponseSuccessBody,
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
			// n8n reports a credential test that reaches nothing with the bare network code, and a
			// declarative test cannot change that (a test function would need the deprecated
			// helpers.request, which n8n's verification scan rejects): so the form explains it.
			displayName:
				'Create the key in the Neo dashboard: Roles & Access → API Keys. If the test answers ECONNREFUSED, ENOTFOUND or a timeout, Neo did not answer at the Base URL: check the URL (host, port, https://) and that n8n may reach it (DNS, proxy, firewall).',
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
	// so it is where a request to a plain-http, non-loopback host is refused (credential test included).
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

	// The read-only request Neo's authentication guide starts with: it changes nothing. Neo's error
	// codes appear in both cases in its docs, so each rule is given for both. The rules run top to
	// bottom; the first that matches the answer's body fails the test.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/public-api/agents',
			method: 'GET',
			qs: { page_size: 1 },
			json: true,
			ignoreHttpStatusErrors: true,
		},
		rules: [
			...failWhenCode(
				'unauthenticated',
				'Neo rejected the API key (401). Check that it is complete and not revoked.',
			),
			...failWhenCode('forbidden', 'Neo accepted the key but it may not read agents (403).'),
			...failWhenCode(
				'rate_limited',
				'Neo is rate limiting this tenant (429). Try the test again in a minute.',
			),
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'data',
					value: undefined,
					message:
						'The Base URL did not answer like the Neo API (expected a list of agents). Check the Base URL.',
				},
			},
		],
	};
}

function failWhenCode(code: string, message: string): IAuthenticateRuleResponseSuccessBody[] {
	return [code, code.toUpperCase()].map((value) => ({
		type: 'responseSuccessBody',
		properties: { key: 'error.code', value, message },
	}));
}
