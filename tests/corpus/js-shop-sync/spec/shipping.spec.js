import assert from 'node:assert/strict';

import nock from 'nock';

process.env.XENTRAL_URL = 'https://spec.xentral.biz';
const { shippingMethods } = await import('../src/shipping.js');

describe('shipping', () => {
  it('reads the shipping methods', async () => {
    nock('https://spec.xentral.biz').get('/api/v1/shippingMethods').reply(200, { data: [{ id: '1' }] });

    assert.deepEqual(await shippingMethods(), [{ id: '1' }]);
  });

  it('books a goods receipt', async () => {
    const scope = nock('https://spec.xentral.biz').post('/api/v1/purchaseOrders/4/goodsReceipts').reply(201);
    await fetch('https://spec.xentral.biz/api/v1/purchaseOrders/4/goodsReceipts', { method: 'POST' });
    assert.ok(scope.isDone());
  });
});
