package de.kistenwerk.xentral;

/**
 * Endpoints as metric tags. The values document the route; requests are built elsewhere.
 */
public enum Endpoint {
    PRODUCTS("/api/v1/products"),
    SALES_ORDER_IMPORT("/api/v1/salesOrders/actions/import"),
    INVOICES_V3("/api/v3/invoices");

    private final String route;

    Endpoint(String route) {
        this.route = route;
    }

    public String route() {
        return route;
    }
}
