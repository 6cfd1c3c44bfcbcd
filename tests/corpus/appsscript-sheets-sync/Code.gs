/**
 * Sheet menu and the sync functions behind it.
 */
function onOpen() {
  SpreadsheetApp.getUi()
    .createMenu('Xentral')
    .addItem('Artikel laden (GET /api/v1/artikel)', 'loadArticles')
    .addItem('Adressen zurückschreiben', 'pushAddresses')
    .addItem('Belege laden', 'loadDocuments')
    .addItem('Stammdaten laden', 'loadMasterData')
    .addToUi();
}

function sheet_(name) {
  var ss = SpreadsheetApp.getActive();
  return ss.getSheetByName(name) || ss.insertSheet(name);
}

function loadArticles() {
  var rows = [['ID', 'Nummer', 'Name']];
  var pageSize = 100;
  for (var page = 1; page < 50; page++) {
    var body = xentralFetch_('GET', '/v1/artikel?items=' + pageSize + '&page=' + page);
    body.data.forEach(function (a) {
      rows.push([a.id, a.nummer, a.name_de]);
    });
    if (page >= body.pagination.page_last) break;
  }
  var target = sheet_('Artikel');
  target.clear();
  target.getRange(1, 1, rows.length, 3).setValues(rows);
}

function pushAddresses() {
  var values = sheet_('Adressen').getDataRange().getValues();
  for (var i = 1; i < values.length; i++) {
    var row = values[i];
    var fields = { name: row[1], strasse: row[2], plz: row[3], ort: row[4] };
    if (row[0]) {
      var current = xentralFetch_('GET', '/v1/adressen/' + row[0]);
      if (current.name === fields.name && current.ort === fields.ort) continue;
      xentralFetch_('PUT', '/v1/adressen/' + row[0], fields);
    } else {
      var created = xentralFetch_('POST', '/v1/adressen', fields);
      sheet_('Adressen').getRange(i + 1, 1).setValue(created.id);
    }
  }
  SpreadsheetApp.getActive().toast('Adressen an /api/v1/adressen übertragen');
}

function loadDocuments() {
  var orders = xentralFetch_('GET', '/v1/belege/auftraege');
  sheet_('Aufträge').getRange(1, 1).setValue(orders.data.length + ' Aufträge');

  ['angebote', 'gutschriften'].forEach(function (kind, index) {
    var list = xentralFetch_('GET', '/v1/belege/' + kind);
    sheet_('Belege').getRange(1, index + 1).setValue(kind + ': ' + list.data.length);
  });

  var ids = sheet_('Rechnungen').getRange('A2:A').getValues().filter(function (r) { return r[0]; });
  ids.forEach(function (r, n) {
    var invoice = xentralFetch_('GET', '/v1/belege/rechnungen/' + r[0]);
    sheet_('Rechnungen').getRange(n + 2, 2).setValue(invoice.belegnr);
  });
}

function loadMasterData() {
  var shipping = xentralFetch_('GET', '/v1/versandarten');
  var payment = xentralFetch_('GET', '/v1/zahlungsweisen');
  var target = sheet_('Stammdaten');
  target.clear();
  target.appendRow(['Versandarten', shipping.data.length]);
  target.appendRow(['Zahlungsweisen', payment.data.length]);
  target.appendRow(['Länder', countries_().length]);
  target.appendRow(['Steuersätze', taxRates_().length]);
}

function remindMe() {
  xentralFetch_('POST', '/v1/wiedervorlagen', { bezeichnung: 'Sheet prüfen', adresse: 1 });
}
