"""Plain lists: METHOD URL [COUNT] per line."""
from __future__ import annotations

import gzip
from pathlib import Path

from inputs_support import assert_no_secret, run

from registry.inputs.base import Observation
from registry.inputs.plain import read_list


def test_list_reads_calls_counts_and_comments(in_inputs: Path) -> None:
    items, stats = run(read_list, "calls.txt")
    assert items == [
        Observation("GET", "/api/v1/adressen", "calls.txt:2", "list", count=42),
        Observation("POST", "/api/AuftragCreate", "calls.txt:3", "list", count=7),
        Observation("GET", "https://acme.xentral.biz/api/v1/artikel?items=100", "calls.txt:4", "list"),
        Observation("PATCH", "/api/v3/salesOrders/4711/actions/release", "calls.txt:6", "list"),
        Observation("GET", "/index.php?module=api&action=ArtikelGet&hash=REDACTED&api_id=REDACTED", "calls.txt:9", "list",
                    count=3, auth="hash"),
    ]
    assert stats.skipped_items == [
        "calls.txt:7: skipped line: cannot parse 'GET' (expected METHOD URL [COUNT]).",
        "calls.txt:8: skipped line: count 'many' is not a positive whole number (expected METHOD URL [COUNT]).",
        "calls.txt:10: skipped line: count '0' is not a positive whole number (expected METHOD URL [COUNT]).",
        "calls.txt:11: skipped line: cannot parse '/api/v1/products' (expected METHOD URL [COUNT]).",
    ]
    # 12 lines: a comment, a blank line and an indented comment are not items; 9 items remain
    assert (stats.read, stats.skipped, stats.unit) == (5, 4, "lines")
    assert stats.read + stats.skipped == 9
    assert stats.summary() == "calls.txt: read 5 of 9 lines, skipped 4"
    assert_no_secret(items, stats)


def test_list_may_be_gzipped_under_any_name(tmp_path: Path) -> None:
    path = tmp_path / "calls.dat"
    path.write_bytes(gzip.compress(b"# head\nGET /api/v1/adressen 2\nDELETE /api/v1/x\n", mtime=0))
    items, stats = run(read_list, str(path))
    assert [(o.method, o.url, o.count, o.location) for o in items] == [
        ("GET", "/api/v1/adressen", 2, f"{path}:2"),
        ("DELETE", "/api/v1/x", 1, f"{path}:3"),
    ]
    assert (stats.read, stats.skipped) == (2, 0)
