"""Redaction: secret values go, everything else stays as written."""
from __future__ import annotations

import pytest

from registry.inputs.redact import (
    auth_from_header,
    clean_text,
    escape_controls,
    has_hash_auth,
    redact_header,
    redact_text,
    redact_url,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param("/api/v1/adressen", "/api/v1/adressen", id="no-query"),
        pytest.param("/index.php?module=api&action=ArtikelGet&hash=9f3a1c&api_id=26",
                     "/index.php?module=api&action=ArtikelGet&hash=REDACTED&api_id=REDACTED", id="standard-hash"),
        pytest.param("/api/v1/x?token=a&access_token=b&apikey=c&api_key=d&password=e&secret=f&key=g&page=2",
                     "/api/v1/x?token=REDACTED&access_token=REDACTED&apikey=REDACTED&api_key=REDACTED"
                     "&password=REDACTED&secret=REDACTED&key=REDACTED&page=2", id="named-params"),
        pytest.param("/api/v1/x?shopToken=a&client_secret=b&HASH=c", "/api/v1/x?shopToken=REDACTED&client_secret=REDACTED&HASH=REDACTED",
                     id="name-parts-and-case"),
        pytest.param("/api/v1/x?hash=&items=5", "/api/v1/x?hash=&items=5", id="empty-value-kept"),
        pytest.param("https://shop:pw123@acme.xentral.biz/api/v1/x", "https://shop:REDACTED@acme.xentral.biz/api/v1/x", id="userinfo"),
        pytest.param("https://shop:p@ss@acme.xentral.biz/api/v1/x", "https://shop:REDACTED@acme.xentral.biz/api/v1/x",
                     id="userinfo-with-at"),  # the password runs to the last '@' (a review find)
        pytest.param("/cb#access_token=abc&state=1", "/cb#access_token=REDACTED&state=1", id="fragment"),
        pytest.param("/api/v1/x?api%5Fid=7", "/api/v1/x?api%5Fid=REDACTED", id="encoded-name"),
        pytest.param("/api/v1/x?a=b?token=S1&hash=h?api_id=7", "/api/v1/x?a=b?token=REDACTED&hash=REDACTED?api_id=REDACTED",
                     id="second-question-mark"),
        # a personal access token's shape in any value, and in the path
        pytest.param("/api/v1/adressen/5?q=4711|Yx9fKq2LmN8pR3sT6vW1zA5bC7dE0gH4", "/api/v1/adressen/5?q=REDACTED", id="pat-value"),
        pytest.param("/api/v1/x?q=4711%7CYx9fKq2LmN&page=2", "/api/v1/x?q=REDACTED&page=2", id="pat-escaped-bar"),
        pytest.param("/api/v1/x?q=Bearer%204711%7cYx9fKq2LmN", "/api/v1/x?q=Bearer%20REDACTED", id="pat-after-an-escape"),
        pytest.param("/api/v1/x?filter=token:4711|Yx9fKq2LmN;page=2", "/api/v1/x?filter=token:REDACTED;page=2",
                     id="pat-inside-a-value"),
        pytest.param("/api/v1/artikel/4711|Yx9fKq2LmN/bild", "/api/v1/artikel/REDACTED/bild", id="pat-in-path"),
        pytest.param("/api/v1/x?ids=1|2|3&sku=AB4711|Yx9fKq2LmN&s=7|short", "/api/v1/x?ids=1|2|3&sku=AB4711|Yx9fKq2LmN&s=7|short",
                     id="pipes-that-are-no-token"),
        # secret names as a server reads them
        pytest.param("/api/v1/adressen/5?%20hash=S3CR3TC", "/api/v1/adressen/5?%20hash=REDACTED", id="space-escape-before-name"),
        pytest.param("/api/v1/adressen/5?+hash=S3CR3TD", "/api/v1/adressen/5?+hash=REDACTED", id="plus-before-name"),
        pytest.param("/api/v1/adressen/5?hash[x]=S1&hash[]=S2&hash%5B0%5D=S3", "/api/v1/adressen/5?hash[x]=REDACTED&hash[]=REDACTED"
                     "&hash%5B0%5D=REDACTED", id="php-array"),
        pytest.param("/x?HASH=a&%68ash=b&%2568ash=c&Hash%00x=d", "/x?HASH=REDACTED&%68ash=REDACTED&%2568ash=REDACTED&Hash%00x=REDACTED",
                     id="hash-case-and-escapes"),
        pytest.param("/x?API_ID=a&api%5Fid=b&api.id=c&api%20id=d&api[id=e&apiId=f",
                     "/x?API_ID=REDACTED&api%5Fid=REDACTED&api.id=REDACTED&api%20id=REDACTED&api[id=REDACTED&apiId=REDACTED",
                     id="api-id-spellings"),
        pytest.param("/x?api_id=7#hash=9f", "/x?api_id=REDACTED#hash=REDACTED", id="query-and-fragment"),
        # parameters in the path: the value stops at "/"
        pytest.param("/api/v1/adressen/5;hash=S3CR3T", "/api/v1/adressen/5;hash=REDACTED", id="path-parameter"),
        pytest.param("/api/v1/adressen/5;a=1&hash=S3/x?api_id=2", "/api/v1/adressen/5;a=1&hash=REDACTED/x?api_id=REDACTED",
                     id="path-parameters-and-query"),
        pytest.param("/api/v1/a=b/c;d=e", "/api/v1/a=b/c;d=e", id="path-parameter-not-secret"),
        # userinfo without a scheme
        pytest.param("//u:S3CR3TN@acme.xentral.biz/api/v1/adressen/5", "//u:REDACTED@acme.xentral.biz/api/v1/adressen/5",
                     id="scheme-relative-userinfo"),
        pytest.param("https://h/api/v1/x?next=//u:pw@h2/y", "https://h/api/v1/x?next=//u:REDACTED@h2/y", id="userinfo-in-a-value"),
        pytest.param("/api/v1/x?email=a@b.example&f=a|b&s=%20x", "/api/v1/x?email=a@b.example&f=a|b&s=%20x", id="nothing-secret"),
    ],
)
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a\x1b]0;pwned\x07b", "a\\x1b]0;pwned\\x07b", id="osc-title"),
        pytest.param("x\x00\t\n\x7f\x9b", "x\\x00\\x09\\x0a\\x7f\\x9b", id="c0-del-c1"),
        pytest.param("abc\u202edef\u2066", "abc\\u202edef\\u2066", id="direction-overrides"),
        pytest.param("Straße\u00a0/api/v1/ä ok", "Straße\u00a0/api/v1/ä ok", id="printable-and-nbsp-stay"),
    ],
)
def test_escape_controls(text: str, expected: str) -> None:
    assert escape_controls(text) == expected


