"""Access logs: combined and common format, gzip by magic bytes, aggregation, skipped lines."""
from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

import pytest
from inputs_support import INPUTS, assert_no_secret, run

from registry.inputs.access_log import aggregate, parse_log_line, read_access_log
from registry.inputs.base import Observation

COMBINED_SKIPS = [
    "access-combined.log:4: skipped line: cannot parse request '\"GET /api/v1/products/12' (expected METHOD PATH PROTOCOL).",
    "access-combined.log:5: skipped line: no quoted request in 'this is not a log line' (expected a combined or common "
    'log line: HOST IDENT USER [TIME] "METHOD PATH PROTOCOL" STATUS BYTES).',
    "access-combined.log:10: skipped line: cannot parse request '\"-\"' (expected METHOD PATH PROTOCOL).",
]


def test_combined_log_is_aggregated_by_method_and_redacted_url(in_inputs: Path) -> None:
    items, stats = run(read_access_log, "access-combined.log")
    assert items == [
        # lines 1, 9 (earlier time, out of order) and 11 (lower-case method, 404)
        Observation("GET", "/api/v1/adressen?items=100", "access-combined.log:1", "access-log", count=3,
                    first_seen="2025-10-14T09:11:00+02:00", last_seen="2025-10-14T09:23:45+02:00", statuses={200: 2, 404: 1}),
        Observation("POST", "/api/AuftragCreate", "access-combined.log:2", "access-log",
                    first_seen="2025-10-14T09:12:02+02:00", last_seen="2025-10-14T09:12:02+02:00", statuses={200: 1}),
        # lines 3 and 13 differ only in the hash value: one call once redacted
        Observation("GET", "/index.php?module=api&action=ArtikelGet&hash=REDACTED&api_id=REDACTED", "access-combined.log:3",
                    "access-log", count=2, first_seen="2025-10-14T09:12:30+02:00", last_seen="2025-10-15T07:00:05+02:00",
                    statuses={200: 2}, auth="hash"),
        Observation("POST", "/api/shopimport/ordertoxentral/SO-1001", "access-combined.log:7", "access-log",
                    first_seen="2025-10-14T09:20:00+02:00", last_seen="2025-10-14T09:20:00+02:00", statuses={403: 1}),
        Observation("GET", '/api/v1/artikel?name="Tisch"', "access-combined.log:8", "access-log",
                    first_seen="2025-10-14T09:21:13+02:00", last_seen="2025-10-14T09:21:13+02:00", statuses={200: 1}),
        Observation("GET", "/api/v3/salesOrders/4711?access_token=REDACTED", "access-combined.log:12", "access-log",
                    first_seen="2025-10-14T09:24:10+02:00", last_seen="2025-10-14T09:24:10+02:00", statuses={200: 1}),
    ]
    assert stats.skipped_items == COMBINED_SKIPS
    assert (stats.read, stats.skipped, stats.format) == (9, 3, "combined")
    # 13 lines, one blank (not an item): read + skipped == 12
    assert stats.read + stats.skipped == 12 == sum(o.count for o in items) + stats.skipped
    assert_no_secret(items, stats)


def test_per_line_mode_gives_one_observation_per_line_and_aggregate_merges_them(in_inputs: Path) -> None:
    lines, stats = run(read_access_log, "access-combined.log", aggregated=False)
    assert [o.location for o in lines] == [f"access-combined.log:{n}" for n in (1, 2, 3, 7, 8, 9, 11, 12, 13)]
    assert lines[5] == Observation("GET", "/api/v1/adressen?items=100", "access-combined.log:9", "access-log",
                                   first_seen="2025-10-14T09:11:00+02:00", last_seen="2025-10-14T09:11:00+02:00",
                                   statuses={200: 1})
    assert stats.skipped_items == COMBINED_SKIPS
    merged, _ = run(read_access_log, "access-combined.log")
    assert aggregate(lines) == merged
    assert_no_secret(lines, stats)


def test_common_log_gzipped_under_a_misleading_name(tmp_path: Path) -> None:
    path = tmp_path / "access-common.txt"
    path.write_bytes(gzip.compress((INPUTS / "access-common.log").read_bytes(), mtime=0))
    items, stats = run(read_access_log, str(path))
    assert [(o.method, o.url, o.location[len(str(tmp_path)) + 1 :], o.count, o.statuses, o.first_seen, o.last_seen)
            for o in items] == [
        ("GET", "/api/v1/belege/auftraege?items=20", "access-common.txt:1", 2, {200: 1, 304: 1},
         "2025-11-03T22:01:09+01:00", "2025-11-03T22:05:11+01:00"),
        ("GET", "/api/v1/belege/auftraege/881", "access-common.txt:2", 1, {200: 1}, "2025-11-03T22:01:10+01:00",
         "2025-11-03T22:01:10+01:00"),
        ("PUT", "/api/v1/adressen/17", "access-common.txt:3", 1, {200: 1}, "2025-11-03T22:05:10+01:00",
         "2025-11-03T22:05:10+01:00"),
        ("GET", "/api/v1/reports/2/download", "access-common.txt:6", 1, {200: 1}, "2025-11-03T23:59:59+01:00",
         "2025-11-03T23:59:59+01:00"),
    ]
    assert stats.skipped_items == [
        f"{path}:5: skipped line: cannot parse request "
        "'\"\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xfc\\x03\\x03\"' (expected METHOD PATH PROTOCOL)."
    ]
    assert (stats.read, stats.skipped, stats.format) == (5, 1, "common")


