"""Async client for the Xentral API, authenticated with a personal access token."""
from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urljoin

import httpx

from .config import PAGE_SIZE, PRODUCTS, SALES_ORDERS

log = logging.getLogger(__name__)


class XentralError(RuntimeError):
    pass


class Xentral:
    """One instance per server; ``request`` takes paths below ``/api`` such as ``/v1/products``."""

    def __init__(self, host: str, token: str) -> None:
        self.base = f"{host.rstrip('/')}/api"
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        self._client = httpx.AsyncClient(headers=headers, timeout=30.0)
        self._v3 = httpx.AsyncClient(base_url=f"{host.rstrip('/')}/api/v3", headers=headers, timeout=30.0)

    async def aclose(self) -> None:
        await self._client.aclose()
        await self._v3.aclose()

    async def request(self, method: str, path: str, **kwargs: Any) -> Any:
        response = await self._client.request(method, self.base + path, **kwargs)
        if response.status_code >= 400:
            log.warning("xentral %s %s -> %s", method, path, response.status_code)
            raise XentralError(f"{method} {path}: {response.status_code} {response.text[:200]}")
        return response.json() if response.content else None

    # products -------------------------------------------------------------------------------

    async def products(self, page: int = 1, search: str | None = None) -> Any:
        params: dict[str, Any] = {"page[number]": page, "page[size]": PAGE_SIZE}
        if search:
            params.update({"filter[0][key]": "search", "filter[0][op]": "contains", "filter[0][value]": search})
        return await self.request("GET", PRODUCTS, params=params)

    async def product(self, product_id: str) -> Any:
        return await self.request("GET", f"{PRODUCTS}/{product_id}")

    async def product_parts(self, product_id: str) -> Any:
        return await self.request("GET", PRODUCTS + "/" + product_id + "/parts")

    # sales orders ---------------------------------------------------------------------------

    async def sales_orders(self) -> Any:
        return await self.request("GET", SALES_ORDERS)

    async def sales_order(self, order_id: str) -> Any:
        return await self.request("GET", "%s/%s" % (SALES_ORDERS, order_id))

    async def import_order(self, order: dict[str, Any]) -> Any:
        return await self.request("POST", f"{SALES_ORDERS}/actions/import", json=order)

    # customers (v3) -------------------------------------------------------------------------

    async def customers(self) -> Any:
        response = await self._v3.get("/customers")
        response.raise_for_status()
        return response.json()

    async def customer(self, customer_id: str) -> Any:
        response = await self._client.get(f"{self.base}/v3/customers/{customer_id}")
        response.raise_for_status()
        return response.json()

    async def update_customer(self, customer_id: str, fields: dict[str, Any]) -> None:
        url = urljoin(self.base + "/", f"v3/customers/{customer_id}")
        response = await self._client.patch(url, json=fields)
        response.raise_for_status()

    async def contact_persons(self, customer_id: str) -> Any:
        response = await self._v3.get(f"/customers/{customer_id}/contactPersons")
        response.raise_for_status()
        return response.json()

    async def delete_delivery_address(self, customer_id: str, address_id: str) -> None:
        response = await self._v3.delete(f"/customers/{customer_id}/deliveryAddresses/{address_id}")
        response.raise_for_status()
