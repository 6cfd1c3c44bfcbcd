"""The advisor: one verdict per call with its reason and source, recommendations, the token recipe.

Most tests run on a small dataset written into ``tmp_path``: the shipped ``apis``, ``auth`` and
``support`` files and some shipped legacy endpoint files (so reasons and sources are the real ones),
plus a few current-API endpoints and migrations written here, so that every expected id is known.
The example integration is checked on the shipped dataset at the end.
"""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

import registry
from registry.advising import _legacy_path, _pattern_covers_path, advise, scopes_for
from registry.errors import UsageError
from registry.rendering.report import summary_line
from registry.inputs.base import Observation, SecretFinding
from registry.models import PathPattern

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
HC_PAT_DE = "https://help.xentral.com/hc/de/articles/6575192352796-Personal-Access-Token-erstellen-Legacy"
HC_PAT_EN = "https://help.xentral.com/hc/en-us/articles/6575192352796-Creating-personal-access-tokens"
HC_LEGACY = "https://help.xentral.com/hc/de/articles/10178109235100-Legacy-API-Veraltete-API-Version"

XENTRAL = {
    "salesOrders": """
        - {id: xentral.salesOrders.get-v1, method: GET, path: /api/v1/salesOrders, resource: salesOrder, maturity: early-access}
        - {id: xentral.salesOrders.get-v1-id, method: GET, path: "/api/v1/salesOrders/{id}", resource: salesOrder, maturity: early-access}
        - {id: xentral.salesOrders.get-v3, method: GET, path: /api/v3/salesOrders, resource: salesOrder, scopes: ["salesOrder:read"]}
        - {id: xentral.salesOrders.get-v3-id, method: GET, path: "/api/v3/salesOrders/{id}", resource: salesOrder, scopes: ["salesOrder:read"]}
        - {id: xentral.salesOrders.post-v3, method: POST, path: /api/v3/salesOrders, resource: salesOrder, maturity: beta, scopes: ["salesOrder:create"]}
        - {id: xentral.salesOrders.patch-v3-id-actions-release, method: PATCH, path: "/api/v3/salesOrders/{id}/actions/release", resource: salesOrder, scopes: ["salesOrder:release"]}
    """,
    "customers": """
        - {id: xentral.customers.get-v1, method: GET, path: /api/v1/customers, resource: customer}
        - {id: xentral.customers.get-v1-id, method: GET, path: "/api/v1/customers/{id}", resource: customer}
        - {id: xentral.customers.post-v1, method: POST, path: /api/v1/customers, resource: customer}
        - {id: xentral.customers.get-v3, method: GET, path: /api/v3/customers, resource: customer, maturity: beta, scopes: ["customer:read"]}
        - {id: xentral.customers.delete-v3-id-contactPersons-contactPersonId, method: DELETE, path: "/api/v3/customers/{id}/contactPersons/{contactPersonId}", resource: customer, scopes: ["customer:update"]}
    """,
    "products": """
        - {id: xentral.products.get-v1, method: GET, path: /api/v1/products, resource: product}
        - {id: xentral.products.get-v3-id, method: GET, path: "/api/v3/products/{id}", resource: product, maturity: beta, scopes: ["product:read"]}
        - {id: xentral.products.get-v3-id-calculationItems, method: GET, path: "/api/v3/products/{id}/calculationItems", resource: product, maturity: beta, scopes: ["productCalculation:read"]}
        - {id: xentral.products.post-v3-id-calculationItems, method: POST, path: "/api/v3/products/{id}/calculationItems", resource: product, maturity: beta, scopes: ["productCalculation:create"]}
    """,
}
MIGRATIONS = """
migrations:
  - id: adressen
    legacy: [rest.adressen.get-v1, rest.adressen.get-v1-id, rest.adressen.post-v1]
    targets: [xentral.customers.get-v1, xentral.customers.get-v1-id, xentral.customers.post-v1, xentral.customers.get-v3]
    fit: partial
    reason: One legacy address is split into customers, suppliers and employees.
  - id: auftraege
    legacy: [rest.belege.get-v1-auftraege, rest.belege.get-v1-auftraege-id]
    targets: [xentral.salesOrders.get-v1, xentral.salesOrders.get-v1-id, xentral.salesOrders.get-v3, xentral.salesOrders.get-v3-id]
    fit: exact
    reason: Sales orders list and read one to one.
  - id: shopimport
    legacy: [rest.shopimport.post-syncstorage-articlenumber]
    fit: none
    reason: The current API has no shop import.
  - id: AuftragCreate
    legacy: [standard.actions.AuftragCreate]
    targets: [xentral.salesOrders.post-v3]
    fit: exact
    reason: Create a sales order with POST /api/v3/salesOrders.
"""


