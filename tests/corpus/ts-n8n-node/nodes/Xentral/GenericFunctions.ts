import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { DocumentAction, DocumentKind, XentralListResponse } from './types';

type Context = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions;

/**
 * One request to the Xentral API. `endpoint` is relative to the API root, e.g. `/v1/products`.
 */
export async function xentralApiRequest(
	this: Context,
	method: IHttpRequestMethods,
	endpoint: string,
	body: IDataObject = {},
	qs: IDataObject = {},
): Promise<any> {
	const credentials = await this.getCredentials('xentralApi');
	const instance = (credentials.instanceUrl as string).replace(/\/+$/, '');

	const options: IHttpRequestOptions = {
		method,
		url: `${instance}/api${endpoint}`,
		qs,
		body,
		json: true,
		headers: { Accept: 'application/json' },
	};
	if (Object.keys(body).length === 0) {
		delete options.body;
	}

	try {
		return await this.helpers.httpRequestWithAuthentication.call(this, 'xentralApi', options);
	} catch (error) {
		throw new NodeApiError(this.getNode(), error as JsonObject, {
			message: `Xentral answered an error for ${method} ${endpoint}`,
		});
	}
}

/**
 * Follows page[number] until a page comes back short.
 */
export async function xentralApiRequestAllItems(
	this: Context,
	method: IHttpRequestMethods,
	endpoint: string,
	body: IDataObject = {},
	qs: IDataObject = {},
): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	const size = 100;
	let page = 1;
	let response: XentralListResponse;
	do {
		response = await xentralApiRequest.call(this, method, endpoint, body, {
			...qs,
			'page[number]': page,
			'page[size]': size,
		});
		items.push(...response.data);
		page++;
	} while (response.data.length === size);
	return items;
}

/**
 * Status changes of business documents (API v3); the kind and action come from the node's options.
 */
export async function documentAction(
	this: IExecuteFunctions,
	kind: DocumentKind,
	id: string,
	action: DocumentAction,
): Promise<IDataObject> {
	return xentralApiRequest.call(this, 'PATCH', `/v3/${kind}/${id}/actions/${action}`);
}

export function simplify(item: IDataObject): IDataObject {
	const { id, documentNumber, status, ...rest } = item;
	return { id, documentNumber, status, ...(rest.customer ? { customer: rest.customer } : {}) };
}
