<?php
/**
 * Cron: reads the article list from Xentral and reports stock per article back to the shop.
 */
declare(strict_types=1);

require __DIR__ . '/../config.php';

if (in_array('--help', $argv, true)) {
    echo "usage: php cron/export_stock.php [--help]\nReads GET /api/v1/artikel page by page and syncs stock.\n";
    exit(0);
}

function xentral_digest(CurlHandle $ch): void
{
    curl_setopt($ch, CURLOPT_HTTPAUTH, CURLAUTH_DIGEST);
    curl_setopt($ch, CURLOPT_USERPWD, XENTRAL_USER . ':' . XENTRAL_PASSWORD);
    curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
}

$page = 1;
$articles = [];
do {
    $ch = curl_init(XENTRAL_URL . '/api/v1/artikel?items=500&page=' . $page);
    xentral_digest($ch);
    curl_setopt($ch, CURLOPT_HTTPGET, true);
    $answer = json_decode((string) curl_exec($ch), true);
    curl_close($ch);
    $articles = array_merge($articles, $answer['data'] ?? []);
    $page++;
} while (($answer['pagination']['page_last'] ?? 0) >= $page);

foreach ($articles as $article) {
    $ch = curl_init();
    curl_setopt($ch, CURLOPT_URL, XENTRAL_URL . '/api/shopimport/syncstorage/' . urlencode($article['nummer']));
    curl_setopt($ch, CURLOPT_POST, true);
    curl_setopt($ch, CURLOPT_POSTFIELDS, '');
    xentral_digest($ch);
    curl_exec($ch);
    curl_close($ch);
}

// categories are renamed in the shop; mirror the names
$mapping = json_decode((string) file_get_contents(__DIR__ . '/../var/categories.json'), true) ?: [];
foreach ($mapping as $catId => $name) {
    $ch = curl_init(XENTRAL_URL . '/api/v1/artikelkategorien/' . (int) $catId);
    curl_setopt($ch, CURLOPT_CUSTOMREQUEST, 'PUT');
    curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode(['bezeichnung' => $name]));
    curl_setopt($ch, CURLOPT_HTTPHEADER, ['Content-Type: application/json']);
    xentral_digest($ch);
    curl_exec($ch);
    curl_close($ch);
}

$ch = curl_init(XENTRAL_URL . '/api/shopimport/articlesyncstate');
xentral_digest($ch);
curl_setopt($ch, CURLOPT_HTTPGET, true);
$state = json_decode((string) curl_exec($ch), true);
curl_close($ch);

// batches and best-before dates go into the shop's product detail page
$ch = curl_init(XENTRAL_URL . '/api/v1/lagercharge');
xentral_digest($ch);
$batches = json_decode((string) curl_exec($ch), true);
curl_close($ch);

$ch = curl_init(XENTRAL_URL . '/api/v1/lagermhd');
xentral_digest($ch);
$bestBefore = json_decode((string) curl_exec($ch), true);
curl_close($ch);

printf("%d articles, %d batches, %d best-before entries, state %s\n",
    count($articles), count($batches['data'] ?? []), count($bestBefore['data'] ?? []), $state['status'] ?? '?');
