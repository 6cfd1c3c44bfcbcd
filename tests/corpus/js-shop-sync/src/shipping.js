import superagent from 'superagent';

import { TOKEN, XENTRAL_API } from './config.js';
import { authHeaders } from './xentral.js';

export async function openDeliveryNotes(query) {
  const res = await superagent
    .get(`${XENTRAL_API}/v1/deliveryNotes`)
    .set('Authorization', `Bearer ${TOKEN}`)
    .query(query);
  return res.body.data;
}

export async function shipments(deliveryNoteId) {
  const res = await fetch(new URL(`v1/deliveryNotes/${deliveryNoteId}/shipments`, `${XENTRAL_API}/`), {
    headers: authHeaders(),
  });
  return (await res.json()).data;
}

export async function shippingMethods() {
  const res = await fetch(new URL('v1/shippingMethods', XENTRAL_API + '/'), { headers: authHeaders() });
  return (await res.json()).data;
}

export async function bookGoodsReceipt(purchaseOrderId, positions) {
  await superagent
    .post(XENTRAL_API + '/v1/purchaseOrders/' + purchaseOrderId + '/goodsReceipts')
    .set('Authorization', 'Bearer ' + TOKEN)
    .send({ positions });
}
