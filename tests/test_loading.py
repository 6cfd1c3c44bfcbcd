"""Loading the dataset: the shipped data is valid and complete, and every broken file is reported
with its file, line and a message a person can act on."""
from __future__ import annotations

import csv
import os
import re
import shutil
import textwrap
from collections import Counter
from pathlib import Path

import pytest

import registry
from registry.errors import DataError
from registry.matching.templates import parse_fastroute

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "data-mini"


def test_shipped_dataset_loads_without_errors_or_warnings():
    reg = registry.load(strict=True)
    assert set(reg.apis) == {"xentral", "rest", "standard"}
    assert list(reg.auth) == ["pat", "pat-legacy", "digest", "hash"]


def test_every_endpoint_has_exactly_one_statement_per_auth_method(registry_data):
    reg = registry_data
    assert len(reg.statements) == len(reg.endpoints) * len(reg.auth)
    for ep in reg.endpoints.values():
        for auth in reg.auth:
            assert reg.support(ep.id, auth).statement.support in {"yes", "no", "partial", "unknown"}


# -- coverage against the real reference tables ----------------------------------------------------
def _routes(reference_dir: Path) -> list[dict[str, str]]:
    with open(reference_dir / "legacy-rest-routes.tsv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_every_legacy_route_is_a_rest_endpoint_with_its_permission(reference_dir, registry_data):
    rest = {(ep.method, ep.path): ep for ep in registry_data.endpoints.values() if ep.api == "rest"}
    routes = _routes(reference_dir)
    assert len(routes) == 159
    for row in routes:
        ep = rest.get((row["method"], row["route"]))
        assert ep is not None, f"{row['method']} {row['route']} missing from data/rest"
        assert ep.permission == (row["permission"] or None), ep.id
        assert ep.status == ("active" if row["state"] == "active" else "inactive"), ep.id
    assert len(rest) == len(routes)


def test_every_standard_action_is_an_endpoint_with_its_handler(reference_dir, registry_data):
    with open(reference_dir / "standard-api-actions.tsv", encoding="utf-8") as fh:
        actions = {row["action"]: row["handler"] for row in csv.DictReader(fh, delimiter="\t")}
    standard = {ep.action: ep for ep in registry_data.endpoints.values() if ep.api == "standard" and ep.registered}
    assert set(standard) == set(actions)
    assert {a: ep.handler for a, ep in standard.items()} == actions
    # The wrapper maps two action names to handlers of another name (DefaultController).
    assert standard["AccountCreate"].handler == "ApiAdresseAccountCreate"
    assert standard["AccountEdit"].handler == "ApiAdresseAccountEdit"


def test_pat_legacy_is_no_exactly_on_the_documented_list(reference_dir, registry_data):
    routes = _routes(reference_dir)
    expected = {(r["method"], r["route"]) for r in routes if r["permission"] == "communicate_with_shop"}
    expected |= {(r["method"], r["route"]) for r in routes if r["route"].startswith("/v1/reports/")}
    blocked = {(ep.method, ep.path) for ep in registry_data.select(api=["rest", "standard"], auth="pat-legacy", support=["no"])
               if registry_data.support(ep.id, "pat-legacy").origin == "list:pat-legacy-unavailable"}
    assert blocked == expected
    assert len(blocked) == 13
    for ep in registry_data.select(api=["rest"], auth="pat-legacy", support=["no"], include_inactive=False):
        st = registry_data.support(ep.id, "pat-legacy").statement
        assert st.basis == "documented"
        assert st.sources == [
            "https://help.xentral.com/hc/de/articles/6575192352796-Personal-Access-Token-erstellen-Legacy",
        ]  # (the English article's stored copy ends before the list: no source of it)
        assert "Vollständigkeit" in (st.notes or "")


def test_documented_list_keeps_paths_as_the_source_writes_them(registry_data):
    (dl,) = registry_data.lists
    assert [p.path for p in dl.paths][-1] == "/v1/reports"
    assert dl.paths[-1].match == "prefix"
    assert dl.complete is False


def test_routes_commented_out_in_the_route_table_are_no_under_every_auth(reference_dir, registry_data):
    commented = {(r["method"], r["route"]) for r in _routes(reference_dir) if r["state"] == "commented-out"}
    resolved = {(e, a): r for (e, a), r in registry_data.statements.items() if r.origin == "route-table"}
    endpoints = [registry_data.endpoints[e] for e in {e for e, _a in resolved}]
    assert {(ep.method, ep.path) for ep in endpoints} == commented
    assert len(resolved) == 10 * 4
    assert {(r.statement.support, r.statement.basis, tuple(r.statement.sources), r.statement.notes) for r in resolved.values()} == {
        ("no", "inferred", ("OpenXE-org/OpenXE:classes/Modules/Api/Engine/ApiApplication.php",),
         "Commented out in OpenXE's route table: the self-hosted fork does not route it, whatever the credentials. "
         "OpenXE says nothing about Xentral Cloud and no Xentral source names these routes, so this is our reading: "
         "an old integration's call most likely fails there too.")}


def test_defaults_per_api_and_auth(registry_data):
    reg = registry_data
    counts = Counter((reg.endpoints[e].api, a, r.statement.support) for (e, a), r in reg.statements.items()
                     if reg.endpoints[e].status == "active")
    n_rest = sum(1 for ep in reg.endpoints.values() if ep.api == "rest" and ep.status == "active")
    n_std = sum(1 for ep in reg.endpoints.values() if ep.api == "standard")
    assert counts[("rest", "digest", "yes")] == n_rest
    assert counts[("standard", "digest", "yes")] == n_std
    assert counts[("rest", "pat-legacy", "no")] == 13
    assert counts[("rest", "pat-legacy", "yes")] == n_rest - 13
    assert counts[("standard", "pat-legacy", "yes")] == n_std
    assert counts[("rest", "pat", "unknown")] == n_rest
    assert counts[("standard", "hash", "no")] == n_std
    hash_std = reg.support("standard.actions.AuftragCreate", "hash").statement
    assert (hash_std.support, hash_std.since) == ("no", "22.1")
    assert reg.support("rest.adressen.get-v1", "pat-legacy").statement.since == "23.0.16"


def test_every_rest_template_parses(registry_data):
    for ep in registry_data.endpoints.values():
        if ep.api == "rest":
            assert parse_fastroute(ep.path)


def test_mini_dataset_resolves_endpoint_exception_list_and_default():
    reg = registry.load(MINI)
    assert reg.support("rest.adressen.put-v1-id", "digest").origin == "endpoint"
    assert reg.support("rest.adressen.put-v1-id", "digest").statement.support == "partial"
    assert reg.support("rest.reports.get-v1-id-download", "pat-legacy").origin == "list:unavailable"
    assert reg.support("rest.adressen.get-v1", "pat-legacy").origin == "default"
    assert reg.endpoint("rest.adressen.get-v1-id").location == f"{MINI}/rest/adressen.yaml:9".replace(str(Path.cwd()) + "/", "")


# -- broken datasets: one exact message each -------------------------------------------------------
@pytest.fixture
def mini(tmp_path, monkeypatch):
    """A copy of the mini dataset at ./data, with the working directory set so paths read data/…"""
    shutil.copytree(MINI, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def _errors(data: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        registry.load(data)
    return str(info.value).splitlines()


def _write(data: Path, rel: str, text: str) -> None:
    (data / rel).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


ADRESSEN_HEAD = """
api: rest
group: adressen
endpoints:
  - id: rest.adressen.get-v1
    method: GET
    path: /v1/adressen
    resource: Address
"""


def test_misspelt_field_is_reported_with_suggestion(mini):
    _write(mini, "rest/adressen.yaml", ADRESSEN_HEAD + """
  - id: rest.adressen.get-v1-id
    metod: GET
    path: /v1/adressen/{id:\\d+}
    resource: Address
""")
    assert _errors(mini) == [
        "data/rest/adressen.yaml:9: endpoint 'rest.adressen.get-v1-id': missing field 'method'.",
        "data/rest/adressen.yaml:10: endpoint 'rest.adressen.get-v1-id': unknown field 'metod' (expected one of: "
        "id, method, path, action, handler, resource, version, operation_id, controller, permission, scopes, params, "
        "query, maturity, status, removed_in, spec, alias_of, registered, wrapper, docs, notes, sources, support, api). Did you mean 'method'?",
        "2 errors in 1 file",
    ]


def test_unknown_enum_value_lists_the_allowed_ones(mini):
    _write(mini, "rest/adressen.yaml", ADRESSEN_HEAD + """
    status: depricated
""")
    assert _errors(mini) == [
        "data/rest/adressen.yaml:9: endpoint 'rest.adressen.get-v1': unknown status 'depricated' "
        "(expected one of: active, inactive, removed).",
        "1 error in 1 file",
    ]


def test_unknown_method_suggests_the_closest(mini):
    _write(mini, "rest/adressen.yaml", ADRESSEN_HEAD.replace("method: GET", "method: GTE"))
    assert _errors(mini) == [
        "data/rest/adressen.yaml:5: endpoint 'rest.adressen.get-v1': unknown method 'GTE' "
        "(expected one of: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS). Did you mean 'GET'?",
        "1 error in 1 file",
    ]


def test_unknown_auth_id_in_support(mini):
    _write(mini, "rest/adressen.yaml", ADRESSEN_HEAD + """
    support:
      digets:
        support: "yes"
        basis: observed
""")
    assert _errors(mini) == [
        "data/rest/adressen.yaml:10: endpoint 'rest.adressen.get-v1': unknown auth method 'digets' in support "
        "(expected one of: digest, pat-legacy). Did you mean 'digest'?",
        "1 error in 1 file",
    ]


def test_duplicate_id_names_the_first_definition(mini):
    _write(mini, "rest/adressen.yaml", ADRESSEN_HEAD + """
  - id: rest.adressen.get-v1
    method: POST
    path: /v1/adressen
    resource: Address
""")
    assert _errors(mini) == [
        "data/rest/adressen.yaml:9: endpoint 'rest.adressen.get-v1': duplicate id (first defined at data/rest/adressen.yaml:4).",
        "1 error in 1 file",
    ]


def test_invalid_regex_in_template(mini):
    _write(mini, "rest/adressen.yaml", ADRESSEN_HEAD + """
  - id: rest.adressen.get-v1-id
    method: GET
    path: /v1/adressen/{id:\\d+(}
    resource: Address
""")
    (msg, count) = _errors(mini)
    assert msg == (
        "data/rest/adressen.yaml:9: endpoint 'rest.adressen.get-v1-id': invalid template: placeholder 'id' has an "
        "invalid regex '\\d+(': missing ), unterminated subpattern at position 3. Fix the template (see data/README.md, Templates)."
    )
    assert count == "1 error in 1 file"


def test_no_without_a_source(mini):
    _write(mini, "rest/adressen.yaml", ADRESSEN_HEAD + """
    support:
      pat-legacy:
        support: "no"
        basis: documented
        notes: Listed as unavailable.
""")
    assert _errors(mini) == [
        "data/rest/adressen.yaml:10: endpoint 'rest.adressen.get-v1': support.pat-legacy: "
        "basis 'documented' needs at least one source (a URL).",
        "1 error in 1 file",
    ]


def test_no_without_notes(mini):
    _write(mini, "rest/adressen.yaml", ADRESSEN_HEAD + """
    support:
      digest: {support: "no", basis: observed}
""")
    assert _errors(mini) == [
        "data/rest/adressen.yaml:10: endpoint 'rest.adressen.get-v1': support.digest: "
        "support 'no' needs notes (say why, and what the source says).",
        "1 error in 1 file",
    ]


def test_equivalent_templates_of_one_api_are_rejected(mini):
    _write(mini, "rest/adressen.yaml", ADRESSEN_HEAD + """
  - id: rest.adressen.get-v1-id
    method: GET
    path: /v1/adressen/{id:\\d+}
    resource: Address
  - id: rest.adressen.get-v1-nr
    method: GET
    path: /v1/adressen/{nr:\\d+}
    resource: Address
""")
    assert _errors(mini) == [
        "data/rest/adressen.yaml:13: endpoint 'rest.adressen.get-v1-nr': templates '/v1/adressen/{id:\\d+}' "
        "(data/rest/adressen.yaml:9) and '/v1/adressen/{nr:\\d+}' match the same GET requests. Keep one, or split them by method.",
        "1 error in 1 file",
    ]


def test_id_must_match_its_file(mini):
    _write(mini, "rest/adressen.yaml", ADRESSEN_HEAD.replace("id: rest.adressen.get-v1", "id: rest.address.get-v1"))
    assert _errors(mini) == [
        "data/rest/adressen.yaml:4: endpoint 'rest.address.get-v1': id does not match its file "
        "(expected an id starting with 'rest.adressen.').",
        "1 error in 1 file",
    ]


def test_yaml_syntax_error_has_its_line(mini):
    _write(mini, "rest/adressen.yaml", ADRESSEN_HEAD + "    notes: [unclosed\n")
    (msg, count) = _errors(mini)
    assert msg == ("data/rest/adressen.yaml:9: invalid YAML: did not find expected ',' or ']'. "
                   "Fix the syntax and run 'xreg validate' again.")
    assert count == "1 error in 1 file"


def test_unknown_api_in_a_default_and_a_missing_default(mini):
    text = (mini / "support.yaml").read_text().replace("  - api: standard\n    auth: pat-legacy", "  - api: standrd\n    auth: pat-legacy")
    (mini / "support.yaml").write_text(text)
    assert _errors(mini) == [
        "data/support.yaml: default standard × pat-legacy: missing (every API × auth method needs a default statement).",
        "data/support.yaml:11: default standrd × pat-legacy: unknown API 'standrd' (expected one of: rest, standard).",
        "2 errors in 1 file",
    ]


def test_errors_in_several_files_are_all_reported_then_counted(mini):
    _write(mini, "rest/adressen.yaml", ADRESSEN_HEAD.replace("method: GET", "method: GTE"))
    _write(mini, "standard/actions.yaml", """
api: standard
group: actions
endpoints:
  - id: standard.actions.AuftragCreate
    method: POST
    action: AuftragCreate
    resource: Auftrag
  - id: standard.actions.auftragcreate
    method: POST
    action: auftragcreate
    resource: Auftrag
""")
    lines = _errors(mini)
    assert lines[-1] == "2 errors in 2 files"
    assert lines[1] == (
        "data/standard/actions.yaml:8: endpoint 'standard.actions.auftragcreate': action 'auftragcreate' is already "
        "defined by 'standard.actions.AuftragCreate' (action names are case-insensitive)."
    )


def test_regex_that_can_backtrack_catastrophically_is_rejected(mini):
    _write(mini, "rest/adressen.yaml", ADRESSEN_HEAD + """
  - id: rest.adressen.get-v1-slug
    method: GET
    path: /v1/adressen/{slug:(?:[a-z]+-?)+}
    resource: Address
""")
    assert _errors(mini) == [
        "data/rest/adressen.yaml:9: endpoint 'rest.adressen.get-v1-slug': parameter 'slug' regex '(?:[a-z]+-?)+' "
        "can backtrack catastrophically (an unbounded repeat nested inside another repeat). Rewrite it without "
        "nested repeats, or make the repeat possessive (*+, ++) or atomic (?>…).",
        "1 error in 1 file",
    ]


def test_regex_with_repeats_side_by_side_is_rejected(mini):
    _write(mini, "rest/adressen.yaml", ADRESSEN_HEAD + """
  - id: rest.adressen.get-v1-code
    method: GET
    path: /v1/adressen/{code:\\d*\\d*\\d*\\d*x}
    resource: Address
""")
    assert _errors(mini) == [
        "data/rest/adressen.yaml:9: endpoint 'rest.adressen.get-v1-code': parameter 'code' regex '\\d*\\d*\\d*\\d*x' "
        "can backtrack catastrophically (unbounded repeats side by side that can match the same text). Rewrite it "
        "without nested repeats, or make the repeat possessive (*+, ++) or atomic (?>…).",
        "1 error in 1 file",
    ]


@pytest.mark.parametrize("regex, risk", [
    (r"\d*\d*\d*\d*x", "unbounded repeats side by side that can match the same text"),
    (r"\d+\.?\d+", "unbounded repeats side by side that can match the same text"),
    (r"\d+(?:x|\d)*", "unbounded repeats side by side that can match the same text"),
    (r"[a-z]+\d+", None),
    (r"\w+-\w+", None),
    (r"[A-Z]+[a-z]*", None),
    (r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}", None),
    (r"\d*+\d*+x", None),
    (r"(?i:[a-z]*[A-Z]*[a-z]*x)", "unbounded repeats side by side that can match the same text"),  # (?i) folds case
    (r"(?i)[a-z]*[A-Z]*x", "unbounded repeats side by side that can match the same text"),
    (r"[A-Z]+[a-z]*", None),  # without (?i), disjoint
    (r"\d*(?:-|)\d*(?:-|)\d*x", "unbounded repeats side by side that can match the same text"),  # '(?:-|)' can be empty
    (r"\d*(?:-)\d*x", None),
])
def test_backtracking_risk_of_repeats_side_by_side(regex, risk):
    from registry.matching.regex_safety import backtracking_risk

    assert backtracking_risk(regex) == risk


@pytest.mark.skipif(__import__("sys").version_info < (3, 11), reason="possessive repeats need Python 3.11")
def test_possessive_form_of_the_same_regex_is_accepted(mini):
    _write(mini, "rest/adressen.yaml", ADRESSEN_HEAD + """
  - id: rest.adressen.get-v1-slug
    method: GET
    path: /v1/adressen/{slug:(?:[a-z]+-?)++}
    resource: Address
""")
    assert registry.load(mini).endpoint("rest.adressen.get-v1-slug").path.endswith("++}")


def test_cache_is_keyed_by_content(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    first = registry.load(data)
    assert len(list((tmp_path / "cache" / "xreg").glob("*.json"))) == 1
    assert registry.load(data).endpoints.keys() == first.endpoints.keys()
    path = data / "rest" / "reports.yaml"
    path.write_text(path.read_text().replace("permission: view_report", "permission: view_reports"))
    assert registry.load(data).endpoint("rest.reports.get-v1-id-download").permission == "view_reports"
    assert len(list((tmp_path / "cache" / "xreg").glob("*.json"))) == 2
    path.write_text(path.read_text().replace("method: GET", "method: GTE"))
    with pytest.raises(DataError):
        registry.load(data)


def test_two_copies_of_one_dataset_keep_their_own_locations(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    for name in ("one", "two"):
        shutil.copytree(MINI, tmp_path / name)
    for name in ("one", "two", "one"):
        reg = registry.load(tmp_path / name)
        assert (reg.data_dir, reg.endpoint("rest.reports.get-v1-id-download")._file) == (
            str(tmp_path / name), f"{name}/rest/reports.yaml")
    assert len(list((tmp_path / "cache" / "xreg").glob("*.json"))) == 2


def test_cache_keeps_the_most_recent_files(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr("registry.loading.cache._KEEP", 2)
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    path = data / "rest" / "reports.yaml"
    text = path.read_text()
    written = []
    for n in range(4):  # four edits of the dataset: four files written, the newest two kept
        path.write_text(text.replace("permission: view_report", f"permission: view_report_{n}"))
        registry.load(data)
        written.append({p.name for p in (tmp_path / "cache" / "xreg").glob("*.json")})
    assert [len(names) for names in written] == [1, 2, 2, 2]
    new = [written[0]] + [written[i] - written[i - 1] for i in (1, 2, 3)]  # the file each load wrote
    assert [len(names) for names in new] == [1, 1, 1, 1]
    assert written[3] == new[2] | new[3]
    assert registry.load(data).endpoint("rest.reports.get-v1-id-download").permission == "view_report_3"


def test_load_gives_the_same_types_with_and_without_the_cache(tmp_path):
    """Issue 18 item 7: a cached load gave ``registry.records`` types, a fresh one the pydantic models. Now both
    give the records (validated, or trusted from the cache), equal field for field; only a fresh load imports
    pydantic."""
    import subprocess
    import sys

    from registry.loading.loader import load_registry

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    script = ("import sys, registry; r = registry.load(); s = r.support('rest.shopimport.post-auth', 'pat-legacy'); "
              "print(*sorted({type(o).__module__ + '.' + type(o).__name__ for o in [r.info, s.statement, "
              "*r.endpoints.values(), *r.apis.values(), *r.auth.values(), *r.migrations, *r.lists]}), "
              "'pydantic' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout
            for _ in range(2)]
    types = ("registry.records.Api registry.records.AuthMethod registry.records.DatasetInfo "
             "registry.records.DocumentedList registry.records.Endpoint registry.records.Migration "
             "registry.records.Statement")
    assert runs == [f"{types} True\n", f"{types} False\n"]  # validated, then read back

    fresh = load_registry(ROOT / "data")
    registry.load(ROOT / "data")  # validates and caches when this process has not yet
    cached = registry.load(ROOT / "data")
    assert type(fresh.endpoints["rest.shopimport.post-auth"]) is type(cached.endpoints["rest.shopimport.post-auth"])
    assert [ep.model_dump() for ep in cached.endpoints.values()] == [ep.model_dump() for ep in fresh.endpoints.values()]
    assert cached.statements == fresh.statements and cached.migrations == fresh.migrations
    assert cached.lists == fresh.lists and cached.info == fresh.info and cached.warnings == fresh.warnings
    assert cached.probe == fresh.probe and cached.derived == fresh.derived
    ep = cached.endpoints["rest.shopimport.post-syncstorage-articlenumber"]
    assert ep.location == fresh.endpoints[ep.id].location
    assert re.fullmatch(r".*data/rest/shopimport\.yaml:[1-9][0-9]*", ep.location)
    assert ep.target == "POST /shopimport/syncstorage/{articlenumber:.+}"
    assert [p.covers("/v1/reports/{id}") for p in cached.lists[0].paths] == [
        p.covers("/v1/reports/{id}") for p in fresh.lists[0].paths]
    # a statement shared by many endpoints (a default) is one object in both
    shared = [r.statement for (e, a), r in cached.statements.items() if a == "digest" and r.origin == "default"]
    assert len(shared) > 1 and all(s is shared[0] for s in shared if s == shared[0])


def test_every_model_has_a_record_with_the_same_fields():
    """One type per kind of record: ``registry.records`` mirrors ``registry.models`` field for field. A field
    added to a model needs its line (name and plain type) in the record class of the same name."""
    import inspect

    from registry import models, records

    pairs = [(name, cls) for name, cls in inspect.getmembers(models, inspect.isclass)
             if issubclass(cls, models.Record) and cls is not models.Record]
    assert len(pairs) > 20
    for name, model in pairs:
        record = records.record_class(name)
        assert record is not None, f"registry.records has no class {name}"
        assert list(record.__annotations__) == list(model.model_fields), name
