/** Everything goes through the reverse proxy under this prefix. */
export const API_BASE = '/api';

/** Pages of the dashboard and the list endpoint behind each (documentation for the team). */
export type DashboardRoute =
  | '/api/v1/products'
  | '/api/v1/salesOrders'
  | '/api/v1/warehouses';

export type DocumentTab = 'invoices' | 'credit' | 'delivery';

export interface Warehouse {
  id: string;
  name: string;
}

export interface StorageLocation {
  id: string;
  name: string;
  warehouse: { id: string };
}
