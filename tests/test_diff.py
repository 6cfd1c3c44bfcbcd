"""``xreg diff``: operations added, removed, moved and changed between two specs or two datasets.

The expected counts between the 24.2.5 and 24.48.10 specs are derived here straight from the two JSON
files, in a few plain loops, not through the product's code.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from registry.cli import main
from registry.loading.importer import import_specs

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "openapi"
OLD = "history/xentral-api-24.2.5.openapi-3.0.0.json"
NEW = "xentral-api.openapi-3.0.0.json"


def raw_operations(path: Path) -> list[dict]:
    """method, path, operationId, maturity marker of every operation, read directly from the JSON."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for p, item in doc["paths"].items():
        for method, op in item.items():
            summary = op.get("summary", "")
            marker = next((m for m in ("[EARLY ACCESS]", "[ALPHA]", "[BETA]") if summary.startswith(m)), "")
            out.append({"method": method.upper(), "path": p, "opid": op["operationId"],
                        "scopes": op.get("x-scopes", []), "marker": "beta" if op.get("x-beta") else marker})
    return out


def expected_counts(old_ops: list[dict], new_ops: list[dict]) -> dict[str, int]:
    """Pair by operationId, then by method+path, then by method+path without /vN (one to one only)."""
    old_left, new_left, pairs = list(old_ops), list(new_ops), []
    for key in (lambda o: o["opid"], lambda o: (o["method"], o["path"])):
        for o in list(old_left):
            hits = [n for n in new_left if key(n) == key(o)]
            if hits:
                pairs.append((o, hits[0]))
                old_left.remove(o)
                new_left.remove(hits[0])

    def unversioned(o: dict) -> tuple[str, str]:
        return o["method"], re.sub(r"^/api/v\d+/", "/api/", o["path"])

    for o in list(old_left):
        hits = [n for n in new_left if unversioned(n) == unversioned(o)]
        same_old = [x for x in old_left if unversioned(x) == unversioned(o)]
        if len(hits) == 1 and len(same_old) == 1:
            pairs.append((o, hits[0]))
            old_left.remove(o)
            new_left.remove(hits[0])
    moved = sum(1 for o, n in pairs if o["path"] != n["path"])
    changed = sum(1 for o, n in pairs if o["path"] == n["path"] and
                  (o["method"], o["scopes"], o["marker"]) != (n["method"], n["scopes"], n["marker"]))
    return {"added": len(new_left), "removed": len(old_left), "moved": moved, "changed": changed,
            "unchanged": len(pairs) - moved - changed}


