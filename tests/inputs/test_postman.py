"""Postman collections v2.1: folders, variables, environment, inherited auth."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from inputs_support import assert_no_secret, run

from registry.errors import InputError
from registry.inputs.base import Observation
from registry.inputs.postman import read_postman

C = "shop.postman_collection.json"
BASE = "https://acme.xentral.biz"
UNRESOLVED = ("unresolved variable {{{{{name}}}}} (expected it in the collection's variables or the environment file). "
              "Pass the environment with --postman-env.")


def pm(method: str, url: str, where: str, auth: str) -> Observation:
    return Observation(method, BASE + url, f"{C} > {where}", "postman", auth=auth)


EXPECTED_WITH_ENV = [
    pm("GET", "/api/v1/adressen?items=50", "Legacy REST > Adressen > List addresses", "digest"),
    pm("GET", "/api/v1/adressen/17", "Legacy REST > Adressen > Get address", "digest"),  # path variable :id
    pm("GET", "/api/shopimport/status", "Legacy REST > Shop import status", "digest"),
    pm("GET", "/api/v1/products/{{productId}}", "Current API > Get product", "bearer"),  # built from host + path
    pm("PATCH", "/api/v3/salesOrders/4711/actions/release", "Current API > Release order", "bearer"),
    pm("GET", "/api/v1/system/health", "Current API > Server time without auth", "none"),
    pm("POST", "/api/AuftragCreate", "Standard API > AuftragCreate", "digest"),
    pm("GET", "/index.php?module=api&action=ArtikelGet&hash=REDACTED&api_id=REDACTED", "Standard API > ArtikelGet (hash)", "hash"),
    pm("POST", "/api/BenutzerList", "Standard API > Header token", "bearer"),
    pm("GET", "/api/v1/artikel?token=REDACTED", "Standard API > Key in header", "apikey"),
]
SKIPPED = [
    f"{C} > Legacy REST > Broken item: skipped item: neither a request nor a folder (expected a Postman request with a url).",
    f"{C} > Current API > No url: skipped item: request.url is missing (expected a Postman request with a url).",
]


def test_collection_with_environment(in_inputs: Path) -> None:
    items, stats = run(read_postman, C, environment="shop.postman_environment.json")
    assert items == EXPECTED_WITH_ENV
    assert stats.skipped_items == SKIPPED
    # productId is in the environment but disabled
    assert stats.notes == [f"{C} > Current API > Get product: " + UNRESOLVED.format(name="productId")]
    assert (stats.read, stats.skipped, stats.unit, stats.format) == (10, 2, "requests", "postman")
    assert_no_secret(items, stats)


def test_collection_alone_keeps_unresolved_variables_visible(in_inputs: Path) -> None:
    items, stats = run(read_postman, C)
    release = items[4]
    assert (release.url, release.location) == (f"{BASE}/api/v3/salesOrders/1/actions/release", f"{C} > Current API > Release order")
    assert stats.notes == [
        f"{C} > Current API > Get product: " + UNRESOLVED.format(name="productId"),
        f"{C} > Standard API > ArtikelGet (hash): " + UNRESOLVED.format(name="hash"),
        f"{C} > Standard API > ArtikelGet (hash): " + UNRESOLVED.format(name="apiId"),
        f"{C} > Standard API > Key in header: " + UNRESOLVED.format(name="pat"),
    ]
    # hash= and api_id= values are redacted whether or not their variables resolved
    assert items[7].url == f"{BASE}/index.php?module=api&action=ArtikelGet&hash=REDACTED&api_id=REDACTED"
    assert_no_secret(items, stats)


def test_not_a_collection_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"info": {"schema": "https://schema.getpostman.com/json/collection/v1.0.0/collection.json"}}))
    with pytest.raises(InputError) as err:
        run(read_postman, str(path))
    assert str(err.value) == (
        f"{path}: not a Postman collection v2.1: info.schema is "
        "'https://schema.getpostman.com/json/collection/v1.0.0/collection.json' "
        "(expected https://schema.getpostman.com/json/collection/v2.1.0/collection.json). "
        'Export it from Postman with "Export > Collection v2.1".'
    )


def test_self_referencing_variable_does_not_explode(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps({
        "info": {"schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "a", "value": "{{a}}{{a}}"}],
        "item": [{"name": "r", "request": {"method": "GET", "url": "/api/{{a}}"}}],
    }))
    items, stats = run(read_postman, str(path))
    assert len(items) == 1 and len(items[0].url) <= 16 * 1024
    assert stats.notes == [f"{path} > r: " + UNRESOLVED.format(name="a")]


def test_deeply_nested_folders(tmp_path: Path) -> None:
    inner: dict = {"name": "req", "request": {"method": "DELETE", "url": "/api/v1/x"}}
    for n in range(3000):
        inner = {"name": "f", "item": [inner]}
    path = tmp_path / "deep.json"
    doc = {"info": {"schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": [inner]}
    items, stats = run(read_postman, str(path), document=doc)
    assert [(o.method, o.url, o.location.count(" > f")) for o in items] == [("DELETE", "/api/v1/x", 3000)]


def test_a_secret_variable_fills_a_url_with_redacted(tmp_path: Path) -> None:
    """A value of type "secret" (environment or collection) never reaches the URL, whatever it looks like;
    the Authorization header still reads its real value for the scheme."""
    collection = tmp_path / "c.json"
    collection.write_text(json.dumps({
        "info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "shopKey", "value": "collectionSECRETvalue", "type": "secret"},
                     {"key": "wrapped", "value": "x-{{envSecret}}-y"}],
        "item": [
            {"name": "env", "request": {"method": "GET", "url": "https://h/api/v1/adressen/5?filter={{envSecret}}&page=2",
                                        "header": [{"key": "Authorization", "value": "{{authValue}}"}]}},
            {"name": "collection", "request": {"method": "GET", "url": "https://h/api/v1/adressen/{{shopKey}}"}},
            {"name": "nested", "request": {"method": "GET", "url": "https://h/api/v1/adressen/5?f={{wrapped}}"}},
            {"name": "not secret", "request": {"method": "GET", "url": "https://h/api/v1/adressen/{{plain}}"}},
        ],
    }))
    environment = tmp_path / "e.json"
    environment.write_text(json.dumps({"name": "e", "values": [
        {"key": "envSecret", "value": "init-key-not-real-8f2c", "type": "secret", "enabled": True},
        {"key": "authValue", "value": "Bearer envBEARERsecret", "type": "secret", "enabled": True},
        {"key": "plain", "value": "17", "type": "default", "enabled": True},
    ]}))
    items, stats = run(read_postman, str(collection), environment=str(environment))
    assert [(o.url, o.auth) for o in items] == [
        ("https://h/api/v1/adressen/5?filter=REDACTED&page=2", "bearer"),
        ("https://h/api/v1/adressen/REDACTED", "none"),
        ("https://h/api/v1/adressen/5?f=x-REDACTED-y", "none"),
        ("https://h/api/v1/adressen/17", "none"),
    ]
    text = repr(items) + repr(stats)
    assert [s for s in ("init-key-not-real-8f2c", "envBEARERsecret", "collectionSECRETvalue") if s in text] == []
