import { http, HttpResponse } from 'msw';

export const handlers = [
  http.get('/api/v1/products', () => HttpResponse.json({ data: [{ id: '1', number: 'A-1', name: 'Kiste' }] })),
  http.get('/api/v1/salesOrders/:id', ({ params }) =>
    HttpResponse.json({ data: { id: params.id, documentNumber: 'AU-1', status: 'released' } }),
  ),
  http.post('/api/v1/salesOrders/:id/actions/dispatch', () => new HttpResponse(null, { status: 204 })),
  http.get('/api/v1/artikel', () => HttpResponse.json({ data: [] })),
];
