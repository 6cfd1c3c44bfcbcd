<?php

declare(strict_types=1);

/**
 * Legacy REST API over curl, authenticated with the API account (HTTP Digest).
 */
final class XentralApi
{
    private string $base;
    private string $user;
    private string $password;

    public function __construct(string $host, string $user, string $password)
    {
        $this->base = rtrim($host, '/') . '/api';
        $this->user = $user;
        $this->password = $password;
    }

    /**
     * Sends one request; $path is relative to the API root, e.g. "/v1/adressen".
     *
     * @return array{status: int, body: mixed}
     */
    public function call(string $method, string $path, ?array $body = null): array
    {
        $ch = curl_init($this->base . $path);
        curl_setopt($ch, CURLOPT_CUSTOMREQUEST, $method);
        curl_setopt($ch, CURLOPT_HTTPAUTH, CURLAUTH_DIGEST);
        curl_setopt($ch, CURLOPT_USERPWD, $this->user . ':' . $this->password);
        curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
        curl_setopt($ch, CURLOPT_HTTPHEADER, ['Accept: application/json', 'Content-Type: application/json']);
        if ($body !== null) {
            curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode($body, JSON_THROW_ON_ERROR));
        }
        $raw = curl_exec($ch);
        if ($raw === false) {
            $error = curl_error($ch);
            curl_close($ch);
            throw new RuntimeException("Xentral request $method $path failed: $error");
        }
        $status = (int) curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
        curl_close($ch);

        return ['status' => $status, 'body' => json_decode((string) $raw, true)];
    }

    /**
     * Streams a binary answer (PDF, file) into $target.
     */
    public function download(string $path, string $target): bool
    {
        $fp = fopen($target, 'wb');
        $ch = curl_init($this->base . $path);
        curl_setopt_array($ch, [
            CURLOPT_HTTPGET => true,
            CURLOPT_HTTPAUTH => CURLAUTH_DIGEST,
            CURLOPT_USERPWD => $this->user . ':' . $this->password,
            CURLOPT_FILE => $fp,
            CURLOPT_FAILONERROR => true,
        ]);
        $ok = curl_exec($ch);
        curl_close($ch);
        fclose($fp);

        return $ok !== false;
    }
}
