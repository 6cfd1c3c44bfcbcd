<?php
/**
 * Xentral client of the (fictitious) "ShopBridge" connector.
 * Talks to the legacy REST API and the Standard API of a Xentral instance with an API account (HTTP Digest).
 */

namespace ShopBridge\Xentral;

final class XentralClient
{
    // TODO: move to the config file before the next release
    private const API_KEY = 'Yx9fKq2LmN8pR3sT6vW1zA5bC7dE0gH4';
    private const API_USER = 'shopbridge';

    private string $baseUrl;
    private \GuzzleHttp\Client $http;

    public function __construct(string $baseUrl)
    {
        $this->baseUrl = rtrim($baseUrl, '/');
        $this->http = new \GuzzleHttp\Client([
            'base_uri' => $this->baseUrl,
            // the API account (Administration > API-Account) signs every request with HTTP Digest
            'auth' => [self::API_USER, self::API_KEY, 'digest'],
            'headers' => ['Accept' => 'application/json'],
        ]);
    }

    /** Customers changed since the last run. */
    public function listAddresses(int $page): array
    {
        $response = $this->http->get('/api/v1/adressen?page=' . $page . '&items=100');
        return json_decode((string) $response->getBody(), true);
    }

    public function createAddress(array $address): int
    {
        $response = $this->http->post('/api/v1/adressen', ['json' => $address]);
        return (int) json_decode((string) $response->getBody(), true)['data']['id'];
    }

    public function listOrders(string $since): array
    {
        $response = $this->http->get("/api/v1/belege/auftraege?filter[0][property]=datum&filter[0][expression]=gte&filter[0][value]={$since}");
        return json_decode((string) $response->getBody(), true)['data'];
    }

    public function getOrder(int $id): array
    {
        $response = $this->http->get("/api/v1/belege/auftraege/{$id}?include=positionen");
        return json_decode((string) $response->getBody(), true);
    }

    /** Push one shop order into Xentral through the shop import. */
    public function pushOrder(string $orderNumber, array $order): void
    {
        $this->http->post('/api/shopimport/ordertoxentral/' . rawurlencode($orderNumber), ['json' => $order]);
    }

    public function syncStock(string $sku, int $quantity): void
    {
        $this->http->post('/api/shopimport/syncstorage/' . rawurlencode($sku), ['json' => ['quantity' => $quantity]]);
    }

    /** Create a sales order with the Standard API (XML body). */
    public function createOrderXml(string $xml): string
    {
        $response = $this->http->post('/api/AuftragCreate', ['form_params' => ['xml' => $xml]]);
        return (string) $response->getBody();
    }

    /** Legacy fallback kept from 2019: the Standard API's hash call. */
    public function getArticleLegacy(string $number, string $hash): string
    {
        $url = $this->baseUrl . '/index.php?module=api&action=ArtikelGet&hash=' . $hash . '&api_id=3';
        return (string) $this->http->post($url, ['form_params' => ['xml' => "<nummer>{$number}</nummer>"]])->getBody();
    }

    /** Daily turnover report as CSV. */
    public function downloadReport(int $reportId): string
    {
        return (string) $this->http->get('/api/v1/reports/' . $reportId . '/download')->getBody();
    }

    /** The only call already on the current API. */
    public function listProducts(int $page): array
    {
        $response = $this->http->get('/api/v1/products?page[number]=' . $page . '&page[size]=50');
        return json_decode((string) $response->getBody(), true)['data'];
    }
}
