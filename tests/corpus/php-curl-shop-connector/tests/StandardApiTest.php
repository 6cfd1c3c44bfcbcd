<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/../lib/StandardApi.php';

final class StandardApiTest extends TestCase
{
    public function testTheHashChangesDaily(): void
    {
        $api = new StandardApi('http://localhost:8099', 1, 'key');
        $method = new ReflectionMethod(StandardApi::class, 'hash');

        self::assertSame(sha1('key' . date('Ymd')), $method->invoke($api));
    }

    public function testServerTimeAgainstTheStub(): void
    {
        // php -S localhost:8099 tests/stub.php must be running
        $ch = curl_init('http://localhost:8099/index.php?module=api&action=ServerTimeGet&hash=x&api_id=1');
        curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
        $answer = curl_exec($ch);
        curl_close($ch);

        self::assertStringContainsString('<servertime>', (string) $answer);
    }
}
