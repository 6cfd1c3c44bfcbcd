<?php
/**
 * Cron: pushes new shop orders to Xentral and mirrors customer changes back.
 *
 *   php cron/sync_orders.php [--since=2024-01-01]
 */
declare(strict_types=1);

require __DIR__ . '/../config.php';
require __DIR__ . '/../lib/XentralApi.php';

$options = getopt('', ['since::']);
$since = $options['since'] ?? date('Y-m-d', strtotime('-1 day'));

$api = new XentralApi(XENTRAL_URL, XENTRAL_USER, XENTRAL_PASSWORD);
$db = new PDO(SHOP_DB_DSN, getenv('SHOP_DB_USER') ?: 'shop', getenv('SHOP_DB_PASSWORD') ?: '');

// the shop module must be connected before orders can be imported
$status = $api->call('GET', '/shopimport/status');
if ($status['status'] === 401) {
    $api->call('POST', '/shopimport/auth', ['token' => getenv('SHOP_TOKEN')]);
}

// orders Xentral already knows, so they are not sent twice
$known = [];
$existing = $api->call('GET', '/v1/belege/auftraege?' . http_build_query([
    'filter' => [['property' => 'datum', 'expression' => 'gte', 'value' => $since]],
]));
foreach ($existing['body']['data'] ?? [] as $order) {
    $known[$order['ihrebestellnummer']] = $order['id'];
}

$rows = $db->prepare('SELECT * FROM orders WHERE created_at >= ? ORDER BY id');
$rows->execute([$since]);
foreach ($rows as $order) {
    if (isset($known[$order['number']])) {
        continue;
    }
    $payload = [
        'kunde' => $order['customer_number'],
        'positionen' => json_decode($order['items'], true),
        'versandart' => $order['shipping'],
    ];
    $result = $api->call('POST', '/shopimport/ordertoxentral/' . rawurlencode($order['number']), $payload);
    if ($result['status'] >= 300) {
        error_log("Xentral rejected order {$order['number']}: /api/shopimport/ordertoxentral answered {$result['status']}");
        continue;
    }
    printf("order %s imported\n", $order['number']);
}

// customers changed in the shop: update their address in Xentral
$changed = $db->query('SELECT xentral_id, street, zip, city FROM customers WHERE synced = 0');
foreach ($changed as $customer) {
    $changes = ['strasse' => $customer['street'], 'plz' => $customer['zip'], 'ort' => $customer['city']];
    $api->call('PUT', sprintf('/v1/adressen/%d', $customer['xentral_id']), $changes);
}

// invoices attached to orders of the day, kept for the shop's customer area
$files = $db->query('SELECT xentral_file_id, order_number FROM invoice_files WHERE stored = 0');
foreach ($files as $file) {
    $target = __DIR__ . '/../var/invoices/' . $file['order_number'] . '.pdf';
    $api->download('/v1/dateien/' . (int) $file['xentral_file_id'] . '/download', $target);
}
