import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import { API_V1 } from '../config.js';
import type { XentralClient } from '../client.js';

const text = (value: unknown) => ({ content: [{ type: 'text' as const, text: JSON.stringify(value, null, 2) }] });

export function registerOrderTools(server: McpServer, client: XentralClient): void {
  server.tool(
    'list_sales_orders',
    'Lists sales orders, optionally only those with one status. Reads GET /api/v1/salesOrders.',
    { status: z.string().optional().describe('e.g. "released"') },
    async ({ status }) => text(await client.listSalesOrders(status)),
  );

  server.tool(
    'get_sales_order',
    'Returns one sales order with its positions.',
    { id: z.string() },
    async ({ id }) => text(await client.getSalesOrder(id)),
  );

  server.tool(
    'import_sales_order',
    'Creates a sales order in Xentral via POST /api/v1/salesOrders/actions/import. The body follows the import schema.',
    { order: z.record(z.unknown()) },
    async ({ order }) => text(await client.importSalesOrder(order)),
  );

  server.tool(
    'dispatch_sales_order',
    'Marks a sales order as dispatched (creates the delivery note).',
    { id: z.string() },
    async ({ id }) => {
      await client.dispatchSalesOrder(id);
      return text({ dispatched: id });
    },
  );

  server.tool(
    'cancel_sales_order',
    'Cancels a sales order that has not been shipped.',
    { id: z.string(), reason: z.string().optional() },
    async ({ id, reason }) => text(await client.request('POST', `${API_V1}/salesOrders/${id}/actions/cancel`, { reason })),
  );

  server.tool(
    'update_sales_order',
    'Changes fields of a sales order (PATCH). Only the given fields are changed.',
    { id: z.string(), fields: z.record(z.unknown()) },
    async ({ id, fields }) => text(await client.request('PATCH', API_V1 + '/salesOrders/' + id, fields)),
  );

  server.tool(
    'order_documents',
    'Lists, attaches or removes documents of a sales order. Pass method and body as the documents endpoint expects.',
    { id: z.string(), method: z.enum(['GET', 'POST', 'PATCH', 'DELETE']).default('GET'), body: z.string().optional() },
    async ({ id, method, body }) => {
      const res = await client.orderDocuments(id, { method, body });
      return text({ status: res.status, body: await res.text() });
    },
  );
}
