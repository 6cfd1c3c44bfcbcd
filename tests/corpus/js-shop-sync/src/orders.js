import axios from 'axios';
import got from 'got';

import { IMPORT_ENDPOINT, XENTRAL_API } from './config.js';
import { authHeaders, xentral } from './xentral.js';

export async function importOrder(shopOrder) {
  const payload = {
    customer: { id: shopOrder.xentralCustomerId },
    externalOrderNumber: shopOrder.number,
    positions: shopOrder.lines.map((l) => ({ product: { id: l.productId }, quantity: l.qty, price: l.price })),
  };
  const res = await axios({
    method: 'post',
    url: XENTRAL_API + IMPORT_ENDPOINT,
    data: payload,
    headers: authHeaders({ 'Content-Type': 'application/json' }),
  });
  console.log(`order ${shopOrder.number} imported via /api/v1/salesOrders/actions/import`);
  return res.data.id;
}

export async function createOrderV3(order) {
  return got.post(`${XENTRAL_API}/v3/salesOrders`, { json: order, headers: authHeaders() }).json();
}

export async function setDeliveryDate(orderId, date) {
  await got(`${XENTRAL_API}/v3/salesOrders/${orderId}`, {
    method: 'PATCH',
    json: { deliveryDate: date },
    headers: authHeaders(),
  });
}

export async function lineItem(orderId, lineItemId) {
  return got(`${XENTRAL_API}/v3/salesOrders/${orderId}/lineItems/${lineItemId}`, { headers: authHeaders() }).json();
}

export async function documentPdf(kind, id) {
  let resource;
  switch (kind) {
    case 'invoice':
      resource = 'invoices';
      break;
    case 'credit':
      resource = 'creditNotes';
      break;
    default:
      throw new Error(`unknown document kind ${kind}`);
  }
  const { data } = await xentral.get(`/${resource}/${id}/documents`, { responseType: 'arraybuffer' });
  return Buffer.from(data);
}

export async function addContact(customerId, contact) {
  await axios.post(`${XENTRAL_API}/v1/customers/${customerId}/contactPerson`, contact, { headers: authHeaders() });
}
