<?php

declare(strict_types=1);

namespace Nordlicht\Xentral;

use GuzzleHttp\Client;
use GuzzleHttp\ClientInterface;
use GuzzleHttp\Exception\GuzzleException;
use Psr\Http\Message\ResponseInterface;
use Psr\Log\LoggerInterface;
use Psr\Log\NullLogger;

/**
 * Client for the legacy Xentral REST API.
 *
 * Every method maps to one route of the API; the API account needs the matching permission.
 */
class XentralClient
{
    private ClientInterface $client;
    private string $host;
    private string $url;
    private LoggerInterface $logger;

    public function __construct(string $host, string $user, string $password, ?LoggerInterface $logger = null)
    {
        $this->host = rtrim($host, '/');
        $this->url = $this->host . '/api/v1';
        $this->logger = $logger ?? new NullLogger();
        $this->client = new Client([
            'auth' => [$user, $password, 'digest'],
            'headers' => ['Accept' => 'application/json'],
            'timeout' => 30,
        ]);
    }

    public function documents(): Documents
    {
        return new Documents($this->client, $this->host);
    }

    /**
     * Lists addresses: GET /api/v1/adressen (permission list_addresses).
     *
     * @param array<string, scalar> $filter e.g. ['kundennummer' => '10001']
     */
    public function listAddresses(array $filter = []): array
    {
        $response = $this->client->get($this->url . '/adressen?' . http_build_query($filter));

        return $this->decode($response)['data'] ?? [];
    }

    public function getAddress(int $id): array
    {
        $started = microtime(true);
        $response = $this->client->get($this->url . '/adressen/' . $id);
        $this->logger->info('GET /api/v1/adressen/' . $id . ' took ' . round((microtime(true) - $started) * 1000) . ' ms');

        return $this->decode($response);
    }

    public function createAddress(array $address): array
    {
        $response = $this->client->post($this->url . '/adressen', ['json' => $address]);

        return $this->decode($response);
    }

    public function updateAddress(int $id, array $changes): array
    {
        $response = $this->client->request('PUT', $this->url . '/adressen/' . (int) $id, [
            'json' => $changes,
        ]);

        return $this->decode($response);
    }

    public function listDeliveryAddresses(): array
    {
        return $this->decode($this->client->get($this->url . '/lieferadressen'))['data'] ?? [];
    }

    public function deleteDeliveryAddress(int $id): void
    {
        $this->client->delete($this->url . '/lieferadressen/' . $id);
    }

    /**
     * @param array<string, mixed> $query filter[...] and sort options as the API documents them
     */
    public function listOrders(array $query = []): array
    {
        $response = $this->client->get($this->url . Routes::ORDERS . '?' . http_build_query($query));

        return $this->decode($response)['data'] ?? [];
    }

    public function getOrder(int $id): array
    {
        return $this->decode($this->client->get($this->url . Routes::ORDERS . '/' . $id . '?include=positionen'));
    }

    public function getInvoice(int $id): array
    {
        return $this->decode($this->client->get(sprintf('%s/belege/rechnungen/%d', $this->url, $id)));
    }

    public function deleteInvoice(int $id): void
    {
        $this->client->delete(sprintf('%s%s/%d', $this->url, Routes::INVOICES, $id));
    }

    public function listArticles(int $page = 1, int $perPage = 100): array
    {
        $response = $this->client->get("{$this->url}/artikel?page={$page}&items={$perPage}");

        return $this->decode($response)['data'] ?? [];
    }

    public function getArticle(int $id): array
    {
        return $this->decode($this->client->get("$this->url/artikel/$id"));
    }

    public function uploadFile(string $path, string $title): array
    {
        $response = $this->client->post($this->url . '/dateien', [
            'multipart' => [
                ['name' => 'file', 'contents' => fopen($path, 'rb'), 'filename' => basename($path)],
                ['name' => 'titel', 'contents' => $title],
            ],
        ]);

        return $this->decode($response);
    }

    public function downloadFile(int $id, string $target): void
    {
        $this->client->get($this->url . '/dateien/' . $id . '/download', ['sink' => $target]);
    }

    public function fileAsBase64(int $id): string
    {
        return (string) $this->client->get($this->url . '/dateien/' . $id . '/base64')->getBody();
    }

    public function downloadReport(int $reportId, string $target): void
    {
        $this->client->get($this->url . '/reports/' . $reportId . '/download', ['sink' => $target]);
    }

    public function addTrackingNumber(string $number, int $deliveryNoteId): array
    {
        $response = $this->client->post($this->url . Routes::TRACKING, [
            'json' => ['tracking' => $number, 'lieferschein' => $deliveryNoteId],
        ]);

        return $this->decode($response);
    }

    public function getTaxRate(int $id): array
    {
        $uri = $this->url . '/steuersaetze';
        $uri .= '/' . $id;

        return $this->decode($this->client->get($uri));
    }

    public function listGroups(): array
    {
        return $this->decode($this->client->get($this->url . '/gruppen'))['data'] ?? [];
    }

    public function updateResubmission(int $id, array $changes): array
    {
        $response = $this->client->put($this->url . '/wiedervorlagen/' . $id, ['json' => $changes]);

        return $this->decode($response);
    }

    /**
     * Attaches a CRM document to an address.
     */
    public function createCrmDocument(array $document): array
    {
        // the resource was renamed once; this still uses the old spelling
        return $this->decode($this->client->post($this->url . '/crm_dokumente', ['json' => $document]));
    }

    /**
     * Cheap request used by the health check of the shop plugin.
     */
    public function ping(): bool
    {
        try {
            $response = $this->client->get($this->host . '/api//v1/adressen?items=1');
        } catch (GuzzleException $e) {
            $this->logger->warning('Xentral not reachable at ' . $this->host . '/api/v1: ' . $e->getMessage());

            return false;
        }

        return $response->getStatusCode() === 200;
    }

    private function decode(ResponseInterface $response): array
    {
        $body = (string) $response->getBody();
        if ($body === '') {
            return [];
        }
        $data = json_decode($body, true, 512, JSON_THROW_ON_ERROR);

        return is_array($data) ? $data : [];
    }
}
