import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionType, NodeOperationError } from 'n8n-workflow';

import { salesOrderFields, salesOrderOperations } from './descriptions/SalesOrderDescription';
import { documentAction, simplify, xentralApiRequest, xentralApiRequestAllItems } from './GenericFunctions';
import type { DocumentAction, DocumentKind } from './types';

export class Xentral implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Xentral',
		name: 'xentral',
		icon: 'file:xentral.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Consume the Xentral ERP API',
		defaults: { name: 'Xentral' },
		inputs: [NodeConnectionType.Main],
		outputs: [NodeConnectionType.Main],
		credentials: [{ name: 'xentralApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Customer', value: 'customer' },
					{ name: 'Document', value: 'document' },
					{ name: 'Product', value: 'product' },
					{ name: 'Sales Order', value: 'salesOrder' },
				],
				default: 'salesOrder',
			},
			...salesOrderOperations,
			...salesOrderFields,
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['product'] } },
				options: [
					{ name: 'Get', value: 'get', action: 'Get a product' },
					{ name: 'Get Many', value: 'getAll', action: 'Get many products' },
					{ name: 'Update', value: 'update', action: 'Update a product' },
				],
				default: 'get',
			},
			{
				displayName: 'Product ID',
				name: 'productId',
				type: 'string',
				default: '',
				displayOptions: { show: { resource: ['product'], operation: ['get', 'update'] } },
			},
			{
				displayName: 'Warehouse',
				name: 'warehouseId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getWarehouses' },
				default: '',
				displayOptions: { show: { resource: ['product'], operation: ['getAll'] } },
			},
			{
				displayName: 'Document Kind',
				name: 'documentKind',
				type: 'options',
				options: [
					{ name: 'Invoice', value: 'invoices' },
					{ name: 'Credit Note', value: 'creditNotes' },
				],
				default: 'invoices',
				displayOptions: { show: { resource: ['document'] } },
			},
			{
				displayName: 'Action',
				name: 'documentAction',
				type: 'options',
				options: [
					{ name: 'Release', value: 'release' },
					{ name: 'Send', value: 'send' },
				],
				default: 'release',
				displayOptions: { show: { resource: ['document'] } },
			},
		],
	};

	methods = {
		loadOptions: {
			async getWarehouses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const response = await xentralApiRequest.call(this, 'GET', '/v1/warehouses');
				return (response.data as IDataObject[]).map((w) => ({ name: w.name as string, value: w.id as string }));
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const returnData: INodeExecutionData[] = [];
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;

		for (let i = 0; i < items.length; i++) {
			try {
				let responseData: IDataObject | IDataObject[] = {};
				if (resource === 'salesOrder') {
					if (operation === 'get') {
						const id = this.getNodeParameter('salesOrderId', i) as string;
						responseData = await xentralApiRequest.call(this, 'GET', `/v1/salesOrders/${id}`);
					} else if (operation === 'getAll') {
						const returnAll = this.getNodeParameter('returnAll', i) as boolean;
						responseData = returnAll
							? await xentralApiRequestAllItems.call(this, 'GET', '/v1/salesOrders')
							: (await xentralApiRequest.call(this, 'GET', '/v1/salesOrders')).data;
					} else if (operation === 'import') {
						const body = JSON.parse(this.getNodeParameter('orderJson', i) as string);
						responseData = await xentralApiRequest.call(this, 'POST', '/v1/salesOrders/actions/import', body);
					} else if (operation === 'dispatch') {
						const id = this.getNodeParameter('salesOrderId', i) as string;
						responseData = await xentralApiRequest.call(this, 'POST', `/v1/salesOrders/${id}/actions/dispatch`);
					} else if (operation === 'cancel') {
						const id = this.getNodeParameter('salesOrderId', i) as string;
						responseData = await xentralApiRequest.call(
							this,
							'POST',
							`/v1/salesOrders/${encodeURIComponent(id)}/actions/cancel`,
						);
					}
				} else if (resource === 'product') {
					if (operation === 'get') {
						const id = this.getNodeParameter('productId', i) as string;
						responseData = simplify((await xentralApiRequest.call(this, 'GET', `/v1/products/${id}`)).data);
					} else if (operation === 'getAll') {
						const warehouse = this.getNodeParameter('warehouseId', i) as string;
						responseData = await xentralApiRequestAllItems.call(this, 'GET', '/v1/products', {}, {
							'filter[0][key]': 'warehouse',
							'filter[0][op]': 'equals',
							'filter[0][value]': warehouse,
						});
					} else if (operation === 'update') {
						const id = this.getNodeParameter('productId', i) as string;
						const fields = items[i].json;
						responseData = await xentralApiRequest.call(this, 'PATCH', '/v1/products/' + id, fields);
					}
				} else if (resource === 'customer') {
					responseData = await xentralApiRequestAllItems.call(this, 'GET', '/v1/customers');
				} else if (resource === 'document') {
					const kind = this.getNodeParameter('documentKind', i) as DocumentKind;
					const action = this.getNodeParameter('documentAction', i) as DocumentAction;
					const id = items[i].json.id as string;
					responseData = await documentAction.call(this, kind, id, action);
				} else {
					throw new NodeOperationError(this.getNode(), `Unknown resource "${resource}"`, { itemIndex: i });
				}

				const executionData = this.helpers.constructExecutionMetaData(
					this.helpers.returnJsonArray(responseData as IDataObject[]),
					{ itemData: { item: i } },
				);
				returnData.push(...executionData);
			} catch (error) {
				if (this.continueOnFail()) {
					returnData.push({ json: { error: (error as Error).message }, pairedItem: i });
					continue;
				}
				throw error;
			}
		}

		return [returnData];
	}
}
