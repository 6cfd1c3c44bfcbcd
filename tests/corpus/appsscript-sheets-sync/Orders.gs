/**
 * Orders entered in the "Bestellungen" sheet go to Xentral through the shop import,
 * delivery notes and tracking numbers come back.
 */
function sendOrders() {
  var sheet = SpreadsheetApp.getActive().getSheetByName('Bestellungen');
  var values = sheet.getDataRange().getValues();
  for (var i = 1; i < values.length; i++) {
    var row = values[i];
    if (row[5] === 'gesendet') continue;
    var order = { kunde: row[1], artikel: row[2], menge: row[3] };
    var response = UrlFetchApp.fetch(API_BASE + '/shopimport/ordertoxentral/' + encodeURIComponent(row[0]), {
      method: 'post',
      contentType: 'application/json',
      payload: JSON.stringify(order),
      headers: authHeaders_(),
      muteHttpExceptions: true,
    });
    sheet.getRange(i + 1, 6).setValue(response.getResponseCode() < 300 ? 'gesendet' : 'Fehler ' + response.getResponseCode());
  }
}

function sendOrderStandardApi(row) {
  var xml = '<request><kundennummer>' + row[1] + '</kundennummer><artikelliste>' + row[2] + '</artikelliste></request>';
  return xentralFetch_('POST', '/AuftragCreate', { xml: xml });
}

function deliveryNote(id) {
  var response = UrlFetchApp.fetch(API_BASE + '/v1/belege/lieferscheine/' + id, { headers: authHeaders_() });
  return JSON.parse(response.getContentText());
}

function trackingNumbers() {
  var list = xentralFetch_('GET', '/v1/trackingnummern');
  return list.data;
}

function correctTracking(id, number) {
  return xentralFetch_('PUT', '/v1/trackingnummern/' + id, { tracking: number });
}
