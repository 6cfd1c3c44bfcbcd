<?php

namespace App\Console\Commands;

use App\Models\Order;
use Illuminate\Console\Command;
use Illuminate\Support\Facades\Http;
use Illuminate\Support\Facades\Log;

class ImportOrders extends Command
{
    protected $signature = 'xentral:import-orders {--dry-run : Only show what would be sent}';

    protected $description = 'Imports paid shop orders into Xentral via POST /api/v1/salesOrders/actions/import.';

    public function handle(): int
    {
        $base = rtrim(config('services.xentral.url'), '/');
        $token = config('services.xentral.token');

        $orders = Order::query()->where('status', 'paid')->whereNull('xentral_id')->limit(100)->get();
        foreach ($orders as $order) {
            if ($this->option('dry-run')) {
                $this->line("would import {$order->number}");
                continue;
            }
            $response = Http::withToken($token)
                ->post($base . '/api/v1/salesOrders/actions/import', $order->toXentralPayload());
            if ($response->failed()) {
                Log::warning("Xentral import failed for {$order->number}", ['body' => $response->body()]);
                continue;
            }
            $order->update(['xentral_id' => $response->json('id')]);
        }

        // open balances of the documents the shop shows in the customer account
        $documents = Order::query()->whereNotNull('xentral_document_id')->where('balance_checked', false)->get();
        foreach ($documents as $order) {
            foreach (['invoices', 'creditNotes'] as $kind) {
                $balance = Http::withToken($token)->get("{$base}/api/v1/{$kind}/{$order->xentral_document_id}/balance")->json('data');
                $order->balances()->updateOrCreate(['kind' => $kind], ['amount' => $balance['open'] ?? 0]);
            }
        }

        return self::SUCCESS;
    }
}
