import { render, screen } from '@testing-library/react';
import { expect, it, vi } from 'vitest';

import { ProductTable } from './ProductTable';

it('shows the products of the API', async () => {
  vi.spyOn(globalThis, 'fetch').mockResolvedValue(
    new Response(JSON.stringify({ data: [{ id: '1', number: 'A-1', name: 'Kiste' }] })),
  );

  render(<ProductTable filter="" />);

  expect(await screen.findByText('Kiste')).toBeTruthy();
  expect(fetch).toHaveBeenCalledWith(expect.stringContaining('/api/v1/products?'), expect.anything());
});
