import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import type { XentralClient } from '../client.js';

const text = (value: unknown) => ({ content: [{ type: 'text' as const, text: JSON.stringify(value, null, 2) }] });

export function registerProductTools(server: McpServer, client: XentralClient): void {
  server.tool(
    'search_products',
    'Searches products by number or name (GET /api/v1/products with a contains filter).',
    { search: z.string().optional(), page: z.number().int().positive().default(1) },
    async ({ search, page }) => text(await client.listProducts(search, page)),
  );

  server.tool(
    'get_product',
    'Returns one product.',
    { id: z.string() },
    async ({ id }) => text(await client.getProduct(id)),
  );

  server.tool(
    'product_stock',
    'Storage locations and stock of one product.',
    { id: z.string() },
    async ({ id }) => text(await client.productStock(id)),
  );

  server.tool(
    'update_product_price',
    'Sets the sales price of a product for one price group.',
    { id: z.string(), priceId: z.string(), amount: z.number() },
    async ({ priceId, amount }) =>
      text(await client.request('PATCH', `/api/v1/salesPrices/${priceId}`, { price: { amount, currency: 'EUR' } })),
  );
}
