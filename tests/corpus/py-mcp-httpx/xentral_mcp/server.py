"""The MCP server: one tool per task an assistant is allowed to do in Xentral."""
from __future__ import annotations

import json
from typing import Any, Literal

from mcp.server.fastmcp import FastMCP

from .client import Xentral
from .config import INSTANCE_URL, SALES_ORDERS, TOKEN
from .reports import export_report, run_query

mcp = FastMCP("xentral")
xentral = Xentral(INSTANCE_URL, TOKEN)


def _dump(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


@mcp.tool()
async def search_products(search: str = "", page: int = 1) -> str:
    """Search products by name or number (GET /api/v1/products, filtered)."""
    return _dump(await xentral.products(page=page, search=search or None))


@mcp.tool()
async def get_product(product_id: str) -> str:
    """One product with prices and stock."""
    return _dump(await xentral.product(product_id))


@mcp.tool()
async def bill_of_materials(product_id: str) -> str:
    """The parts a product is made of."""
    return _dump(await xentral.product_parts(product_id))


@mcp.tool()
async def list_sales_orders() -> str:
    """Open sales orders."""
    return _dump(await xentral.sales_orders())


@mcp.tool()
async def import_sales_order(order_json: str) -> str:
    """Create a sales order via POST /api/v1/salesOrders/actions/import.

    ``order_json`` is the body of the import action as JSON.
    """
    return _dump(await xentral.import_order(json.loads(order_json)))


@mcp.tool()
async def update_sales_order(order_id: str, fields_json: str) -> str:
    """Change fields of an order; only the fields given change."""
    return _dump(await xentral.request("PATCH", f"{SALES_ORDERS}/{order_id}", json=json.loads(fields_json)))


@mcp.tool()
async def order_action(order_id: str, action: Literal["dispatch", "cancel"]) -> str:
    """Dispatch or cancel a sales order."""
    return _dump(await xentral.request("POST", f"/v1/salesOrders/{order_id}/actions/{action}"))


@mcp.tool()
async def customer(customer_id: str) -> str:
    """A customer of the v3 API with contact persons."""
    data = await xentral.customer(customer_id)
    data["contactPersons"] = await xentral.contact_persons(customer_id)
    return _dump(data)


@mcp.tool()
async def list_customers() -> str:
    """All customers (first page)."""
    return _dump(await xentral.customers())


@mcp.tool()
async def set_customer_email(customer_id: str, email: str) -> str:
    """Set the e-mail address of a customer."""
    await xentral.update_customer(customer_id, {"email": email})
    return "ok"


@mcp.tool()
async def remove_delivery_address(customer_id: str, address_id: str) -> str:
    """Remove one delivery address of a customer."""
    await xentral.delete_delivery_address(customer_id, address_id)
    return "ok"


@mcp.tool()
async def analytics_query(query_json: str) -> str:
    """Run an analytics query; see the analytics documentation at /api/v1/analytics/documentation."""
    return _dump(await run_query(json.loads(query_json)))


@mcp.tool()
async def report_export(report_id: str) -> str:
    """Export a saved analytics report as CSV."""
    return await export_report(report_id)


def main() -> None:
    mcp.run()


if __name__ == "__main__":
    main()
