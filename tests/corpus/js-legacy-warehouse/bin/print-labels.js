#!/usr/bin/env node
'use strict';

const fs = require('fs');

const { address, createDeliveryAddress, updateAddress } = require('../lib/xentral-request');
const { createDeliveryNote, documents, downloadReport, editArticle, send, stockOfArticle } = require('../lib/digest-client');

async function run(job) {
  switch (job.type) {
    case 'label': {
      const docs = await documents(job.orderId);
      console.log(`order ${job.orderId}: ${docs.map((d) => d.kind).join(', ')}`);
      await createDeliveryNote({ auftrag: job.orderId });
      break;
    }
    case 'article':
      await editArticle(job.nummer, { lagerartikel: 1 });
      console.log(await stockOfArticle(job.nummer));
      break;
    case 'report':
      fs.writeFileSync(`report-${job.reportId}.pdf`, await downloadReport(job.reportId));
      break;
    case 'shipping':
      // the job file carries method and body for the shipping-method endpoint
      console.log(await send('/v1/versandarten', job.request));
      break;
    case 'tracking':
      console.log(await send('/v1/trackingnummern/' + job.trackingId, job.request));
      break;
    case 'address':
      address(job.addressId, (err, body) => {
        if (err) throw err;
        updateAddress(job.addressId, { ...body, ...job.changes }, () => {});
      });
      break;
    case 'delivery-address':
      createDeliveryAddress(job.data, (err) => err && console.error(err));
      break;
    default:
      throw new Error(`unknown job type ${job.type}`);
  }
}

const jobs = JSON.parse(fs.readFileSync(process.argv[2] || 'jobs.json', 'utf8'));
(async () => {
  for (const job of jobs) {
    await run(job);
  }
})();
