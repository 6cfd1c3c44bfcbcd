<?php

namespace App\Services\Xentral;

use Symfony\Component\HttpClient\HttpClient;
use Symfony\Contracts\HttpClient\HttpClientInterface;

/**
 * Business documents (API v3) through Symfony's HttpClient; used by the invoicing worker,
 * which runs outside the Laravel container.
 */
final class DocumentsApi
{
    private HttpClientInterface $client;
    private string $root;

    public function __construct(string $baseUri, string $token)
    {
        $this->root = rtrim($baseUri, '/');
        $this->client = HttpClient::createForBaseUri($this->root . '/api/v3/', [
            'auth_bearer' => $token,
            'headers' => ['Accept' => 'application/json'],
        ]);
    }

    public function salesOrder(string $id): array
    {
        return $this->client->request('GET', 'salesOrders/' . $id)->toArray();
    }

    public function trafficLights(): array
    {
        return $this->client->request('GET', 'salesOrderTrafficLights')->toArray()['data'] ?? [];
    }

    public function invoiceFromOrder(string $orderId): string
    {
        $response = $this->client->request('POST', 'invoices/actions/createFromSalesOrder', [
            'json' => ['salesOrderId' => $orderId],
        ]);

        return $response->toArray()['id'];
    }

    public function release(string $invoiceId): void
    {
        $this->client->request('PATCH', "invoices/{$invoiceId}/actions/release");
    }

    public function send(string $invoiceId): void
    {
        $this->client->request('PATCH', sprintf('invoices/%s/actions/send', $invoiceId), [
            'json' => ['channel' => 'email'],
        ]);
    }

    public function attach(string $orderId, string $file): void
    {
        $this->client->request('POST', 'salesOrders/' . $orderId . '/files', [
            'body' => ['file' => fopen($file, 'r')],
        ]);
    }

    public function removeLineItem(string $orderId, string $lineItemId): void
    {
        $this->client->request('DELETE', $this->root . '/api/v3/salesOrders/' . $orderId . '/lineItems/' . $lineItemId);
    }
}