@pytest.fixture(scope="module")
def reg(tmp_path_factory: pytest.TempPathFactory) -> registry.Registry:
    root = tmp_path_factory.mktemp("data")
    for name in ("apis.yaml", "auth.yaml", "support.yaml", "dataset.yaml"):
        shutil.copy(DATA / name, root / name)
    (root / "rest").mkdir()
    for name in ("adressen", "belege", "reports", "shopimport"):
        shutil.copy(DATA / "rest" / f"{name}.yaml", root / "rest" / f"{name}.yaml")
    (root / "standard").mkdir()
    shutil.copy(DATA / "standard" / "actions.yaml", root / "standard" / "actions.yaml")
    (root / "xentral").mkdir()
    for group, body in XENTRAL.items():
        text = f"api: xentral\ngroup: {group}\nendpoints:\n" + textwrap.indent(textwrap.dedent(body).strip(), "")
        (root / "xentral" / f"{group}.yaml").write_text(text + "\n", encoding="utf-8")
    (root / "migrations").mkdir()
    (root / "migrations" / "test.yaml").write_text(MIGRATIONS, encoding="utf-8")
    return registry.load(root)


def obs(method: str, url: str, location: str = "src/Client.php:10", kind: str = "source", **kw: object) -> Observation:
    return Observation(method, url, location, kind, **kw)  # type: ignore[arg-type]


def one(reg: registry.Registry, o: Observation, **kw: object):
    plan = advise(reg, [o], **kw)  # type: ignore[arg-type]
    assert len(plan.advice) == 1
    return plan.advice[0]


def list_notes(reg: registry.Registry) -> str:
    return " ".join(reg.lists[0].statement.notes.split())


# -- verdicts -------------------------------------------------------------------------------------
def test_shopimport_is_blocked_for_legacy_pat_by_the_documented_list(reg):
    a = one(reg, obs("POST", "/api/shopimport/syncstorage/SKU-1"), auth="pat-legacy")
    assert (a.verdict, a.endpoint.id, a.origin) == ("blocked", "rest.shopimport.post-syncstorage-articlenumber",
                                                    "list:pat-legacy-unavailable")
    assert a.reason == list_notes(reg)
    assert a.sources == [HC_PAT_DE]
    assert a.fit == "none" and a.recommendations == []


def test_reports_path_without_a_route_is_blocked_through_the_list_prefix(reg):
    a = one(reg, obs("GET", "https://shop.xentral.biz/api/v1/reports/latest"), auth="pat-legacy")
    assert (a.verdict, a.endpoint, a.origin, a.resource) == ("blocked", None, "list:pat-legacy-unavailable", "Reports")
    assert a.reason == (
        "Endpoints of the legacy APIs that personal access tokens cannot reach: the source lists '/v1/reports' "
        "(and everything below it), which covers /v1/reports/latest although no route matches the call. "
        + list_notes(reg)
    )
    assert a.sources == [HC_PAT_DE]


#: What the advisor says about a call the documented list puts out of reach of a token target (item 1 of issue 15).
READ_FOR_PAT = (" (a list about pat-legacy, read for pat too: its tokens are personal access tokens as well and no "
                "source says they reach these endpoints)")
KEEP_ON_DIGEST = ("the current API has no counterpart. Keep these calls on a Digest API account with the route's "
                  "permission (or drop them). ")


def target_reason(reg, covers: str, target: str = "pat", counterpart: str = KEEP_ON_DIGEST) -> str:
    return (f"Blocked for the {target} target, whatever the current auth: Endpoints of the legacy APIs that personal "
            f"access tokens cannot reach{READ_FOR_PAT if target == 'pat' else ''}: {covers}; {counterpart}" + list_notes(reg))


def test_reports_path_without_a_route_is_blocked_for_the_token_target_under_digest(reg):
    a = one(reg, obs("GET", "/api/v1/reports/latest"), auth="digest")
    assert (a.verdict, a.endpoint, a.origin, a.resource) == ("blocked", None, "list:pat-legacy-unavailable", "Reports")
    assert a.reason == target_reason(reg, "the source lists '/v1/reports' (and everything below it), which covers "
                                          "/v1/reports/latest although no route matches the call")
    assert a.sources == [HC_PAT_DE]


