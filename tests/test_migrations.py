"""The migration map (``data/migrations/*.yaml``): every legacy endpoint has exactly one entry, and every
target is a real operation of the two reference specs.

The checks read the migration files and the legacy endpoint files as plain YAML and the reference
tables and specs as they are, so they hold even while another part of the dataset does not load;
``xreg validate`` on the whole dataset is checked separately.
"""
from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from registry.cli import main

DATA = Path(__file__).resolve().parent.parent / "data"
SPEC_FILES = {
    "xentral-api.openapi-3.0.0.json": "xentral/api-spec-public:openapi/xentral-api.openapi-3.0.0.json",
    "xentral-documents-api.openapi-3.1.0.json": "xentral/api-spec-public:openapi/xentral-documents-api.openapi-3.1.0.json",
}
HTTP = ("get", "post", "put", "patch", "delete", "head", "options")
#: Which current-API method may stand in for a legacy REST method in an exact migration.
SAME_KIND = {"GET": {"GET"}, "POST": {"POST"}, "PUT": {"PUT", "PATCH"}, "DELETE": {"DELETE"}}


def _migrations() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for file in sorted((DATA / "migrations").glob("*.yaml")):
        out.extend(yaml.safe_load(file.read_text(encoding="utf-8"))["migrations"])
    return out


def _legacy_endpoints() -> dict[str, dict[str, Any]]:
    """Legacy endpoint id -> its record, read from data/rest and data/standard as plain YAML."""
    out: dict[str, dict[str, Any]] = {}
    for folder in ("rest", "standard"):
        for file in sorted((DATA / folder).glob("*.yaml")):
            for ep in yaml.safe_load(file.read_text(encoding="utf-8"))["endpoints"]:
                out[ep["id"]] = ep
    return out


def _spec_operations(reference_dir: Path) -> dict[str, tuple[str, str, list[str]]]:
    """Current-API id -> (method, spec file, x-scopes), computed with the project's id scheme."""
    ops: dict[str, tuple[str, str, list[str]]] = {}
    for name in SPEC_FILES:
        spec = json.loads((reference_dir / name).read_text(encoding="utf-8"))
        for path, item in spec["paths"].items():
            segments = path.strip("/").split("/")[1:]  # drop "api"
            version = segments.pop(0) if re.fullmatch(r"v\d+", segments[0]) else None
            group, rest = segments[0], segments[1:]
            bare = [re.sub(r"[^A-Za-z0-9_-]", "-", s.strip("{}")) for s in rest]
            for method in HTTP:
                if method in item:
                    eid = f"xentral.{group}." + "-".join([method] + ([version] if version else []) + bare)
                    assert eid not in ops, f"id scheme collision: {eid}"
                    ops[eid] = (method.upper(), name, list(item[method].get("x-scopes", [])))
    return ops


def test_every_legacy_endpoint_is_covered_exactly_once(reference_dir):
    with open(reference_dir / "legacy-rest-routes.tsv", encoding="utf-8") as fh:
        routes = {(row["method"], row["route"]) for row in csv.DictReader(fh, delimiter="\t")}
    with open(reference_dir / "standard-api-actions.tsv", encoding="utf-8") as fh:
        actions = {row["action"] for row in csv.DictReader(fh, delimiter="\t")}
    legacy = _legacy_endpoints()
    by_key = {(ep["method"], ep["path"]) if "path" in ep else ep["action"]: eid for eid, ep in legacy.items()}
    expected = [by_key[key] for key in sorted(routes)] + [by_key[a] for a in sorted(actions)]
    assert (len(routes), len(actions), len(expected)) == (159, 120, 279)

    migrations = _migrations()
    named = Counter(ref for m in migrations for ref in m["legacy"])
    fits = Counter(m["fit"] for m in migrations)
    summary = f"{len(migrations)} migrations, per fit: {dict(sorted(fits.items()))}"
    assert [e for e in expected if named[e] != 1] == [], f"not covered exactly once ({summary})"
    assert sorted(set(named) - set(expected)) == [], f"names no legacy endpoint ({summary})"
    assert len({m["id"] for m in migrations}) == len(migrations), summary


def test_every_target_is_an_operation_of_the_reference_specs(reference_dir):
    ops = _spec_operations(reference_dir)
    assert len(ops) == 243 + 217
    unknown = sorted({t for m in _migrations() for t in m.get("targets", []) if t not in ops})
    assert unknown == []


def test_fit_reason_and_sources_agree_with_the_targets(reference_dir):
    ops = _spec_operations(reference_dir)
    problems = []
    for m in _migrations():
        targets = m.get("targets", [])
        if not m["reason"].strip():
            problems.append(f"{m['id']}: empty reason")
        if (m["fit"] == "none") != (not targets):
            problems.append(f"{m['id']}: fit {m['fit']} with {len(targets)} targets")
        for t in (t for t in targets if t in ops):  # unknown targets: the test above
            if SPEC_FILES[ops[t][1]] not in m["sources"]:
                problems.append(f"{m['id']}: {t} is from {ops[t][1]}, which the sources do not name")
        if any(t in ops and ops[t][1].startswith("xentral-documents") and not ops[t][2] for t in targets):
            problems.append(f"{m['id']}: a v3 target without scopes")
    assert problems == []


def test_exact_rest_migrations_keep_the_kind_of_operation(reference_dir):
    ops = _spec_operations(reference_dir)
    legacy = _legacy_endpoints()
    problems = []
    for m in _migrations():
        if m["fit"] != "exact" or not m["legacy"][0].startswith("rest."):
            continue
        methods = {legacy[ref]["method"] for ref in m["legacy"]}
        if len(methods) != 1:
            problems.append(f"{m['id']}: mixes {sorted(methods)}")
            continue
        allowed = SAME_KIND[methods.pop()]
        problems += [f"{m['id']}: {t} is {ops[t][0]}" for t in m["targets"] if t in ops and ops[t][0] not in allowed]
    assert problems == []


def test_xreg_validate_accepts_the_dataset_with_the_migrations(registry_data):
    result = CliRunner().invoke(main, ["validate", "--data", str(DATA)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"{len(_migrations())} migrations" in result.output
    legacy = [ep.id for ep in registry_data.endpoints.values() if ep.api in ("rest", "standard")]
    assert len(legacy) == 279
    assert [e for e in legacy if len(registry_data.migrations_for(e)) != 1] == []
