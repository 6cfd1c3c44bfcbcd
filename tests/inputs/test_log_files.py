"""Several access logs read one process per file give what reading them one after another gives."""
from __future__ import annotations

import gzip
import io
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from registry.errors import InputError
from registry.inputs import log_files
from registry.inputs.access_log import log_grouping
from registry.inputs.detect import read_inputs
from registry.matching.shapes import digit_segments_uniform, endpoint_class

CALLS = ["GET /api/v1/products/{i} HTTP/1.1", "POST /api/shopimport/syncstorage/AB-{i}/{j} HTTP/1.1",
         "POST /index.php?module=api&action=ArtikelGet&hash={h}&api_id=3 HTTP/1.1", "GET /favicon.ico HTTP/1.1",
         "GET /api/v1/adressen/{i}?access_token={h} HTTP/1.1", "PUT /api/v1/adressen/{i} HTTP/1.0"]


def _log(rng: random.Random, day: int, lines: int) -> str:
    out = []
    for k in range(lines):
        if rng.random() < 0.01:
            out.append("not a log line\n")
            continue
        call = rng.choice(CALLS).format(i=int(rng.paretovariate(1.0)) % 300, j=rng.randint(1, 9),
                                        h=f"{rng.getrandbits(48):x}")
        s = k // 20
        stamp = f"{day:02d}/Nov/2025:{s // 3600 % 24:02d}:{s // 60 % 60:02d}:{s % 60:02d} +0100"
        out.append(f'192.0.2.{k % 250} - - [{stamp}] "{call}" {rng.choice((200, 201, 404))} 17 "-" "agent/1"\n')
    return "".join(out)


@pytest.fixture()
def logs(tmp_path: Path) -> Path:
    """Five rotated logs of 3,000 lines: plain and gzip, one empty."""
    folder = tmp_path / "logs"
    folder.mkdir()
    rng = random.Random(5)
    (folder / "access.log").write_text(_log(rng, 5, 3000))
    (folder / "access.log.1").write_text(_log(rng, 4, 3000))
    for n, day in ((2, 3), (3, 2)):
        with gzip.open(folder / f"access.log.{n}.gz", "wt") as f:
            f.write(_log(rng, day, 3000))
    with gzip.open(folder / "access.log.4.gz", "wt") as f:
        f.write(_log(rng, 1, 3000)[: 40_000])  # cut in the middle of a line
    return folder


def _read(reg: Any, paths: list[str], jobs: int) -> tuple[list[Any], list[tuple[Any, ...]]]:
    with log_grouping(shapes=digit_segments_uniform(reg), jobs=jobs, classify=endpoint_class(reg)):
        items, stats = read_inputs(paths)
        got = list(items)
    return got, [(s.source, s.unit, s.read, s.skipped, s.skipped_items, s.format, s.notes) for s in stats]


