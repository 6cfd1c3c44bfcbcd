/**
 * Xentral access for the sheet. Script properties: XENTRAL_URL (https://name.xentral.biz),
 * XENTRAL_USER and XENTRAL_PASSWORD of the API account behind the company proxy (Basic).
 */
var PROPS = PropertiesService.getScriptProperties();
var API_BASE = String(PROPS.getProperty('XENTRAL_URL')).replace(/\/+$/, '') + '/api';

function authHeaders_() {
  var credential = Utilities.base64Encode(PROPS.getProperty('XENTRAL_USER') + ':' + PROPS.getProperty('XENTRAL_PASSWORD'));
  return { Authorization: 'Basic ' + credential, Accept: 'application/json' };
}

/**
 * One request; path below /api, e.g. xentralFetch_('GET', '/v1/artikel').
 */
function xentralFetch_(method, path, payload) {
  var options = {
    method: method.toLowerCase(),
    headers: authHeaders_(),
    muteHttpExceptions: true,
  };
  if (payload !== undefined) {
    options.contentType = 'application/json';
    options.payload = JSON.stringify(payload);
  }
  var response = UrlFetchApp.fetch(API_BASE + path, options);
  var code = response.getResponseCode();
  if (code >= 300) {
    throw new Error('Xentral ' + method + ' ' + path + ' failed with ' + code + ': ' + response.getContentText().slice(0, 200));
  }
  var text = response.getContentText();
  return text ? JSON.parse(text) : null;
}

function countries_() {
  var response = UrlFetchApp.fetch(API_BASE + '/v1/laender', { headers: authHeaders_() });
  return JSON.parse(response.getContentText()).data;
}

function taxRates_() {
  var response = UrlFetchApp.fetch(API_BASE + '/v1/steuersaetze', { method: 'get', headers: authHeaders_() });
  return JSON.parse(response.getContentText()).data;
}
