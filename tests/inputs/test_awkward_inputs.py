"""Awkward evidence: byte order marks, junk before the real lines, empty files, damaged gzip, odd JSON.

Every case is read for real (files written to a temp folder, gzip damaged by flipping real bytes):
what is read and what is skipped, with its message, add up to what the file holds.
"""
from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest
from inputs_support import INPUTS, run

from registry.errors import InputError
from registry.inputs.access_log import read_access_log
from registry.inputs.base import ReadStats
from registry.inputs.detect import detect_kind, read_inputs
from registry.inputs.har import read_har
from registry.inputs.log_counter import CallCounter
from registry.inputs.log_jobs import count_in_jobs
from registry.inputs.plain import read_list
from registry.inputs.postman import SCHEMA_V21, read_postman
from registry.inputs.source.files import read_source_file

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


# -- junk before the real lines ----------------------------------------------------------------------
TLS_PROBE = '1.2.3.4 - - [14/Nov/2026:00:39:03 +0100] "\\x16\\x03\\x01" 400 1 "-" "-"\n'  # as Apache writes it
EXPECTED_FILE = "(expected an access log, a HAR file, a Postman collection v2.1, a METHOD URL list or source code)"


def _probed_log(folder: Path, probes: int = 25) -> Path:
    path = folder / "access.log"
    path.write_text(TLS_PROBE * probes + _log(87).decode())
    return path


def test_tls_probes_are_log_lines_and_the_reader_counts_them_as_skipped(tmp_path: Path) -> None:
    path = _probed_log(tmp_path)
    assert detect_kind(str(path)) == "access-log"
    items, stats = run(read_access_log, str(path))
    assert (len(items), stats.read, stats.skipped) == (87, 87, 25)
    assert items[0].location == f"{path}:26"
    assert stats.skipped_items[0] == (f"{path}:1: skipped line: cannot parse request "
                                      "'\"\\x16\\x03\\x01\"' (expected METHOD PATH PROTOCOL).")
    assert stats.summary() == f"{path}: read 87 of 112 lines, skipped 25"


def test_junk_at_the_top_does_not_hide_a_clear_majority_of_log_lines(tmp_path: Path) -> None:
    path = tmp_path / "access.log"
    path.write_text("garbage\n" * 25 + _log(87).decode())
    assert detect_kind(str(path)) == "access-log"
    items, stats = run(read_access_log, str(path))
    assert (stats.read, stats.skipped) == (87, 25)
    assert stats.skipped_items[24] == (f"{path}:25: skipped line: no quoted request in 'garbage' "
                                       '(expected a combined or common log line: HOST IDENT USER [TIME] "METHOD PATH '
                                       'PROTOCOL" STATUS BYTES).')


def test_a_named_list_with_junk_among_its_first_lines_is_read_and_the_junk_counted(tmp_path: Path) -> None:
    path = tmp_path / "few.txt"
    path.write_text("junk1\njunk2\njunk3\nGET /api/v1/adressen/5\nGET /api/v1/adressen/6\n")
    assert detect_kind(str(path)) is None  # in a folder: not a clear list (it is listed as left out, below)
    assert detect_kind(str(path), lenient=True) == "list"
    items, stats = read_inputs([str(path)])
    assert [o.location for o in items] == [f"{path}:4", f"{path}:5"]
    assert [(s.read, s.skipped) for s in stats] == [(2, 3)]
    assert stats[0].skipped_items[0] == f"{path}:1: skipped line: cannot parse 'junk1' (expected METHOD URL [COUNT])."


