"""Redaction: secret values go, everything else stays as written."""
from __future__ import annotations

import pytest

from registry.inputs.redact import auth_from_header, clean_text, has_hash_auth, redact_header, redact_text, redact_url


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
    ],
)
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected


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
