/** Settings read from the environment at start. */
export const INSTANCE_URL = (process.env.XENTRAL_INSTANCE_URL ?? '').replace(/\/+$/, '');
export const TOKEN = process.env.XENTRAL_TOKEN ?? '';

/** Version roots of the Xentral API. */
export const API_V1 = '/api/v1';
export const API_V3 = '/api/v3';

export const SALES_ORDERS = `${API_V1}/salesOrders`;
export const DEFAULT_PAGE_SIZE = 25;

if (!INSTANCE_URL || !TOKEN) {
  console.error('Set XENTRAL_INSTANCE_URL (e.g. https://acme.xentral.biz) and XENTRAL_TOKEN; see /api/v1 docs for scopes.');
}