@pytest.mark.parametrize("auth", ["digest", None])
@pytest.mark.parametrize("target", ["pat", "pat-legacy"])
def test_shopimport_is_blocked_for_a_token_target_whatever_the_current_auth(reg, auth, target):
    a = one(reg, obs("POST", "/api/shopimport/syncstorage/SKU-1"), auth=auth, target=target)
    assert (a.verdict, a.fit, a.recommendations, a.origin) == ("blocked", "none", [], "list:pat-legacy-unavailable")
    assert a.reason == target_reason(reg, "the source lists '/shopimport/syncstorage/{articlenumber:.+}'", target)
    assert a.sources == [HC_PAT_DE]


def test_a_call_off_the_list_under_digest_stays_a_migration(reg):
    a = one(reg, obs("GET", "/api/v1/adressen/5"), auth="digest")
    assert (a.verdict, a.origin) == ("migrate", "migration:adressen")


def test_legacy_list_prefers_the_stable_target_and_infers_its_scope_from_the_v3_twin(reg):
    a = one(reg, obs("GET", "/api/v1/adressen?page=2"), auth="pat-legacy")
    assert (a.verdict, a.endpoint.id, a.fit, a.origin) == ("migrate", "rest.adressen.get-v1", "partial", "migration:adressen")
    assert a.reason == "One legacy address is split into customers, suppliers and employees."
    [rec] = a.recommendations
    assert (rec.endpoint_id, rec.fit, rec.maturity, rec.scopes, rec.scopes_inferred) == (
        "xentral.customers.get-v1", "partial", "stable", ["customer:read"], True)


def test_legacy_item_read_goes_to_the_stable_v3_item_with_published_scope(reg):
    a = one(reg, obs("GET", "/api/v1/belege/auftraege/88123"), auth="pat-legacy")
    assert (a.verdict, a.endpoint.id, a.fit) == ("migrate", "rest.belege.get-v1-auftraege-id", "exact")
    assert [(r.endpoint_id, r.scopes, r.scopes_inferred) for r in a.recommendations] == [
        ("xentral.salesOrders.get-v3-id", ["salesOrder:read"], False)]


def test_standard_action_migrates_to_its_beta_target(reg):
    plan = advise(reg, [obs("POST", "/api/AuftragCreate")], auth="pat-legacy")
    [a] = plan.advice
    assert (a.verdict, a.endpoint.id, a.origin) == ("migrate", "standard.actions.AuftragCreate", "migration:AuftragCreate")
    assert [(r.endpoint_id, r.maturity) for r in a.recommendations] == [("xentral.salesOrders.post-v3", "beta")]
    assert plan.recipe.prerelease == ["POST /api/v3/salesOrders (beta)"]


def test_hash_form_is_blocked_by_the_hash_statement(reg):
    url = "/index.php?module=api&action=AuftragCreate&hash=REDACTED&api_id=3"
    a = one(reg, obs("POST", url))
    statement = reg.support("standard.actions.AuftragCreate", "hash").statement
    assert (a.verdict, a.call.auth, a.call.auth_seen, a.origin) == ("blocked", "hash", ["hash"], "default")
    assert a.reason == statement.notes == "Hash authentication is no longer supported from 22.1; switch to Digest via /api/{Action}."
    assert a.sources == [HC_LEGACY]


def test_current_api_call_is_ready_with_its_scope(reg):
    a = one(reg, obs("GET", "/api/v3/salesOrders/5"), auth="pat-legacy")
    assert (a.verdict, a.endpoint.id, a.origin) == ("ready", "xentral.salesOrders.get-v3-id", "default")
    assert a.sources == [s for s in reg.support("xentral.salesOrders.get-v3-id", "pat").statement.sources]
    assert [(r.endpoint_id, r.scopes) for r in a.recommendations] == [("xentral.salesOrders.get-v3-id", ["salesOrder:read"])]


def test_current_api_call_under_digest_is_blocked(reg):
    a = one(reg, obs("GET", "/api/v1/products"), auth="digest")
    assert (a.verdict, a.endpoint.id, a.origin) == ("blocked", "xentral.products.get-v1", "default")
    assert a.reason == ("Our reading, not a source's words: both specs declare one security scheme, BearerAuth (http, "
                        "bearer), and no Digest; Digest API accounts belong to the legacy APIs. No Xentral source says "
                        "that Digest fails on the current API.")


def test_legacy_endpoint_without_migration_is_unknown(reg):
    a = one(reg, obs("GET", "/api/v1/belege/rechnungen"), auth="digest")
    assert (a.verdict, a.endpoint.id, a.origin) == ("unknown", "rest.belege.get-v1-rechnungen", "migration")
    assert a.reason == "No migration to the current API is recorded in the dataset for this legacy endpoint."


