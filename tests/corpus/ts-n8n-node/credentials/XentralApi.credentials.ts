import type { IAuthenticateGeneric, ICredentialType, INodeProperties } from 'n8n-workflow';

export class XentralApi implements ICredentialType {
	name = 'xentralApi';

	displayName = 'Xentral API';

	documentationUrl = 'https://developer.xentral.com/reference/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'Instance URL',
			name: 'instanceUrl',
			type: 'string',
			default: '',
			placeholder: 'https://acme.xentral.biz',
			description: 'Address of your Xentral instance, without /api',
		},
		{
			displayName: 'Personal Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};
}
