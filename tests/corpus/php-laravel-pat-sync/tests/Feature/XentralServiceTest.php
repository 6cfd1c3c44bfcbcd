<?php

namespace Tests\Feature;

use App\Services\Xentral\XentralService;
use Illuminate\Support\Facades\Http;
use Tests\TestCase;

class XentralServiceTest extends TestCase
{
    public function test_products_are_read_with_the_token(): void
    {
        config(['services.xentral.url' => 'https://test.xentral.biz', 'services.xentral.token' => 't0k3n']);
        Http::fake([
            'test.xentral.biz/api/v1/products*' => Http::response(['data' => [['id' => '1']]]),
            'test.xentral.biz/api/v1/salesOrders/*/actions/dispatch' => Http::response(null, 204),
        ]);

        $products = (new XentralService())->products();

        $this->assertSame([['id' => '1']], $products);
        Http::assertSent(fn ($request) => $request->hasHeader('Authorization', 'Bearer t0k3n')
            && $request->url() === 'https://test.xentral.biz/api/v1/products');
    }

    public function test_dispatch_posts_to_the_action(): void
    {
        Http::fake();

        Http::withToken('x')->post('https://test.xentral.biz/api/v1/salesOrders/42/actions/dispatch');

        Http::assertSentCount(1);
    }
}
