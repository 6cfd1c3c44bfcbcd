import assert from 'node:assert/strict';
import { test } from 'node:test';

import nock from 'nock';

process.env.XENTRAL_URL = 'https://test.xentral.biz';
process.env.XENTRAL_TOKEN = 'pat';
const { importOrder } = await import('../src/orders.js');

test('importOrder posts to the import action', async () => {
  const scope = nock('https://test.xentral.biz')
    .post('/api/v1/salesOrders/actions/import')
    .matchHeader('authorization', 'Bearer pat')
    .reply(201, { id: '77' });

  const id = await importOrder({ number: 'S-1', xentralCustomerId: '3', lines: [] });

  assert.equal(id, '77');
  assert.ok(scope.isDone());
});

test('raw call for comparison', async () => {
  nock('https://test.xentral.biz').get('/api/v1/products').reply(200, { data: [] });
  const res = await fetch('https://test.xentral.biz/api/v1/products');
  assert.equal(res.status, 200);
});
