"""Declared query parameters of the current API: imported by ``xreg import-openapi`` (names only, issue 15 item 7)."""
from __future__ import annotations

import json
from pathlib import Path

from registry.loading.openapi import query_params

SPECS = ("xentral-api.openapi-3.0.0.json", "xentral-documents-api.openapi-3.1.0.json")


def test_query_params_are_names_of_in_query_parameters_with_refs_resolved() -> None:
    doc = {"components": {"parameters": {"Page": {"name": "page", "in": "query", "style": "deepObject"}}}}
    parameters = [{"$ref": "#/components/parameters/Page"}, {"name": "id", "in": "path"},
                  {"name": "filter", "in": "query"}, {"name": "Accept", "in": "header"}, {"name": "filter", "in": "query"}]
    assert query_params(doc, parameters) == ["filter", "page"]
    assert query_params(doc, []) == []


def test_shipped_dataset_holds_the_query_names_of_every_operation(reference_dir: Path, registry_data) -> None:
    by_route = {(ep.method, ep.path): ep for ep in registry_data.endpoints.values() if ep.api == "xentral"}
    declared = 0
    for name in SPECS:
        spec = json.loads((reference_dir / name).read_text(encoding="utf-8"))
        for path, item in spec["paths"].items():
            shared = [p["name"] for p in item.get("parameters", []) if p.get("in") == "query"]
            for method, op in item.items():
                if method == "parameters" or not isinstance(op, dict):
                    continue
                names = sorted({*shared, *(p["name"] for p in op.get("parameters", []) if p.get("in") == "query")})
                assert by_route[(method.upper(), path)].query == names, f"{method.upper()} {path}"
                declared += bool(names)
    assert declared == 94  # operations declaring at least one query parameter, in the two specs