def test_several_logs_in_processes_read_as_one_after_another(registry_data: Any, logs: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    batches: list[int] = []
    real = log_files.read_logs_in_jobs
    monkeypatch.setattr(log_files, "read_logs_in_jobs", lambda paths, *a: batches.append(len(paths)) or real(paths, *a))
    one = _read(registry_data, [str(logs)], jobs=1)
    assert one[1][0][:4] == (f"{logs}/", "files", 5, 0)  # the folder: 5 files, none left out
    logs_read = one[1][1:]
    assert len(logs_read) == 5 and sum(s[2] for s in logs_read) > 12_000 and all(s[3] > 0 for s in logs_read)
    assert batches == []  # one process: read here, one after another
    assert _read(registry_data, [str(logs)], jobs=3) == one
    assert batches == [5]


def test_stdin_among_logs_is_read_in_its_turn(registry_data: Any, logs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    batches: list[int] = []
    real = log_files.read_logs_in_jobs
    monkeypatch.setattr(log_files, "read_logs_in_jobs", lambda paths, *a: batches.append(len(paths)) or real(paths, *a))
    paths = [str(logs / "access.log"), str(logs / "access.log.1"), "-", str(logs / "access.log.2.gz")]
    got = []
    for jobs in (1, 2):
        with open(logs / "access.log.1", "rb") as stdin:
            monkeypatch.setattr("sys.stdin", io.TextIOWrapper(stdin))
            got.append(_read(registry_data, paths, jobs=jobs))
    assert got[0] == got[1] and [s[0] for s in got[0][1]] == [*paths[:2], "<stdin>", paths[3]]
    assert batches == [2]  # the two logs before '-'; the one after it is alone
    assert _read(registry_data, [str(logs / "access.log.2.gz"), str(logs / "access.log")], jobs=2) == _read(
        registry_data, [str(logs / "access.log.2.gz"), str(logs / "access.log")], jobs=1)


def test_a_log_gone_before_it_is_read_raises_as_when_read_here(registry_data: Any, logs: Path) -> None:
    seen = []
    for jobs in (1, 2):
        with log_grouping(shapes=True, jobs=jobs):
            items, stats = read_inputs([str(logs / "access.log"), str(logs / "access.log.1")])
            os.rename(logs / "access.log.1", logs / "gone")
            try:
                with pytest.raises(InputError) as raised:
                    list(items)
            finally:
                os.rename(logs / "gone", logs / "access.log.1")
        seen.append((str(raised.value), [(s.source, s.unit, s.read) for s in stats]))  # the failed file listed too
    assert seen[0] == seen[1] and seen[0][0].startswith(f"{logs / 'access.log.1'}: cannot")
    assert seen[0][1] == [(str(logs / "access.log"), "lines", 2973), (str(logs / "access.log.1"), "lines", 0)]


class _Picky(Exception):
    def __init__(self, text: str, why: str) -> None:  # pickle cannot make it again from its args
        super().__init__(f"{text}: {why}")


@pytest.mark.parametrize(("error", "shown"), [
    (ValueError("no class"), "ValueError('no class')"),
    (_Picky("no class", "picky"), "RuntimeError('_Picky: no class: picky')")])
def test_a_reader_that_fails_in_its_process_stops_every_process(registry_data: Any, logs: Path, error: Exception,
                                                                shown: str) -> None:
    def classify(method: str, url: str) -> str:
        raise error

    with log_grouping(shapes=True, jobs=2, classify=classify):
        items, _stats = read_inputs([str(logs)])
        with pytest.raises(Exception) as raised:
            list(items)
    assert repr(raised.value) == shown
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no process left


def test_a_reader_process_ends_with_the_process_that_started_it(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    script = ("import os, sys, time\nfrom registry.inputs.log_jobs import fork_writer\n"
              "pid, _pipe = fork_writer(lambda out: time.sleep(60))\n"
              f"open({str(pid_file)!r}, 'w').write(str(pid))\nos._exit(0)\n")
    # (no pipe to this test: a child left running would hold it open, and run() would wait for it)
    subprocess.run([sys.executable, "-c", script], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True, timeout=30)
    child = int(pid_file.read_text())
    for _ in range(100):  # (killed when its parent ended; gone or a zombie of init's within a second or so)
        try:
            state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            break
        if state in ("Z", "X"):
            break
        time.sleep(0.05)
    else:
        raise AssertionError(f"process {child} still runs ({state}) after the process that forked it ended")


def test_a_stream_closed_early_leaves_no_process(registry_data: Any, logs: Path) -> None:
    with log_grouping(shapes=True, jobs=2):
        items, _stats = read_inputs([str(logs)])
        next(items)
        items.close()  # type: ignore[attr-defined]
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child of this process left, not even a zombie


def test_xreg_advise_reports_the_same_bytes_for_a_folder_of_logs(logs: Path) -> None:
    xreg = str(Path(sys.executable).parent / "xreg")
    reports = [subprocess.run([xreg, "advise", "-q", "-j", str(jobs), str(logs), "--format", "json"],
                              capture_output=True, check=False) for jobs in (1, 2)]
    assert [r.returncode for r in reports] == [0, 0]
    assert reports[0].stdout == reports[1].stdout
    assert b'/access.log.3.gz:' in reports[0].stdout and b'access.log.4.gz: read 353 of 354 lines' in reports[0].stdout
