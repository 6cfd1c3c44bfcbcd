"""Secrets that got through the redaction (issue 17 item 8): each case reproduces one finding."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from registry.inputs.base import ReadStats
from registry.inputs.postman import read_postman
from registry.inputs.redact import clean_text, redact_text, redact_url

SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg"


@pytest.mark.parametrize("name", ["token", "apiKey", "password", "secret", "accessToken", "api_key", "pat"])
def test_item8_postman_variables_named_like_credentials_are_hidden(tmp_path: Path, name: str) -> None:
    # issue 17 item 8: without "type": "secret" their values showed when used in a path or an innocuous parameter
    collection = tmp_path / "c.postman_collection.json"
    collection.write_text(json.dumps({
        "info": {"name": "c", "schema": SCHEMA},
        "variable": [{"key": name, "value": "s3cr3tValue42"}, {"key": "base", "value": "https://shop.example"}],
        "item": [{"name": "r", "request": {"method": "GET", "url": f"{{{{base}}}}/api/v1/x/{{{{{name}}}}}?q={{{{{name}}}}}"}}],
    }))
    [obs] = list(read_postman(str(collection), ReadStats("c")))
    assert obs.url == "https://shop.example/api/v1/x/REDACTED?q=REDACTED"


@pytest.mark.parametrize("url, shown", [
    ("https://ghp_R3alT0ken4242@github.com/api/v1/x", "https://REDACTED@github.com/api/v1/x"),
    ("//ghp_R3alT0ken4242@shop.example/api/v1/x", "//REDACTED@shop.example/api/v1/x"),
    (f"/api/v1/x?jwt={JWT}", "/api/v1/x?jwt=REDACTED"),
    (f"/api/v1/x?q={JWT}", "/api/v1/x?q=REDACTED"),
    ("/api/v1/x?q=12%257CAbCdEfGh12345", "/api/v1/x?q=REDACTED"),
    ("/api/v1/x?q=12%25257CAbCdEfGh12345", "/api/v1/x?q=REDACTED"),
    ("/api/v1/x?hash%3Dabcdef0123&x=1", "/api/v1/x?hash%3DREDACTED&x=1"),
    ("/api/v1/x?a=1&api_id%253D26", "/api/v1/x?a=1&api_id%253DREDACTED"),
], ids=["token-as-user", "scheme-relative-user", "jwt-param", "jwt-shape", "pat-double-encoded", "pat-triple-encoded",
        "hash-encoded-equals", "api-id-double-encoded-equals"])
def test_item8_url_forms_that_leaked(url: str, shown: str) -> None:
    # issue 17 item 8
    assert redact_url(url) == shown
    assert redact_text(f"GET {url} HTTP/1.1") == f"GET {shown} HTTP/1.1"


def test_item8_a_long_line_is_redacted_before_it_is_cut() -> None:
    # issue 17 item 8: skipped-line messages cut at 800 characters before redaction showed a password's start
    line = "x" * 150 + " https://user:" + "p" * 1000 + "@host/api"
    assert clean_text(line) == "x" * 150 + " https://user:REDACTED@host/api"
    assert "ppp" not in clean_text("x" * 150 + " Bearer " + "p" * 2000)
    assert clean_text("a 12|" + "A" * 900 + " b")[:20] == "a REDACTED b"


def _cpu_limit() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (20, 20))


@pytest.mark.parametrize("text", [
    "a" * 200_000 + "@",  # the userinfo pattern tried every start of a letter run: minutes for 200 KB
    "a" * 200_000 + "!=",
    '"' + "a" * 200_000 + '"x:',
], ids=["userinfo", "param-name", "json-name"])
def test_item8_redaction_of_a_long_line_is_linear(text: str) -> None:
    # issue 17 item 8: redacting a whole line (no cut first) must stay linear; bounded by a CPU limit, not a clock
    script = f"from registry.inputs.redact import clean_text; import sys; clean_text(sys.stdin.read()); print('done')"
    done = subprocess.run([sys.executable, "-c", script], input=text, capture_output=True, text=True,
                          preexec_fn=_cpu_limit, timeout=120, env=os.environ)
    assert (done.returncode, done.stdout) == (0, "done\n"), done.stderr[-300:]
