<?php
// Local stub of the endpoints the connector calls: php -S localhost:8099 tests/stub.php
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
switch ($path) {
    case '/api/v1/artikel':
        echo json_encode(['data' => [['id' => 1, 'nummer' => '1000']], 'pagination' => ['page_last' => 1]]);
        break;
    case '/api/shopimport/status':
        echo json_encode(['status' => 'connected']);
        break;
    case '/index.php':
        header('Content-Type: text/xml');
        echo '<response><status><messageCode>1</messageCode></status><xml><servertime>2024-05-01 10:00:00</servertime></xml></response>';
        break;
    default:
        http_response_code(404);
}
