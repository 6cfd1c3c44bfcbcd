"""Analytics through aiohttp: queries can run long, so they stream instead of going through httpx."""
from __future__ import annotations

from typing import Any

import aiohttp

from .config import INSTANCE_URL, TOKEN

_HEADERS = {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"}


async def run_query(query: dict[str, Any]) -> Any:
    async with aiohttp.ClientSession(headers=_HEADERS) as session:
        async with session.post(f"{INSTANCE_URL}/api/v1/analytics/query", json=query) as resp:
            resp.raise_for_status()
            return await resp.json()


async def export_report(report_id: str) -> str:
    async with aiohttp.ClientSession(headers=_HEADERS) as session:
        async with session.get(f"{INSTANCE_URL}/api/v1/analytics/report/{report_id}/export") as resp:
            resp.raise_for_status()
            return await resp.text()


async def credit() -> Any:
    async with aiohttp.ClientSession(headers=_HEADERS) as session:
        resp = await session.request("GET", INSTANCE_URL + "/api/v1/analytics/credit")
        return await resp.json()
