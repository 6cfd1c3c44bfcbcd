<?php

namespace App\Services\Xentral;

use Illuminate\Http\Client\PendingRequest;
use Illuminate\Http\Client\RequestException;
use Illuminate\Support\Facades\Http;
use Illuminate\Support\Facades\Log;

/**
 * Xentral API (current API, personal access token) for the shop backend.
 */
class XentralService
{
    private string $baseUrl;
    private string $token;

    public function __construct()
    {
        $this->baseUrl = rtrim(config('services.xentral.url'), '/') . '/api';
        $this->token = (string) config('services.xentral.token');
    }

    private function http(): PendingRequest
    {
        return Http::withToken($this->token)
            ->acceptJson()
            ->baseUrl($this->baseUrl)
            ->timeout(config('services.xentral.timeout'))
            ->retry(3, 250, throw: false);
    }

    public function products(array $query = []): array
    {
        return Http::withToken($this->token)->acceptJson()->get($this->baseUrl . '/v1/products', $query)->json('data', []);
    }

    public function product(string $id): array
    {
        $response = Http::withToken($this->token)
            ->acceptJson()
            ->get("{$this->baseUrl}/v1/products/{$id}");

        return $response->throw()->json('data');
    }

    public function updateProduct(string $id, array $changes): void
    {
        Http::withToken($this->token)->patch($this->baseUrl . '/v1/products/' . $id, $changes)->throw();
    }

    public function createCustomer(array $customer): string
    {
        $response = Http::withToken($this->token)->post($this->baseUrl . '/v2/customers', $customer);
        $response->throw();

        return basename($response->header('Location'));
    }

    public function salesOrders(int $page = 1): array
    {
        $url = $this->baseUrl . '/v1/salesOrders?page[number]=' . $page . '&page[size]=50';

        return Http::withToken($this->token)->acceptJson()->get($url)->json('data', []);
    }

    public function dispatch(string $orderId): void
    {
        Http::withToken($this->token)->post($this->baseUrl . "/v1/salesOrders/{$orderId}/actions/dispatch")->throw();
    }

    public function cancel(string $orderId, string $reason): void
    {
        Http::withHeaders(['Authorization' => 'Bearer ' . $this->token])
            ->post($this->baseUrl . '/v1/salesOrders/' . $orderId . '/actions/cancel', ['reason' => $reason])
            ->throw();
    }

    public function deleteOrder(string $orderId): bool
    {
        return $this->http()->delete('/v1/salesOrders/' . $orderId)->successful();
    }

    public function warehouses(): array
    {
        return $this->http()->get('/v1/warehouses')->json('data', []);
    }

    public function storageItems(int $warehouseId, int $locationId): array
    {
        return $this->http()
            ->get(sprintf('/v1/warehouses/%d/storageLocations/%d/items', $warehouseId, $locationId))
            ->json('data', []);
    }

    public function markInvoicePaid(string $invoiceId): void
    {
        try {
            Http::withToken($this->token)->send('PATCH', $this->baseUrl . '/v1/invoices/' . $invoiceId . '/status', [
                'json' => ['status' => 'paid'],
            ])->throw();
        } catch (RequestException $e) {
            Log::error('xentral: could not mark invoice ' . $invoiceId . ' as paid', ['status' => $e->response->status()]);
            throw $e;
        }
    }

    public function registerWebhook(string $callback): void
    {
        Http::withToken($this->token)->post($this->baseUrl . '/v1/webhooks', [
            'url' => $callback,
            'events' => ['salesOrder.created', 'salesOrder.updated'],
        ])->throw();
    }
}
