<?php

declare(strict_types=1);

namespace Nordlicht\Xentral;

/**
 * Resource paths of the legacy REST API, relative to the version root.
 */
final class Routes
{
    public const BASE_PATH = '/api/v1';

    public const ORDERS = '/belege/auftraege';
    public const INVOICES = '/belege/rechnungen';
    public const TRACKING = '/trackingnummern';

    private function __construct()
    {
    }
}
