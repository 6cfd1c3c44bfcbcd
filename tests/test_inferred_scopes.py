"""Inferred scopes come from an operation on the same resource (issue 15, item 5).

The 24.48 spec publishes no scopes, so the token recipe infers the scope of a v1/v2 target. The pattern is
the documents spec's: every operation on a path family (the literal segments below ``/api/v3``) publishes
scopes of one resource, and a sub-resource without scopes of its own (line items, files, contact persons)
publishes its parent's (``/api/v3/salesOrders/{id}/lineItems`` needs ``salesOrder:update``), while
``/api/v3/products/{id}/calculationItems`` has its own (``productCalculation``). The test reads that
pattern from the real spec file, not from the dataset or the advisor's code, and checks every inferred
scope of the shipped dataset against it.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from registry.advising import scopes_for

CRUD = {"read", "create", "update", "delete"}


def _family(path: str) -> tuple[str, ...]:
    """``/api/v3/products/{id}/calculationItems/{itemId}`` -> ``('product', 'calculationitem')`` (a plural s dropped)."""
    below = re.sub(r"^/api/v\d+", "", path)
    below = below.split("/actions/")[0]
    return tuple(re.sub(r"s$", "", s.lower()) for s in below.split("/") if s and not s.startswith("{"))


@pytest.fixture(scope="module")
def published(reference_dir: Path) -> tuple[dict[tuple[str, ...], set[str]], dict[str, set[str]]]:
    """From the documents spec: scope resources per path family, and the actions published per resource."""
    spec = json.loads((reference_dir / "xentral-documents-api.openapi-3.1.0.json").read_text(encoding="utf-8"))
    families: dict[tuple[str, ...], set[str]] = {}
    actions: dict[str, set[str]] = {}
    for path, item in spec["paths"].items():
        for op in item.values():
            if not isinstance(op, dict):
                continue
            for scope in op.get("x-scopes", []):
                resource, action = scope.split(":")
                families.setdefault(_family(path), set()).add(resource)
                actions.setdefault(resource, set()).add(action)
    return families, actions


def _nearest(families: dict[tuple[str, ...], set[str]], family: tuple[str, ...]) -> set[str]:
    for size in range(len(family), 0, -1):
        if family[:size] in families:
            return families[family[:size]]
    return set()


def test_documents_spec_shows_one_scope_resource_per_family(published: Any) -> None:
    families, _ = published
    assert families[("product",)] == {"product"}
    assert families[("product", "calculationitem")] == {"productCalculation"}
    assert families[("salesorder", "lineitem")] == {"salesOrder"}
    assert families[("customer", "contactperson")] == {"customer"}
    assert all(len(resources) == 1 for resources in families.values())


def test_every_inferred_scope_comes_from_its_path_family(registry_data: Any, published: Any) -> None:
    families, actions = published
    checked = empty = 0
    for ep in registry_data.endpoints.values():
        if ep.api != "xentral" or ep.scopes or ep.path is None:
            continue
        scopes, inferred = scopes_for(registry_data, ep)
        assert inferred, ep.id
        allowed = _nearest(families, _family(ep.path))
        if not allowed:
            assert scopes == [], f"{ep.id}: no operation of its family or above publishes a scope, got {scopes}"
            empty += 1
            continue
        for scope in scopes:
            resource, action = scope.split(":")
            assert resource in allowed, f"{ep.method} {ep.path}: {scope} is not a scope of its family ({allowed})"
            assert action in CRUD or action in actions[resource], f"{ep.id}: {scope} is published nowhere"
            checked += 1
    assert (checked, empty) == (113, 130)


@pytest.mark.parametrize(("method", "path", "expected"), [
    ("DELETE", "/api/v1/products", ["product:delete"]),  # bulk: was productCalculation:delete
    ("PATCH", "/api/v1/products", ["product:update"]),  # bulk: was productCalculation:update
    ("PATCH", "/api/v1/products/{id}", ["product:update"]),  # the v3 twin's
    ("GET", "/api/v1/products/{id}/parts", ["product:read"]),  # a sub-resource takes its parent's
    ("POST", "/api/v1/products/{id}/actions/createVariants", ["product:update"]),  # an unpublished action on one record
    ("POST", "/api/v1/salesOrders/actions/import", ["salesOrder:create"]),  # one on the collection: the method's
    ("GET", "/api/v1/salesOrders", ["salesOrder:read"]),  # the v3 twin's
    ("POST", "/api/v2/customers", ["customer:create"]),
    ("GET", "/api/v1/analytics/report/{id}/export", []),  # no operation of analytics publishes a scope
    ("GET", "/api/v1/users", []),
])
def test_inferred_scopes_of_known_endpoints(registry_data: Any, method: str, path: str, expected: list[str]) -> None:
    [ep] = [e for e in registry_data.endpoints.values() if e.method == method and e.path == path]
    assert scopes_for(registry_data, ep) == (expected, True)
