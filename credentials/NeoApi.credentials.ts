import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { checkNeoBaseUrl } from '../nodes/Neo/transport/baseUrl';

export class NeoApi implements ICredentialType {
	name = 'neoApi';

	displayName = 'Neo API';

	icon: Icon = { light: 'file:../icons/neo.svg', dark: 'file:../icons/neo.dark.svg' };

	documentationUrl = 'https://docs.neoagent.io/authentication';

	properties: INodeProperties[] = [
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

	// Neo documents no read-only endpoint, so the test asks to mint a token for `session_id: null`,
	// a body that can only fail validation: Neo checks the key before the body, so a rejected key
	// answers 401 and an accepted one 422 (with details). Nothing can be created by this request.
	// The rules run top to bottom; the first that matches the answer's body fails the test.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/public-api/sessions',
			method: 'POST',
			body: { session_id: null },
			json: true,
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 'unauthenticated',
					message: 'Neo rejected the API key (401). Check that it is complete and not revoked.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 'forbidden',
					message: 'Neo accepted the key but it may not mint session tokens (403).',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 'rate_limited',
					message: 'Neo is rate limiting this tenant (429). Try the test again in a minute.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.details',
					value: undefined,
					message:
						'The Base URL did not answer like the Neo API (expected a validation error for the empty test request). Check the Base URL.',
				},
			},
		],
	};
}
