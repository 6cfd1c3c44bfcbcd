export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Routes the tools may hit; kept in one place so the README table stays honest. */
export type ToolRoute =
  | '/api/v1/products'
  | '/api/v1/salesOrders'
  | '/api/v1/salesOrders/{id}/actions/dispatch'
  | '/api/v3/invoices';

export interface Page<T> {
  data: T[];
  meta?: { totalCount?: number; page?: number; pageSize?: number };
}

export interface Product {
  id: string;
  number: string;
  name: string;
  stockCount?: number;
}

export interface SalesOrder {
  id: string;
  documentNumber: string;
  status: string;
  customer?: { id: string; name?: string };
}

export type DocumentType = 'invoices' | 'offers' | 'deliveryNotes';
