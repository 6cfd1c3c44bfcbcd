"""How answers are classified, and how observations files are checked and set against the dataset."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import registry
from registry.errors import DataError
from registry.probe.classify import classify
from registry.probe.observations import read_observations
from registry.probe.plan import id_fits, id_from

ROOT = Path(__file__).resolve().parents[2]
XREG = [str(Path(sys.executable).parent / "xreg")]
EXAMPLES = ROOT / "examples" / "observations"


@pytest.fixture(scope="module")
def reg():
    return registry.load()


@pytest.mark.parametrize(("api", "status", "body", "kind", "expected"), [
    ("rest", 200, b'{"data": []}', "list", ("yes", "rest-ok")),
    ("rest", 401, b'{"error": {"code": 7421, "http_code": 401}}', "list", ("no", "rest-permission-missing")),
    ("rest", 401, b'{"error": {"code": 7419}}', "item", ("no", "rest-auth-refused")),
    ("rest", 401, b'<error><code>7414</code><http_code>401</http_code></error>', "list", ("no", "rest-auth-refused")),
    ("rest", 401, b"<html>no</html>", "list", ("no", "http-401")),
    ("rest", 403, b"", "list", ("no", "http-403")),
    ("rest", 404, b'{"error": {"code": 7431}}', "list", ("route-missing", "rest-route-not-found")),
    ("rest", 404, b'{"error": {"code": 7452}}', "item", ("yes", "rest-record-not-found")),
    ("rest", 404, b"not found", "item", ("unknown", "unclassified")),
    ("rest", 405, b'{"error": {"code": 7432}}', "list", ("route-missing", "rest-method-not-allowed")),
    ("rest", 400, b'{"error": {"code": "7454"}}', "list", ("yes", "rest-request-error")),
    ("rest", 500, b'{"error": {"code": 7499}}', "list", ("unknown", "unclassified")),
    ("rest", 301, b"", "list", ("unknown", "redirect")),
    ("standard", 200, b"<response><status><messageCode>1</messageCode></status></response>", "action", ("yes", "standard-ok")),
    ("standard", 200, b"<response><status><messageCode> 8 </messageCode></status></response>", "action",
     ("yes", "standard-action-error")),
    ("standard", 200, b"<response><status><messageCode>2</messageCode></status></response>", "action",
     ("unknown", "unclassified")),
    ("standard", 400, b'{"error": {"code": 7451}}', "action", ("route-missing", "standard-action-missing")),
    ("standard", 401, b'{"error": {"code": 7421}}', "action", ("no", "standard-permission-missing")),
    ("xentral", 200, b"{}", "list", ("yes", "xentral-ok")),
    ("xentral", 401, b"<html></html>", "list", ("no", "xentral-unauthenticated")),
    ("xentral", 403, b"", "item", ("no", "xentral-forbidden")),
    ("xentral", 404, b"", "list", ("route-missing", "xentral-list-not-found")),
    ("xentral", 404, b"", "item", ("unknown", "xentral-item-not-found")),
    ("xentral", 429, b'{"message": "Too Many Requests"}', "list", ("unknown", "xentral-rate-limited")),
    ("xentral", 406, b"", "item", ("yes", "xentral-request-error")),
    ("xentral", 503, b"", "item", ("unknown", "unclassified")),
])
def test_each_answer_is_classified_by_the_first_marker_that_fits(reg, api, status, body, kind, expected):
    markers = next(p.markers for p in reg.probe.apis if p.api == api)
    assert classify(markers, status, body, kind) == expected


def test_every_marker_says_where_it_comes_from(reg):
    """Documented markers name sources; the others are marked inferred and say so in their notes."""
    for p in reg.probe.apis:
        for m in p.markers:
            assert m.notes.strip()
            assert (m.basis == "documented") == bool(m.sources), m.id


@pytest.mark.parametrize(("body", "expected"), [
    (b'{"data": [{"id": 7}]}', "7"), (b'[{"id": "3"}]', "3"), (b'{"data": []}', None), (b'{"data": [{"id": true}]}', None),
    (b"<xml/>", None), (b'{"data": [{"name": "x"}]}', None),
])
def test_the_id_comes_from_the_first_record_of_the_list(body, expected):
    assert id_from(body) == expected


def test_an_id_that_could_change_the_path_is_never_used():
    assert id_fits("7", r"\d+") and not id_fits("7a", r"\d+")
    assert not id_fits("../admin", None) and not id_fits("a?b", None) and not id_fits("%2e", None)


def test_the_example_observations_are_valid(reg):
    files = read_observations(sorted(EXAMPLES.glob("*.yaml")), reg)
    assert [(f.label, f.date, len(f.observations)) for f in files] == [("stand-in", "2026-12-05", 17)] * 2


def test_a_wrong_observations_file_is_reported_with_its_lines(reg, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "format_version: 1\nlabel: acme\ndate: '2026-12-05'\nxreg: 0.1.0\ndataset: x\nobservations:\n"
        "- {endpoint: rest.adressen.get-v9, auth: pat, result: 'yes', status: 200, marker: rest-ok, request: GET /}\n"
        "- {endpoint: rest.adressen.get-v1, auth: pat, result: 'yes', status: 401, marker: rest-auth-refused, request: GET /}\n"
        "- {endpoint: rest.adressen.get-v1, auth: pat, result: unknown, status: 200, marker: xentral-ok, request: GET /}\n"
        "- {endpoint: rest.adressen.get-v1, auth: hmac, result: unknown, marker: timeout, request: GET /}\n",
        encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_observations([bad], reg)
    shown = str(bad)
    assert [str(p) for p in err.value.problems] == [
        f"{shown}:7: observation of 'rest.adressen.get-v9' under 'pat': unknown endpoint 'rest.adressen.get-v9'. "
        "Did you mean 'rest.adressen.get-v2'?",
        f"{shown}:8: observation of 'rest.adressen.get-v1' under 'pat': marker 'rest-auth-refused' means 'no', not 'yes'.",
        f"{shown}:9: observation of 'rest.adressen.get-v1' under 'pat': unknown marker 'xentral-ok' for API 'rest' "
        "(expected one of: rest-ok, rest-permission-missing, rest-auth-refused, rest-route-not-found, "
        "rest-method-not-allowed, rest-record-not-found, rest-request-error, http-401, http-403, timeout, redirect, "
        "unclassified).",
        f"{shown}:10: observation of 'rest.adressen.get-v1' under 'hmac': unknown auth method 'hmac' "
        "(expected one of: pat, pat-legacy, digest, hash).",
    ]


def test_shared_observations_in_the_dataset_are_validated_by_xreg_validate(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "observations").mkdir(exist_ok=True)
    shutil.copy(EXAMPLES / "stand-in-pat.yaml", data / "observations" / "stand-in.yaml")
    done = subprocess.run([*XREG, "validate", "--data", str(data)], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    shared = registry.load(data)  # shared observations are applied on every load of the dataset
    res = shared.support("rest.adressen.get-v1", "pat")
    assert (res.statement.support, res.origin) == ("yes", "observed:stand-in")
    (data / "observations" / "broken.yaml").write_text(
        "format_version: 1\nlabel: Acme Prod\ndate: '2026-12-05'\nxreg: 0.1.0\ndataset: x\nobservations:\n"
        "- {endpoint: rest.adressen.get-v1, auth: pat, result: maybe, marker: rest-ok, request: GET /}\n",
        encoding="utf-8")
    done = subprocess.run([*XREG, "validate", "--data", str(data)], capture_output=True, text=True)
    shown = data / "observations" / "broken.yaml"
    assert done.returncode == 1
    assert done.stderr == (
        f"{shown}:2: label 'Acme Prod' is malformed (expected to match ^[a-z][a-z0-9-]*$).\n"
        f"{shown}:7: unknown observations.0.result 'maybe' (expected one of: yes, no, route-missing, unknown).\n"
        "xreg: 2 errors in 1 file\n")


def test_an_observation_replaces_an_unknown_statement_and_a_contradiction_is_a_conflict(reg):
    from registry.probe.observations import observed_registry

    files = read_observations([EXAMPLES / "stand-in-pat.yaml", EXAMPLES / "stand-in-pat-legacy.yaml"], reg)
    seen = observed_registry(reg, files)
    # pat on the legacy REST API: unknown (inferred) until observed
    res = seen.support("rest.adressen.get-v1", "pat")
    assert (res.statement.support, res.statement.basis, res.origin) == ("yes", "observed", "observed:stand-in")
    assert (res.replaced.support, res.replaced.basis) == ("unknown", "inferred")
    assert res.statement.notes == ("Observed by xreg probe: yes on stand-in, 2026-12-05 (HTTP 200, rest-ok). "
                                   "It replaces the dataset's unknown (inferred).")
    assert seen.support("rest.shopimport.get-status", "pat").statement.support == "no"
    # a documented yes that a legacy token was refused on: the statement stands, both sides are kept
    res = seen.support("rest.belege.get-v1-auftraege", "pat-legacy")
    assert (res.statement.support, res.statement.basis, res.origin, res.conflict) == ("yes", "documented", "default", True)
    assert [s.text() for s in res.observed] == ["no on stand-in, 2026-12-05 (HTTP 401, rest-auth-refused)"]
    # a documented no confirmed; a refusal of the token's scope says nothing about the auth method
    res = seen.support("rest.shopimport.get-status", "pat-legacy")
    assert (res.statement.support, res.origin, res.conflict) == ("no", "list:pat-legacy-unavailable", False)
    res = seen.support("xentral.salesOrders.get-v3", "pat")
    assert (res.statement.support, res.conflict, res.observed[0].decisive) == ("yes", False, False)
    # route missing and unknown answers are kept, and change nothing
    res = seen.support("rest.lagermhd.get-v1", "pat")
    assert (res.statement.support, res.statement.basis, res.observed[0].result) == ("unknown", "inferred", "route-missing")
    assert reg.support("rest.adressen.get-v1", "pat").statement.support == "unknown"  # the original is untouched
    conflicts = sorted(k for k, r in seen.statements.items() if r.conflict)
    assert conflicts == [("rest.belege.get-v1-auftraege", "pat-legacy")]
