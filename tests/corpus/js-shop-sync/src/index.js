import cron from 'node-cron';

import { BATCH_SIZE, SHOP_URL } from './config.js';
import { importOrder } from './orders.js';
import { allProducts, setShopPrice } from './products.js';
import { openDeliveryNotes } from './shipping.js';

async function syncOrders() {
  const res = await fetch(`${SHOP_URL}/orders?status=paid&limit=${BATCH_SIZE}`);
  for (const order of await res.json()) {
    try {
      await importOrder(order);
    } catch (error) {
      console.error(`order ${order.number}: ${error.message}`);
    }
  }
}

async function syncPrices() {
  for await (const product of allProducts()) {
    if (product.shopPrice !== undefined) {
      await setShopPrice(product.id, product.shopPrice);
    }
  }
}

async function syncShipping() {
  const notes = await openDeliveryNotes({ 'filter[0][key]': 'status', 'filter[0][op]': 'equals', 'filter[0][value]': 'open' });
  console.log(`${notes.length} delivery notes open`);
}

cron.schedule('*/5 * * * *', syncOrders);
cron.schedule('0 * * * *', syncPrices);
cron.schedule('15 * * * *', syncShipping);
console.log('shop sync started');
