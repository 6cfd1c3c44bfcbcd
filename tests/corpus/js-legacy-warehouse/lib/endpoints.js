'use strict';

// legacy REST routes, relative to the API root
exports.REPORTS_ENDPOINT = '/v1/reports/';
exports.STOCK_ENDPOINT = '/shopimport/syncstorage/';
exports.ADDRESSES = '/v1/adressen';
