"""Observations fed back: ``xreg check``, ``advise`` and ``site`` with ``--observations`` show observed
statements (with date and label) and a conflict with a documented statement (both sides)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
XREG = [str(Path(sys.executable).parent / "xreg")]
PAT = "examples/observations/stand-in-pat.yaml"
LEGACY = "examples/observations/stand-in-pat-legacy.yaml"
BOTH = ["--observations", PAT, "--observations", LEGACY]


def xreg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*XREG, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_check_shows_an_observed_statement_that_replaced_an_unknown_one():
    done = xreg("check", "GET", "/api/v1/adressen", "--auth", "pat", "--format", "json", "--observations", PAT)
    assert done.returncode == 0, done.stderr
    st = json.loads(done.stdout)["support"]["pat"]
    assert {k: st[k] for k in ("support", "basis", "origin", "conflict", "replaced", "sources")} == {
        "support": "yes", "basis": "observed", "origin": "observed:stand-in", "conflict": False,
        "replaced": {"support": "unknown", "basis": "inferred"}, "sources": []}
    assert [o["text"] for o in st["observed"]] == ["yes on stand-in, 2026-12-05 (HTTP 200, rest-ok)"]
    assert st["observed"][0]["location"] == f"{PAT}:12"  # the first observation's line
    without = json.loads(xreg("check", "GET", "/api/v1/adressen", "--auth", "pat", "--format", "json").stdout)
    assert without["support"]["pat"]["support"] == "unknown" and without["support"]["pat"]["observed"] == []


def test_check_shows_a_conflict_with_both_sides():
    done = xreg("check", "GET", "/api/v1/belege/auftraege", "--auth", "pat-legacy", *BOTH)
    assert done.returncode == 0, done.stderr
    row = next(line for line in done.stdout.splitlines() if line.startswith("pat-legacy"))
    assert "yes CONFLICT  documented" in row
    assert ("CONFLICT: documented yes (default), observed no on stand-in, 2026-12-05 (HTTP 401, rest-auth-refused). "
            "Usable on the older APIs since 23.0.16") in row
    view = json.loads(xreg("check", "GET", "/api/v1/belege/auftraege", "--format", "json", *BOTH).stdout)
    assert [(a, s["support"], s["basis"], s["conflict"]) for a, s in view["support"].items()] == [
        ("pat", "yes", "observed", False), ("pat-legacy", "yes", "documented", True),
        ("digest", "yes", "documented", False), ("hash", "no", "documented", False)]


def test_advise_on_the_example_shows_the_observed_statements_and_one_conflict():
    done = xreg("advise", "examples/shop-connector", "--auth", "pat-legacy", "--format", "json", "-q", *BOTH)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    rows = [(o["endpoint"], o["auth"], o["support"], o["basis"], o["conflict"]) for o in report["observations"]]
    assert rows == [
        ("rest.adressen.get-v1", "pat", "yes", "observed", False),
        ("rest.adressen.get-v1", "pat-legacy", "yes", "documented", False),
        ("rest.adressen.get-v1-id", "pat", "yes", "observed", False),
        ("rest.adressen.get-v1-id", "pat-legacy", "yes", "documented", False),
        ("rest.artikel.get-v1", "pat", "yes", "observed", False),
        ("rest.artikel.get-v1", "pat-legacy", "yes", "documented", False),
        ("rest.belege.get-v1-auftraege", "pat", "yes", "observed", False),
        ("rest.belege.get-v1-auftraege", "pat-legacy", "yes", "documented", True),
        ("rest.belege.get-v1-auftraege-id", "pat", "yes", "observed", False),
        ("rest.shopimport.get-status", "pat", "no", "observed", False),
        ("rest.shopimport.get-status", "pat-legacy", "no", "documented", False),
        ("xentral.customers.get-v1", "pat", "yes", "documented", False),
        ("xentral.customers.get-v1", "pat-legacy", "yes", "documented", False),
        ("xentral.customers.get-v1-id", "pat", "yes", "documented", False),
        ("xentral.customers.get-v1-id", "pat-legacy", "yes", "documented", False),
        ("xentral.products.get-v1", "pat", "yes", "documented", False),  # route missing: says nothing of support
        ("xentral.products.get-v1", "pat-legacy", "yes", "documented", False),
        ("xentral.salesOrders.get-v3", "pat", "yes", "documented", False),  # a scope refusal: this token's rights only
        ("xentral.salesOrders.get-v3", "pat-legacy", "yes", "documented", False),
        ("xentral.salesOrders.get-v3-id", "pat-legacy", "yes", "documented", False),
    ]
    assert sum(o["conflict"] for o in report["observations"]) == 1
    call = next(c for c in report["calls"] if c["endpoint"] and c["endpoint"]["id"] == "rest.belege.get-v1-auftraege")
    assert ("CONFLICT under pat-legacy: the dataset says yes (documented, default), but it was observed no on stand-in, "
            "2026-12-05 (HTTP 401, rest-auth-refused); the verdict follows the dataset") in call["notes"]
    md = xreg("advise", "examples/shop-connector", "--auth", "pat-legacy", "-q", *BOTH).stdout
    assert "## Observations on your instance" in md
    assert ("| `rest.adressen.get-v1` | pat | yes (observed, observed:stand-in), replacing unknown (inferred) | "
            "yes on stand-in, 2026-12-05 (HTTP 200, rest-ok) |") in md
    assert ("| `rest.belege.get-v1-auftraege` | pat-legacy | **CONFLICT**: yes (documented, default) | "
            "no on stand-in, 2026-12-05 (HTTP 401, rest-auth-refused) |") in md
    html = xreg("advise", "examples/shop-connector", "--auth", "pat-legacy", "-q", "--format", "html", *BOTH).stdout
    assert '<a href="#observations">Observations (1 conflict)</a>' in html and html.count("<strong>CONFLICT</strong>") == 1
    plain = xreg("advise", "examples/shop-connector", "--auth", "pat-legacy", "-q").stdout
    assert "Observations on your instance" not in plain and "CONFLICT" not in plain


def test_advise_under_pat_blocks_on_an_observed_refusal(tmp_path):
    """With the new PAT as the current auth, the observed no on shopimport replaces the unknown statement."""
    calls = tmp_path / "calls.txt"
    calls.write_text("GET /api/shopimport/status\nGET /api/v1/adressen\n", encoding="utf-8")
    report = json.loads(xreg("advise", str(calls), "--auth", "pat", "--format", "json", "-q", "--observations", PAT).stdout)
    verdicts = {c["endpoint"]["id"]: (c["verdict"], c["origin"]) for c in report["calls"]}
    assert verdicts["rest.shopimport.get-status"] == ("blocked", "observed:stand-in")
    call = next(c for c in report["calls"] if c["endpoint"]["id"] == "rest.shopimport.get-status")
    assert call["reason"] == ("Observed by xreg probe: no on stand-in, 2026-12-05 (HTTP 401, rest-auth-refused). "
                              "It replaces the dataset's unknown (inferred).")


def test_the_site_shows_observed_statements_and_the_conflict(tmp_path):
    done = xreg("site", "-o", str(tmp_path / "site"), "-q", *BOTH)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / "api-rest.html").read_text(encoding="utf-8")
    assert ('aria-label="pat: yes (observed on stand-in, 2026-12-05, replacing unknown (inferred))"' in page)
    assert ('aria-label="pat-legacy: yes since 23.0.16 (CONFLICT: observed no on stand-in, 2026-12-05 (HTTP 401, '
            'rest-auth-refused))"' in page)
    assert "<strong>pat-legacy</strong>: yes since 23.0.16; CONFLICT: observed no on stand-in, 2026-12-05 (HTTP 401, rest-auth-refused)" in page


def test_a_bad_observations_file_is_one_message_with_its_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format_version: 2\n", encoding="utf-8")
    done = xreg("check", "GET", "/api/v1/adressen", "--observations", str(bad))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines()[0] == f"xreg: {bad}:1: unknown format_version '2' (expected one of: 1)."
