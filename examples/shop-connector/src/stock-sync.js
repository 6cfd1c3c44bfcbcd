// ShopBridge stock sync: pushes the shop's stock levels to Xentral every 15 minutes.
const BASE_URL = process.env.XENTRAL_URL;
const TOKEN = process.env.XENTRAL_TOKEN;

async function pushStock(sku, quantity) {
  const res = await fetch(`${BASE_URL}/api/shopimport/syncstorage/${encodeURIComponent(sku)}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ quantity }),
  });
  if (!res.ok) throw new Error(`stock sync failed for ${sku}: ${res.status}`);
}

async function articleSyncState() {
  const res = await fetch(`${BASE_URL}/api/shopimport/articlesyncstate`, {
    method: 'GET',
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  return res.json();
}

module.exports = { pushStock, articleSyncState };
