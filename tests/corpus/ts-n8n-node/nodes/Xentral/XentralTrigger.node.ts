import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionType } from 'n8n-workflow';

import { xentralApiRequest } from './GenericFunctions';
import type { WebhookRegistration } from './types';

export class XentralTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Xentral Trigger',
		name: 'xentralTrigger',
		icon: 'file:xentral.svg',
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow when Xentral sends a webhook (registered under /api/v1/webhooks)',
		defaults: { name: 'Xentral Trigger' },
		inputs: [],
		outputs: [NodeConnectionType.Main],
		credentials: [{ name: 'xentralApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{ name: 'Sales Order Created', value: 'salesOrder.created' },
					{ name: 'Sales Order Updated', value: 'salesOrder.updated' },
					{ name: 'Product Updated', value: 'product.updated' },
				],
				default: ['salesOrder.created'],
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const webhookUrl = this.getNodeWebhookUrl('default');
				const { data } = await xentralApiRequest.call(this, 'GET', '/v1/webhooks');
				const existing = (data as WebhookRegistration[]).find((w) => w.url === webhookUrl);
				if (existing) {
					this.getWorkflowStaticData('node').webhookId = existing.id;
					return true;
				}
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const body: IDataObject = {
					url: this.getNodeWebhookUrl('default'),
					events: this.getNodeParameter('events') as string[],
				};
				const { data } = await xentralApiRequest.call(this, 'POST', '/v1/webhooks', body);
				this.getWorkflowStaticData('node').webhookId = data.id;
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node');
				if (staticData.webhookId === undefined) {
					return true;
				}
				await xentralApiRequest.call(this, 'DELETE', `/v1/webhooks/${staticData.webhookId}`);
				delete staticData.webhookId;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const body = this.getBodyData();
		return { workflowData: [this.helpers.returnJsonArray(body)] };
	}
}
