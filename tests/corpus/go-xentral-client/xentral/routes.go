package xentral

// Route names an endpoint in errors and metrics; it is never used to build a URL.
type Route string

const (
	RouteProducts     Route = "/api/v1/products"
	RouteSalesOrders  Route = "/api/v1/salesOrders"
	RouteImport       Route = "/api/v1/salesOrders/actions/import"
	RouteV3Invoices   Route = "/api/v3/invoices"
)

// CallError wraps a non-2xx answer.
type CallError struct {
	Route  Route
	Status int
	Body   string
}

func (e *CallError) Error() string {
	return string(e.Route) + ": unexpected status " + statusText(e.Status)
}

func statusText(code int) string {
	return map[int]string{400: "400 Bad Request", 401: "401 Unauthorized", 403: "403 Forbidden", 404: "404 Not Found"}[code]
}