def test_a_folder_walk_lists_every_file_it_leaves_out_and_counts_them(tmp_path: Path) -> None:
    folder = tmp_path / "dir1"
    folder.mkdir()
    _probed_log(folder)
    shutil.copy(INPUTS / "calls.txt", folder / "calls.txt")
    shutil.copy(INPUTS / "shop.postman_environment.json", folder / "shop.postman_environment.json")
    (folder / "empty.log").write_bytes(b"")
    (folder / "empty.log.gz").write_bytes(gzip.compress(b"", mtime=0))
    (folder / "few.txt").write_text("junk1\njunk2\njunk3\nGET /api/v1/adressen/5\nGET /api/v1/adressen/6\n")
    (folder / "notes.md").write_text("# Notes\nhello\n")  # Markdown is read by the source reader (no call in it)
    os.mkfifo(folder / "pipe")
    items, stats = read_inputs([str(folder)])
    got = list(items)
    assert [(s.source, s.format, s.unit, s.read, s.skipped) for s in stats] == [
        (f"{folder}/", "folder", "files", 3, 5),
        (f"{folder}/ (source files)", "source", "files", 1, 0),
        (f"{folder}/access.log", "common", "lines", 87, 25),
        (f"{folder}/calls.txt", "list", "lines", 5, 4),
    ]
    assert len(got) == 87 + 5
    assert stats[0].summary() == f"{folder}/: read 3 of 8 files, skipped 5"
    assert stats[0].skipped_items == [
        f"{folder}/empty.log: skipped file: empty {EXPECTED_FILE}.",
        f"{folder}/empty.log.gz: skipped file: empty {EXPECTED_FILE}.",
        f"{folder}/few.txt: skipped file: not a recognised input: of the 5 lines, only 0 are access-log lines and "
        f"2 METHOD URL lines; name the file to read it anyway {EXPECTED_FILE}.",
        f"{folder}/pipe: skipped file: not a regular file {EXPECTED_FILE}.",
        f"{folder}/shop.postman_environment.json: skipped file: a Postman environment; pass it with --postman-env "
        f"{EXPECTED_FILE}.",
    ]
    # given as the environment, it is read (as the environment), not left out
    items, stats = read_inputs([str(folder)], postman_env=str(folder / "shop.postman_environment.json"))
    assert len(list(items)) == 87 + 5
    assert (stats[0].read, stats[0].skipped) == (4, 4)


def test_the_walk_notes_are_the_folder_s_even_without_source_files(tmp_path: Path) -> None:
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "calls.txt").write_text("GET /api/v1/adressen\n")
    (tmp_path / "calls.txt").write_text("GET /api/v1/adressen\n")
    items, stats = read_inputs([str(tmp_path)])
    assert len(list(items)) == 1
    assert [(s.source, s.read, s.skipped, s.notes) for s in stats] == [
        (f"{tmp_path}/", 1, 0, [f"{tmp_path}/vendor/: not read (vendored or tool directory)"]),
        (f"{tmp_path}/calls.txt", 1, 0, []),
    ]


# -- empty files -------------------------------------------------------------------------------------
def test_an_empty_file_named_is_counted_as_skipped_not_fatal(tmp_path: Path) -> None:
    empty = tmp_path / "access.log"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text("\n  \n")
    assert detect_kind(str(empty)) == detect_kind(str(blank)) == "empty"
    items, stats = read_inputs([str(empty), str(blank)])
    assert list(items) == []
    assert [(s.source, s.unit, s.read, s.skipped, s.skipped_items) for s in stats] == [
        (str(empty), "files", 0, 1, [f"{empty}: skipped file: empty {EXPECTED_FILE}."]),
        (str(blank), "files", 0, 1, [f"{blank}: skipped file: empty {EXPECTED_FILE}."]),
    ]
    assert stats[0].summary() == f"{empty}: read 0 of 1 files, skipped 1"


