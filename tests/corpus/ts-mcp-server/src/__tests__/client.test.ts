import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { XentralClient } from '../client.js';

const server = setupServer(
  http.get('https://test.xentral.biz/api/v1/products', () => HttpResponse.json({ data: [{ id: '1' }] })),
  http.post('https://test.xentral.biz/api/v1/salesOrders/actions/import', () => HttpResponse.json({ id: '9' })),
  http.patch('https://test.xentral.biz/api/v1/salesPrices/:id', () => new HttpResponse(null, { status: 204 })),
);

beforeAll(() => server.listen());
afterAll(() => server.close());

describe('XentralClient', () => {
  const client = new XentralClient({ instanceUrl: 'https://test.xentral.biz/', token: 't' });

  it('lists products', async () => {
    expect((await client.listProducts()).data).toEqual([{ id: '1' }]);
  });

  it('imports an order', async () => {
    expect(await client.importSalesOrder({})).toEqual({ id: '9' });
  });

  it('raw request', async () => {
    const res = await fetch('https://test.xentral.biz/api/v1/products?page[number]=1');
    expect(res.ok).toBe(true);
  });
});