def test_call_matching_nothing_is_unmatched(reg):
    a = one(reg, obs("GET", "/api/v1/warenkorb/17"), auth="pat-legacy")
    assert (a.verdict, a.endpoint, a.origin, a.recommendations) == ("unmatched", None, "matcher", [])
    assert a.reason.startswith("No endpoint in the dataset matches this call")


def test_auth_comes_from_the_evidence_when_not_given(reg):
    plan = advise(reg, [
        obs("POST", "/api/shopimport/syncstorage/A", "a.har#entry 1", "har", auth="bearer"),
        obs("POST", "/api/shopimport/syncstorage/B", "a.har#entry 2", "har", auth="digest"),
    ])
    verdicts = sorted((a.call.auth, a.verdict, a.reason) for a in plan.advice)
    assert verdicts == [
        # Digest works on the route today; the token target is what blocks it
        ("digest", "blocked", target_reason(reg, "the source lists '/shopimport/syncstorage/{articlenumber:.+}'")),
        # a legacy token is blocked already, by the list's own statement
        ("pat-legacy", "blocked", list_notes(reg)),
    ]


def test_given_auth_overrides_the_evidence_and_keeps_what_was_seen(reg):
    a = one(reg, obs("POST", "/api/shopimport/syncstorage/B", "a.har#entry 2", "har", auth="digest"), auth="pat-legacy")
    assert (a.verdict, a.call.auth, a.call.auth_seen) == ("blocked", "pat-legacy", ["digest"])


def test_observations_of_one_endpoint_merge_into_one_call(reg):
    plan = advise(reg, [
        obs("GET", "/api/v1/adressen/1", "access.log:3", "access-log", count=4, statuses={200: 4},
            first_seen="2026-11-14T08:00:00", last_seen="2026-11-14T09:00:00"),
        obs("GET", "/api/v1/adressen/2", "access.log:9", "access-log", count=2, statuses={200: 1, 404: 1},
            first_seen="2026-11-14T07:00:00", last_seen="2026-11-14T07:30:00"),
    ], auth="pat-legacy")
    [a] = plan.advice
    c = a.call
    assert (c.url, c.count, c.statuses, c.first_seen, c.last_seen) == (
        "/api/v1/adressen/1", 6, {200: 5, 404: 1}, "2026-11-14T07:00:00", "2026-11-14T09:00:00")
    assert c.locations == [("access.log:3", "access-log"), ("access.log:9", "access-log")]


def test_unknown_auth_or_target_is_a_usage_error(reg):
    with pytest.raises(UsageError, match=r"^unknown auth method 'bearer' \(expected one of: pat, pat-legacy, digest, hash\)$"):
        advise(reg, [], auth="bearer")
    with pytest.raises(UsageError, match=r"^unknown target 'oauth' "):
        advise(reg, [], target="oauth")


@pytest.mark.parametrize("target", ["digest", "hash"])
def test_a_target_the_current_api_does_not_take_is_a_usage_error(reg, target):
    with pytest.raises(UsageError) as raised:
        advise(reg, [], target=target)
    assert str(raised.value) == (f"target '{target}' does not work on the Xentral API: no endpoint of it supports "
                                 f"{target} (expected one of: pat, pat-legacy)")


def test_a_legacy_token_as_target_needs_no_scopes(reg):
    plan = advise(reg, [obs("GET", "/api/v1/adressen"), obs("GET", "/api/v1/products")], auth="pat-legacy",
                  target="pat-legacy")
    assert [r.endpoint_id for a in plan.advice for r in a.recommendations] == ["xentral.customers.get-v1",
                                                                              "xentral.products.get-v1"]
    assert (plan.recipe.scoped, plan.recipe.scopes, plan.recipe.advice) == (False, [], [])
    assert summary_line(plan).endswith("ready for pat-legacy on the xentral API; the token takes no scopes")
    assert advise(reg, [obs("GET", "/api/v1/adressen")], auth="pat-legacy").recipe.scoped is True


