<?php

declare(strict_types=1);

/**
 * The old Standard API of Xentral (index.php?module=api), as the first shop modules used it:
 * every request carries the API id and a hash of the key and the current day.
 */
final class StandardApi
{
    private string $host;
    private int $apiId;
    private string $key;

    public function __construct(string $host, int $apiId, string $key)
    {
        $this->host = rtrim($host, '/');
        $this->apiId = $apiId;
        $this->key = $key;
    }

    private function hash(): string
    {
        return sha1($this->key . date('Ymd'));
    }

    /**
     * Calls one action with an XML payload, e.g. call('AuftragCreate', ['kundennummer' => '10001']).
     */
    public function call(string $action, array $data): SimpleXMLElement
    {
        $url = $this->host . '/index.php?module=api&action=' . $action . '&hash=' . $this->hash() . '&api_id=' . $this->apiId;
        $ch = curl_init($url);
        curl_setopt($ch, CURLOPT_POST, true);
        curl_setopt($ch, CURLOPT_POSTFIELDS, ['xml' => $this->toXml($data)]);
        curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
        $answer = curl_exec($ch);
        curl_close($ch);

        $xml = simplexml_load_string((string) $answer);
        if ($xml === false || (string) $xml->status->messageCode !== '1') {
            throw new RuntimeException("Standard API action $action failed");
        }

        return $xml;
    }

    public function serverTime(): string
    {
        $ch = curl_init($this->host . '/index.php?module=api&action=ServerTimeGet&hash=' . $this->hash() . '&api_id=' . $this->apiId);
        curl_setopt($ch, CURLOPT_HTTPGET, true);
        curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
        $answer = (string) curl_exec($ch);
        curl_close($ch);

        return (string) simplexml_load_string($answer)->xml->servertime;
    }

    private function toXml(array $data): string
    {
        $xml = new SimpleXMLElement('<request/>');
        array_walk_recursive($data, static function ($value, $key) use ($xml): void {
            $xml->addChild((string) $key, htmlspecialchars((string) $value));
        });

        return $xml->asXML();
    }
}
