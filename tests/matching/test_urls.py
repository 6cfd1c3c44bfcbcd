"""Every URL form an integration uses, read into entry point, route or action, and a redacted display form."""
from __future__ import annotations

import pytest

from registry.matching.urls import ParsedUrl, parse_url, redact_url

HASH_NOTE = "hash authentication (hash= and api_id=) is no longer supported since 22.1; use Digest via /api/{Action}"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/v1/adressen/5", ParsedUrl("mount", "/v1/adressen/5", None, "/api/v1/adressen/5")),
        ("https://acme.xentral.biz:8443/api/v1/products/5?page%5Bsize%5D=10#top",
         ParsedUrl("mount", "/v1/products/5", None, "https://acme.xentral.biz:8443/api/v1/products/5?page%5Bsize%5D=10#top")),
        ("acme.xentral.biz/api/v1/products", ParsedUrl("mount", "/v1/products", None, "acme.xentral.biz/api/v1/products")),
        ("/www/api/v1/artikel", ParsedUrl("mount", "/v1/artikel", None, "/www/api/v1/artikel",
                                          ("prefix '/www' (the self-hosted layout's www/ folder) is not part of the route",))),
        ("/api", ParsedUrl("mount", "/", None, "/api")),
        ("/api/index.php/v1/adressen", ParsedUrl("index-php", "/v1/adressen", None, "/api/index.php/v1/adressen")),
        ("/www/api/index.php/AuftragCreate", ParsedUrl("index-php", "/AuftragCreate", None, "/www/api/index.php/AuftragCreate",
                                                      ("prefix '/www' (the self-hosted layout's www/ folder) is not part of the route",))),
        ("/api/index.php?path=/v1/artikelkategorien&sort=bezeichnung",
         ParsedUrl("path-query", "/v1/artikelkategorien", None, "/api/index.php?path=/v1/artikelkategorien&sort=bezeichnung")),
        ("/api/index.php?path=%2Fv1%2Fadressen%2F7", ParsedUrl("path-query", "/v1/adressen/7", None, "/api/index.php?path=%2Fv1%2Fadressen%2F7")),
        ("/api/shopimport/syncstorage/AB%2F12%20X", ParsedUrl("mount", "/shopimport/syncstorage/AB/12 X", None, "/api/shopimport/syncstorage/AB%2F12%20X")),
        ("index.php?module=api&action=AuftragCreate&hash=9f3a&api_id=26",
         ParsedUrl("hash", None, "AuftragCreate", "index.php?module=api&action=AuftragCreate&hash=REDACTED&api_id=REDACTED", (HASH_NOTE,))),
        ("/20.3/www/index.php?module=api&action=BenutzerList&hash=9f3a&api_id=26",
         ParsedUrl("hash", None, "BenutzerList", "/20.3/www/index.php?module=api&action=BenutzerList&hash=REDACTED&api_id=REDACTED",
                   ("prefix '/20.3/www' (install folder with www/) is not part of the route", HASH_NOTE))),
        ("/v1/adressen", ParsedUrl("bare", "/v1/adressen", None, "/v1/adressen", ("no /api in the path: read as a route below the /api mount",))),
        # a secret is in no field: the route, notes and display are read from the redacted URL
        ("/api/v1/adressen/5;hash=S3CR3T", ParsedUrl("mount", "/v1/adressen/5;hash=REDACTED", None, "/api/v1/adressen/5;hash=REDACTED")),
        ("/api/v1/artikel/4711%7CYx9fKq2LmN", ParsedUrl("mount", "/v1/artikel/REDACTED", None, "/api/v1/artikel/REDACTED")),
        ("//u:S3CR3TN@acme.xentral.biz/api/v1/adressen/5",
         ParsedUrl("mount", "/v1/adressen/5", None, "//u:REDACTED@acme.xentral.biz/api/v1/adressen/5")),
        ("/www;hash=S3/index.php/x;api_id=7?module=api&action=ArtikelGet",
         ParsedUrl("hash", None, "ArtikelGet", "/www;hash=REDACTED/index.php/x;api_id=REDACTED?module=api&action=ArtikelGet",
                   ("prefix '/www;hash=REDACTED' (install folder) is not part of the route",
                    "the historic index.php?module=api call authenticates with hash= and api_id=, unsupported since 22.1",
                    "path after index.php ('/x;api_id=REDACTED') is ignored by the module=api call"))),
        ("//api/v1/adressen", ParsedUrl("mount", "/v1/adressen", None, "//api/v1/adressen",
                                        ("prefix '/' (install folder) is not part of the route",))),
    ],
    ids=["path", "full-url", "host-without-scheme", "www", "mount-root", "index-php-route", "index-php-action",
         "path-query", "path-query-encoded", "percent-decoded", "hash", "hash-version-folder", "bare-route",
         "secret-path-parameter", "token-in-path", "scheme-relative-userinfo", "secrets-in-notes", "double-slash-is-no-host"],
)
def test_parse_url_forms(url: str, expected: ParsedUrl) -> None:
    assert parse_url(url) == expected


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("/index.php?module=welcome&action=login", "index.php with module='welcome' is Xentral's web interface, not the API (expected module=api)"),
        ("/index.php", "index.php with no module parameter is Xentral's web interface, not the API (expected module=api)"),
        ("/www/index.php?module=api&hash=1", "index.php?module=api without an action parameter names no Standard API action"),
    ],
    ids=["web-module", "no-module", "no-action"],
)
def test_index_php_that_is_not_the_api_is_a_problem(url: str, problem: str) -> None:
    assert parse_url(url).problem == problem


def test_hash_form_without_api_id_says_it_is_mandatory() -> None:
    assert parse_url("index.php?module=api&action=ArtikelGet&hash=1").notes == (
        HASH_NOTE, "no api_id: mandatory since 20.3, otherwise the answer is 'wrong hash'",
    )


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("/api/v1/products?token=abc&page=2", "/api/v1/products?token=REDACTED&page=2"),
        ("https://shop:s3cret@acme.xentral.biz/api/v1/products", "https://shop:REDACTED@acme.xentral.biz/api/v1/products"),
        ("https://shop:p@ss@acme.xentral.biz/api/v1/products", "https://shop:REDACTED@acme.xentral.biz/api/v1/products"),
        ("/x?access_token=a&API_KEY=b&password=c&q=d#id_token=e", "/x?access_token=REDACTED&API_KEY=REDACTED&password=REDACTED&q=d#id_token=REDACTED"),
        ("/api/v1/products/5", "/api/v1/products/5"),
        ("/api/v1/products/5?a=b?token=S1&hash=h?api_id=7", "/api/v1/products/5?a=b?token=REDACTED&hash=REDACTED?api_id=REDACTED"),
    ],
    ids=["token", "userinfo", "userinfo-with-at", "many", "nothing-secret", "second-question-mark"],
)
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown
