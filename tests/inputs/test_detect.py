"""Choosing the reader by content, and reading a whole folder as one stream."""
from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from inputs_support import INPUTS, VOCABULARY, assert_no_secret

from registry.errors import InputError
from registry.inputs.base import Observation, SecretFinding
from registry.inputs.detect import detect_kind, read_inputs


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("access-combined.log", "access-log"),
        ("access-common.log", "access-log"),
        ("calls.txt", "list"),
        ("session.har", "har"),
        ("shop.postman_collection.json", "postman"),
        ("shop.postman_environment.json", "postman-environment"),
        ("source/src/Client.php", "source"),
        ("source/assets/logo.php", "source"),  # by extension; the scan then skips it as binary
        ("source/.gitignore", None),
    ],
)
def test_detect_kind_of_fixtures(in_inputs: Path, name: str, kind: str | None) -> None:
    assert detect_kind(name) == kind


def test_content_wins_over_the_name(tmp_path: Path) -> None:
    log = (INPUTS / "access-common.log").read_bytes()
    (tmp_path / "calls.txt").write_bytes(gzip.compress(log, mtime=0))
    (tmp_path / "export.json").write_bytes(b"\xef\xbb\xbf  " + (INPUTS / "session.har").read_bytes())
    (tmp_path / "notes.har").write_text("GET /api/v1/adressen 3\n")
    assert [detect_kind(str(tmp_path / n)) for n in ("calls.txt", "export.json", "notes.har")] == ["access-log", "har", "list"]


def test_read_inputs_on_the_fixture_folder(in_inputs: Path) -> None:
    items, stats = read_inputs(["."], postman_env="shop.postman_environment.json", vocabulary=VOCABULARY)
    got = list(items)
    assert [(s.source, s.format, s.read, s.skipped, s.given) for s in stats] == [
        ("./", "folder", 14, 1, "./"),  # 8 source files, 5 inputs, the environment; source/.gitignore left out
        ("./ (source files)", "source", 7, 1, "./"),  # (the folder's source scan, named apart from the folder)
        ("access-combined.log", "combined", 9, 3, "./"),
        ("access-common.log", "common", 5, 1, "./"),
        ("calls.txt", "list", 5, 4, "./"),
        ("session.har", "har", 9, 1, "./"),
        ("shop.postman_collection.json", "postman", 10, 2, "./"),
    ]
    observations = [o for o in got if isinstance(o, Observation)]
    findings = [f for f in got if isinstance(f, SecretFinding)]
    assert len(findings) == 5
    assert {o.kind for o in observations} == {"source", "access-log", "list", "har", "postman"}
    # 16 source calls: strings that never reach an HTTP call (a constant, a returned path) are no calls
    assert len(observations) == 16 + 6 + 4 + 5 + 9 + 10
    assert observations[16].location == "access-combined.log:1"
    assert stats[0].skipped_items == ["source/.gitignore: skipped file: not a recognised input: none of the 2 lines is "
                                      "an access-log or METHOD URL line (expected an access log, a HAR file, a Postman "
                                      "collection v2.1, a METHOD URL list or source code)."]
    assert_no_secret(got, stats[1])
    for s in stats:
        assert_no_secret([], s)


def test_named_files_are_checked_before_reading(in_inputs: Path) -> None:
    with pytest.raises(InputError) as err:
        read_inputs(["calls.txt", "source/.gitignore"])
    assert str(err.value) == ("source/.gitignore: not a recognised input: none of the 2 lines is an access-log or "
                              "METHOD URL line (expected an access log, a HAR file, a Postman collection v2.1, a "
                              "METHOD URL list or source code).")
    with pytest.raises(InputError) as err:
        read_inputs(["shop.postman_environment.json"])
    assert str(err.value).startswith("shop.postman_environment.json: a Postman environment; pass it with --postman-env (")
    with pytest.raises(InputError) as err:
        read_inputs(["missing.log"])
    assert str(err.value) == ("missing.log: cannot read: no such file or directory (expected a log, HAR, Postman "
                              "collection, list or source).")


def test_stats_fill_in_as_the_stream_is_consumed(tmp_path: Path) -> None:
    shutil.copy(INPUTS / "calls.txt", tmp_path / "a.txt")
    shutil.copy(INPUTS / "session.har", tmp_path / "b.har")
    items, stats = read_inputs([str(tmp_path / "a.txt"), str(tmp_path / "b.har")])
    assert stats == []
    first = next(items)
    assert (first.location, len(stats)) == (f"{tmp_path}/a.txt:2", 1)
    rest = list(items)
    assert len(rest) == 4 + 9 and [s.read for s in stats] == [5, 9]


def test_dash_is_sniffed_and_read_from_standard_input() -> None:
    import subprocess
    import sys

    code = ("from registry.inputs.detect import read_inputs\n"
            "items, stats = read_inputs(['-'])\n"
            "print(len(list(items)), stats[0].summary(), stats[0].format)")
    log = gzip.compress((INPUTS / "access-combined.log").read_bytes(), mtime=0)
    done = subprocess.run([sys.executable, "-c", code], input=log, capture_output=True, check=True)
    assert done.stdout.decode() == "6 <stdin>: read 9 of 12 lines, skipped 3 combined\n"
    done = subprocess.run([sys.executable, "-c", code], input=(INPUTS / "calls.txt").read_bytes(), capture_output=True, check=True)
    assert done.stdout.decode() == "5 <stdin>: read 5 of 9 lines, skipped 4 list\n"
