"""The OpenAPI importer: ids, facts per operation, merge rules (idempotent, curated fields kept, vanished
operations marked removed), rejection of invalid specs, all-or-nothing writes, and ``xreg scope-index``.

The real specs take seconds to validate, so the reference import runs once per session
(``reimported_reference``); the merge rules are also checked on small fixture specs.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from registry.cli import main
from registry.errors import SpecError
from registry.loading.loader import load_registry
from registry.loading.importer import import_specs
from registry.loading.openapi import docs_slug, make_endpoint_id, maturity_of, param_regex

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "openapi"
SPEC_A = "xentral-api.openapi-3.0.0.json"
SPEC_D = "xentral-documents-api.openapi-3.1.0.json"
HTTP = ("get", "put", "post", "patch", "delete", "head", "options")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` (hidden ones too) with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def spec_operations(path: Path) -> list[tuple[str, str, dict]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return [(m.upper(), p, op) for p, item in doc["paths"].items() for m, op in item.items() if m in HTTP]


@pytest.fixture()
def fixture_data(tmp_path: Path) -> Path:
    """A copy of the minimal dataset (only the current API), to import fixture specs into."""
    shutil.copytree(FIXTURES / "data", tmp_path / "data")
    return tmp_path / "data"


# -- the id scheme and the facts of one operation ---------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("get", "/api/v1/products", "xentral.products.get-v1"),
        ("get", "/api/v1/products/{id}", "xentral.products.get-v1-id"),
        ("patch", "/api/v3/salesOrders/{id}/actions/release", "xentral.salesOrders.patch-v3-id-actions-release"),
        ("get", "/api/v1/warehouses/{warehouseId}/storageLocations/{storageLocationId}/items",
         "xentral.warehouses.get-v1-warehouseId-storageLocations-storageLocationId-items"),
        ("post", "/api/creditNotes", "xentral.creditNotes.post"),
        ("get", "/api/v1/accounting/datev/csvExport/invoicesAndCreditNotes",
         "xentral.accounting.get-v1-datev-csvExport-invoicesAndCreditNotes"),
        ("get", "/api/v1/things/{a.b}/x:y", "xentral.things.get-v1-a-b-x-y"),
    ],
    ids=["list", "by-id", "v3-action", "nested-names", "unversioned", "deep-static", "unsafe-chars"],
)
def test_endpoint_id_follows_the_scheme(method: str, path: str, expected: str) -> None:
    assert make_endpoint_id(method, path) == expected


def test_path_outside_api_is_rejected() -> None:
    with pytest.raises(SpecError) as err:
        make_endpoint_id("get", "/health", "spec.json#/paths/~1health/get")
    assert str(err.value) == ("spec.json#/paths/~1health/get: path '/health' is not below /api/<resource> "
                              "(expected e.g. /api/v1/products).")


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "string", "pattern": "\\d+"}, "\\d+"),
        ({"type": "string", "pattern": "^[A-Z]{2}$"}, "[A-Z]{2}"),
        ({"type": "string", "pattern": "^$|^[0-9a-f]{8}\\b-[0-9a-f]{4}$"}, "[0-9a-f]{8}\\b-[0-9a-f]{4}"),
        ({"type": "string", "pattern": "^(ab|cd)$"}, "(?:ab|cd)"),
        ({"type": "integer", "format": "int64"}, "-?\\d+"),
        ({"type": "integer", "minimum": 0}, "\\d+"),
        ({"type": "string", "format": "uuid"},
         "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
        ({"type": "string"}, None),
        ({"type": "number"}, None),
        ({"type": "string", "pattern": "(a+)+"}, None),
        ({"type": "string", "pattern": "[unclosed"}, None),
    ],
    ids=["pattern", "anchored", "empty-alternative", "capturing-group", "integer", "non-negative", "uuid",
         "plain-string", "number", "catastrophic", "invalid"],
)
def test_param_regex_from_schema(schema: dict, expected: str | None) -> None:
    assert param_regex(schema) == expected


@pytest.mark.parametrize(
    ("op", "expected"),
    [
        ({"x-beta": True, "summary": "Create"}, "beta"),
        ({"summary": "[EARLY ACCESS] List sales orders"}, "early-access"),
        ({"summary": "[ALPHA] View credit note"}, "alpha"),
        ({"summary": "[BETA] update free fields"}, "beta"),
        ({"summary": "List products"}, "stable"),
        ({"summary": "List [ALPHA] things"}, "stable"),
    ],
    ids=["x-beta", "early-access", "alpha", "beta-marker", "none", "marker-not-leading"],
)
def test_maturity(op: dict, expected: str) -> None:
    assert maturity_of(op) == expected


def test_docs_slug_examples_from_the_facts() -> None:
    # XENTRAL-FACTS §5: verified examples of the (inferred) general rule.
    assert docs_slug("GET::api-v3-salesorders-id") == "getapi-v3-salesorders-id"
    assert docs_slug("POST::api-v3-salesorders") == "postapi-v3-salesorders"
    assert docs_slug("deliveryNote.list") == "deliverynotelist"


def test_fixture_import_writes_each_fact(fixture_data: Path) -> None:
    result = import_specs([FIXTURES / "fixture-1.0.openapi.json"], fixture_data, ["1.0"])
    assert result.written == ["dataset.yaml", "xentral/things.yaml", "xentral/widgets.yaml"]
    reg = load_registry(fixture_data)
    view = {ep.id: (ep.method, ep.path, ep.version, ep.operation_id, ep.resource, ep.params, ep.maturity, ep.docs)
            for ep in reg.endpoints.values()}
    docs = "https://developer.xentral.com/reference/"
    assert view == {
        "xentral.things.get": ("GET", "/api/things", None, "thing.list.old", "Thing", {}, "stable",
                               docs + "thinglistold"),
        "xentral.things.get-v1": ("GET", "/api/v1/things", "v1", "thing.list", "Thing", {}, "stable",
                                  docs + "thinglist"),
        "xentral.things.post-v1": ("POST", "/api/v1/things", "v1", "thing.create", "Thing", {}, "early-access",
                                   docs + "thingcreate"),
        "xentral.things.get-v1-id": ("GET", "/api/v1/things/{id}", "v1", "thing.view", "Thing", {"id": "\\d+"},
                                     "alpha", docs + "thingview"),
        "xentral.things.delete-v1-id": ("DELETE", "/api/v1/things/{id}", "v1", "thing.delete", "Thing",
                                        {"id": "\\d+"}, "stable", docs + "thingdelete"),
        "xentral.widgets.get-v1-widgetId": (
            "GET", "/api/v1/widgets/{widgetId}", "v1", "widget.view", "Widget",
            {"widgetId": "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"}, "beta",
            docs + "widgetview"),
        "xentral.widgets.patch-v1-byCode-code": ("PATCH", "/api/v1/widgets/byCode/{code}", "v1", "widget.updateByCode",
                                                 "Widget", {"code": "[A-Z]{2}"}, "stable", docs + "widgetupdatebycode"),
    }
    assert {ep.spec for ep in reg.endpoints.values()} == {"Fixture API"}
    assert reg.info.specs == [{"title": "Fixture API", "version": "1.0", "release": "1.0", "openapi": "3.0.3",
                               "file": "fixture-1.0.openapi.json",
                               "source": "xentral/api-spec-public:openapi/fixture-1.0.openapi.json",
                               "operations": "7"}]


def test_scopes_and_x_beta_from_a_31_spec(fixture_data: Path) -> None:
    import_specs([FIXTURES / "other-2.0.openapi.json"], fixture_data, ["2.0"])
    reg = load_registry(fixture_data)
    assert reg.endpoint("xentral.things.get-v1").scopes == ["thing:read"]
    assert reg.endpoint("xentral.things.get-v1").maturity == "beta"
    assert reg.endpoint("xentral.things.patch-v3-id").scopes == ["thing:update", "thing:read"]  # as given
    assert reg.endpoint("xentral.things.patch-v3-id").docs == "https://developer.xentral.com/reference/patchapi-v3-things-id"


# -- merge rules on fixture specs ------------------------------------------------------------------------
def test_vanished_operation_is_marked_removed_not_deleted(fixture_data: Path) -> None:
    import_specs([FIXTURES / "fixture-1.0.openapi.json"], fixture_data, ["1.0"])
    result = import_specs([FIXTURES / "fixture-1.1.openapi.json"], fixture_data, ["1.1"])
    assert [(s.added, s.updated, s.unchanged, s.removed) for s in result.specs] == [(0, 0, 6, 1)]
    reg = load_registry(fixture_data)
    gone = reg.endpoint("xentral.things.delete-v1-id")
    assert (gone.status, gone.removed_in, gone.path, gone.operation_id) == (
        "removed", "1.1", "/api/v1/things/{id}", "thing.delete")
    assert [ep.id for ep in reg.endpoints.values() if ep.status == "removed"] == ["xentral.things.delete-v1-id"]
    assert reg.info.specs[0]["release"] == "1.1"
    # importing 1.1 again keeps the first removal's release
    before = snapshot(fixture_data)
    import_specs([FIXTURES / "fixture-1.1.openapi.json"], fixture_data, ["1.1.1"])
    after = snapshot(fixture_data)
    assert load_registry(fixture_data).endpoint("xentral.things.delete-v1-id").removed_in == "1.1"
    assert {k for k in before if before[k] != after[k]} == {"dataset.yaml", "xentral/things.yaml",
                                                               "xentral/widgets.yaml"}  # release in `spec:` only


def test_operation_that_comes_back_is_active_again(fixture_data: Path) -> None:
    for version, release in (("1.0", "1.0"), ("1.1", "1.1"), ("1.0", "1.2")):  # (a newer release brings it back)
        import_specs([FIXTURES / f"fixture-{version}.openapi.json"], fixture_data, [release])
    ep = load_registry(fixture_data).endpoint("xentral.things.delete-v1-id")
    assert (ep.status, ep.removed_in) == ("active", None)


def test_curated_fields_survive_a_fixture_reimport(fixture_data: Path) -> None:
    import_specs([FIXTURES / "fixture-1.0.openapi.json"], fixture_data, ["1.0"])
    things = fixture_data / "xentral" / "things.yaml"
    text = things.read_text(encoding="utf-8")
    anchor = "  docs: https://developer.xentral.com/reference/thingview\n"
    curated = (anchor + "  notes: Checked by hand.\n  sources:\n  - https://example.org/thing-view\n"
               "  support:\n    pat:\n      support: partial\n      basis: observed\n      notes: Only with scope x.\n")
    things.write_text(text.replace(anchor, curated, 1), encoding="utf-8")
    before = snapshot(fixture_data)
    result = import_specs([FIXTURES / "fixture-1.0.openapi.json"], fixture_data, ["1.0"])
    assert result.written == []
    assert snapshot(fixture_data) == before
    ep = load_registry(fixture_data).endpoint("xentral.things.get-v1-id")
    assert (ep.notes, ep.sources, ep.support["pat"].support) == ("Checked by hand.", ["https://example.org/thing-view"],
                                                                 "partial")


def test_reimporting_one_spec_leaves_the_other_specs_lines_byte_identical(
        fixture_data: Path, tmp_path: Path) -> None:
    """things.yaml holds endpoints of two specs; the other spec's scope lists stay in flow style.

    Found on the shipped data: re-importing the main spec alone rewrote every ``scopes: [...]`` of the
    v3 spec's 217 operations as a block list, since only records the import touched were written in flow style.
    """
    import difflib

    import_specs([FIXTURES / "other-2.0.openapi.json", FIXTURES / "gadget-3.0.openapi.json"], fixture_data,
                 ["2.0", "3.0"])
    before = snapshot(fixture_data)
    things = before["xentral/things.yaml"].decode()
    assert "  scopes: ['thing:update', 'thing:read']\n" in things and "spec: Gadget Fixture API" in things
    assert import_specs([FIXTURES / "gadget-3.0.openapi.json"], fixture_data, ["3.0"]).written == []
    assert snapshot(fixture_data) == before

    doc = json.loads((FIXTURES / "gadget-3.0.openapi.json").read_text(encoding="utf-8"))
    doc["paths"]["/api/v2/things"]["get"]["operationId"] = "thing.list.v2b"
    (tmp_path / "gadget-3.0.openapi.json").write_text(json.dumps(doc), encoding="utf-8")
    assert import_specs([tmp_path / "gadget-3.0.openapi.json"], fixture_data, ["3.0"]).written == [
        "xentral/things.yaml"]
    after = snapshot(fixture_data)
    changed = [line for line in difflib.ndiff(things.splitlines(), after["xentral/things.yaml"].decode().splitlines())
               if line.startswith(("-", "+"))]
    assert changed == ["-   operation_id: thing.list.v2", "+   operation_id: thing.list.v2b",
                       "-   docs: https://developer.xentral.com/reference/thinglistv2",
                       "+   docs: https://developer.xentral.com/reference/thinglistv2b"]
    assert {k: v for k, v in after.items() if k != "xentral/things.yaml"} == \
        {k: v for k, v in before.items() if k != "xentral/things.yaml"}


def test_dump_yaml_writes_scopes_in_flow_style_whatever_the_list_type() -> None:
    from registry.loading.writing import Flow, dump_yaml

    assert dump_yaml({"scopes": ["a:read", "b:read"], "tags": ["x"]}) == "scopes: ['a:read', 'b:read']\ntags:\n- x\n"
    assert dump_yaml({"scopes": Flow(["a:read"])}) == dump_yaml({"scopes": ["a:read"]}) == "scopes: ['a:read']\n"


def test_importer_owned_field_edited_by_hand_is_restored(fixture_data: Path) -> None:
    import_specs([FIXTURES / "fixture-1.0.openapi.json"], fixture_data, ["1.0"])
    things = fixture_data / "xentral" / "things.yaml"
    original = things.read_bytes()
    things.write_text(original.decode().replace("operation_id: thing.view", "operation_id: edited"), encoding="utf-8")
    result = import_specs([FIXTURES / "fixture-1.0.openapi.json"], fixture_data, ["1.0"])
    assert [(s.updated, s.unchanged) for s in result.specs] == [(1, 6)]
    assert things.read_bytes() == original


def test_collision_with_another_spec_is_reported_and_nothing_written(fixture_data: Path) -> None:
    import_specs([FIXTURES / "fixture-1.0.openapi.json"], fixture_data, ["1.0"])
    before = snapshot(fixture_data)
    with pytest.raises(SpecError) as err:
        import_specs([FIXTURES / "other-2.0.openapi.json"], fixture_data, ["2.0"])
    other = FIXTURES / "other-2.0.openapi.json"
    from registry.errors import display_path

    assert str(err.value) == (
        "1 operation collide with another spec's endpoints:\n"
        f"  GET /api/v1/things of 'Other Fixture API' ({display_path(other)}) gets id 'xentral.things.get-v1', "
        "already imported from 'Fixture API'\n"
        "The dataset was not changed. Import each operation from one spec only."
    )
    assert snapshot(fixture_data) == before


# -- rejection and atomicity ---------------------------------------------------------------------------
BROKEN_MESSAGE = """\
broken.openapi.json: rejected by openapi-spec-validator (OpenAPI 3.0.3): 6 problems
  broken.openapi.json#/paths/~1api~1v1~1things/get: 'responses' is a required property
  broken.openapi.json#/paths/~1api~1v1~1a/get: 'responses' is a required property
  broken.openapi.json#/paths/~1api~1v1~1b/get: 'responses' is a required property
  broken.openapi.json#/paths/~1api~1v1~1c/get: 'responses' is a required property
  broken.openapi.json#/paths/~1api~1v1~1things~1{id}/get: Path parameter 'id' for 'get' operation in '/api/v1/things/{id}' was not resolved
  … and 1 more