def test_authorization_header_keeps_only_the_scheme() -> None:
    digest = 'Digest username="shop", realm="Xentral-API", nonce="n1", uri="/api/v1/adressen", response="6629fae4"'
    assert redact_header("Authorization", digest) == "Digest REDACTED"
    assert redact_header("authorization", "Bearer 42|s3cr3t") == "Bearer REDACTED"
    assert redact_header("Cookie", "PHPSESSID=abc") == "REDACTED"
    assert redact_header("X-Api-Key", "abc") == "REDACTED"
    assert redact_header("Accept", "application/json") == "application/json"


def test_redact_text_covers_headers_params_and_pat_shape() -> None:
    text = ('curl -H "Authorization: Bearer 42|s3cr3t" "https://u:pw@x/api?hash=abc&page=2" '
            '{"apiKey": "k1", "name": "n"} 4711|abcdefghij1234')
    assert redact_text(text) == (
        'curl -H "Authorization: Bearer REDACTED" "https://u:REDACTED@x/api?hash=REDACTED&page=2" '
        '{"apiKey": "REDACTED", "name": "n"} REDACTED'
    )
    assert redact_text('auth Digest username="shop", response="66" and more') == "auth Digest REDACTED"
    # a skipped log line quotes its request: the URL rules' spellings are caught in text too
    assert redact_text('"GET /x?api.id=7&q=4711%7CYx9fKq2LmN&r=//u:pw@h/y HTTP/1.1 x"') == (
        '"GET /x?api.id=REDACTED&q=REDACTED&r=//u:REDACTED@h/y HTTP/1.1 x"'
    )
    # a space before "=" (a request line Apache could not parse): the name is still hash
    assert redact_text('"GET /api/v1/artikel?hash =SECRETAAB2 HTTP/1.1"') == '"GET /api/v1/artikel?hash =REDACTED HTTP/1.1"'


def test_clean_text_escapes_control_characters_and_shortens() -> None:
    assert clean_text("a\x00b\tc") == "a\\x00b\\x09c"
    assert clean_text("x" * 250) == "x" * 200 + "…"


@pytest.mark.parametrize(("value", "scheme"), [("Bearer x", "bearer"), ("digest a=b", "digest"), ("Basic eA==", "basic"),
                                               ("Token x", "other"), ("", "none"), (None, "none")])
def test_auth_from_header(value: str | None, scheme: str) -> None:
    assert auth_from_header(value) == scheme


def test_hash_auth_needs_a_hash_parameter() -> None:
    assert has_hash_auth("/index.php?module=api&action=X&hash=1")
    assert not has_hash_auth("/index.php?module=api&action=X&hashtag=1")
    assert not has_hash_auth("/api/v1/hash=1")


@pytest.mark.parametrize(("url", "hash_auth", "named"), [
    ("/api/x?hash=1", True, True),
    ("/api/x?%20hash=1", True, True),  # PHP drops the leading space of a name
    ("/api/x?+hash=1", True, True),
    ("/api/x?HASH=1", True, True),
    ("/api/x?%68ash=1", True, True),
    ("/api/x?hash[x]=1", True, True),  # an array named hash
    ("/api/x?hashy=1", False, False),
    ("/api/x?a=1&api_id=2", False, True),
    ("/api/x?api.id=2", False, True),  # PHP reads the dot as _
    ("/api/x?Api_Id=2", False, True),
    ("/api/x?page=2&items=20", False, False),
    ("/api/x", False, False),
])
def test_hash_auth_reads_parameter_names_as_php_does(url: str, hash_auth: bool, named: bool) -> None:
    from registry.inputs.redact import names_hash_auth

    assert (has_hash_auth(url), names_hash_auth(url)) == (hash_auth, named)
