<?php

declare(strict_types=1);

namespace Nordlicht\Xentral\Tests;

use GuzzleHttp\Client;
use GuzzleHttp\Handler\MockHandler;
use GuzzleHttp\HandlerStack;
use GuzzleHttp\Middleware;
use GuzzleHttp\Psr7\Response;
use Nordlicht\Xentral\XentralClient;
use PHPUnit\Framework\TestCase;

final class XentralClientTest extends TestCase
{
    /** @var list<array{request: \Psr\Http\Message\RequestInterface}> */
    private array $history = [];

    private function client(array $responses): XentralClient
    {
        $mock = new MockHandler($responses);
        $stack = HandlerStack::create($mock);
        $stack->push(Middleware::history($this->history));
        $client = new XentralClient('https://test.xentral.biz', 'user', 'secret');
        $property = new \ReflectionProperty(XentralClient::class, 'client');
        $property->setValue($client, new Client(['handler' => $stack]));

        return $client;
    }

    public function testListAddressesSendsTheFilter(): void
    {
        $client = $this->client([new Response(200, [], file_get_contents(__DIR__ . '/fixtures/addresses.json'))]);

        $client->listAddresses(['kundennummer' => '10001']);

        $request = $this->history[0]['request'];
        self::assertSame('GET', $request->getMethod());
        self::assertSame('/api/v1/adressen', $request->getUri()->getPath());
        self::assertSame('kundennummer=10001', $request->getUri()->getQuery());
    }

    public function testUpdateAddressUsesPut(): void
    {
        $client = $this->client([new Response(200, [], '{"id": 7}')]);

        $client->updateAddress(7, ['name' => 'Neu']);

        self::assertSame('PUT', $this->history[0]['request']->getMethod());
        self::assertSame('/api/v1/adressen/7', $this->history[0]['request']->getUri()->getPath());
    }

    public function testTheRawRouteStillAnswers(): void
    {
        $raw = new Client(['handler' => HandlerStack::create(new MockHandler([new Response(200)]))]);

        $response = $raw->get('https://test.xentral.biz/api/v1/belege/auftraege/12');

        self::assertSame(200, $response->getStatusCode());
    }

    public function testDeleteInvoice(): void
    {
        $client = $this->client([new Response(204)]);

        $client->deleteInvoice(5);

        self::assertSame('DELETE', $this->history[0]['request']->getMethod());
        self::assertSame('/api/v1/belege/rechnungen/5', $this->history[0]['request']->getUri()->getPath());
    }
}
