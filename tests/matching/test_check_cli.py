"""``xreg check``: exit codes, stdout/stderr separation, the JSON view, and secrets never printed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from registry.cli import main

FIXTURE = str(Path(__file__).resolve().parent.parent / "fixtures" / "matching")
SYNC = "https://acme.xentral.biz/api/index.php/shopimport/syncstorage/AB-12/3"
PAT_SOURCES = [
    "https://help.xentral.com/hc/de/articles/6575192352796-Personal-Access-Token-erstellen-Legacy",
    "https://help.xentral.com/hc/en-us/articles/6575192352796-Creating-personal-access-tokens",
]


def run(*args: str) -> object:
    return CliRunner().invoke(main, ["check", *args])


def test_done_when_example_is_blocked_with_its_source_and_exits_3() -> None:
    result = run("POST", SYNC, "--auth", "pat-legacy", "--fail-on", "blocked", "--data", FIXTURE)
    assert result.exit_code == 3
    assert result.stderr == "xreg: --fail-on reached: blocked\n"
    lines = result.stdout.splitlines()
    assert lines[:6] == [
        f"request   POST {SYNC}",
        "endpoint  rest.shopimport.post-syncstorage-articlenumber (Legacy REST API, deprecated)",
        "template  POST /api/shopimport/syncstorage/{articlenumber:.+}",
        "form      index-php-path",
        "params    articlenumber=AB-12/3",
        "verdict   blocked under pat-legacy",
    ]
    row = next(line for line in lines if line.startswith("pat-legacy"))
    assert row.split()[:4] == ["pat-legacy", "no", "documented", "list:pat-legacy-unavailable"]
    assert row.endswith(" ".join(PAT_SOURCES))


def test_json_view() -> None:
    result = run("POST", SYNC, "--auth", "pat-legacy", "--format", "json", "--data", FIXTURE)
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert view["format_version"] == 1
    assert view["request"] == {"method": "POST", "url": SYNC, "route": "/shopimport/syncstorage/AB-12/3"}
    assert (view["result"], view["endpoint"]["id"], view["api"]["id"], view["form"]) == (
        "match", "rest.shopimport.post-syncstorage-articlenumber", "rest", "index-php-path")
    assert view["params"] == {"articlenumber": "AB-12/3"}
    assert list(view["support"]) == ["pat-legacy"]
    assert view["support"]["pat-legacy"]["support"] == "no"
    assert view["support"]["pat-legacy"]["sources"] == PAT_SOURCES
    assert view["migrations"] == [{
        "id": "rest.shopimport.syncstorage", "fit": "none",
        "reason": "Shop-connector protocol without a counterpart; stock changes go through the product and storage endpoints.",
        "targets": [{"id": "xentral.products.patch-v1-id", "method": "PATCH", "template": "/api/v1/products/{id}",
                     "maturity": "stable", "scopes": [], "status": "active", "removed_in": None}],
        "sources": [],
    }]
    assert view["fail_on"] == []


def test_every_auth_method_without_auth_and_scopes_of_targets() -> None:
    result = run("GET", "/api/v1/artikel/5", "--format", "json", "--data", FIXTURE)
    view = json.loads(result.stdout)
    assert list(view["support"]) == ["pat", "pat-legacy", "digest", "hash"]
    assert [(t["id"], t["scopes"]) for m in view["migrations"] for t in m["targets"]] == [
        ("xentral.products.get-v1-id", []), ("xentral.products.get-v3-id", ["product:read"])]


def test_fail_on_unknown() -> None:
    result = run("GET", "/api/v1/artikel/5", "--auth", "pat", "--fail-on", "unknown", "--data", FIXTURE)
    assert result.exit_code == 3
    assert result.stderr == "xreg: --fail-on reached: unknown\n"


def test_fail_on_blocked_not_reached_exits_0() -> None:
    result = run("GET", "/api/v1/artikel/5", "--auth", "digest", "--fail-on", "blocked", "--data", FIXTURE)
    assert (result.exit_code, result.stderr) == (0, "")


def test_unmatched_with_fail_on_and_markdown() -> None:
    result = run("GET", "/api/v1/products/details", "--format", "md", "--fail-on", "unmatched", "--data", FIXTURE)
    assert result.exit_code == 3
    assert result.stdout.splitlines()[:3] == [
        "## `GET /api/v1/products/details`",
        "",
        "**unmatched**: no endpoint for 'GET /api/v1/products/details': '/api/v1/products/{id}' "
        "(xentral.products.get-v1-id) needs id to match \\\\d+, got 'details'",  # (\\d shown as written)
    ]


def test_method_not_allowed_in_json() -> None:
    view = json.loads(run("PATCH", "/api/v1/adressen/5", "--format", "json", "--data", FIXTURE).stdout)
    assert (view["result"], view["allowed"], view["endpoint"]) == ("method-not-allowed", ["GET", "PUT"], None)


def test_hash_form_is_judged_under_hash_and_never_prints_the_hash() -> None:
    url = "/www/index.php?module=api&action=AuftragCreate&hash=9f3a1c77&api_id=26"
    result = run("POST", url, "--fail-on", "blocked", "--data", FIXTURE)
    assert result.exit_code == 3
    assert "9f3a1c77" not in result.output and "=26" not in result.output
    assert result.stdout.splitlines()[0] == "request   POST /www/index.php?module=api&action=AuftragCreate&hash=REDACTED&api_id=REDACTED"


@pytest.mark.parametrize("fmt", ["table", "json", "md"])
def test_a_secret_after_a_second_question_mark_never_prints(fmt: str) -> None:
    result = run("GET", "/api/v1/artikel/5?a=b?token=S3CR3T&x=1?hash=H4SH", "--format", fmt, "--data", FIXTURE)
    assert result.exit_code == 0
    assert "S3CR3T" not in result.output and "H4SH" not in result.output
    assert "/api/v1/artikel/5?a=b?token=REDACTED&x=1?hash=REDACTED" in result.stdout


def test_fail_on_blocked_needs_auth() -> None:
    result = run("GET", "/api/v1/artikel/5", "--fail-on", "blocked", "--data", FIXTURE)
    assert result.exit_code == 2
    assert "--fail-on blocked/unknown needs --auth (which auth method to judge)" in result.stderr


def test_unknown_auth_is_a_usage_error() -> None:
    result = run("GET", "/api/v1/artikel/5", "--auth", "oauth", "--data", FIXTURE)
    assert result.exit_code == 2
    assert "unknown auth method 'oauth' (expected one of: pat, pat-legacy, digest, hash)" in result.stderr


@pytest.mark.parametrize("url", ["", "  "])
def test_an_empty_url_is_a_usage_error(url: str) -> None:
    result = run("GET", url, "--data", FIXTURE)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith("Error: Invalid value for 'URL': the URL is empty\n")


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "check.json"
    result = run("GET", "/api/v1/artikel/5", "--format", "json", "-o", str(out), "--data", FIXTURE)
    assert (result.exit_code, result.stdout) == (0, "")
    assert json.loads(out.read_text())["endpoint"]["id"] == "rest.artikel.get-v1-id"


def test_broken_dataset_is_exit_1(tmp_path: Path) -> None:
    result = run("GET", "/api/v1/artikel/5", "--data", str(tmp_path / "missing"))
    assert result.exit_code == 1
    assert "dataset directory not found" in result.stderr


def test_a_removed_target_is_marked_in_check_and_show(tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[2] / "data", data)
    products = data / "xentral" / "products.yaml"
    entry = "- id: xentral.products.get-v1-id\n"
    products.write_text(products.read_text(encoding="utf-8").replace(entry, entry + "  status: removed\n  removed_in: 26.1\n"),
                        encoding="utf-8")
    result = run("GET", "/api/v1/artikel/5", "--format", "json", "--data", str(data))
    targets = [(t["id"], t["status"], t["removed_in"]) for m in json.loads(result.stdout)["migrations"] for t in m["targets"]]
    assert targets == [("xentral.products.get-v1-id", "removed", "26.1"), ("xentral.products.get-v3-id", "active", None)]
    table = run("GET", "/api/v1/artikel/5", "--data", str(data)).stdout
    assert "xentral.products.get-v1-id (removed in 26.1)" in table
    shown = CliRunner().invoke(main, ["show", "rest.artikel.get-v1-id", "--data", str(data)])
    assert "  exact    xentral.products.get-v1-id (removed), xentral.products.get-v3-id: " in shown.stdout


def test_check_answers_the_rest_wrapper_as_php_does_on_the_shipped_dataset() -> None:
    """/api/XMLTest calls ApiXMLTest; /api/ApiXMLTest calls ApiApiXMLTest, which OpenXE's api.php does not define."""
    ok = run("POST", "/api/XMLTest", "--format", "json")
    view = json.loads(ok.stdout)
    assert (ok.exit_code, view["result"], view["endpoint"]["id"], view["form"]) == (
        0, "match", "standard.actions.ApiXMLTest", "standard-wrapper")
    assert (view["endpoint"]["action"], view["endpoint"]["wrapper"], view["endpoint"]["registered"]) == (
        "ApiXMLTest", "XMLTest", True)
    assert view["notes"] == ["handler alias: /api/XMLTest calls ApiXMLTest, the handler of the action 'ApiXMLTest' "
                             "(the REST wrapper calls 'Api' + the name)"]
    miss = run("POST", "/api/ApiXMLTest", "--format", "json")
    view = json.loads(miss.stdout)
    assert (miss.exit_code, view["result"], view["endpoint"]) == (0, "unmatched", None)
    assert view["reason"] == ("no endpoint for 'POST /api/ApiXMLTest': the REST wrapper calls ApiApiXMLTest, which "
                              "api.php does not define; the action 'ApiXMLTest' is reached as /api/XMLTest")
    only = json.loads(run("POST", "/api/BelegOhnePositionenList", "--format", "json").stdout)
    assert (only["endpoint"]["id"], only["endpoint"]["registered"]) == ("standard.actions.BelegOhnePositionenList", False)
