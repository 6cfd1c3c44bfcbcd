import axios from 'axios';

import { PRODUCTS_ENDPOINT, XENTRAL_API } from './config.js';
import { authHeaders, xentral } from './xentral.js';

export async function* allProducts(pageSize = 100) {
  for (let page = 1; ; page++) {
    const { data } = await xentral.get('/products', { params: { 'page[number]': page, 'page[size]': pageSize } });
    yield* data.data;
    if (data.data.length < pageSize) return;
  }
}

export async function setShopPrice(productId, amount) {
  await xentral.patch(`/products/${productId}`, { salesPrice: { amount, currency: 'EUR' } });
}

export async function salesPrices(productId) {
  const { data } = await xentral.get(`/products/${productId}/salesPrices`);
  return data.data;
}

export async function media(productId) {
  const res = await axios.get(`${XENTRAL_API}${PRODUCTS_ENDPOINT}/${productId}/media`, { headers: authHeaders() });
  return res.data.data;
}

export async function purchasePrices(productId) {
  let url = XENTRAL_API;
  url += PRODUCTS_ENDPOINT;
  url += `/${productId}/purchasePrices`;
  const res = await fetch(url, { headers: authHeaders() });
  if (!res.ok) {
    throw new Error(`Xentral GET /api/v1/products/${productId}/purchasePrices failed: ${res.status}`);
  }
  return (await res.json()).data;
}

export async function stock(productId) {
  const res = await fetch(`${XENTRAL_API}/v1/products/${productId}/storageLocations`, {
    method: 'GET',
    headers: authHeaders(),
  });
  return (await res.json()).data;
}
