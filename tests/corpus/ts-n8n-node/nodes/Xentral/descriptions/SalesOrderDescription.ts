import type { INodeProperties } from 'n8n-workflow';

export const salesOrderOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['salesOrder'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Retrieve one sales order (GET /api/v1/salesOrders/{id})',
				action: 'Get a sales order',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List sales orders, page by page',
				action: 'Get many sales orders',
			},
			{
				name: 'Import',
				value: 'import',
				description: 'Create a sales order via POST /api/v1/salesOrders/actions/import.',
				action: 'Import a sales order',
			},
			{
				name: 'Dispatch',
				value: 'dispatch',
				description: 'Mark the order as dispatched',
				action: 'Dispatch a sales order',
			},
			{
				name: 'Cancel',
				value: 'cancel',
				action: 'Cancel a sales order',
			},
		],
		default: 'get',
	},
];

export const salesOrderFields: INodeProperties[] = [
	{
		displayName: 'Sales Order ID',
		name: 'salesOrderId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['salesOrder'], operation: ['get', 'dispatch', 'cancel'] } },
	},
	{
		displayName: 'Order JSON',
		name: 'orderJson',
		type: 'json',
		default: '{}',
		displayOptions: { show: { resource: ['salesOrder'], operation: ['import'] } },
		description: 'Body as documented for the import action',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		displayOptions: { show: { resource: ['salesOrder'], operation: ['getAll'] } },
	},
];
