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


def _spec_operations(reference_dir: Path) -> dict[str, tuple[str, str, list[str], str, str]]:
    """Current-API id -> (method, spec file, x-scopes, path, maturity), computed with the project's id scheme."""
    ops: dict[str, tuple[str, str, list[str], str, str]] = {}
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
                    operation = item[method]
                    ops[eid] = (method.upper(), name, list(operation.get("x-scopes", [])), path, _maturity(operation))
    return ops


def test_every_legacy_endpoint_is_covered_exactly_once(reference_dir):
    with open(reference_dir / "legacy-rest-routes.tsv", encoding="utf-8") as fh:
        routes = {(row["method"], row["route"]) for row in csv.DictReader(fh, delimiter="\t")}
    with open(reference_dir / "standard-api-actions.tsv", encoding="utf-8") as fh:
        actions = {row["action"] for row in csv.DictReader(fh, delimiter="\t")}
    legacy = _legacy_endpoints()
    by_key = {(ep["method"], ep["path"]) if "path" in ep else ep["action"]: eid for eid, ep in legacy.items()}
    wrapper_only = sorted(eid for eid, ep in legacy.items() if ep.get("registered") is False)
    expected = [by_key[key] for key in sorted(routes)] + [by_key[a] for a in sorted(actions)] + wrapper_only
    assert (len(routes), len(actions), len(wrapper_only), len(expected)) == (159, 120, 8, 287)

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


def _maturity(operation: dict[str, Any]) -> str:
    """An operation's maturity as the specs mark it: ``x-beta``, or a leading marker of its summary."""
    if operation.get("x-beta"):
        return "beta"
    summary = operation.get("summary", "").lstrip().upper()
    markers = {"[EARLY ACCESS]": "early-access", "[ALPHA]": "alpha", "[BETA]": "beta"}
    return next((name for marker, name in markers.items() if summary.startswith(marker)), "stable")


def _same_operation(method: str, path: str) -> tuple[str, ...]:
    """The method and the path below /api/vN, placeholders alike and a literal's plural s dropped."""
    segments = re.sub(r"^/api/v\d+", "", path).strip("/").split("/")
    return (method, *("{}" if s.startswith("{") else s.lower().removesuffix("s") for s in segments))


#: Migrations that name a pre-release target although a stable operation of the same method and path exists,
#: and the words of their reason that say why the stable one does not do the job.
NOT_THE_SAME_JOB = {
    "rest.adressen.update": "v1 PATCH changes tags only",
    "standard.AdresseEdit": "v1 PATCH changes tags only",
    "standard.RechnungCreate": "the v1 POST only creates from a sales order",
    "standard.GutschriftCreate": "the v1 POST only creates from an invoice",
    "standard.AdresseGruppenList": "the v1 customer view carries no groups",
}


def test_a_prerelease_target_comes_after_its_stable_twin(reference_dir):
    """Where a target is beta, early access or alpha and the same operation is stable in another version,
    the stable one is a target too, listed before it (data/README.md, "Targets are what the caller needs")."""
    ops = _spec_operations(reference_dir)
    stable: dict[tuple[str, ...], set[str]] = {}
    for eid, (method, _file, _scopes, path, maturity) in ops.items():
        if maturity == "stable":
            stable.setdefault(_same_operation(method, path), set()).add(eid)
    problems, excused = [], []
    for m in _migrations():
        targets = m.get("targets", [])
        for i, t in enumerate(targets):
            method, _file, _scopes, path, maturity = ops[t]
            twins = stable.get(_same_operation(method, path), set()) - {t}
            if maturity == "stable" or not twins or twins & set(targets[:i]):
                continue
            if NOT_THE_SAME_JOB.get(m["id"], "\0") in m["reason"]:
                excused.append(m["id"])
            else:
                problems.append(f"{m['id']}: {t} ({maturity}) without a stable {sorted(twins)} before it")
    assert problems == []
    assert sorted(excused) == sorted(NOT_THE_SAME_JOB)


def test_xreg_validate_accepts_the_dataset_with_the_migrations(registry_data):
    result = CliRunner().invoke(main, ["validate", "--data", str(DATA)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"{len(_migrations())} migrations" in result.output
    legacy = [ep.id for ep in registry_data.endpoints.values() if ep.api in ("rest", "standard")]
    assert len(legacy) == 287
    assert [e for e in legacy if len(registry_data.migrations_for(e)) != 1] == []