def test_a_removed_target_is_never_recommended_and_validate_warns(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    products = root / "xentral" / "products.yaml"
    text = products.read_text(encoding="utf-8")
    entry = "- id: xentral.products.get-v1-id\n"
    assert text.count(entry) == 1
    products.write_text(text.replace(entry, entry + "  status: removed\n  removed_in: 25.1.0\n"), encoding="utf-8")
    reg = registry.load(root)
    def at(file: str, migration: str) -> str:
        lines = (root / "migrations" / file).read_text(encoding="utf-8").splitlines()
        return f"{root / 'migrations' / file}:{lines.index(f'- id: {migration}') + 1}: migration '{migration}'"

    assert sorted(str(w) for w in reg.warnings) == [
        f"{at(file, migration)}: target 'xentral.products.get-v1-id' was removed in 25.1.0; the advice leaves it out "
        "(name another target, or drop it)."
        for file, migration in (("rest.yaml", "rest.artikel.view"), ("standard.yaml", "standard.ArtikelGet"))]
    advice = one(reg, obs("GET", "/api/v1/artikel/5"), auth="pat-legacy")
    assert [r.endpoint_id for r in advice.recommendations] == ["xentral.products.get-v3-id"]


# -- recipe and plan ------------------------------------------------------------------------------
CALLS = [
    ("GET", "/api/v1/adressen"),
    ("POST", "/api/v1/adressen"),
    ("GET", "/api/v1/belege/auftraege/1"),
    ("POST", "/api/shopimport/syncstorage/X"),
    ("POST", "/api/AuftragCreate"),
    ("GET", "/api/v1/products"),
    ("DELETE", "/api/v3/customers/1/contactPersons/2"),
    ("GET", "/api/v1/belege/rechnungen"),
    ("GET", "/api/v1/warenkorb"),
]


def test_token_recipe_is_the_union_of_the_recommended_targets_scopes(reg):
    plan = advise(reg, [obs(m, u, f"src/a.php:{i}") for i, (m, u) in enumerate(CALLS, 1)], auth="pat-legacy")
    recommended = {r.endpoint_id for a in plan.advice for r in a.recommendations}
    assert recommended == {"xentral.customers.get-v1", "xentral.customers.post-v1", "xentral.salesOrders.get-v3-id",
                           "xentral.salesOrders.post-v3", "xentral.products.get-v1",
                           "xentral.customers.delete-v3-id-contactPersons-contactPersonId"}
    published = {s for e in recommended for s in reg.endpoint(e).scopes}
    assert published == {"salesOrder:read", "salesOrder:create", "customer:update"}
    recipe = {n.scope: n.inferred for n in plan.recipe.scopes}
    assert {s for s, inferred in recipe.items() if not inferred} == published
    # v1 customers and products publish no scope: inferred from the v3 twin / the resource and method
    assert {s for s, inferred in recipe.items() if inferred} == {"customer:read", "customer:create", "product:read"}
    assert plan.recipe.by_resource() == {"customer": ["read", "create", "update"], "product": ["read"],
                                         "salesOrder": ["read", "create"]}
    assert [n.irregular for n in plan.recipe.scopes if n.irregular] == [
        "DELETE /api/v3/customers/{id}/contactPersons/{contactPersonId} needs customer:update, not the delete the "
        "method suggests (x-scopes)"]
    assert plan.recipe.not_covered == ["GET /api/v1/belege/rechnungen: no current-API target",
                                       "POST /api/shopimport/syncstorage/X: no current-API target (fit none)"]
    assert plan.recipe.expiry == reg.auth["pat"].expiry


def test_work_plan_puts_blockers_first_and_ends_with_token_and_secrets(reg):
    items = [obs(m, u, f"src/a.php:{i}") for i, (m, u) in enumerate(CALLS, 1)] + [SecretFinding("src/a.php:3", "bearer-token")]
    plan = advise(reg, items, auth="pat-legacy")
    assert [(s.kind, s.title) for s in plan.steps] == [
        ("unblock", "Unblock Shopimport"),
        ("migrate", "Migrate Address"),
        ("migrate", "Migrate Auftrag"),
        ("migrate", "Migrate DocumentSalesOrder"),
        ("investigate", "Check DocumentInvoice"),
        ("check-unmatched", "Check calls that match no endpoint"),
        ("token", "Create the pat token"),
        ("secrets", "Remove hard-coded tokens"),
    ]
    assert plan.steps[1].targets == ["GET /api/v1/customers", "POST /api/v1/customers"]
    assert plan.steps[-1].calls == ["src/a.php:3"]
    assert [a.verdict for a in plan.advice] == ["blocked", "migrate", "migrate", "migrate", "migrate", "unknown",
                                                "unmatched", "ready", "ready"]


def test_readiness_counts_requests_and_distinct_endpoints(reg):
    plan = advise(reg, [obs("GET", "/api/v1/products", count=3), obs("GET", "/api/v1/adressen", count=1)], auth="pat-legacy")
    assert plan.readiness() == {"requests": 4, "requests_ready": 3, "request_share": 0.75,
                                "endpoints": 2, "endpoints_ready": 1, "endpoint_share": 0.5,
                                "calls_newer": 0, "requests_newer": 0, "requests_not_api": 0}


# -- pure helpers ---------------------------------------------------------------------------------
@pytest.mark.parametrize("url, path", [
    ("/api/v1/reports/5/download", "/v1/reports/5/download"),
    ("https://x.xentral.biz/www/api/index.php/v1/adressen?x=1", "/v1/adressen"),
    ("/api/index.php?path=/v1/artikelkategorien&sort=bezeichnung", "/v1/artikelkategorien"),
    ("api/shopimport/status", "/shopimport/status"),
], ids=["api", "www-index-php", "path-query", "relative"])
def test_legacy_path_strips_the_mount(url, path):
    assert _legacy_path(url) == path


@pytest.mark.parametrize("pattern, match, path, covered", [
    ("/v1/reports", "prefix", "/v1/reports", True),
    ("/v1/reports", "prefix", "/v1/reports/latest/x", True),
    ("/v1/reports", "prefix", "/v1/reportsx", False),
    ("/shopimport/syncstorage/{articlenumber:.+}", "exact", "/shopimport/syncstorage/A/B", True),
    ("/shopimport/status", "exact", "/shopimport/status/1", False),
], ids=["prefix-itself", "prefix-below", "prefix-not-a-segment", "template-regex-spans-slash", "exact-only"])
def test_documented_patterns_cover_concrete_paths(pattern, match, path, covered):
    assert _pattern_covers_path(PathPattern(path=pattern, match=match), path) is covered


def test_scope_inference_from_resource_and_method(reg):
    assert scopes_for(reg, reg.endpoint("xentral.customers.post-v1")) == (["customer:create"], True)
    # from the operations on /api/v3/products/{id} (the same family), not the more numerous calculation items
    assert scopes_for(reg, reg.endpoint("xentral.products.get-v1")) == (["product:read"], True)
    assert scopes_for(reg, reg.endpoint("xentral.salesOrders.patch-v3-id-actions-release")) == (["salesOrder:release"], False)


# -- the example integration, end to end through the CLI ---------------------------------------------
EXAMPLE = ROOT / "examples" / "shop-connector"
EXAMPLE_ARGS = [str(EXAMPLE), "--auth", "pat-legacy",
                "--postman-env", str(EXAMPLE / "postman" / "shopbridge.postman_environment.json")]
#: Secrets planted in the example (all fake): the token, a Digest response and nonce, the API account password.
PLANTED = ["Yx9fKq2LmN8pR3sT6vW1zA5bC7dE0gH4", "6629fae49393a05397450978507c4ef1",
           "5f1c0e7a9b2d4c6e8f0a1b3c5d7e9f11", "init-key-not-real-8f2c"]


def run_cli(*args: str):
    from click.testing import CliRunner

    from registry.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def example_json():
    result = run_cli("advise", *EXAMPLE_ARGS, "--format", "json")
    assert result.exit_code == 0, result.stderr
    import json

    return json.loads(result.stdout)


def test_example_blocks_every_shopimport_and_reports_call_with_its_source(example_json):
    from registry.matching.urls import parse_url

    hits = [c for c in example_json["calls"]
            if (parse_url(c["url"]).route or "").startswith(("/shopimport/", "/v1/reports"))]
    assert len(hits) >= 8
    for c in hits:
        assert (c["verdict"], c["auth"], c["origin"]) == ("blocked", "pat-legacy", "list:pat-legacy-unavailable"), c["url"]
        assert HC_PAT_DE in c["sources"]
    # one of them matches no route and is caught by the list's /v1/reports prefix alone
    assert any(c["endpoint"] is None and c["url"].endswith("/v1/reports/latest") for c in hits)


def test_example_recommends_a_target_for_every_legacy_call_that_has_one(example_json, registry_data):
    legacy = [c for c in example_json["calls"] if c["endpoint"] and c["endpoint"]["api"] in ("rest", "standard")]
    assert len(legacy) >= 8
    for c in legacy:
        targets = {t for m in registry_data.migrations_for(c["endpoint"]["id"]) for t in m.targets}
        recommended = {r["endpoint_id"] for r in c["recommendations"]}
        if targets:
            assert recommended and recommended <= targets, c["endpoint"]["id"]
        else:
            assert recommended == set(), c["endpoint"]["id"]


def test_example_token_recipe_is_exactly_the_union_of_the_recommended_scopes(example_json, registry_data):
    recommended = {r["endpoint_id"] for c in example_json["calls"] for r in c["recommendations"]}
    published = {s for e in recommended for s in registry_data.endpoint(e).scopes}
    unpublished = {e for e in recommended if not registry_data.endpoint(e).scopes}
    inferred = {s for e in unpublished for s in scopes_for(registry_data, registry_data.endpoint(e))[0]}
    recipe = example_json["token_recipe"]
    assert set(recipe["scopes"]) == published | inferred
    assert set(recipe["inferred"]) == inferred - published
    assert recipe["scopes"] == sorted(recipe["scopes"], key=lambda s: (
        s.split(":")[0], {"read": 0, "create": 1, "update": 2, "delete": 3}.get(s.split(":")[1], 9), s.split(":")[1]))
    by_resource = {r["resource"]: r["actions"] for r in recipe["resources"]}
    assert {f"{r}:{a}" for r, acts in by_resource.items() for a in acts} == set(recipe["scopes"])


def test_example_reports_the_hard_coded_token_by_location_only(example_json):
    assert [{**f, "location": f["location"].replace(str(ROOT) + "/", "")} for f in example_json["findings"]] == [
        {"location": "examples/shop-connector/src/XentralClient.php:12", "kind": "api-token"}]  # the API account's key


@pytest.mark.parametrize("fmt", ["md", "json", "html", "sarif"])
def test_example_secrets_reach_no_output(fmt):
    result = run_cli("advise", *EXAMPLE_ARGS, "--format", fmt, "-v")
    assert result.exit_code == 0
    for secret in PLANTED:
        assert secret not in result.stdout and secret not in result.stderr


def test_cli_summary_on_stderr_and_fail_on_exit_3():
    result = run_cli("advise", *EXAMPLE_ARGS, "--format", "json", "--fail-on", "blocked")
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert lines[0].startswith("xreg: read ") and " items from " in lines[0]
    assert lines[-1] == "xreg: --fail-on reached: blocked"
    import json

    assert json.loads(result.stdout)["format_version"] == 1


def test_cli_scopes_prints_the_recipe_alone(example_json):
    result = run_cli("scopes", *EXAMPLE_ARGS)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "# token recipe for pat"
    expected = [f"{r['resource']}: " + ", ".join(s["action"] + (" (inferred)" if s["inferred"] else "") for s in r["scopes"])
                for r in example_json["token_recipe"]["resources"]]
    assert lines[1:1 + len(expected)] == expected


def test_cli_unknown_auth_is_a_usage_error_listing_the_methods():
    result = run_cli("advise", str(EXAMPLE / "src"), "--auth", "bearer")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == ("Error: Invalid value for '--auth': unknown auth method 'bearer' "
                                              "(expected one of: pat, pat-legacy, digest, hash).")


# -- a method the evidence does not show; stand-in segments; malformed calls ---------------------------------
def test_a_get_only_client_with_an_unclear_call_gets_exactly_its_read_scopes(reg):
    """The UNKNOWN row is one row: no scope of any method the route has, and no blocked verdict (the path is on
    the legacy-PAT list, so a guessed POST would have been blocked)."""
    plan = advise(reg, [
        obs("GET", "/api/v3/salesOrders/{id}", "src/api.ts:4"),
        obs("GET", "/api/v1/customers", "src/api.ts:8"),
        obs("UNKNOWN", "/api/v1/customers", "src/api.ts:12"),
        obs("UNKNOWN", "/api/shopimport/syncstorage/{sku}", "src/api.ts:16"),
    ], auth="pat-legacy")
    assert [(a.call.method, a.call.url, a.verdict, a.origin) for a in plan.advice] == [
        ("UNKNOWN", "/api/shopimport/syncstorage/{sku}", "unknown", "method-unclear"),
        ("UNKNOWN", "/api/v1/customers", "unknown", "method-unclear"),
        ("GET", "/api/v1/customers", "ready", "default"),
        ("GET", "/api/v3/salesOrders/{id}", "ready", "default"),
    ]
    assert plan.recipe.by_resource() == {"customer": ["read"], "salesOrder": ["read"]}
    assert [n.scope for n in plan.recipe.scopes] == ["customer:read", "salesOrder:read"]
    unclear = plan.advice[1]
    assert unclear.reason == ("The method is not clear from the evidence; the path is served for GET "
                              "(xentral.customers.get-v1), POST (xentral.customers.post-v1). Say which one the call "
                              "uses (check the code at its location) to get its verdict and scopes.")
    assert unclear.notes == [
        "method unclear: this row adds no scope to the token recipe and gets no blocked verdict",
        "candidate: GET /api/v1/customers (xentral.customers.get-v1)",
        "candidate: POST /api/v1/customers (xentral.customers.post-v1)",
    ]
    step = next(s for s in plan.steps if s.kind == "method-unclear")
    assert step.calls == ["UNKNOWN /api/shopimport/syncstorage/{sku}", "UNKNOWN /api/v1/customers"]
    from registry.rendering.report import report_view

    assert report_view(plan)["method_unclear"] == [
        {"call": "call-1", "url": "/api/shopimport/syncstorage/{sku}", "locations": ["src/api.ts:16"],
         "candidates": ["POST /shopimport/syncstorage/{articlenumber:.+} (rest.shopimport.post-syncstorage-articlenumber)"]},
        {"call": "call-2", "url": "/api/v1/customers", "locations": ["src/api.ts:12"],
         "candidates": ["GET /api/v1/customers (xentral.customers.get-v1)",
                        "POST /api/v1/customers (xentral.customers.post-v1)"]},
    ]


def test_stand_in_segments_resolve_against_the_route_and_stay_readable(reg):
    a = one(reg, obs("PUT", "/api/v1/adressen/{id}"), auth="digest")
    assert (a.verdict, a.endpoint.id, a.call.url) == ("unknown", "rest.adressen.put-v1-id", "/api/v1/adressen/{id}")


def test_a_malformed_call_from_code_is_unmatched_with_did_you_mean(reg):
    a = one(reg, obs("GET", "/api//v1/adressen?items=1"), auth="digest")
    assert (a.verdict, a.origin) == ("unmatched", "matcher")
    assert "did you mean GET /api/v1/adressen (rest.adressen.get-v1): without the double slash" in a.reason


def test_example_php_client_without_auth_has_its_real_methods_and_digest():
    """No --auth: the PHP client's calls come with the method each call sends and the Digest auth its Guzzle
    client is built with (where: the client's construction); the hash form is the Standard API hash."""
    import json

    result = run_cli("advise", str(EXAMPLE / "src"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    calls = json.loads(result.stdout)["calls"]
    src = "examples/shop-connector/src/"
    got = sorted((loc.replace(str(ROOT) + "/" + src, ""), c["method"], c["url"], c["auth"],
                  [e.replace(str(ROOT) + "/" + src, "") for e in c["auth_evidence"]])
                 for c in calls for loc in c["evidence"]["source_locations"] if "XentralClient.php" in loc)
    digest = ["XentralClient.php:21"]
    assert got == [
        ("XentralClient.php:32", "GET", "/api/v1/adressen?page={page}&items=100", "digest", digest),
        ("XentralClient.php:38", "POST", "/api/v1/adressen", "digest", digest),
        ("XentralClient.php:44", "GET", "/api/v1/belege/auftraege?filter[0][property]=datum&filter[0][expression]=gte"
                                        "&filter[0][value]={since}", "digest", digest),
        ("XentralClient.php:50", "GET", "/api/v1/belege/auftraege/{id}?include=positionen", "digest", digest),
        ("XentralClient.php:57", "POST", "/api/shopimport/ordertoxentral/{orderNumber}", "digest", digest),
        ("XentralClient.php:62", "POST", "/api/shopimport/syncstorage/{sku}", "digest", digest),
        ("XentralClient.php:68", "POST", "/api/AuftragCreate", "digest", digest),
        ("XentralClient.php:76", "POST", "/index.php?module=api&action=ArtikelGet&hash=REDACTED&api_id=REDACTED", "hash",
         ["XentralClient.php:76"]),
        ("XentralClient.php:82", "GET", "/api/v1/reports/{reportId}/download", "digest", digest),
        ("XentralClient.php:88", "GET", "/api/v1/products?page[number]={page}&page[size]=50", "digest", digest),
    ]


def test_cli_leaves_test_code_out_says_so_and_reads_it_with_include_tests(tmp_path):
    import json

    (tmp_path / "src").mkdir()
    (tmp_path / "tests").mkdir()
    (tmp_path / "legacy").mkdir()
    (tmp_path / "src" / "a.js").write_text("fetch('https://acme.xentral.biz/api/v1/products');\n")
    (tmp_path / "tests" / "a.test.js").write_text("fetch('https://acme.xentral.biz/api/v3/salesOrders');\n")
    (tmp_path / "legacy" / "old.js").write_text("fetch('https://acme.xentral.biz/api/v1/artikel');\n")
    result = run_cli("advise", str(tmp_path), "--format", "json", "--exclude", "legacy")
    assert [(c["method"], c["url"]) for c in json.loads(result.stdout)["calls"]] == [("GET", "/api/v1/products")]
    assert (f"xreg: {tmp_path}/: read 1 of 1 files, skipped 0: 1 source file; left out 1 test file; --include-tests "
            "reads them; left out 1 file matching --exclude") in result.stderr.splitlines()
    result = run_cli("scopes", str(tmp_path), "--format", "json", "--include-tests", "--exclude", "legacy/*")
    assert json.loads(result.stdout)["scopes"] == ["product:read", "salesOrder:read"]
