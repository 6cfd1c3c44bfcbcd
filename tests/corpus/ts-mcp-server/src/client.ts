import { API_V1, API_V3, DEFAULT_PAGE_SIZE, SALES_ORDERS } from './config.js';
import type { DocumentType, HttpMethod, Page, Product, SalesOrder } from './types.js';

export class XentralError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`Xentral answered ${status}`);
  }
}

/**
 * Thin client for the Xentral API with a personal access token.
 */
export class XentralClient {
  private readonly baseUrl: string;
  private readonly token: string;

  constructor(options: { instanceUrl: string; token: string }) {
    this.baseUrl = options.instanceUrl.replace(/\/+$/, '');
    this.token = options.token;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      Authorization: `Bearer ${this.token}`,
      Accept: 'application/json',
      ...extra,
    };
  }

  /** Sends one request; `path` starts with the API mount, e.g. `${API_V1}/products`. */
  async request<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: this.headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) {
      throw new XentralError(res.status, await res.text());
    }
    return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
  }

  async listProducts(search?: string, page = 1): Promise<Page<Product>> {
    const params = new URLSearchParams({ 'page[number]': String(page), 'page[size]': String(DEFAULT_PAGE_SIZE) });
    if (search) {
      params.set('filter[0][key]', 'search');
      params.set('filter[0][op]', 'contains');
      params.set('filter[0][value]', search);
    }
    const qs = `?${params}`;
    return this.request('GET', `${API_V1}/products${qs}`);
  }

  async getProduct(id: string): Promise<{ data: Product }> {
    return this.request('GET', `${API_V1}/products/${encodeURIComponent(id)}`);
  }

  async productStock(id: string): Promise<unknown> {
    return this.request('GET', API_V1 + '/products/' + id + '/storageLocations');
  }

  async listSalesOrders(status?: string): Promise<Page<SalesOrder>> {
    const filter = status ? { 'filter[0][key]': 'status', 'filter[0][op]': 'equals', 'filter[0][value]': status } : {};
    const qs = status ? `?${new URLSearchParams(filter)}` : '';
    return this.request('GET', `${SALES_ORDERS}${qs}`);
  }

  async getSalesOrder(id: string): Promise<{ data: SalesOrder }> {
    return this.request('GET', `${SALES_ORDERS}/${id}`);
  }

  async importSalesOrder(order: unknown): Promise<{ id: string }> {
    return this.request('POST', `${SALES_ORDERS}/actions/import`, order);
  }

  async dispatchSalesOrder(id: string): Promise<void> {
    await this.request('POST', `${SALES_ORDERS}/${id}/actions/dispatch`);
  }

  /**
   * Documents of one order. The caller decides the method and body (list, attach, remove), so
   * the tool can pass through what the assistant asked for.
   */
  async orderDocuments(orderId: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.baseUrl}${SALES_ORDERS}/${orderId}/documents`, {
      ...init,
      headers: this.headers(),
    });
  }

  async document(type: DocumentType, id: string): Promise<unknown> {
    return this.request('GET', `${API_V3}/${type}/${id}`);
  }

  async customers(): Promise<Page<{ id: string; name: string }>> {
    return this.request('GET', API_V3 + '/customers');
  }

  async createInvoiceFromOrder(salesOrderId: string): Promise<{ id: string }> {
    return this.request('POST', `${API_V3}/invoices/actions/createFromSalesOrder`, { salesOrderId });
  }
}