def test_a_named_file_that_is_no_input_says_what_it_found(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello\nworld\n")
    with pytest.raises(InputError) as err:
        read_inputs([str(path)])
    assert str(err.value) == (f"{path}: not a recognised input: none of the 2 lines is an access-log or METHOD URL "
                              f"line {EXPECTED_FILE}.")



# -- Postman: an item list that is not a list --------------------------------------------------------
def _collection(tmp_path: Path, items: Any) -> Path:
    path = tmp_path / "shop.json"
    doc = {"info": {"name": "Shop", "schema": SCHEMA_V21}, "item": items}
    path.write_text(json.dumps(doc))
    return path


def test_a_collection_whose_item_is_not_a_list_says_so(tmp_path: Path) -> None:
    path = _collection(tmp_path, 5)
    items, stats = run(read_postman, str(path))
    assert items == []
    assert stats.skipped_items == [f'{path}: skipped item list: "item" is a number, not a list '
                                   "(expected a list of requests and folders)."]
    assert stats.summary() == f"{path}: read 0 of 1 requests, skipped 1"


def test_a_folder_whose_item_is_not_a_list_says_so_with_its_location(tmp_path: Path) -> None:
    path = _collection(tmp_path, [
        {"name": "Orders", "item": {"name": "oops"}},
        {"name": "Get", "request": {"method": "GET", "url": "https://a.example/api/v1/adressen"}},
    ])
    items, stats = run(read_postman, str(path))
    assert [(o.url, o.location) for o in items] == [("https://a.example/api/v1/adressen", f"{path} > Get")]
    assert stats.skipped_items == [f'{path} > Orders: skipped folder: "item" is an object, not a list '
                                   "(expected a list of requests and folders)."]


# -- damaged gzip ------------------------------------------------------------------------------------
def _stored(body: bytes) -> bytes:
    """A gzip member that stores ``body`` uncompressed (level 0): a flipped data byte changes one character."""
    return gzip.compress(body, compresslevel=0, mtime=0)


def _flip(data: bytes, at: int) -> bytes:
    damaged = bytearray(data)
    damaged[at] ^= 0x01
    return bytes(damaged)


def _crcs(member: bytes) -> tuple[str, str]:
    """The CRC-32 a damaged member stores and the one of the data it now gives (as messages print them)."""
    z = zlib.decompressobj(-zlib.MAX_WBITS)
    data = z.decompress(member[10:])
    stored = int.from_bytes(z.unused_data[:4], "little")
    return f"{stored:#010x}", f"{zlib.crc32(data):#010x}"


def test_a_gzip_member_that_fails_its_crc_check_is_left_out_and_counted(tmp_path: Path) -> None:
    body = _log(100)
    member = _stored(body)
    at = 10 + 5 + body.index(b"/artikel/42 ")  # header, stored block header, then the data
    damaged = _flip(member, at + 2)  # '/artikel/42' → '/artikel/52' in line 43: wrong, yet a good log line
    path = tmp_path / "access.log.gz"
    path.write_bytes(damaged)
    stored, data = _crcs(damaged)
    message = (f"{path}:1-100: skipped 100 lines: gzip member 1 fails its CRC check (stored {stored}, data {data}), "
               "so its lines cannot be trusted (expected an undamaged gzip file).")
    for aggregated in (True, False):
        items, stats = run(read_access_log, str(path), aggregated=aggregated)
        assert items == []
        assert (stats.read, stats.skipped, stats.damaged, stats.suspect, stats.skipped_items) == (0, 100, 100, 0, [message])
        assert stats.summary() == f"{path}: read 0 of 100 lines, skipped 100 (100 of them from damaged gzip data, left out)"


def test_only_the_damaged_member_is_left_out_even_when_members_split_lines(tmp_path: Path) -> None:
    body = _log(90)
    cut1, cut2 = body.index(b"\n", 1000) + 20, body.index(b"\n", 4000) + 7  # members end in the middle of a line
    first_lines, second_lines = body[:cut1].count(b"\n"), body[:cut2].count(b"\n")
    second = _stored(body[cut1:cut2])
    second = _flip(second, 10 + 5 + 100)
    path = tmp_path / "access.log.gz"
    path.write_bytes(gzip.compress(body[:cut1], mtime=0) + second + gzip.compress(body[cut2:], mtime=0) + b"\0" * 8)
    damaged = (first_lines + 1, second_lines + 1)  # from the line member 1 ends in to the one member 3 starts in
    stored, data = _crcs(second)
    items, stats = run(read_access_log, str(path))
    kept = [i for i in range(90) if not damaged[0] <= i + 1 <= damaged[1]]
    assert [(o.url, o.location) for o in items] == [(f"/api/v1/artikel/{i}", f"{path}:{i + 1}") for i in kept]
    lines = damaged[1] - damaged[0] + 1
    assert stats.skipped_items == [
        f"{path}:{damaged[0]}-{damaged[1]}: skipped {lines} lines: gzip member 2 fails its CRC check (stored {stored}, "
        f"data {data}), so its lines cannot be trusted (expected an undamaged gzip file)."]
    assert (stats.read, stats.skipped, stats.damaged) == (90 - lines, lines, lines)
    per_line, line_stats = run(read_access_log, str(path), aggregated=False)
    assert [o.location for o in per_line] == [o.location for o in items]
    assert (line_stats.read, line_stats.skipped, line_stats.skipped_items) == (stats.read, stats.skipped, stats.skipped_items)
    listed = tmp_path / "calls.txt.gz"  # a list is checked before it is read (its calls are handed on one by one)
    listed.write_bytes(gzip.compress(b"GET /api/v1/a\n", mtime=0) + _flip(_stored(b"GET /api/v1/b\nGET /api/v1/c\n"), 16)
                       + gzip.compress(b"GET /api/v1/d\n", mtime=0))
    calls, list_stats = run(read_list, str(listed))
    assert [(o.url, o.location) for o in calls] == [("/api/v1/a", f"{listed}:1"), ("/api/v1/d", f"{listed}:4")]
    assert (list_stats.read, list_stats.skipped, list_stats.damaged) == (2, 2, 2)
    assert list_stats.skipped_items[0].startswith(f"{listed}:2-3: skipped 2 lines: gzip member 2 fails its CRC check")


def test_a_big_gzip_log_damaged_in_the_middle_gives_no_line_of_its_damaged_member(tmp_path: Path) -> None:
    """The reviewer's case: 50,000 lines, one byte flipped in the middle of the compressed data."""
    body = b"".join(b'203.0.113.%d - - [14/Nov/2026:%02d:%02d:%02d +0100] "GET /api/v1/artikel/%d?items=%d HTTP/1.1" 200 %d "-" "shop/%d"\n'
                    % (n % 250, n // 3600 % 24, n // 60 % 60, n % 60, n * 7919 % 100_003, n % 97, n * 31 % 9000, n % 13)
                    for n in range(50_000))
    packed = gzip.compress(body, mtime=0)
    path = tmp_path / "that.log.gz"
    path.write_bytes(_flip(packed, len(packed) // 2))
    stored, data = _crcs(_flip(packed, len(packed) // 2))
    items, stats = run(read_access_log, str(path))
    # Python's gzip met the damage only at the end (CRC): all 50,000 lines come from the damaged member
    assert (items, stats.read, stats.skipped, stats.damaged) == ([], 0, 50_000, 50_000)
    assert stats.skipped_items == [
        f"{path}:1-50000: skipped 50,000 lines: gzip member 1 fails its CRC check (stored {stored}, data {data}), so "
        "its lines cannot be trusted (expected an undamaged gzip file)."]
    assert stats.summary() == (f"{path}: read 0 of 50,000 lines, skipped 50,000 "
                               "(50,000 of them from damaged gzip data, left out)")


def test_damaged_gzip_on_standard_input_is_read_and_flagged_in_the_summary(tmp_path: Path) -> None:
    member = _flip(_stored(_log(3)), 10 + 5 + 60)
    stored, data = _crcs(member)
    code = ("from registry.inputs.detect import read_inputs\n"
            "items, stats = read_inputs(['-'])\n"
            "print(len(list(items)), stats[0].summary(), stats[0].notes, sep='\\n')")
    done = subprocess.run([sys.executable, "-c", code], input=member, capture_output=True, check=True)
    assert done.stdout.decode().splitlines() == [
        "3",
        "<stdin>: read 3 of 3 lines, skipped 0; WARNING: 3 lines read may be corrupt (damaged gzip data that cannot be "
        "read again)",
        str([f"<stdin>:1-3: read 3 lines of gzip member 1, which fails its CRC check (stored {stored}, data {data}): "
             "they may be corrupt (the input cannot be read again to leave them out)."]),
    ]


def test_a_damaged_gzip_har_is_an_error_not_garbage(tmp_path: Path) -> None:
    har = (INPUTS / "session.har").read_bytes()
    path = tmp_path / "session.har.gz"
    member = _flip(_stored(har), 10 + 5 + har.index(b"/api/"))
    path.write_bytes(member)
    stored, data = _crcs(member)
    with pytest.raises(InputError) as err:
        run(read_har, str(path))
    assert str(err.value) == (f"{path}: cannot read a HAR 1.2 file: damaged data (gzip member 1 fails its CRC check "
                              f"(stored {stored}, data {data})) (expected a complete file).")


def test_reports_on_damaged_gzip_logs_are_the_same_bytes_with_1_2_and_4_processes(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    for k in range(4):
        body = _log(2000, start=k * 2000)
        member = _stored(body)
        (logs / f"access.log.{k}.gz").write_bytes(_flip(member, 10 + 5 + 9000) if k % 2 else gzip.compress(body, mtime=0))
    xreg = str(Path(sys.executable).parent / "xreg")
    for fmt in ("json", "md"):
        runs = [subprocess.run([xreg, "advise", "-v", "-j", str(jobs), str(logs), "--format", fmt], capture_output=True,
                               check=False) for jobs in (1, 2, 4)]
        assert [r.returncode for r in runs] == [0, 0, 0]
        assert runs[0].stdout == runs[1].stdout == runs[2].stdout
        assert runs[0].stderr.split(b"\n", 1)[1] == runs[1].stderr.split(b"\n", 1)[1] == runs[2].stderr.split(b"\n", 1)[1]
    report = json.loads(runs[0].stdout if fmt == "json" else subprocess.run(
        [xreg, "advise", "-q", str(logs), "--format", "json"], capture_output=True, check=True).stdout)
    assert [(i["source"], i["read"], i["skipped"]) for i in report["inputs"]] == [
        (f"{logs}/", 4, 0),
        (f"{logs}/access.log.0.gz", 2000, 0),
        (f"{logs}/access.log.1.gz", 0, 2000),
        (f"{logs}/access.log.2.gz", 2000, 0),
        (f"{logs}/access.log.3.gz", 0, 2000),
    ]
    assert report["inputs"][2]["summary"] == (f"{logs}/access.log.1.gz: read 0 of 2,000 lines, skipped 2,000 "
                                              "(2,000 of them from damaged gzip data, left out)")
    assert sum(c["requests"] for c in report["calls"]) == 4000


def test_corrupt_data_ends_the_reading_and_the_members_before_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "access.log.gz"
    path.write_bytes(gzip.compress(_log(40), mtime=0) + _flip(_stored(_log(10, start=40)), 10 + 1))  # a stored length
    items, stats = run(read_access_log, str(path))
    assert [o.location for o in items] == [f"{path}:{i}" for i in range(1, 41)]
    assert (stats.read, stats.skipped, stats.damaged) == (40, 1, 0)
    assert stats.skipped_items == [
        f"{path}: skipped rest of file: gzip data is corrupt (Error -3 while decompressing data: invalid stored block "
        "lengths) after line 40 (expected a complete gzip file). The lines of the undamaged members before were read."]
