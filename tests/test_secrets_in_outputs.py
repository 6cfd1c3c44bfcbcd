"""No secret of a request URL reaches any output, and no control character reaches a text one, end to end.

Every URL below holds a secret in a form a review found leaking (a personal access token in a value, a
``hash=`` name spelled as PHP still reads it, a path parameter, a scheme-relative URL's password); each
secret contains ``S3CR3T``. They are given to ``xreg advise`` in an access log, a HAR file and a
Postman collection (whose environment adds a value of type secret), and to ``xreg check``; no format
may show a secret on stdout, stderr or in a written file, and each must show ``REDACTED`` where the
URL is listed (so the URL did reach the output).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from registry.cli import main

MARK = "S3CR3T"
URLS = [
    "/api/v1/adressen/5?q=4711|S3CR3TpatYx9fKq2LmN8pR3sT6vW1",
    "/api/v1/adressen/6?q=4712%7CS3CR3TpatPq9fKq2LmN8pR3sT6vW1",
    "/api/v1/adressen/7?%20hash=S3CR3TC",
    "/api/v1/adressen/8?+hash=S3CR3TD",
    "/api/v1/adressen/9?hash[x]=S3CR3TE",
    "/api/v1/adressen/10;hash=S3CR3TF",
    "//u:S3CR3TN@acme.xentral.biz/api/v1/adressen/11",
    "/api/v1/adressen/12?%68ash=S3CR3TG&API_ID=S3CR3TH&api.id=S3CR3TI",
    "/index.php?module=api&action=ArtikelGet&HASH=S3CR3TJ&api%5Fid=S3CR3TK",
]
POSTMAN_SECRET = "S3CR3TpostmanENVvalue"  # matches no secret name or shape: only its type says secret
CONTROL = "\x1b]0;pwned\x07"


def absolute(url: str) -> str:
    return "https:" + url if url.startswith("//") else "https://acme.xentral.biz" + url


def write_log(folder: Path) -> list[str]:
    """Each URL in a line that is read, and in one skipped (its message quotes the request)."""
    log = folder / "access.log"
    log.write_text("".join(f'203.0.113.9 - - [10/Oct/2025:13:55:{i:02d} +0200] "GET {url} HTTP/1.1" 200 5\n'
                           for i, url in enumerate(URLS))
                   + "".join(f'203.0.113.9 - - [10/Oct/2025:13:56:00 +0200] "GET {url} HTTP/1.1 x" 200 5\n' for url in URLS))
    return [str(log)]


def write_har(folder: Path) -> list[str]:
    har = folder / "session.har"
    entries = [{"request": {"method": "GET", "url": absolute(url)}, "response": {"status": 200}} for url in URLS]
    har.write_text(json.dumps({"log": {"version": "1.2", "entries": entries}}))
    return [str(har)]


def write_postman(folder: Path) -> list[str]:
    collection = folder / "shop.postman_collection.json"
    items = [{"name": f"r{i}", "request": {"method": "GET", "url": absolute(url)}} for i, url in enumerate(URLS)]
    items.append({"name": "env", "request": {"method": "GET", "url": "https://h/api/v1/adressen/5?filter={{shopKey}}"}})
    collection.write_text(json.dumps({
        "info": {"name": "shop", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": items,
    }))
    environment = folder / "shop.postman_environment.json"
    environment.write_text(json.dumps({"name": "e", "values": [
        {"key": "shopKey", "value": POSTMAN_SECRET, "type": "secret", "enabled": True}]}))
    return [str(collection), "--postman-env", str(environment)]


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.parametrize("fmt", ["md", "json", "html", "sarif"])
@pytest.mark.parametrize("write", [write_log, write_har, write_postman], ids=["log", "har", "postman"])
def test_advise_shows_no_secret_in_any_format(tmp_path: Path, write, fmt: str) -> None:
    args = write(tmp_path)
    code, printed = invoke("advise", *args, "--format", fmt, "-v")
    written = tmp_path / f"report.{fmt}"
    code_o, printed_o = invoke("advise", *args, "--format", fmt, "-o", str(written))
    assert (code, code_o) == (0, 0)
    for text in (printed, printed_o, written.read_text(encoding="utf-8")):
        assert MARK not in text
    if fmt != "sarif":  # (SARIF lists the calls found in source code only)
        assert printed.count("REDACTED") >= len(URLS)


@pytest.mark.parametrize("fmt", ["table", "md", "json"])
@pytest.mark.parametrize("url", URLS + [absolute(u) for u in URLS])
def test_check_shows_no_secret_in_any_format(url: str, fmt: str) -> None:
    code, printed = invoke("check", "GET", url, "--format", fmt)
    assert code == 0
    assert MARK not in printed
    shown = json.loads(printed)["request"]["url"] if fmt == "json" else printed.splitlines()[0]  # the request
    assert "REDACTED" in shown


def test_har_control_characters_print_as_escapes_in_markdown(tmp_path: Path) -> None:
    har = tmp_path / "session.har"
    har.write_text(json.dumps({"log": {"version": "1.2", "entries": [
        {"request": {"method": "GET", "url": f"https://acme.xentral.biz/api/v1/adressen/5?x={CONTROL}"}},
        {"request": {"method": "GET", "url": f"https://acme.xentral.biz/api/v1/adr{CONTROL}essen/5"}},
    ]}}))
    code, printed = invoke("advise", str(har), "--format", "md")
    assert code == 0
    assert [c for c in "\x1b\x07" if c in printed] == []
    assert "`GET https://acme.xentral.biz/api/v1/adressen/5?x=\\x1b]0;pwned\\x07`" in printed  # a code span
    assert "no endpoint for 'GET https://acme.xentral.biz/api/v1/adr\\\\x1b\\]0;pwned\\\\x07essen/5'" in printed  # text


@pytest.mark.parametrize(("fmt", "shown"), [
    ("table", "request   GET /api/v1/adr\\x1b]0;pwned\\x07essen/5?x=\\x1b]0;pwned\\x07"),
    ("md", "## `GET /api/v1/adr\\x1b]0;pwned\\x07essen/5?x=\\x1b]0;pwned\\x07`"),
    ("json", '    "url": "/api/v1/adr\\u001b]0;pwned\\u0007essen/5?x=\\u001b]0;pwned\\u0007",'),
])
def test_check_prints_control_characters_as_escapes(fmt: str, shown: str) -> None:
    code, printed = invoke("check", "GET", f"/api/v1/adr{CONTROL}essen/5?x={CONTROL}", "--format", fmt)
    assert code == 0
    assert [c for c in "\x1b\x07" if c in printed] == []
    assert shown in printed.splitlines()
