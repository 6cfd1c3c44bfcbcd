'use strict';

const request = require('request');

const { BASE, user, password } = require('./config');
const { ADDRESSES } = require('./endpoints');

const auth = { user, pass: password, sendImmediately: false };

/**
 * Promise wrapper around request; method first, then the path below /api (e.g. '/v1/artikel').
 */
function call(method, path, body) {
  return new Promise((resolve, reject) => {
    request({ method, url: BASE + path, json: body === undefined ? true : body, auth }, (err, res, data) => {
      if (err) return reject(err);
      if (res.statusCode >= 400) {
        return reject(new Error(`${method} ${path}: HTTP ${res.statusCode}`));
      }
      resolve(data);
    });
  });
}

function address(id, cb) {
  request.get({ url: BASE + ADDRESSES + '/' + id, json: true, auth }, (err, res, body) => cb(err, body));
}

function updateAddress(id, changes, cb) {
  request.put({ url: `${BASE}${ADDRESSES}/${id}`, json: changes, auth }, (err, res, body) => cb(err, body));
}

function createDeliveryAddress(data, cb) {
  request.post({ url: BASE + '/v1/lieferadressen', json: data, auth }, (err, res, body) => cb(err, body));
}

module.exports = { call, address, updateAddress, createDeliveryAddress };
