<?php
/*
 * Connector settings. Copy to config.local.php and fill in; config.local.php is not versioned.
 */
if (is_file(__DIR__ . '/config.local.php')) {
    require __DIR__ . '/config.local.php';
}

define('XENTRAL_URL', rtrim(getenv('XENTRAL_URL') ?: 'https://demo.xentral.biz', '/'));
define('XENTRAL_API_ROOT', XENTRAL_URL . '/api');
define('XENTRAL_USER', getenv('XENTRAL_USER') ?: 'shop');
define('XENTRAL_PASSWORD', getenv('XENTRAL_PASSWORD') ?: '');

// Standard API (old shop modules): API id and key from Administration → API
define('XENTRAL_API_ID', (int) (getenv('XENTRAL_API_ID') ?: 1));
define('XENTRAL_API_KEY', getenv('XENTRAL_API_KEY') ?: '');

define('SHOP_DB_DSN', getenv('SHOP_DB_DSN') ?: 'mysql:host=127.0.0.1;dbname=shop');
