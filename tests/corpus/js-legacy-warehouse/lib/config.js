'use strict';

// API account of the warehouse (Administration > API-Account), HTTP Digest
const host = (process.env.XENTRAL_HOST || 'https://lager.xentral.biz').replace(/\/+$/, '');

module.exports = {
  host,
  BASE: host + '/api',
  user: process.env.XENTRAL_API_USER || 'lager',
  password: process.env.XENTRAL_API_PASSWORD || '',
};
