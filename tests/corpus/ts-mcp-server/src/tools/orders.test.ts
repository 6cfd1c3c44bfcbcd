import { describe, expect, it, vi } from 'vitest';

import { registerOrderTools } from './orders.js';

describe('order tools', () => {
  it('cancel calls the cancel action', async () => {
    const request = vi.fn().mockResolvedValue({});
    const tools: Record<string, (args: never) => Promise<unknown>> = {};
    const server = { tool: (name: string, _d: string, _s: unknown, fn: never) => (tools[name] = fn) };
    registerOrderTools(server as never, { request } as never);

    await tools.cancel_sales_order({ id: '5' } as never);

    expect(request).toHaveBeenCalledWith('POST', '/api/v1/salesOrders/5/actions/cancel', { reason: undefined });
  });
});
