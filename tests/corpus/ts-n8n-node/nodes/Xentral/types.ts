import type { IDataObject } from 'n8n-workflow';

/** Endpoints this node knows; used to type the request helper's callers in tests. */
export type XentralEndpoint =
	| '/v1/products'
	| '/v1/salesOrders'
	| '/v1/customers'
	| '/v3/invoices';

export type DocumentKind = 'invoices' | 'creditNotes';

export type DocumentAction = 'release' | 'send';

export interface XentralListResponse {
	data: IDataObject[];
	meta?: { totalCount?: number; page?: number; pageSize?: number };
	links?: { next?: string | null };
}

export interface WebhookRegistration {
	id: string;
	url: string;
	/** e.g. "salesOrder.created"; registered with POST /api/v1/webhooks */
	events: string[];
}
