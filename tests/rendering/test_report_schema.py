"""The report's JSON Schema is generated from the typed view (``registry.rendering.report_types``), and keys
are only ever added: every key of the snapshot (the schema as it stood, key paths one a line) is still there."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from registry.rendering.report import SCHEMA_PATH
from registry.rendering.report_types import report_schema, schema_text

SNAPSHOT = Path(__file__).resolve().parents[1] / "fixtures" / "report-schema-keys.txt"


def key_paths(schema: dict[str, Any]) -> Iterator[str]:
    """Every key the schema allows, as a path (``calls[].evidence.statuses``), $refs followed."""
    defs = schema.get("$defs", {})

    def walk(node: Any, path: str) -> Iterator[str]:
        if not isinstance(node, dict):
            return
        if "$ref" in node:
            yield from walk(defs[node["$ref"].rsplit("/", 1)[1]], path)
        for key, child in node.get("properties", {}).items():
            here = f"{path}.{key}" if path else key
            yield here
            yield from walk(child, here)
        if isinstance(node.get("items"), dict):
            yield from walk(node["items"], path + "[]")
        if isinstance(node.get("additionalProperties"), dict):
            yield from walk(node["additionalProperties"], path + "{}")
        for union in ("anyOf", "oneOf"):
            for option in node.get(union, []):
                yield from walk(option, path)

    yield from walk(schema, "")


def test_the_committed_schema_is_the_generated_one():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "run: python -m registry.rendering.report_types > registry/rendering/report.schema.json")


def test_keys_are_only_ever_added():
    generated = set(key_paths(report_schema()))
    snapshot = SNAPSHOT.read_text(encoding="utf-8").split()
    assert len(snapshot) >= 120 and snapshot == sorted(set(snapshot))
    assert [k for k in snapshot if k not in generated] == []


def test_every_object_is_closed_and_every_key_required():
    schema = report_schema()
    open_objects, optional = [], []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if "properties" in node:
                if node.get("additionalProperties") is not False:
                    open_objects.append(where)
                if set(node.get("required", [])) != set(node["properties"]):
                    optional.append(where)
            for key, child in node.items():
                walk(child, f"{where}/{key}")
        elif isinstance(node, list):
            for i, child in enumerate(node):
                walk(child, f"{where}/{i}")

    walk(schema, "#")
    assert (open_objects, optional) == ([], [])
    assert schema["properties"]["format_version"] == {"const": 1, "type": "integer"}