The dataset was not changed. Fix the spec and import again."""


def test_broken_spec_is_rejected_with_located_summary_and_dataset_unchanged(
        fixture_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import_specs([FIXTURES / "fixture-1.0.openapi.json"], fixture_data, ["1.0"])
    shutil.copy(FIXTURES / "broken.openapi.json", tmp_path / "broken.openapi.json")
    monkeypatch.chdir(tmp_path)
    before = snapshot(fixture_data)
    result = CliRunner().invoke(main, ["import-openapi", "broken.openapi.json", "--release", "1.1",
                                       "--data", str(fixture_data)])
    assert result.exit_code == 1
    assert result.stdout == ""
    stderr = re.sub(r"in \d+\.\d s", "in N s", result.stderr)  # the one wall-clock value
    assert stderr == ("xreg: validating broken.openapi.json …\n"
                      "xreg: validating broken.openapi.json … failed in N s\n"
                      f"xreg: {BROKEN_MESSAGE}\n")
    assert snapshot(fixture_data) == before


def _gadget_with(tmp_path: Path, name: str, change: Callable[[dict], None]) -> Path:
    """The gadget fixture spec with ``change`` applied, written to ``tmp_path / name``."""
    doc = json.loads((FIXTURES / "gadget-3.0.openapi.json").read_text(encoding="utf-8"))
    change(doc)
    (tmp_path / name).write_text(json.dumps(doc), encoding="utf-8")
    return tmp_path / name


STOPPED = " (the validator could check no further; fixing these may reveal more)"


@pytest.mark.parametrize(
    ("change", "expected", "stopped"),
    [
        (lambda d: d["paths"]["/api/v1/gadgets"]["get"].__setitem__("responses", 5),
         "  bad.json#/paths/~1api~1v1~1gadgets/get/responses: found a number (5), expected an object", True),
        (lambda d: d["paths"].__setitem__("/api/v1/gadgets", 5),
         "  bad.json#/paths/~1api~1v1~1gadgets: found a number (5), expected an object", True),
        (lambda d: d["paths"]["/api/v1/gadgets"]["get"].__setitem__("tags", "Gadget"),
         "  bad.json#/paths/~1api~1v1~1gadgets/get/tags: found a string (\"Gadget\"), expected an array", False),
    ],
    ids=["responses-number", "path-item-number", "tags-string"],
)
def test_wrong_type_is_one_located_message(
        tmp_path: Path, fixture_data: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[dict], None],
        expected: str, stopped: bool) -> None:
    """openapi-spec-validator 0.9 reports a wrong type, then its own checks may raise KeyError/TypeError on it
    (the first two): the problems found so far are the message, the crash is not shown."""
    _gadget_with(tmp_path, "bad.json", change)
    monkeypatch.chdir(tmp_path)
    before = snapshot(fixture_data)
    result = CliRunner().invoke(main, ["import-openapi", "bad.json", "--data", str(fixture_data), "-q"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "xreg: bad.json: rejected by openapi-spec-validator (OpenAPI 3.0.3): 1 problem" + (STOPPED if stopped else ""),
        expected,
        "The dataset was not changed. Fix the spec and import again.",
    ]
    assert snapshot(fixture_data) == before


def test_ref_to_nothing_names_the_place_of_the_ref(tmp_path: Path, fixture_data: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The validator raises (referencing's PointerToNowhere) before it reports any problem."""
    _gadget_with(tmp_path, "bad.json",
                 lambda d: d["paths"]["/api/v2/things"]["get"]["responses"].__setitem__("200", {"$ref": "#/nope"}))
    monkeypatch.chdir(tmp_path)
    before = snapshot(fixture_data)
    result = CliRunner().invoke(main, ["import-openapi", "bad.json", "--data", str(fixture_data), "-q"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "xreg: bad.json: rejected by openapi-spec-validator (OpenAPI 3.0.3): 1 problem" + STOPPED,
        "  bad.json#/paths/~1api~1v2~1things/get/responses/200: $ref '#/nope' points to nothing in the spec",
        "The dataset was not changed. Fix the spec and import again.",
    ]
    assert snapshot(fixture_data) == before


WRONG_VALUES = (5, "s", True, None, [], {}, [1], {"$ref": "#/nope"}, {"$ref": 5})


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
def test_every_wrong_type_anywhere_is_a_located_spec_error(tmp_path: Path, openapi: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Each node of a small spec (with x-scopes, x-beta, a $ref parameter and response) replaced by each
    wrong value: the import's reading steps raise only ``SpecError``, each problem line with a JSON pointer."""
    from registry.loading.openapi import Spec, operations, validate_spec

    base = json.loads((FIXTURES / "gadget-3.0.openapi.json").read_text(encoding="utf-8"))
    base["openapi"] = openapi
    base["paths"]["/api/v1/gadgets"]["get"].update({"x-scopes": ["gadget:read"], "x-beta": False})
    base["paths"]["/api/v1/gadgets/{id}"] = {"parameters": [{"$ref": "#/components/parameters/id"}], "get": {
        "operationId": "gadget.view", "responses": {"200": {"$ref": "#/components/responses/ok"}}}}
    base["components"] = {"parameters": {"id": {"name": "id", "in": "path", "required": True,
                                                "schema": {"type": "integer", "minimum": 1}}},
                          "responses": {"ok": {"description": "ok"}}}

    def nodes(node: object, where: list) -> list[list]:
        out = [where] if where else []
        if isinstance(node, dict):
            for k, v in node.items():
                out += nodes(v, [*where, k])
        elif isinstance(node, list):
            for i, v in enumerate(node):
                out += nodes(v, [*where, i])
        return out

    monkeypatch.chdir(tmp_path)
    rejected = 0
    for where in nodes(base, []):
        if where == ["openapi"]:
            continue  # read_spec refuses a document that is not OpenAPI 3.0/3.1 before validation
        for value in WRONG_VALUES:
            doc = json.loads(json.dumps(base))
            parent = doc
            for part in where[:-1]:
                parent = parent[part]
            parent[where[-1]] = value
            spec = Spec(Path("spec.json"), doc, "T", "1", openapi)
            try:
                validate_spec(spec)
                operations(spec)
            except SpecError as exc:
                rejected += 1
                located = [line for line in str(exc).splitlines() if line.startswith(("  spec.json#/", "spec.json#/"))]
                assert located, (where, value, str(exc))
    assert rejected > 250


def test_x_scopes_must_be_a_list_of_names(tmp_path: Path, fixture_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A string was imported one letter per scope (n, o, t, ...) and ``xreg validate`` then said ok."""
    op = lambda d: d["paths"]["/api/v1/gadgets"]["get"]  # noqa: E731
    _gadget_with(tmp_path, "string.json", lambda d: op(d).__setitem__("x-scopes", "notalist"))
    _gadget_with(tmp_path, "number.json", lambda d: op(d).__setitem__("x-scopes", ["gadget:read", 5]))
    monkeypatch.chdir(tmp_path)
    before = snapshot(fixture_data)
    result = CliRunner().invoke(main, ["import-openapi", "string.json", "--data", str(fixture_data), "-q"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", (
        "xreg: string.json#/paths/~1api~1v1~1gadgets/get/x-scopes: found a string (\"notalist\"), expected an array "
        "of scope names (e.g. [\"salesOrder:read\"]). The dataset was not changed.\n"))
    result = CliRunner().invoke(main, ["import-openapi", "number.json", "--data", str(fixture_data), "-q"])
    assert (result.exit_code, result.stderr) == (1, (
        "xreg: number.json#/paths/~1api~1v1~1gadgets/get/x-scopes: found an array holding a number (5), expected an "
        "array of scope names (e.g. [\"salesOrder:read\"]). The dataset was not changed.\n"))
    assert snapshot(fixture_data) == before


def test_invalid_json_reports_line(tmp_path: Path, fixture_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bad.json").write_text('{\n  "openapi": "3.0.3",\n  "info": {\n}}\n,', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["import-openapi", "bad.json", "--data", str(fixture_data), "-q"])
    assert (result.exit_code, result.stderr) == (
        1, "xreg: bad.json:5: invalid JSON: Extra data (column 1). The importer reads JSON specs only.\n")


def test_swagger_2_is_refused(tmp_path: Path, fixture_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "old.json").write_text('{"swagger": "2.0", "info": {}, "paths": {}}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["import-openapi", "old.json", "--data", str(fixture_data), "-q"])
    assert (result.exit_code, result.stderr) == (
        1, "xreg: old.json: unsupported document: swagger '2.0' (expected OpenAPI 3.0 or 3.1).\n")


def test_failed_replace_rolls_back_every_file(fixture_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """All or nothing: the third of three replaces fails; the replaced file is put back, the new one removed."""
    import_specs([FIXTURES / "fixture-1.0.openapi.json"], fixture_data, ["1.0"])
    before = snapshot(fixture_data)
    real_replace, calls = os.replace, []

    def failing_replace(src: str, dst: str) -> None:
        calls.append(Path(dst).name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="No space left on device"):
        import_specs([FIXTURES / "gadget-3.0.openapi.json"], fixture_data, ["3.0"])
    monkeypatch.setattr(os, "replace", real_replace)
    assert calls == ["dataset.yaml", "gadgets.yaml", "things.yaml"]  # two really happened, then were undone
    assert snapshot(fixture_data) == before  # no new gadgets.yaml, no temporary or backup files left


def test_failure_before_writing_leaves_files(fixture_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import registry.loading.writing as writing

    before = snapshot(fixture_data)

    def broken_dump(value: object) -> str:
        raise RuntimeError("interrupted")

    monkeypatch.setattr(writing, "dump_yaml", broken_dump)
    with pytest.raises(RuntimeError, match="interrupted"):
        import_specs([FIXTURES / "fixture-1.0.openapi.json"], fixture_data, ["1.0"])
    assert snapshot(fixture_data) == before


def test_release_count_must_match_specs(fixture_data: Path) -> None:
    spec = str(FIXTURES / "fixture-1.0.openapi.json")
    result = CliRunner().invoke(main, ["import-openapi", spec, spec, "--release", "1.0", "--data", str(fixture_data)])
    assert result.exit_code == 2
    assert "got 1 --release for 2 specs (give one per spec, in order, or none)." in result.stderr


def test_release_must_be_a_number(fixture_data: Path) -> None:
    spec = str(FIXTURES / "fixture-1.0.openapi.json")
    result = CliRunner().invoke(main, ["import-openapi", spec, "--release", "v0.1", "--data", str(fixture_data)])
    assert result.exit_code == 2
    assert "'v0.1' is not a release number (expected e.g. 24.48.10)." in result.stderr


# -- the reference specs: one import per session ------------------------------------------------------
CURATED_ANCHOR = "  docs: https://developer.xentral.com/reference/productview\n"
CURATED = ("  notes: Curated by hand; the importer must keep it.\n"
           "  sources:\n  - https://developer.xentral.com/reference/productview\n"
           "  support:\n    pat:\n      support: unknown\n      basis: inferred\n")


@pytest.mark.reference
def test_reimport_of_the_main_spec_alone_changes_no_byte(reference_dir: Path, tmp_path: Path) -> None:
    """As the README imports it (``--release 24.48.10``), without the v3 spec: its 217 operations' lines stay."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    before = snapshot(data)
    result = CliRunner().invoke(main, ["import-openapi", str(reference_dir / SPEC_A), "--release", "24.48.10",
                                       "--data", str(data), "-q"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert snapshot(data) == before


@pytest.fixture(scope="session")
def reimported_reference(reference_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict]:
    """A copy of data/ with a curated note added, re-imported from both reference specs.

    Returns the folder and its bytes before and after the re-import.
    """
    data = tmp_path_factory.mktemp("reimport") / "data"
    shutil.copytree(ROOT / "data", data)
    products = data / "xentral" / "products.yaml"
    text = products.read_text(encoding="utf-8")
    assert text.count(CURATED_ANCHOR) == 1
    products.write_text(text.replace(CURATED_ANCHOR, CURATED_ANCHOR + CURATED), encoding="utf-8")
    before = snapshot(data)
    import_specs([reference_dir / SPEC_A, reference_dir / SPEC_D], data, ["24.48.10", "26.34.2"])
    return data, before, snapshot(data)


def test_reimport_of_reference_specs_changes_no_byte(reimported_reference: tuple[Path, dict, dict]) -> None:
    _, before, after = reimported_reference
    assert sorted(after) == sorted(before)
    assert [name for name in before if before[name] != after[name]] == []


def test_curated_note_survives_reimport(reimported_reference: tuple[Path, dict, dict]) -> None:
    data, _, after = reimported_reference
    assert (CURATED_ANCHOR + CURATED).encode() in after["xentral/products.yaml"]
    ep = load_registry(data).endpoint("xentral.products.get-v1-id")
    assert ep.notes == "Curated by hand; the importer must keep it."
    assert (ep.support["pat"].support, ep.operation_id) == ("unknown", "product.view")


def test_shipped_dataset_holds_every_operation_of_both_specs(reference_dir: Path, registry_data) -> None:
    xentral = {ep.id: ep for ep in registry_data.endpoints.values() if ep.api == "xentral"}
    for name, title in ((SPEC_A, "Xentral API"), (SPEC_D, "Xentral Business Documents API v3")):
        ops = spec_operations(reference_dir / name)
        from_spec = {(m, p) for m, p, _ in ops}
        in_data = {(ep.method, ep.path) for ep in xentral.values() if ep.spec == title and ep.status == "active"}
        assert in_data == from_spec
    assert len(xentral) == 243 + 217
    versions: dict[str | None, int] = {}
    for ep in xentral.values():
        versions[ep.version] = versions.get(ep.version, 0) + 1
    expected: dict[str | None, int] = {}
    for name in (SPEC_A, SPEC_D):
        for _, path, _ in spec_operations(reference_dir / name):
            version = path.split("/")[2]
            expected[version] = expected.get(version, 0) + 1
    assert versions == expected == {"v1": 242, "v2": 1, "v3": 217}


def test_every_v3_operation_has_its_spec_scopes(reference_dir: Path, registry_data) -> None:
    by_route = {(ep.method, ep.path): ep for ep in registry_data.endpoints.values() if ep.api == "xentral"}
    for method, path, op in spec_operations(reference_dir / SPEC_D):
        ep = by_route[(method, path)]
        assert ep.scopes == op["x-scopes"] and ep.scopes, ep.id
        assert ep.maturity == ("beta" if op.get("x-beta") else "stable"), ep.id


def test_spec_a_markers_become_maturity(reference_dir: Path, registry_data) -> None:
    by_route = {(ep.method, ep.path): ep for ep in registry_data.endpoints.values() if ep.api == "xentral"}
    counts: dict[str, int] = {}
    for method, path, op in spec_operations(reference_dir / SPEC_A):
        summary = op.get("summary", "")
        marker = next((m for m in ("[EARLY ACCESS]", "[ALPHA]", "[BETA]") if summary.startswith(m)), None)
        expected = {"[EARLY ACCESS]": "early-access", "[ALPHA]": "alpha", "[BETA]": "beta", None: "stable"}[marker]
        assert by_route[(method, path)].maturity == expected
        counts[expected] = counts.get(expected, 0) + 1
    assert counts == {"stable": 158, "early-access": 70, "alpha": 11, "beta": 4}


def test_known_docs_links(registry_data) -> None:
    # XENTRAL-FACTS §5, verified examples.
    assert registry_data.endpoint("xentral.salesOrders.get-v3-id").docs == \
        "https://developer.xentral.com/reference/getapi-v3-salesorders-id"
    assert registry_data.endpoint("xentral.salesOrders.post-v3").docs == \
        "https://developer.xentral.com/reference/postapi-v3-salesorders"
    assert registry_data.endpoint("xentral.deliveryNotes.get-v1").docs == \
        "https://developer.xentral.com/reference/deliverynotelist"


# -- xreg scope-index ---------------------------------------------------------------------------------
def test_scope_index_lists_each_scope_with_its_endpoints(reference_dir: Path, registry_data) -> None:
    expected: dict[str, set[str]] = {}
    for method, path, op in spec_operations(reference_dir / SPEC_D):
        for scope in op["x-scopes"]:
            expected.setdefault(scope, set()).add(make_endpoint_id(method, path))
    result = CliRunner().invoke(main, ["scope-index", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert {row["scope"]: set(row["endpoints"]) for row in out["scopes"]} == expected
    assert out["count"] == len(expected)
    assert [row["scope"] for row in out["scopes"]] == sorted(expected)


def test_scope_index_for_endpoints_gives_the_union() -> None:
    result = CliRunner().invoke(main, ["scope-index", "--format", "json",
                                       "--endpoint", "xentral.salesOrders.patch-v3-id-actions-release",
                                       "--endpoint", "xentral.invoices.get-v3-id",
                                       "--endpoint", "xentral.products.get-v1"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "format_version": 1,
        "endpoints": ["xentral.salesOrders.patch-v3-id-actions-release", "xentral.invoices.get-v3-id",
                      "xentral.products.get-v1"],
        "count": 2,
        "scopes": [{"scope": "invoice:read", "endpoints": ["xentral.invoices.get-v3-id"]},
                   {"scope": "salesOrder:release", "endpoints": ["xentral.salesOrders.patch-v3-id-actions-release"]}],
    }


def test_scope_index_unknown_endpoint() -> None:
    result = CliRunner().invoke(main, ["scope-index", "--endpoint", "xentral.salesOrders.get-v9"])
    assert result.exit_code == 2  # a bad option value is a usage error
    assert result.stderr.splitlines()[-1].startswith(
        "Error: Invalid value for '--endpoint': unknown endpoint 'xentral.salesOrders.get-v9'. Did you mean")
