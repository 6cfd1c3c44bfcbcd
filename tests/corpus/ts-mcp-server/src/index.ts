#!/usr/bin/env node
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

import { XentralClient } from './client.js';
import { INSTANCE_URL, TOKEN } from './config.js';
import { registerOrderTools } from './tools/orders.js';
import { registerProductTools } from './tools/products.js';

const server = new McpServer({ name: 'xentral', version: '0.3.0' });
const client = new XentralClient({ instanceUrl: INSTANCE_URL, token: TOKEN });

registerOrderTools(server, client);
registerProductTools(server, client);

server.tool(
  'get_document',
  'Reads an invoice, offer or delivery note from the documents API (/api/v3).',
  { type: z.enum(['invoices', 'offers', 'deliveryNotes']), id: z.string() },
  async ({ type, id }) => ({ content: [{ type: 'text', text: JSON.stringify(await client.document(type, id)) }] }),
);

server.tool(
  'list_customers',
  'Lists customers (API v3).',
  {},
  async () => ({ content: [{ type: 'text', text: JSON.stringify(await client.customers()) }] }),
);

server.tool(
  'invoice_from_order',
  'Creates an invoice from a sales order.',
  { salesOrderId: z.string() },
  async ({ salesOrderId }) => ({
    content: [{ type: 'text', text: JSON.stringify(await client.createInvoiceFromOrder(salesOrderId)) }],
  }),
);

await server.connect(new StdioServerTransport());
console.error('xentral MCP server running on stdio');
