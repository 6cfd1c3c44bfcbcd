// Runtime settings; XENTRAL_URL is the instance address, e.g. https://acme.xentral.biz
export const XENTRAL_API = `${process.env.XENTRAL_URL}/api`;
export const TOKEN = process.env.XENTRAL_TOKEN;

export const PRODUCTS_ENDPOINT = '/v1/products';
export const IMPORT_ENDPOINT = '/v1/salesOrders/actions/import';

export const SHOP_URL = process.env.SHOP_URL ?? 'http://localhost:8080';
export const BATCH_SIZE = Number(process.env.BATCH_SIZE ?? 50);
