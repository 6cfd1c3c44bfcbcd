import httpx
import pytest
import respx

from xentral_mcp.client import Xentral


@pytest.mark.asyncio
@respx.mock
async def test_products_sends_the_token():
    route = respx.get("https://t.xentral.biz/api/v1/products").mock(return_value=httpx.Response(200, json={"data": []}))

    await Xentral("https://t.xentral.biz", "pat").products()

    assert route.calls.last.request.headers["authorization"] == "Bearer pat"


@pytest.mark.asyncio
@respx.mock
async def test_v3_customers():
    respx.get("https://t.xentral.biz/api/v3/customers").mock(return_value=httpx.Response(200, json={"data": [1]}))

    async with httpx.AsyncClient() as raw:
        response = await raw.get("https://t.xentral.biz/api/v3/customers")

    assert response.json() == {"data": [1]}
