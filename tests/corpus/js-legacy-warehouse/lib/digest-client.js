'use strict';

const DigestFetch = require('digest-fetch');
const { XMLBuilder, XMLParser } = require('fast-xml-parser');

const { BASE, user, password } = require('./config');
const { REPORTS_ENDPOINT } = require('./endpoints');

const client = new DigestFetch(user, password, { algorithm: 'MD5' });
const parser = new XMLParser({ ignoreDeclaration: true });
const builder = new XMLBuilder({});

async function xml(res) {
  const text = await res.text();
  const doc = parser.parse(text);
  if (!doc.response || String(doc.response.status.messageCode) !== '1') {
    throw new Error('Standard API error: ' + text.slice(0, 200));
  }
  return doc.response.xml;
}

/** Standard API actions through /api/{Action} (Digest works there, the hash form does not). */
async function editArticle(nummer, fields) {
  const body = builder.build({ request: { nummer, ...fields } });
  return xml(await client.fetch(`${BASE}/ArtikelEdit`, { method: 'POST', body, headers: { 'Content-Type': 'application/xml' } }));
}

async function createDeliveryNote(order) {
  const body = builder.build({ request: order });
  return xml(await client.fetch(BASE + '/LieferscheinCreate', { method: 'POST', body }));
}

async function stockOfArticle(nummer) {
  const res = await client.fetch(`${BASE}/ArtikelGet`, { method: 'POST', body: builder.build({ request: { nummer } }) });
  return xml(res);
}

/**
 * Passes a request through as it comes from the job file (method, headers and body included).
 */
async function send(path, opts) {
  const res = await client.fetch(BASE + path, opts);
  return res.json();
}

async function documents(id) {
  const found = [];
  for (const kind of ['auftraege', 'rechnungen']) {
    const res = await client.fetch(BASE + "/v1/belege/" + kind + "/" + id);
    if (res.ok) found.push({ kind, ...(await res.json()) });
  }
  return found;
}

async function downloadReport(reportId) {
  const res = await client.fetch(BASE + REPORTS_ENDPOINT + reportId + "/download");
  return Buffer.from(await res.arrayBuffer());
}

module.exports = { editArticle, createDeliveryNote, stockOfArticle, send, documents, downloadReport };
