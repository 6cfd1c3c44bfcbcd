"""Awkward evidence: byte order marks, junk before the real lines, empty files, damaged gzip, odd JSON.

Every case is read for real (files written to a temp folder, gzip damaged by flipping real bytes):
what is read and what is skipped, with its message, add up to what the file holds.
"""
from __future__ import annotations

import gzip
from pathlib import Path

from inputs_support import run

from registry.inputs.access_log import read_access_log
from registry.inputs.base import Observation, ReadStats
from registry.inputs.log_counter import CallCounter
from registry.inputs.log_jobs import count_in_jobs
from registry.inputs.plain import read_list
from registry.inputs.source_scan import read_source_file

BOM = b"\xef\xbb\xbf"
LOG_LINE = '192.0.2.1 - - [03/Nov/2025:22:01:%02d +0100] "GET /api/v1/artikel/%d HTTP/1.1" 200 5\n'


def _log(n: int, start: int = 0) -> bytes:
    return "".join(LOG_LINE % (i % 60, i) for i in range(start, start + n)).encode()


# -- a UTF-8 byte order mark -----------------------------------------------------------------------
def test_a_byte_order_mark_does_not_cost_a_list_its_first_line(tmp_path: Path) -> None:
    path = tmp_path / "bom2.txt"
    path.write_bytes(BOM + b"GET /api/v1/adressen/5\nGET /api/v1/adressen/6\n")
    items, stats = run(read_list, str(path))
    assert [(o.method, o.url, o.location) for o in items] == [
        ("GET", "/api/v1/adressen/5", f"{path}:1"), ("GET", "/api/v1/adressen/6", f"{path}:2")]
    assert (stats.read, stats.skipped, stats.skipped_items) == (2, 0, [])
    one = tmp_path / "bom1.txt"
    one.write_bytes(BOM + b"GET /api/v1/adressen/5")
    items, stats = run(read_list, str(one))
    assert [(o.url, o.location) for o in items] == [("/api/v1/adressen/5", f"{one}:1")]
    assert stats.summary() == f"{one}: read 1 of 1 lines, skipped 0"


def test_a_byte_order_mark_before_an_access_log_plain_or_gzip(tmp_path: Path) -> None:
    plain = tmp_path / "access.log"
    plain.write_bytes(BOM + _log(3))
    packed = tmp_path / "access.log.gz"
    packed.write_bytes(gzip.compress(BOM + _log(3), mtime=0))
    for path in (plain, packed):
        items, stats = run(read_access_log, str(path))
        assert [(o.url, o.location) for o in items] == [(f"/api/v1/artikel/{i}", f"{path}:{i + 1}") for i in range(3)]
        assert (stats.read, stats.skipped) == (3, 0)
        per_line, stats = run(read_access_log, str(path), aggregated=False)
        assert [o.location for o in per_line] == [f"{path}:1", f"{path}:2", f"{path}:3"] and stats.skipped == 0


def test_a_byte_order_mark_is_skipped_by_the_processes_too(tmp_path: Path) -> None:
    path = tmp_path / "access.log"
    path.write_bytes(BOM + _log(3000))
    one, one_stats = run(read_access_log, str(path), jobs=1)
    stats = ReadStats(str(path))
    counter = CallCounter(str(path), stats)
    count_in_jobs(str(path), counter, 2, prefix=1000)
    assert list(counter.observations()) == one and counter.read == one_stats.read == 3000
    assert stats.skipped == one_stats.skipped == 0


def test_a_byte_order_mark_is_not_part_of_source_code(tmp_path: Path) -> None:
    path = tmp_path / "a.php"
    path.write_bytes(BOM + b"<?php\n$c->get('/api/v1/adressen');\n")
    assert read_source_file(str(path), "a.php", ReadStats("a.php")) == "<?php\n$c->get('/api/v1/adressen');\n"