def test_diff_24_2_5_to_24_48_10_counts_moves_not_removals(reference_dir: Path) -> None:
    old_ops, new_ops = raw_operations(reference_dir / OLD), raw_operations(reference_dir / NEW)
    expected = expected_counts(old_ops, new_ops)
    # Every old path was unversioned (/api/x); the new spec has only /api/v1 and /api/v2 paths.
    assert all(not re.match(r"^/api/v\d+/", o["path"]) for o in old_ops)
    assert expected["moved"] == len(old_ops) - expected["removed"]
    result = CliRunner().invoke(main, ["diff", str(reference_dir / OLD), str(reference_dir / NEW), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["counts"] == expected
    assert (out["old"]["operations"], out["new"]["operations"]) == (len(old_ops), len(new_ops)) == (151, 243)
    assert len(out["added"]) == expected["added"] and len(out["moved"]) == expected["moved"]
    stderr = ", ".join(f"{n} {k}" for k, n in expected.items())
    assert result.stderr == f"xreg: {stderr}\n"


def test_diff_reports_each_move_with_how_it_was_paired(reference_dir: Path) -> None:
    result = CliRunner().invoke(main, ["diff", str(reference_dir / OLD), str(reference_dir / NEW), "--format", "json"])
    moved = {(m["old"]["method"], m["old"]["path"]): m for m in json.loads(result.stdout)["moved"]}
    # same operationId, new path that is more than a version prefix (the date segment went away)
    tax = moved[("GET", "/api/taxRates/{countryCode}/{date}")]
    assert (tax["new"]["path"], tax["paired_by"]) == ("/api/v1/taxRates/{countryCode}", "operationId")
    assert tax["changes"] == [
        {"field": "path", "old": "/api/taxRates/{countryCode}/{date}", "new": "/api/v1/taxRates/{countryCode}"},
        {"field": "maturity", "old": "early-access", "new": "stable"},
    ]
    by_move = [m for m in moved.values() if m["paired_by"] == "move"]
    old_ops = {(o["method"], o["path"]): o["opid"] for o in raw_operations(reference_dir / OLD)}
    new_ops = {(o["method"], o["path"]): o["opid"] for o in raw_operations(reference_dir / NEW)}
    for m in by_move:  # paired only by the path move: the operationId changed
        old_key, new_key = (m["old"]["method"], m["old"]["path"]), (m["new"]["method"], m["new"]["path"])
        assert old_ops[old_key] != new_ops[new_key]
        assert new_key[1] == old_key[1].replace("/api/", "/api/v1/", 1)


def test_fail_on_changed_exits_3_and_removed_does_not(reference_dir: Path) -> None:
    args = ["diff", str(reference_dir / OLD), str(reference_dir / NEW), "--format", "md"]
    changed = CliRunner().invoke(main, [*args, "--fail-on", "changed"])
    assert changed.exit_code == 3
    assert changed.stderr.endswith("xreg: --fail-on reached: changed\n")
    assert changed.stdout.splitlines()[2:4] == ["| change | method | path | operationId | what |", "|---|---|---|---|---|"]
    removed = CliRunner().invoke(main, [*args, "--fail-on", "removed"])
    assert removed.exit_code == 0  # 24.48.10 dropped none of the 24.2.5 operations


@pytest.fixture()
def two_datasets(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(FIXTURES / "data", old)
    import_specs([FIXTURES / "fixture-1.0.openapi.json"], old, ["1.0"])
    shutil.copytree(old, new)
    import_specs([FIXTURES / "fixture-1.1.openapi.json"], new, ["1.1"])
    return old, new


def test_diff_of_two_datasets(two_datasets: tuple[Path, Path]) -> None:
    old, new = two_datasets
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--format", "json", "--fail-on", "removed"])
    assert result.exit_code == 3
    out = json.loads(result.stdout)
    assert out["counts"] == {"added": 0, "removed": 1, "moved": 0, "changed": 0, "unchanged": 6}
    assert out["removed"] == [{"id": "xentral.things.delete-v1-id", "method": "DELETE", "path": "/api/v1/things/{id}",
                               "operation_id": "thing.delete", "scopes": [], "maturity": "stable"}]
    assert (out["old"]["kind"], out["new"]["kind"]) == ("dataset", "dataset")


def test_diff_table_of_identical_sides(two_datasets: tuple[Path, Path]) -> None:
    old, _ = two_datasets
    result = CliRunner().invoke(main, ["diff", str(old), str(old)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == ["no differences"]
    assert result.stderr == "xreg: 0 added, 0 removed, 0 moved, 0 changed, 7 unchanged\n"


def test_diff_changed_scopes_and_maturity(tmp_path: Path) -> None:
    doc = json.loads((FIXTURES / "other-2.0.openapi.json").read_text(encoding="utf-8"))
    doc["paths"]["/api/v1/things"]["get"]["x-scopes"] = ["thing:list"]
    del doc["paths"]["/api/v1/things"]["get"]["x-beta"]
    (tmp_path / "newer.json").write_text(json.dumps(doc), encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(FIXTURES / "other-2.0.openapi.json"), str(tmp_path / "newer.json"),
                                       "--format", "json", "--fail-on", "changed"])
    assert result.exit_code == 3
    out = json.loads(result.stdout)
    assert out["counts"] == {"added": 0, "removed": 0, "moved": 0, "changed": 1, "unchanged": 1}
    assert out["changed"][0]["changes"] == [{"field": "scopes", "old": ["thing:read"], "new": ["thing:list"]},
                                            {"field": "maturity", "old": "beta", "new": "stable"}]


def test_diff_missing_side_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["diff", str(tmp_path / "nope.json"), str(FIXTURES / "other-2.0.openapi.json")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
