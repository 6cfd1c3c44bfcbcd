"""The URL reader and the matcher take any string: an answer every time, in work bounded by the input.

``Registry.resolve(method, url)`` never raises; ``parse_url`` never raises. "Bounded" is measured in
steps, not seconds: the number of Python calls (``sys.setprofile`` events) one uncached resolve makes
must stay within ``STEP_BASE + STEP_PER_CHAR * len(url)``, so nothing quadratic or exponential hides
in the inner loop of a log scan. Regex backtracking runs in C and is not counted as steps; the
``hang_guard`` alarm catches it.
"""
from __future__ import annotations

import sys
from typing import Any

import pytest
from fuzz_settings import FUZZ, hang_guard
from hypothesis import example, given
from hypothesis import strategies as st

import registry

matcher_mod = pytest.importorskip("registry.matching.matcher", reason="the matcher is not built yet")
urls_mod = pytest.importorskip("registry.matching.urls", reason="the URL reader is not built yet")

STEP_BASE = 5_000
STEP_PER_CHAR = 20

URL_PIECES = st.sampled_from([
    "/api", "/v1", "/v2", "/v3", "/adressen", "/products", "/salesOrders", "/shopimport", "/syncstorage", "/5",
    "/A-1/2", "/index.php", "?path=", "?module=api&action=", "AuftragCreate", "&hash=9f3a", "&api_id=2", "#x",
    "https://acme.xentral.biz", "//", "%2F", "%", "%zz", "%00", "\x00", "..", "/./", ";", "@", ":", "[", "]", "{", "}",
    "\\", " ", "\t", "\n", "ü", "\ud800", "?", "&", "=", "/www", "/20.3", "/api/index.php/", "/{id}",
])
any_url = st.text(max_size=200) | st.lists(URL_PIECES | st.text(max_size=5), max_size=30).map("".join)
any_method = st.sampled_from(["GET", "post", "HEAD", "PATCH", "OPTIONS", "", "G E T", "\x00", "ǅ"]) | st.text(max_size=8)


@pytest.fixture(scope="module")
def reg() -> Any:
    return registry.load()


@pytest.fixture(scope="module")
def cold(reg: Any) -> Any:
    """A matcher without its memo, so every call does the whole work."""
    return matcher_mod.Matcher(reg, memo_size=0)


def count_steps(fn: Any, *args: Any) -> tuple[int, Any]:
    steps = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal steps
        steps += 1

    sys.setprofile(profile)
    try:
        result = fn(*args)
    finally:
        sys.setprofile(None)
    return steps, result


@FUZZ
@given(any_url)
@example("/api/v1/" + "%2F" * 3000)
@example("/api/" + "x" * 100_000)
@example("/api/shopimport/syncstorage/" + "a/" * 5000)
@example("/api/index.php?path=" + "/v1" * 2000)
@example("index.php?module=api&action=" + "A" * 10_000 + "&hash=1")
def test_parse_url_never_raises(url: str) -> None:
    with hang_guard("parse_url"):
        parsed = urls_mod.parse_url(url)
    assert isinstance(parsed.display, str)


@FUZZ
@given(any_method, any_url)
@example("GET", "/api/v1/" + "%2F" * 3000)
@example("GET", "/api/" + "x" * 100_000)
@example("GET", "/api/shopimport/syncstorage/" + "a/" * 5000)
@example("POST", "/api/shopimport/syncstorage/" + "a-" * 5000)
@example("GET", "/api/index.php?path=" + "/v1" * 2000)
@example("HEAD", "https://u:p@acme.xentral.biz:99999/api/v1/adressen/5?hash=a#b")
def test_resolve_never_raises_and_works_in_bounded_steps(reg: Any, cold: Any, method: str, url: str) -> None:
    with hang_guard("Matcher.resolve"):
        steps, result = count_steps(cold.resolve, method, url)
        answer = reg.resolve(method, url)  # the public entry point, with its memo
    budget = STEP_BASE + STEP_PER_CHAR * len(url)
    assert steps <= budget, f"{steps} steps for a {len(url)}-character URL (budget {budget})"
    assert bool(answer) == bool(result)
    if answer:
        assert answer.endpoint.id in reg.endpoints
    else:
        assert isinstance(answer.reason, str) and answer.reason
