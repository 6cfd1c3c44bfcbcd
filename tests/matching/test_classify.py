"""The class of a call by the shape of its URL (``registry.matching.classify``), and which paths without ``/api``
count as API calls (``registry.matching.urls``)."""
from __future__ import annotations

from typing import Any

import pytest

from registry.matching.classify import UrlClass, Vocabulary, classify_url
from registry.matching.urls import parse_url


@pytest.fixture(scope="module")
def vocab(registry_data: Any) -> Vocabulary:
    return Vocabulary.from_registry(registry_data)


def test_vocabulary_comes_from_the_dataset(vocab: Vocabulary) -> None:
    assert {"adressen", "artikel", "belege", "reports", "trackingnummern"} <= vocab.legacy_resources
    assert {"products", "salesorders", "customers", "warehouses", "deliverynotes"} <= vocab.current_groups
    assert not vocab.legacy_resources & vocab.current_groups
    assert vocab.releases == {"v1": ["24.48.10"], "v2": ["24.48.10"], "v3": ["26.34.2"]}
    assert vocab.release_of(None) == ["24.48.10"]


@pytest.mark.parametrize(("url", "expected"), [
    ("https://acme.xentral.biz/api/v1/printJobs",
     UrlClass("current", "xentral", "current", "v1", "'printJobs' is an English camelCase resource, as the current API names them")),
    ("/api/v1/warehouses", UrlClass("current", "xentral", "current", "v1", "'warehouses' is a resource of the current API")),
    ("/api/v3/shipments?perPage=20", UrlClass("current", "xentral", "current", "v3", "'shipments' is a resource of the current API")),
    ("/api/v3/lagerbewegungen", UrlClass("current", "xentral", "current", "v3", "/api/v3/… belongs to the current API alone")),
    ("/api/v2/products/7", UrlClass("current", "xentral", "current", "v2", "'products' is a resource of the current API")),
    ("/api/v2/lager", UrlClass("current", "xentral", "current", "v2", "below /api/v2 the legacy REST API has adressen alone")),
    ("/api/products/xyz/zz", UrlClass("current", "xentral", "current-unversioned", "v1",
                                      "'products' is a current-API resource written without a version")),
    ("/api/v1/artikel/17/bilder", UrlClass("legacy", "rest", "rest-path", None,
                                           "'artikel' is a legacy REST resource (German name below /api/v1)")),
    ("/www/api/index.php/v1/lagerplatz", UrlClass("legacy", "rest", "index-php-path", None,
                                                  "index.php/… is served by the legacy APIs only")),
    ("/api/shopimport/inventory", UrlClass("legacy", "rest", "rest-path", None, "/shopimport/… is a legacy REST route group")),
    ("/api/ArtikelStatistik", UrlClass("legacy", "standard", "standard-wrapper", None,
                                       "/api/ArtikelStatistik is shaped like a Standard API action (not on the dataset's list)")),
    ("/index.php?module=api&action=ArtikelStatistik&hash=x", UrlClass(
        "legacy", "standard", "standard-hash", None, "index.php?module=api&action=… is the Standard API")),
    ("/api/v1/warenkorb/17", UrlClass("undecided", None, None, "v1", "the shape does not tell which API it belongs to")),
    ("/api/.env", UrlClass("undecided", None, None, None, "the shape does not tell which API it belongs to")),
    ("/index.php?module=welcome&action=start", UrlClass(
        "not-api", None, None, None, "index.php with module='welcome' is Xentral's web interface, not the API (expected module=api)")),
], ids=lambda v: v if isinstance(v, str) else v.kind)
def test_unmatched_urls_are_classed_by_their_shape(vocab: Vocabulary, url: str, expected: UrlClass) -> None:
    assert classify_url(vocab, url) == expected


NOT_AN_API_ROUTE = ("has no /api and is not shaped like an API route (expected /api/…, or a route such as /v1/adressen, "
                    "/shopimport/… or /opentrans/… written without the /api mount): not an API call")


@pytest.mark.parametrize(("path", "problem"), [
    ("/", f"the site root {NOT_AN_API_ROUTE}"),
    ("/favicon.ico", f"'/favicon.ico' {NOT_AN_API_ROUTE}"),
    ("/robots.txt", f"'/robots.txt' {NOT_AN_API_ROUTE}"),
    ("/docs.html", f"'/docs.html' {NOT_AN_API_ROUTE}"),
    ("/AuftragCreate", f"'/AuftragCreate' {NOT_AN_API_ROUTE}"),
    ("/index.php", "index.php with no module parameter is Xentral's web interface, not the API (expected module=api)"),
    ("/v1/adressen/5", None),
    ("/v2/adressen", None),
    ("/shopimport/auth", None),
    ("/opentrans/order", None),
    ("/api/", None),
])
def test_a_path_without_api_counts_only_in_a_route_form(path: str, problem: str | None) -> None:
    assert parse_url(path).problem == problem


def test_the_site_root_is_no_api_call_for_the_matcher(registry_data: Any) -> None:
    result = registry_data.resolve("GET", "/")
    assert (bool(result), result.reason) == (False, f"the site root {NOT_AN_API_ROUTE}")
    assert registry_data.resolve("GET", "/api/").endpoint.id == "rest.start.get-root"
    assert registry_data.resolve("GET", "/v1/adressen/5").endpoint.id == "rest.adressen.get-v1-id"
