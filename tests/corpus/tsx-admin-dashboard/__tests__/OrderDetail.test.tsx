import { render, screen } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { OrderDetail } from '../src/components/OrderDetail';
import { handlers } from '../src/mocks/handlers';

const server = setupServer(...handlers);
beforeAll(() => server.listen());
afterAll(() => server.close());

it('loads the order', async () => {
  await fetch('/api/v1/salesOrders/7/actions/dispatch', { method: 'POST' });
  render(
    <MemoryRouter initialEntries={['/orders/7']}>
      <Routes>
        <Route path="/orders/:orderId" element={<OrderDetail />} />
      </Routes>
    </MemoryRouter>,
  );
  expect(await screen.findByText(/AU-1/)).toBeTruthy();
});
