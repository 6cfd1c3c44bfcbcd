<?php

declare(strict_types=1);

namespace Nordlicht\Xentral;

use GuzzleHttp\ClientInterface;

/**
 * Read access to business documents (Belege) of the legacy REST API.
 */
final class Documents
{
    /** Document kinds that can be fetched one by one, and their route segment. */
    private const SINGLE = [
        'offer' => 'angebote',
        'delivery' => 'lieferscheine',
        'credit' => 'gutschriften',
    ];

    private ClientInterface $http;
    private string $base;

    public function __construct(ClientInterface $http, string $host)
    {
        $this->http = $http;
        $this->base = rtrim($host, '/') . '/api/v1/belege';
    }

    /**
     * @return list<array<string, mixed>>
     */
    public function list(string $type): array
    {
        switch ($type) {
            case 'offer':
                $segment = 'angebote';
                break;
            case 'order':
                $segment = 'auftraege';
                break;
            case 'delivery':
                $segment = 'lieferscheine';
                break;
            case 'invoice':
                $segment = 'rechnungen';
                break;
            case 'credit':
                $segment = 'gutschriften';
                break;
            default:
                throw new \InvalidArgumentException("Unknown document type '$type' (see /api/v1/belege for the list)");
        }

        $response = $this->http->get($this->base . '/' . $segment);
        $data = json_decode((string) $response->getBody(), true);

        return $data['data'] ?? [];
    }

    public function get(string $type, int $id): array
    {
        if (!isset(self::SINGLE[$type])) {
            throw new \InvalidArgumentException("Cannot read a single document of type '$type'");
        }
        $response = $this->http->get($this->base . '/' . self::SINGLE[$type] . '/' . $id);

        return json_decode((string) $response->getBody(), true) ?? [];
    }
}
