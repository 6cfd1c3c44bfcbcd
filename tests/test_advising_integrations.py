"""The advisor on realistic integrations (issue 15): what ``xreg advise`` says with no flags.

Each fixture under ``tests/fixtures/integrations/`` stands for one kind of real integration; the tests run
the CLI on the shipped dataset and assert the exact verdicts, targets and scopes.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from registry.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "integrations"
EXAMPLE = ROOT / "examples" / "shop-connector"
HC_PAT_DE = "https://help.xentral.com/hc/de/articles/6575192352796-Personal-Access-Token-erstellen-Legacy"
HC_PAT_EN = "https://help.xentral.com/hc/en-us/articles/6575192352796-Creating-personal-access-tokens"
LIST_NOTES = ('Listed under "Nicht verfügbare Endpunkte in der REST- und Standard-API". The source says its list is '
              'not complete ("Diese Liste erhebt keinen Anspruch auf Vollständigkeit"), so endpoints not listed may '
              "fail too.")
READ_FOR_PAT = (" (a list about pat-legacy, read for pat too: its tokens are personal access tokens as well and no "
                "source says they reach these endpoints)")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def advise_json(*args: str) -> dict:
    result = run("advise", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def rows(report: dict) -> list[tuple]:
    return [(c["verdict"], c["method"], c["url"].replace("https://acme.xentral.biz", ""), c["auth"], c["origin"],
             [r["endpoint_id"] for r in c["recommendations"]]) for c in report["calls"]]


# -- item 1: the documented blockers show without flags ------------------------------------------------
@pytest.fixture(scope="module")
def digest_connector() -> dict:
    """A legacy shop connector on Digest auth (a proxy's HAR of one sync run), advised with no --auth."""
    return advise_json(str(FIXTURES / "digest-connector.har"))


def test_digest_connector_shopimport_and_reports_are_blocked_for_the_pat_target(digest_connector):
    listed = "list:pat-legacy-unavailable"
    assert rows(digest_connector) == [
        ("blocked", "GET", "/api/v1/reports/12/download", "digest", listed,
         ["xentral.analytics.get-v1-report-id-export", "xentral.analytics.post-v1-report-id-export"]),
        ("blocked", "GET", "/api/shopimport/statistics", "digest", listed, []),
        ("blocked", "GET", "/api/shopimport/status", "digest", listed, []),
        ("blocked", "POST", "/api/shopimport/auth", "digest", listed, []),
        ("blocked", "POST", "/api/shopimport/ordertoxentral/SB-20931", "digest", listed, []),
        ("blocked", "POST", "/api/shopimport/syncstorage/SKU-1001", "digest", listed, []),
        ("migrate", "GET", "/api/v1/adressen?page=1&items=50", "digest", "migration:rest.adressen.list",
         ["xentral.customers.get-v1"]),
        ("migrate", "POST", "/api/AuftragCreate", "digest", "migration:standard.AuftragCreate",
         ["xentral.salesOrders.post-v3"]),
    ]
    for call in digest_connector["calls"][:6]:
        assert call["sources"] == [HC_PAT_DE]
    auth_call = next(c for c in digest_connector["calls"] if c["url"].endswith("/shopimport/auth"))
    assert auth_call["reason"] == (
        "Blocked for the pat target, whatever the current auth: Endpoints of the legacy APIs that personal access "
        f"tokens cannot reach{READ_FOR_PAT}: the source lists '/shopimport/auth'; the current API has no counterpart. "
        "Keep these calls on a Digest API account with the route's permission (or drop them). " + LIST_NOTES)
    report_call = digest_connector["calls"][0]
    assert report_call["reason"] == (
        "Blocked for the pat target, whatever the current auth: Endpoints of the legacy APIs that personal access "
        f"tokens cannot reach{READ_FOR_PAT}: the source lists '/v1/reports' (and everything below it); the current "
        "API has no full counterpart (nearest, fit partial: GET /api/v1/analytics/report/{id}/export, "
        "POST /api/v1/analytics/report/{id}/export). Move the calls there if that does the job, else keep them on a "
        "Digest API account (or drop them). " + LIST_NOTES)


def test_digest_connector_work_plan_unblocks_with_the_help_center_source(digest_connector):
    steps = digest_connector["work_plan"]
    assert [(s["kind"], s["title"]) for s in steps[:2]] == [("unblock", "Unblock Shopimport"), ("unblock", "Unblock Reports")]
    caveat = (" Personal access tokens cannot reach them (pat target, whatever the current auth): 'Endpoints of the "
              "legacy APIs that personal access tokens cannot reach', a list its source says is not complete.")
    assert steps[0]["detail"] == (
        "No current-API counterpart is recorded: keep these calls on an API account (Digest) with the route's "
        "permission, or drop the feature, until Xentral offers a replacement." + caveat)
    assert steps[1]["detail"] == (
        "Move these calls to the current API if its nearest counterpart does the job (fit partial): "
        "GET /api/v1/analytics/report/{id}/export, POST /api/v1/analytics/report/{id}/export; else keep them on a "
        "Digest API account (or drop them)." + caveat)
    assert steps[0]["sources"] == steps[1]["sources"] == [HC_PAT_DE]


@pytest.mark.parametrize("auth", [[], ["--auth", "digest"]], ids=["no-auth", "digest"])
def test_check_names_the_target_verdict_for_a_listed_route(auth):
    result = run("check", "POST", "https://acme.xentral.biz/api/shopimport/auth", *auth, "--format", "json")
    assert result.exit_code == 0
    target = json.loads(result.stdout)["target"]
    assert (target["auth"], target["verdict"], target["origin"], target["sources"]) == (
        "pat", "blocked", "list:pat-legacy-unavailable", [HC_PAT_DE])
    assert target["reason"].startswith("Blocked for the pat target, whatever the current auth: ")
    table = run("check", "POST", "https://acme.xentral.biz/api/shopimport/auth", *auth).stdout.splitlines()
    assert f"          source: {HC_PAT_DE}" in table
    assert any(line.startswith("target    pat: blocked (list:pat-legacy-unavailable): Blocked for the pat target")
               for line in table)


def test_check_target_of_a_current_api_call_is_ready():
    result = run("check", "GET", "/api/v3/salesOrders/5", "--format", "json")
    target = json.loads(result.stdout)["target"]
    assert (target["auth"], target["verdict"], target["origin"]) == ("pat", "ready", "default")


def test_check_refuses_a_target_the_current_api_does_not_take():
    result = run("check", "GET", "/api/v3/salesOrders/5", "--target", "digest")
    assert result.exit_code == 2
    assert "Invalid value for '--target': target 'digest' does not work on the " in result.stderr


def test_example_without_auth_blocks_every_shopimport_and_reports_call_for_pat_with_its_source():
    from registry.matching.urls import parse_url

    report = advise_json(str(EXAMPLE))
    hits = [c for c in report["calls"] if (parse_url(c["url"]).route or "").startswith(("/shopimport/", "/v1/reports"))]
    # 14: the PHP client's calls use Digest since the source reader reads its auth (rows apart from the log's)
    assert len(hits) == 14
    for c in hits:
        assert (c["verdict"], c["origin"], c["sources"]) == (
            "blocked", "list:pat-legacy-unavailable", [HC_PAT_DE]), c["url"]
        if c["auth"] != "pat-legacy":  # (the legacy token is blocked by the list's own statement)
            assert c["reason"].startswith("Blocked for the pat target, whatever the current auth: "), c["url"]
    assert any(c["auth"] != "pat-legacy" for c in hits)  # (the PHP client's auth may change; some call is not on a token)


# -- items 2, 3, 8: unmatched calls say which API they belong to; not every path is an API call -----------
@pytest.fixture(scope="module")
def current_client() -> dict:
    """An access log of a client of the current API alone, some of whose endpoints are newer than the dataset
    (print jobs, tracking numbers, warehouse creation: named in release notes after 24.48), with a health
    check on the site root, a browser's favicon request, and a product search that still sends the legacy
    API's filters (name_de, items)."""
    return advise_json(str(FIXTURES / "current-client-access.log"))


def test_current_client_reads_as_ready_not_as_half_ready(current_client):
    summary = current_client["summary"]
    assert summary["line"] == (
        "10 calls (18 requests): 0 blocked, 0 migrate, 0 unknown, 6 unmatched, 4 ready; 100% of 8 judged requests "
        "ready for pat on the xentral API; 4 calls (7 requests) look like current-API endpoints newer than "
        "24.48.10 / 26.34.2: run `xreg import-openapi` on a newer spec; 3 requests are no API call (left out); "
        "token needs 4 scopes")
    assert {k: summary[k] for k in ("requests", "requests_ready", "request_share", "endpoints", "endpoint_share",
                                    "calls_newer", "requests_newer", "requests_not_api", "nothing_found")} == {
        "requests": 8, "requests_ready": 8, "request_share": 1.0, "endpoints": 4, "endpoint_share": 1.0,
        "calls_newer": 4, "requests_newer": 7, "requests_not_api": 3, "nothing_found": None}
    assert current_client["dataset_releases"] == ["24.48.10", "26.34.2"]


def test_current_client_unmatched_calls_carry_their_api_and_form(current_client):
    assert [(c["verdict"], c["method"], c["url"], c["api"], c["form"], c["unmatched_class"])
            for c in current_client["calls"]] == [
        ("unmatched", "GET", "/", None, None, "not-api"),
        ("unmatched", "GET", "/api/v3/shipments?perPage=20", "xentral", "current", "current"),
        ("unmatched", "GET", "/favicon.ico", None, None, "not-api"),
        ("unmatched", "POST", "/api/v1/deliveryNotes/4711/trackingNumbers", "xentral", "current", "current"),
        ("unmatched", "POST", "/api/v1/printJobs", "xentral", "current", "current"),
        ("unmatched", "POST", "/api/v1/warehouses", "xentral", "current", "current"),
        ("ready", "GET", "/api/v1/customers/17", "xentral", "current", None),
        ("ready", "GET", "/api/v1/products?page[number]=1&page[size]=50", "xentral", "current", None),
        ("ready", "GET", "/api/v3/salesOrders?perPage=50&filter[0][key]=status&filter[0][op]=equals"
                         "&filter[0][value]=released", "xentral", "current", None),
        ("ready", "PATCH", "/api/v3/salesOrders/88123/actions/release", "xentral", "current", None),
    ]
    print_jobs = current_client["calls"][4]
    assert print_jobs["notes"][-1] == (
        "'printJobs' is an English camelCase resource, as the current API names them: the dataset's current-API data "
        "for /api/v1 is from release 24.48.10, so the endpoint may be newer; run `xreg import-openapi` on a newer spec")
    shipments = current_client["calls"][1]
    assert shipments["notes"][-1] == (
        "'shipments' is a resource of the current API: the dataset's current-API data for /api/v3 is from release "
        "26.34.2, so the endpoint may be newer; run `xreg import-openapi` on a newer spec")
    root = current_client["calls"][0]
    assert root["reason"] == (
        "The site root has no /api and is not shaped like an API route (expected /api/…, or a route such as "
        "/v1/adressen, /shopimport/… or /opentrans/… written without the /api mount): not an API call.")


def test_current_client_work_plan_refreshes_the_data_and_leaves_non_api_paths_out(current_client):
    steps = current_client["work_plan"]
    assert [s["kind"] for s in steps] == ["refresh-data", "token"]
    assert steps[0]["detail"] == (
        "These calls look like current-API endpoints newer than the dataset's current-API data (release 24.48.10, "
        "26.34.2): run `xreg import-openapi` on a newer spec and advise again.")
    assert steps[0]["calls"] == ["GET /api/v3/shipments?perPage=20", "POST /api/v1/deliveryNotes/4711/trackingNumbers",
                                 "POST /api/v1/printJobs", "POST /api/v1/warehouses"]
    assert current_client["token_recipe"]["scopes"] == ["customer:read", "product:read", "salesOrder:read",
                                                        "salesOrder:release"]


def test_markdown_report_shows_api_and_form_of_every_call():
    result = run("advise", str(FIXTURES / "current-client-access.log"))
    lines = result.stdout.splitlines()
    assert "- Dataset: xentral-api-registry 2026.11.27 (current-API data from the specs of release 24.48.10, 26.34.2)" in lines
    row = next(line for line in lines if line.startswith("| 5 |"))
    assert row.startswith("| 5 | unmatched | `POST /api/v1/printJobs` | - | 3 | xentral (current) | - | - |")


def test_version_names_the_dataset_releases():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == (
        "dataset xentral-api-registry 2026.11.27; current API from the specs of Xentral API 24.48.10, "
        "Xentral Business Documents API v3 26.34.2")


def test_source_code_without_any_api_call_says_so_loudly(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "Client.php").write_text("<?php\n$url = $this->base . $path;\n$this->http->get($url);\n")
    (tmp_path / "src" / "sync.js").write_text("const url = `${base}/${resource}`;\nawait fetch(url);\n")
    result = run("advise", str(tmp_path / "src"), "--format", "json")
    line = ("no Xentral API call found in 2 source files; URLs built at runtime cannot be read: pass a log, a HAR or "
            "a list")
    assert result.stderr.splitlines()[-1] == f"xreg: {line}"
    summary = json.loads(result.stdout)["summary"]
    assert (summary["line"], summary["nothing_found"], summary["request_share"], summary["endpoint_share"]) == (
        line, line, None, None)
    md = run("advise", str(tmp_path / "src")).stdout.splitlines()
    assert f"**Summary:** {line}" in md and "- Ready for the target: nothing to judge" in md
    assert not any("0%" in text for text in md)


def test_a_log_of_only_unmatched_calls_says_so_with_the_classes(tmp_path):
    log = tmp_path / "calls.txt"
    log.write_text("GET /\nGET /favicon.ico\nPOST /api/v1/printJobs 4\nGET /api/v1/warenkorb/3\n")
    result = run("advise", str(log), "--format", "json")
    assert json.loads(result.stdout)["summary"]["line"] == (
        "no call matches an endpoint of the dataset in 1 list (4 lines): 4 calls (7 requests) match none; 1 call "
        "(4 requests) look like current-API endpoints newer than 24.48.10: run `xreg import-openapi` on a newer "
        "spec; 2 requests are no API call (left out)")


# -- item 7: query parameters checked against the spec -----------------------------------------------------
def test_ready_call_with_legacy_query_parameters_gets_a_note(current_client):
    products = next(c for c in current_client["calls"] if c["endpoint"] and c["endpoint"]["id"] == "xentral.products.get-v1")
    assert (products["verdict"], products["requests"]) == ("ready", 4)
    assert products["notes"] == [
        "sends query parameters GET /api/v1/products does not declare: items, name_de (it declares filter, order, "
        "page, from the Xentral API 24.48.10 spec; a declared name covers its bracketed forms such as page[number]): "
        "the spec does not say what the server does with them, so check that filters and paging still do what they "
        "should"]
    orders = next(c for c in current_client["calls"] if c["endpoint"] and c["endpoint"]["id"] == "xentral.salesOrders.get-v3")
    assert orders["notes"] == []  # perPage and filter[0][key]… are declared


def test_declared_query_parameters_are_imported_names_only(registry_data):
    assert registry_data.endpoint("xentral.products.get-v1").query == ["filter", "order", "page"]
    assert registry_data.endpoint("xentral.salesOrders.get-v3").query == [
        "cursor", "filter", "include", "page", "perPage", "search", "sort"]
    assert registry_data.endpoint("xentral.products.post-v1").query == []
    assert all(ep.query is not None for ep in registry_data.endpoints.values() if ep.api == "xentral")
    assert all(ep.query is None for ep in registry_data.endpoints.values() if ep.api != "xentral")


# -- item 10: one folder is one input ---------------------------------------------------------------------
def test_one_folder_is_one_input_with_one_line():
    result = run("advise", str(EXAMPLE), "--format", "json")
    folder = str(EXAMPLE) + "/"
    lines = result.stderr.splitlines()
    # (the example's README.md is read too, as Markdown: a third source file, with no call in it)
    assert lines[0].startswith("xreg: read 106 items from 1 input in ")
    assert lines[1] == (f"xreg: {folder}: read 6 of 7 files, skipped 1: 3 source files, 1 HAR file (7 entries), "
                        "1 access log (87 lines), 1 Postman collection (9 requests)")
    inputs = json.loads(result.stdout)["inputs"]
    assert [(i["source"].replace(str(EXAMPLE), "EX"), i["given"].replace(str(EXAMPLE), "EX")) for i in inputs] == [
        ("EX/", "EX/"), ("EX/ (source files)", "EX/"), ("EX/capture.har", "EX/"), ("EX/logs/access.log.gz", "EX/"),
        ("EX/postman/shopbridge.postman_collection.json", "EX/")]
    assert inputs[0]["summary"] == lines[1].removeprefix("xreg: ")
    two = run("advise", str(EXAMPLE / "capture.har"), str(EXAMPLE / "logs"), "--format", "json")
    assert two.stderr.splitlines()[0].startswith("xreg: read 94 items from 2 inputs in ")


# -- item 9: Postman without its environment -------------------------------------------------------------
def test_postman_collection_with_a_disabled_base_variable_is_read_against_the_api_base():
    """A Standard-API collection as Xentral's own was written: {{BASEURL}}/Action, collection auth Digest, the
    BASEURL variable switched off (the team keeps it in an environment that was not passed)."""
    fixture = FIXTURES / "standard-api.postman_collection.json"
    result = run("advise", str(fixture), "--format", "json")
    assert result.exit_code == 0
    name = str(fixture)
    assert result.stderr.splitlines()[1] == (
        f"xreg: {name}: {{{{BASEURL}}}} is disabled in the collection or environment; URLs starting with it are read "
        "as /api/…: pass the environment that sets it with --postman-env")
    report = json.loads(result.stdout)
    assert [(c["verdict"], c["method"], c["url"], c["auth"], c["origin"], c["endpoint"]["id"],
             [r["endpoint_id"] for r in c["recommendations"]]) for c in report["calls"]] == [
        ("blocked", "GET", "/api/shopimport/status", "digest", "list:pat-legacy-unavailable", "rest.shopimport.get-status", []),
        ("blocked", "POST", "https://{{HOST}}/index.php?module=api&action=ArtikelGet&hash=REDACTED&api_id=REDACTED",
         "hash", "default", "standard.actions.ArtikelGet", ["xentral.products.get-v1-id"]),
        ("migrate", "GET", "/api/v1/adressen?page=1&items=50", "digest", "migration:rest.adressen.list",
         "rest.adressen.get-v1", ["xentral.customers.get-v1"]),
        ("migrate", "POST", "/api/AdresseAccountCreate", "digest", "migration:standard.Account",
         "standard.actions.AccountCreate", []),
        ("migrate", "POST", "/api/AdresseCreate", "digest", "migration:standard.AdresseCreate",
         "standard.actions.AdresseCreate", ["xentral.customers.post-v2"]),
    ]
    hash_call = report["calls"][1]
    assert hash_call["auth_seen"] == ["hash"]  # the collection says Digest; the URL's hash= decides
    assert report["inputs"][0]["notes"][-1] == (
        f"{name}: {{{{BASEURL}}}} is disabled in the collection or environment: the 4 requests whose URL starts with "
        "it are read with it as the API base (scheme, host and /api), {{BASEURL}}/v1/adressen as /api/v1/adressen. "
        "Pass the environment that sets it with --postman-env.")
    assert report["token_recipe"]["scopes"] == ["customer:read", "customer:create", "product:read"]


def test_postman_base_variable_set_by_the_environment_is_used(tmp_path):
    env = tmp_path / "prod.postman_environment.json"
    env.write_text(json.dumps({"name": "prod", "_postman_variable_scope": "environment", "values": [
        {"key": "BASEURL", "value": "https://acme.xentral.biz/www/api", "enabled": True}]}))
    result = run("advise", str(FIXTURES / "standard-api.postman_collection.json"), "--postman-env", str(env),
                 "--format", "json")
    urls = sorted(c["url"] for c in json.loads(result.stdout)["calls"])
    assert "https://acme.xentral.biz/www/api/AdresseCreate" in urls
    assert "--postman-env" not in result.stderr


# -- item 6: parameter-aware migrations -----------------------------------------------------------------
OPENXE_API = "OpenXE-org/OpenXE:www/pages/api.php"
NOT_ACCEPTED = ("ApiBelegeList reads the document type from the field beleg of its XML and accepts only auftrag, "
                "rechnung, angebot, lieferschein, gutschrift and retoure; any other value, or none, answers error 8, so "
                "such a call lists nothing today")


@pytest.fixture(scope="module")
def belege() -> dict:
    """A proxy's HAR of a connector listing documents through the Standard API: BelegeList with the document type
    in the body's XML (a purchase-order list among them, as integrations write it), once sent as 'typ' as some
    clients do, and a BelegPDF with the type in the query string."""
    return advise_json(str(FIXTURES / "belegelist.har"))


def test_belegelist_purchase_orders_in_a_har_body_go_to_the_purchase_order_list(belege):
    rows = [(c["verdict"], c["url"].replace("https://acme.xentral.biz", ""), c["auth"], c["origin"],
             [(r["endpoint_id"], r["scopes"], r["scopes_inferred"]) for r in c["recommendations"]])
            for c in belege["calls"]]
    purchase = ("xentral.purchaseOrders.get-v3", ["purchaseOrder:read"], False)
    assert rows == [
        ("migrate", "/api/BelegPDF?beleg=rechnung&id=4711", "digest", "migration:standard.BelegPDF",
         [("xentral.invoices.get-v3-id", ["invoice:read"], False)]),
        ("migrate", "/api/BelegeList", "digest", "migration:standard.BelegeList", [purchase]),  # beleg=bestellung
        ("migrate", "/api/BelegeList", "digest", "migration:standard.BelegeList",
         [("xentral.salesOrders.get-v3", ["salesOrder:read"], False)]),  # beleg=auftrag
        ("migrate", "/api/BelegeList", "digest", "migration:standard.BelegeList", [purchase]),  # typ=bestellung
    ]
    purchase_note = (f"bestellung is not a value of beleg that BelegeList accepts (auftrag, rechnung, angebot, "
                     f"lieferschein, gutschrift, retoure; {OPENXE_API}): {NOT_ACCEPTED}; on the current API, "
                     "GET /api/v1/purchaseOrders or GET /api/v3/purchaseOrders does what it names")
    assert belege["calls"][1]["notes"] == [purchase_note]
    assert belege["calls"][2]["notes"] == [f"beleg=auftrag chooses GET /api/v3/salesOrders (the values of beleg: {OPENXE_API})"]
    assert belege["calls"][3]["notes"] == [
        f"BelegeList reads 'beleg', not 'typ' ({OPENXE_API}): as sent, the call names no beleg; typ=bestellung is read "
        "as what it means", purchase_note]
    assert belege["calls"][0]["notes"] == [f"beleg=rechnung chooses GET /api/v3/invoices/{{id}} (the values of beleg: {OPENXE_API})"]
    # only the chosen lists, not the six sales-document lists, are in the token
    assert belege["token_recipe"]["scopes"] == ["invoice:read", "purchaseOrder:read", "salesOrder:read"]
    assert belege["token_recipe"]["notes"] == []


def test_belegelist_without_its_parameter_lists_every_choice_and_says_so(tmp_path):
    calls = tmp_path / "calls.txt"
    calls.write_text("POST /api/BelegeList\n")
    report = advise_json(str(calls))
    [call] = report["calls"]
    assert [r["endpoint_id"] for r in call["recommendations"]] == [
        "xentral.creditNotes.get-v3", "xentral.deliveryNotes.get-v3", "xentral.invoices.get-v3", "xentral.offers.get-v3",
        "xentral.returnOrders.get-v3", "xentral.salesOrders.get-v3"]
    assert call["notes"][0] == (
        "the target depends on beleg (auftrag: GET /api/v3/salesOrders; rechnung: GET /api/v3/invoices; angebot: "
        "GET /api/v3/offers; lieferschein: GET /api/v3/deliveryNotes; gutschrift: GET /api/v3/creditNotes; retoure: "
        f"GET /api/v3/returnOrders; the values from {OPENXE_API}); the evidence does not show it, so every choice is "
        "recommended and its scopes are in the token recipe")
    assert report["token_recipe"]["notes"] == [
        "POST /api/BelegeList: the target depends on beleg, which the evidence does not show; the recipe holds the "
        "scopes of every choice"]
    assert len(report["token_recipe"]["scopes"]) == 6


def test_a_postman_body_chooses_the_target_too(tmp_path):
    collection = {"info": {"name": "x", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
                  "item": [{"name": "Rechnungen", "request": {"method": "POST", "url": "https://acme.xentral.biz/api/BelegeList",
                            "body": {"mode": "raw", "raw": '{"beleg": "{{TYPE}}"}', "options": {"raw": {"language": "json"}}}}}],
                  "variable": [{"key": "TYPE", "value": "rechnung"}]}
    path = tmp_path / "belege.postman_collection.json"
    path.write_text(json.dumps(collection))
    [call] = advise_json(str(path))["calls"]
    assert [r["endpoint_id"] for r in call["recommendations"]] == ["xentral.invoices.get-v3"]
