"""Logs shaped like the internet: fresh hex ids and query values cost rows and memory per shape, not per line.

Smaller versions of the issue's 40,000-line unmatched-hex and 500,000-line wp-login logs (the timings
are in ``tests/benchmarks/bench_scan.py``): the row count is exact, and what the reader and the advisor
hold (groups, rows) stays the same when the log grows fourfold.
"""
from __future__ import annotations

import random
from pathlib import Path
from typing import Any, Callable

import pytest

from registry.advising import advise
from registry.inputs.access_log import log_grouping, read_access_log
from registry.inputs.base import ReadStats
from registry.inputs.call_shape import call_key, id_shape, is_id_like
from registry.inputs.log_counter import CACHE_SIZE, CallCounter
from registry.inputs.stream import iter_text_blocks, open_input
from registry.matching.shapes import digit_segments_uniform, endpoint_class


def _write(path: Path, lines: int, request: Callable[[random.Random], str]) -> Path:
    rng = random.Random(16)
    with open(path, "w", encoding="ascii") as out:
        for n in range(lines):
            out.write(f'203.0.113.{n % 250} - - [06/Oct/2025:00:{n // 2400 % 60:02d}:{n // 40 % 60:02d} +0200] '
                      f'"{request(rng)} HTTP/1.1" 404 {200 + n % 50} "-" "curl/8.5.0"\n')
    return path


def _hex_product(rng: random.Random) -> str:
    # a letter first: never all digits, so never the digits-only {id} of GET /api/v1/products/{id}
    return f"GET /api/v1/products/{rng.choice('abcdef')}{rng.getrandbits(60):x}"


def _wp_login(rng: random.Random) -> str:
    return f"GET /wp-login.php?redirect_to={rng.getrandbits(64):x}"


def _count(reg: Any, path: Path) -> tuple[CallCounter, list[Any]]:
    """The reader's counter (as ``xreg advise`` sets it up) and the advisor's rows for the log."""
    stats = ReadStats(str(path))
    counter = CallCounter(str(path), stats, shapes=digit_segments_uniform(reg), classify=endpoint_class(reg))
    with open_input(str(path)) as (stream, name):
        for first, block, n in iter_text_blocks(stream, name, stats):
            counter.add_block(first, block, n)
    with log_grouping(shapes=digit_segments_uniform(reg), classify=endpoint_class(reg)):
        items = list(read_access_log(str(path), ReadStats(str(path))))
    return counter, advise(reg, items).advice


@pytest.mark.parametrize("lines", [2_000, 8_000])
def test_unmatched_hex_ids_make_one_row_and_bounded_groups(registry_data: Any, tmp_path: Path, lines: int) -> None:
    counter, advice = _count(registry_data, _write(tmp_path / "hex.log", lines, _hex_product))
    assert counter.read == lines
    # the first 50 calls of the id shape keep a group each (a report can list their locations), the rest share one
    assert len(counter.groups) == 51
    assert [(a.verdict, a.call.method, a.call.count) for a in advice] == [("unmatched", "GET", lines)]
    assert advice[0].call.url == "/api/v1/products/c7b00c7f781ef86f"
    assert advice[0].reason.startswith(
        "No endpoint in the dataset matches this call: no endpoint for 'GET /api/v1/products/c7b00c7f781ef86f': "
        "'/api/v1/products/{id}' (xentral.products.get-v1-id) needs id to match \\d+, got 'c7b00c7f781ef86f'")
    assert len(advice[0].call.locations) == 50


@pytest.mark.parametrize("lines", [5_000, 20_000])
def test_query_values_never_grow_groups(registry_data: Any, tmp_path: Path, lines: int) -> None:
    counter, advice = _count(registry_data, _write(tmp_path / "wp.log", lines, _wp_login))
    assert counter.read == lines
    assert len(counter.groups) == 1  # one call: path and query names; the values are set aside
    assert len(counter._cache) + len(counter._old) <= 2 * 32_768
    assert [(a.verdict, a.call.method, a.call.url, a.call.count) for a in advice] == [
        ("unmatched", "GET", "/wp-login.php?redirect_to=781ef86f5c8cc1ab", lines)]


def test_what_the_counter_holds_does_not_grow_with_the_lines(registry_data: Any, tmp_path: Path) -> None:
    """Every container of the counter but its bounded request cache holds as much for 4x the lines."""
    def held(lines: int) -> tuple[int, ...]:
        path = _write(tmp_path / f"mixed-{lines}.log", lines,
                      lambda rng: _hex_product(rng) if rng.random() < 0.5 else _wp_login(rng))
        stats = ReadStats(str(path))
        counter = CallCounter(str(path), stats, shapes=True, classify=endpoint_class(registry_data))
        with open_input(str(path)) as (stream, name):
            for first, block, n in iter_text_blocks(stream, name, stats):
                counter.add_block(first, block, n)
        assert counter.read == lines
        assert len(counter._cache) + len(counter._old) <= min(lines, 2 * CACHE_SIZE)
        return (len(counter.groups), len(counter._by_call), len(counter._by_shape), len(counter._calls),
                len(counter._raw_shapes), len(counter.counts), len(counter.first) + len(counter._first_raw))

    assert held(10_000) == held(40_000) == (52, 51, 2, 51, 0, 52, 52)


@pytest.mark.parametrize(
    ("segment", "expected"),
    [("17", True), ("00042", True), ("0b7f3c1e-2a4d-4c8e-9f10-3d2e1a0b9c8d", True), ("5f3a9c0e11", True),
     ("AB-1234", True), ("AU2025001234", True), ("4bed0297c5e5.php", True), ("aGVsbG8td29ybGQ", True), ("qWeRtYuIoPaSdFgHjK", True), ("tokenWithoutDigitsXyZaBc", False),
     ("aGVsbG8td29ybGQxYQ", True), ("v1", False), ("v10", False), ("salesOrders", False),
     ("externalReferenceTargets", False), ("wp-login.php", False), ("", False)],
)
def test_id_like_segments(segment: str, expected: bool) -> None:
    assert is_id_like(segment) is expected


@pytest.mark.parametrize(
    ("url", "shape"),
    [("/api/v1/products/5f3a9c0e11", "/api/v1/products/{id}"),
     ("/wp-login.php?redirect_to=9f3a", "/wp-login.php"),
     ("https://acme.xentral.biz/api/v3/salesOrders/0b7f3c1e-2a4d-4c8e-9f10-3d2e1a0b9c8d/x#17",
      "https://acme.xentral.biz/api/v3/salesOrders/{id}/x"),
     ("/api/shopimport/syncstorage/AB-12/3-BLK", "/api/shopimport/syncstorage/{id}/{id}")],
)
def test_id_shape(url: str, shape: str) -> None:
    assert id_shape(url) == shape


@pytest.mark.parametrize(
    ("url", "key"),
    [("/wp-login.php?redirect_to=9f3a&reauth=1", "/wp-login.php?redirect_to=&reauth="),
     ("/api/index.php?path=/v1/adressen&page=2", "/api/index.php?path=/v1/adressen&page="),
     ("/index.php?module=api&action=ArtikelGet&hash=REDACTED", "/index.php?module=api&action=ArtikelGet&hash="),
     ("/api/index.php?%70ath=/v1/adressen&PATH=/v1/x", "/api/index.php?%70ath=/v1/adressen&PATH=/v1/x"),
     ("/x?a", "/x?a"), ("/x/5", "/x/5")],
)
def test_call_key_sets_query_values_aside_but_routing_ones(url: str, key: str) -> None:
    assert call_key(url) == key
