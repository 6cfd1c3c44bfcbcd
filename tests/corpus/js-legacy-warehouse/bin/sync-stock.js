#!/usr/bin/env node
'use strict';

/*
 * Reads the stock list of the warehouse system and tells Xentral to sync each article's stock
 * to the shops (POST /api/shopimport/syncstorage/{articlenumber}).
 */
const fs = require('fs');

const { call } = require('../lib/xentral-request');
const { STOCK_ENDPOINT } = require('../lib/endpoints');

async function main() {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: sync-stock.js STOCK.csv');
    process.exit(2);
  }
  const numbers = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split(';')[0])
    .filter(Boolean);

  const articles = await call('GET', '/v1/artikel?items=1000');
  const known = new Set(articles.data.map((a) => a.nummer));

  let synced = 0;
  for (const nummer of numbers) {
    if (!known.has(nummer)) {
      console.warn(`article ${nummer} unknown in Xentral`);
      continue;
    }
    await call('POST', STOCK_ENDPOINT + encodeURIComponent(nummer));
    synced++;
  }

  const state = await call('GET', '/shopimport/articlesyncstate');
  console.log(`${synced} articles synced; sync state: ${JSON.stringify(state)}`);

  const batches = await call('GET', '/v1/lagercharge');
  console.log(`${batches.data.length} batches`);
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
