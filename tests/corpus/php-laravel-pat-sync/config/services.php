<?php

return [

    'mailgun' => [
        'domain' => env('MAILGUN_DOMAIN'),
        'secret' => env('MAILGUN_SECRET'),
    ],

    // Personal access token of the integration user (Xentral → Account → Developer settings)
    'xentral' => [
        'url' => env('XENTRAL_URL', 'https://example.xentral.biz'),
        'token' => env('XENTRAL_TOKEN'),
        'timeout' => (int) env('XENTRAL_TIMEOUT', 20),
    ],

];
