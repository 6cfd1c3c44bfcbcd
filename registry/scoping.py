"""Which PAT scopes the endpoints of the dataset need, and which endpoints need a scope.

Scopes come from the specs' ``x-scopes`` (``Endpoint.scopes``); endpoints marked removed are left out::

    scope_index(reg)["salesOrder:release"]   -> ["xentral.salesOrders.patch-v3-id-actions-release"]
    scope_index(reg, ["xentral.invoices.get-v3", "xentral.offers.get-v3"])
    -> {"invoice:read": ["xentral.invoices.get-v3"], "offer:read": ["xentral.offers.get-v3"]}
"""
from __future__ import annotations

from registry.dataset import Registry


def scope_index(reg: Registry, endpoint_ids: list[str] | None = None) -> dict[str, list[str]]:
    """Scope -> ids of the endpoints that need it, both sorted; limited to ``endpoint_ids`` when given.

    Raises ``UsageError`` for an unknown endpoint id.
    """
    if endpoint_ids:
        endpoints = [reg.endpoint(i) for i in endpoint_ids]
    else:
        endpoints = [ep for ep in reg.endpoints.values() if ep.status != "removed"]
    index: dict[str, set[str]] = {}
    for ep in endpoints:
        for scope in ep.scopes:
            index.setdefault(scope, set()).add(ep.id)
    return {scope: sorted(ids) for scope, ids in sorted(index.items())}