def test_truncated_gzip_reads_what_it_can_and_reports_the_rest(tmp_path: Path) -> None:
    body = b"".join(
        b'192.0.2.1 - - [03/Nov/2025:22:01:%02d +0100] "GET /api/v1/artikel/%d HTTP/1.1" 200 5\n' % (n % 60, n)
        for n in range(5000)
    )
    packed = gzip.compress(body, mtime=0)
    path = tmp_path / "access.log.gz"
    path.write_bytes(packed[: len(packed) // 2])
    items, stats = run(read_access_log, str(path))
    assert stats.skipped == 1
    assert len(items) == stats.read and 0 < stats.read < 5000
    assert [o.url for o in items] == [f"/api/v1/artikel/{n}" for n in range(stats.read)]
    assert stats.skipped_items == [
        f"{path}: skipped rest of file: gzip stream ends early after line {stats.read} "
        "(expected a complete gzip file). The lines before were read."
    ]


def test_invalid_utf8_nul_bytes_and_a_long_line_do_not_stop_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "odd.log"
    path.write_bytes(
        b'192.0.2.1 - - [03/Nov/2025:22:01:09 +0100] "GET /api/v1/artikel/\xff\xfe HTTP/1.1" 200 5\n'
        b"\x00\x00\x00\n"
        b'192.0.2.1 - - [03/Nov/2025:22:01:10 +0100] "GET /api/v1/' + b"a" * 1_000_000 + b' HTTP/1.1" 200 5\n'
        b'192.0.2.1 - - [03/Nov/2025:22:01:11 +0100] "POST /api/AuftragCreate HTTP/1.1" 201 5\r\n'
    )
    items, stats = run(read_access_log, str(path))
    assert [(o.method, o.url[:20], len(o.url), o.statuses) for o in items] == [
        ("GET", "/api/v1/artikel/\ufffd\ufffd", 18, {200: 1}),
        ("GET", "/api/v1/aaaaaaaaaaaa", 1_000_008, {200: 1}),
        ("POST", "/api/AuftragCreate", 18, {201: 1}),
    ]
    assert stats.skipped_items == [
        f"{path}:2: skipped line: no quoted request in '\\x00\\x00\\x00' (expected a combined or common log line: "
        'HOST IDENT USER [TIME] "METHOD PATH PROTOCOL" STATUS BYTES).'
    ]


def test_dash_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    data = gzip.compress(b'192.0.2.1 - - [03/Nov/2025:22:01:09 +0100] "GET /api/v1/adressen HTTP/1.1" 200 5\n', mtime=0)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    items, stats = run(read_access_log, "-")
    assert [(o.url, o.location) for o in items] == [("/api/v1/adressen", "<stdin>:1")]
    assert stats.summary() == "-: read 1 of 1 lines, skipped 0"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param('h - - [10/Oct/2025:13:55:36 +0200] "GET /a HTTP/1.1" 200 5', ("GET", "/a", 200, "10/Oct/2025:13:55:36 +0200"),
                     id="common"),
        pytest.param('h - - [t] "GET /a\\"b HTTP/1.1" 404 5 "-" "x"', ("GET", '/a"b', 404, "t"), id="escaped-quote"),
        pytest.param('h - - [t] "GET /a HTTP/1.1" - 5', ("GET", "/a", None, "t"), id="no-status"),
        pytest.param('vhost:443 h - - [t] "PUT /a HTTP/2.0" 201 5', ("PUT", "/a", 201, "t"), id="vhost-combined"),
    ],
)
def test_parse_log_line(line: str, expected: tuple) -> None:
    assert parse_log_line(line) == expected


def test_empty_request_field_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "empty.log"
    path.write_text('h - - [10/Oct/2025:13:55:36 +0200] "" 400 0\nh - - [10/Oct/2025:13:55:37 +0200] "GET /a HTTP/1.1" 200 1\n')
    items, stats = run(read_access_log, str(path))
    assert [(o.url, o.location) for o in items] == [("/a", f"{path}:2")]
    assert stats.skipped_items == [f"{path}:1: skipped line: cannot parse request '\"\"' (expected METHOD PATH PROTOCOL)."]
