"""Nothing lost: an interrupted import leaves the dataset as it was, ``-o FILE`` is atomic, readers count.

- ``xreg import-openapi`` killed with SIGKILL while it stages its files, refused by the kernel in the
  middle of writing one (``RLIMIT_FSIZE`` → EFBIG), or failing in the middle of moving them into
  place, leaves every ``*.yaml`` of the previous dataset byte-identical and loadable; a re-run then
  gives exactly what an uninterrupted import gives.
- ``write_atomic`` (behind every ``-o FILE``) leaves the previous FILE when writing fails mid-write, and writes *through* a FIFO or device instead of replacing it.
- Each reader's ``read + skipped`` equals the items given, on inputs with a known number of good and
  bad items (blank lines and comments are not items).
"""
from __future__ import annotations

import gzip
import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

import pytest

import registry
from registry.cli.common import write_atomic
from registry.inputs.base import ReadStats

ROOT = Path(__file__).resolve().parent.parent
XREG = Path(sys.executable).parent / "xreg"
MAIN_SPEC = "xentral-api.openapi-3.0.0.json"


# -- helpers ------------------------------------------------------------------------------------------
def snapshot(data: Path) -> dict[str, bytes]:
    """Every dataset file (what the loader reads: ``*.yaml``) by relative path, with its bytes."""
    return {p.relative_to(data).as_posix(): p.read_bytes() for p in sorted(data.rglob("*.yaml"))}


def leftovers(data: Path) -> list[str]:
    return sorted(p.relative_to(data).as_posix() for p in data.rglob(".*") if p.is_file())


def load_fresh(data: Path) -> Any:
    os.environ["XREG_NO_CACHE"] = "1"
    try:
        return registry.load(data)
    finally:
        del os.environ["XREG_NO_CACHE"]


def import_cmd(data: Path, spec: Path) -> list[str]:
    return [str(XREG), "import-openapi", "--data", str(data), "-q", str(spec), "--release", "24.48.10"]


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory, reference_dir: Path) -> Path:
    """A dataset whose every main-spec file differs from what the import writes (operation ids edited).

    ``operation_id`` is importer-owned, so the import rewrites all of these files: there is a lot
    to interrupt.
    """
    data = tmp_path_factory.mktemp("previous") / "data"
    shutil.copytree(ROOT / "data", data)
    edited = 0
    for file in sorted((data / "xentral").glob("*.yaml")):
        text = file.read_text(encoding="utf-8")
        if "spec: Xentral API\n" not in text:
            continue
        lines = [line + "-old" if line.startswith("  operation_id: ") else line for line in text.split("\n")]
        file.write_text("\n".join(lines), encoding="utf-8")
        edited += 1
    assert edited >= 20, "the shipped dataset should hold the imported main spec"
    load_fresh(data)  # the previous state itself is valid
    return data


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, previous: Path, reference_dir: Path) -> dict[str, bytes]:
    """What an uninterrupted import of the main spec makes of ``previous``."""
    data = tmp_path_factory.mktemp("imported") / "data"
    shutil.copytree(previous, data)
    subprocess.run(import_cmd(data, reference_dir / MAIN_SPEC), check=True, capture_output=True)
    result = snapshot(data)
    assert result != snapshot(previous)
    return result


@pytest.fixture()
def work(tmp_path: Path, previous: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(previous, data)
    return data


def kill_when(cmd: list[str], ready: Callable[[], bool], timeout: float = 300) -> int:
    """Run ``cmd`` and SIGKILL it the moment ``ready()`` is true; its return code (negative = signal)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if ready():
                proc.send_signal(signal.SIGKILL)
                break
        return proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def staged(data: Path) -> tuple[int, int]:
    """(staged temporary files, backups) the importer's writer has made so far."""
    tmp = bak = 0
    for folder in (data, data / "xentral"):
        try:
            names = os.listdir(folder)
        except FileNotFoundError:
            continue
        for name in names:
            if name.startswith(".") and ".tmp-" in name:
                tmp += 1
            elif name.startswith(".") and ".bak-" in name:
                bak += 1
    return tmp, bak


def assert_previous_intact(work: Path, previous: Path) -> None:
    assert snapshot(work) == snapshot(previous)
    assert all(name.rsplit("/", 1)[-1].startswith(".") and not name.endswith(".yaml") for name in leftovers(work))
    reg = load_fresh(work)
    assert reg.endpoints["xentral.products.get-v1"].operation_id == "product.list-old"


# -- the interrupted import ---------------------------------------------------------------------------
@pytest.mark.reference
@pytest.mark.parametrize("after", [1, 5], ids=["first-staged-file", "five-staged-files"])
def test_import_killed_while_staging_leaves_the_previous_dataset(
    work: Path, previous: Path, imported: dict[str, bytes], reference_dir: Path, after: int
) -> None:
    code = kill_when(import_cmd(work, reference_dir / MAIN_SPEC),
                     lambda: staged(work)[0] >= after and staged(work)[1] == 0)
    assert code == -signal.SIGKILL, "the import finished before it could be interrupted"
    assert_previous_intact(work, previous)
    subprocess.run(import_cmd(work, reference_dir / MAIN_SPEC), check=True, capture_output=True)
    assert snapshot(work) == imported, "a re-run after the kill gives what an uninterrupted import gives"


@pytest.mark.reference
def test_import_refused_mid_file_by_the_kernel_leaves_the_previous_dataset(
    work: Path, previous: Path, reference_dir: Path
) -> None:
    """RLIMIT_FSIZE: the kernel refuses the importer's write in the middle of its first large file."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    done = subprocess.run(import_cmd(work, reference_dir / MAIN_SPEC), capture_output=True, text=True, preexec_fn=limit)
    assert done.returncode == 1, done.stderr
    assert done.stderr == "Error: cannot write the dataset: File too large. Nothing was changed; free space and run the import again.\n"
    assert_previous_intact(work, previous)
    assert leftovers(work) == []


@pytest.mark.reference
def test_import_failing_between_moves_puts_the_old_files_back(
    work: Path, previous: Path, reference_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The third rename fails (a full disk, a permission): the two files already moved are put back."""
    from registry.loading import importer, writing

    real_replace = os.replace
    calls = {"n": 0}

    def failing_replace(src: Any, dst: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(writing.os, "replace", failing_replace)
    with pytest.raises(OSError, match="No space left on device"):
        importer.import_specs([reference_dir / MAIN_SPEC], work, releases=["24.48.10"])
    assert calls["n"] == 3
    assert snapshot(work) == snapshot(previous)
    assert leftovers(work) == []
    load_fresh(work)


# -- xreg site ---------------------------------------------------------------------------------------------
def site_snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_site_refused_mid_page_by_the_kernel_leaves_the_previous_site(tmp_path: Path) -> None:
    """RLIMIT_FSIZE of 8 KB: the shipped dataset's API pages are far larger. A rebuild over an older site
    (of the mini dataset, with a page this build no longer has and a file of the user's) leaves every
    byte and no temporary file; it used to leave the pages written before the failure, with a traceback."""
    site = tmp_path / "site"
    done = subprocess.run([str(XREG), "site", "-o", str(site), "--data", str(ROOT / "tests" / "fixtures" / "data-mini"),
                           "-q"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (site / "notes.txt").write_text("mine\n")
    before = site_snapshot(site)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))

    done = subprocess.run([str(XREG), "site", "-o", str(site)], capture_output=True, text=True, preexec_fn=limit)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"Error: {site}: cannot write the site: File too large. The folder {site} was left as it was.\n"
    assert site_snapshot(site) == before
    done = subprocess.run([str(XREG), "site", "-o", str(site), "-q"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert site_snapshot(site)["notes.txt"] == b"mine\n" and "list-unavailable.html" not in site_snapshot(site)


def test_site_refused_into_a_new_folder_leaves_no_folder(tmp_path: Path) -> None:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))

    site = tmp_path / "new-site"
    done = subprocess.run([str(XREG), "site", "-o", str(site)], capture_output=True, text=True, preexec_fn=limit)
    assert done.returncode == 1
    assert done.stderr == f"Error: {site}: cannot write the site: File too large. The folder {site} was left as it was.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# -- -o FILE --------------------------------------------------------------------------------------------
def test_write_atomic_failing_mid_write_keeps_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text('{"old": true}\n')
    text = "x" * (1 << 20) + "\ud800"  # a megabyte is written, then a lone surrogate cannot be encoded
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, text)
    assert target.read_text() == '{"old": true}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_cli_output_refused_mid_write_keeps_the_previous_file(tmp_path: Path) -> None:
    """``xreg schema -o FILE`` with the kernel refusing writes past 4 KB (RLIMIT_FSIZE, EFBIG) of ~26 KB.

    Python ignores SIGXFSZ, so the write fails instead of the process dying: one message, exit 1,
    FILE untouched, no temporary file left.
    """
    target = tmp_path / "schema.json"
    target.write_text("previous\n")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    done = subprocess.run([str(XREG), "schema", "-o", str(target)], capture_output=True, text=True, preexec_fn=limit)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"Error: {target}: cannot write: File too large. The previous file, if any, is unchanged.\n"
    assert target.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schema.json"]
    done = subprocess.run([str(XREG), "schema", "-o", str(target)], capture_output=True)
    assert done.returncode == 0
    assert "dataset" in json.loads(target.read_text())


STDOUT_COMMANDS = {
    "endpoints": ["endpoints"],
    "schema": ["schema"],
    "validate": ["validate"],
    "show": ["show", "rest.shopimport.post-auth"],
    "check": ["check", "GET", "/api/v1/products/1"],
    "scope-index": ["scope-index"],
    "diff": ["diff", "tests/fixtures/openapi/fixture-1.0.openapi.json", "tests/fixtures/openapi/fixture-1.1.openapi.json"],
    "advise": ["advise", "examples/shop-connector", "-q"],
    "scopes": ["scopes", "examples/shop-connector", "-q"],
}


@pytest.mark.parametrize("name", sorted(STDOUT_COMMANDS))
def test_stdout_that_cannot_be_written_is_one_message(name: str) -> None:
    """``xreg … > /dev/full``: the kernel refuses the write (ENOSPC): one message, exit 1, no traceback and
    no second complaint from Python's flush at exit."""
    with open("/dev/full", "w") as full:
        done = subprocess.run([str(XREG), *STDOUT_COMMANDS[name]], cwd=ROOT, stdout=full, stderr=subprocess.PIPE,
                              text=True)
    assert (done.returncode, done.stderr) == (1, "Error: stdout: cannot write: No space left on device.\n")


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["validate", "--help"]], ids=" ".join)
def test_help_to_a_full_stdout_is_one_message(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([str(XREG), *args], cwd=ROOT, stdout=full, stderr=subprocess.PIPE, text=True)
    assert (done.returncode, done.stderr) == (1, "Error: stdout: cannot write: No space left on device.\n")


def test_site_json_to_a_full_stdout_is_one_message(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([str(XREG), "site", "-o", str(tmp_path / "site"), "--format", "json", "-q"], cwd=ROOT,
                              stdout=full, stderr=subprocess.PIPE, text=True)
    assert (done.returncode, done.stderr) == (1, "Error: stdout: cannot write: No space left on device.\n")


def test_stdout_closed_by_the_reader_stays_quiet() -> None:
    """``xreg endpoints | head -1``: the reader goes away; a broken pipe is not worth a message."""
    proc = subprocess.Popen([str(XREG), "endpoints"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before xreg writes anything: its first write gets EPIPE
    stderr = proc.stderr.read()
    assert (proc.wait(timeout=60), stderr) == (1, b"")


def test_write_atomic_writes_through_a_fifo_instead_of_replacing_it(tmp_path: Path) -> None:
    """Found here: a rename replaced the node itself, so as root ``-o /dev/null`` destroyed /dev/null."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "report\n")
    reader.join(timeout=10)
    assert got == [b"report\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


# -- readers count every item -------------------------------------------------------------------------
def read(module: str, function: str, path: Path, **kwargs: Any) -> tuple[list[Any], ReadStats]:
    mod = pytest.importorskip(f"registry.inputs.{module}")
    stats = ReadStats(str(path))
    items = list(getattr(mod, function)(str(path), stats, **kwargs))
    return items, stats


GOOD_LOG = [
    '203.0.113.{n} - - [10/Oct/2025:13:55:{s:02d} +0200] "GET /api/v1/adressen/{n} HTTP/1.1" 200 512 "-" "curl/8.5"',
    '198.51.100.7 - shop [10/Oct/2025:13:56:{s:02d} +0200] "POST /api/AuftragCreate HTTP/1.1" 201 12',
    '2001:db8::1 - - [10/Oct/2025:13:57:{s:02d} +0000] "GET /api/v1/products?hash=x{n} HTTP/2.0" 200 9 "r" "ua \\"q\\""',
]
BAD_LOG = [
    "no quotes at all {n}",
    '203.0.113.9 - - [10/Oct/2025:13:55:36 +0200] "GET /api/v1/adressen" 200 5',  # no protocol
    '203.0.113.9 - - [10/Oct/2025:13:55:36 +0200] "GET /api/v1/adressen HTTP/1.1 200 5',  # unterminated
    '203.0.113.9 - - [x] "\x16\x03\x01\x00\xa5\x01" 400 0',  # a TLS hello on the plain port
    '203.0.113.9 - - [x] "-" 408 0',
]


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_access_log_read_plus_skipped_is_every_line(tmp_path: Path, compress: bool) -> None:
    lines, good, bad = [], 0, 0
    for n in range(60):
        if n % 4 == 3:
            lines.append(BAD_LOG[n % len(BAD_LOG)].format(n=n))
            bad += 1
        else:
            lines.append(GOOD_LOG[n % len(GOOD_LOG)].format(n=n % 7, s=n % 60))
            good += 1
        if n % 10 == 0:
            lines.append("")  # blank lines are not items
    body = ("\n".join(lines) + "\n").encode()
    path = tmp_path / "access.log"
    path.write_bytes(gzip.compress(body) if compress else body)
    items, stats = read("access_log", "read_access_log", path)
    assert (stats.read, stats.skipped) == (good, bad) == (45, 15)
    assert sum(obs.count for obs in items) == good
    per_line, stats2 = read("access_log", "read_access_log", path, aggregated=False)
    assert (len(per_line), stats2.read, stats2.skipped) == (45, 45, 15)


def test_truncated_gzip_log_counts_the_lost_rest_as_one_skipped_item(tmp_path: Path) -> None:
    body = "".join(GOOD_LOG[0].format(n=n, s=n % 60) + "\n" for n in range(20_000)).encode()
    packed = gzip.compress(body)
    path = tmp_path / "access.log.gz"
    path.write_bytes(packed[: len(packed) // 2])
    items, stats = read("access_log", "read_access_log", path)
    assert 0 < stats.read < 20_000
    assert stats.skipped == 1 and "gzip stream ends early" in stats.skipped_items[0]
    assert sum(obs.count for obs in items) == stats.read


def test_list_read_plus_skipped_is_every_call_line(tmp_path: Path) -> None:
    path = tmp_path / "calls.txt"
    path.write_text(
        "# calls of the connector\n"
        "GET /api/v1/products\n"
        "POST /api/AuftragCreate 3\n"
        "\n"
        "BAD\n"                                   # skipped: one field
        "GET /x 0\n"                              # skipped: count not positive
        "G3T /x\n"                                # skipped: method not a word
        "get https://shop.xentral.biz/api/v1/adressen/5?hash=abc 2   # trailing comment\n"
        "PUT /a /b /c /d\n"                       # skipped: too many fields
    )
    items, stats = read("plain", "read_list", path)
    assert (stats.read, stats.skipped) == (3, 4)
    assert [(o.method, o.url, o.count) for o in items] == [
        ("GET", "/api/v1/products", 1), ("POST", "/api/AuftragCreate", 3),
        ("GET", "https://shop.xentral.biz/api/v1/adressen/5?hash=REDACTED", 2)]


def test_har_read_plus_skipped_is_every_entry(tmp_path: Path) -> None:
    good = {"request": {"method": "GET", "url": "https://shop.xentral.biz/api/v1/products/7"}, "response": {"status": 200}}
    entries: list[Any] = [good] * 4 + [
        {"request": {"method": "GET"}},                      # no url
        {"request": {"url": "https://x/api/v1/products"}},   # no method
        {"response": {"status": 200}},                       # no request
        "not an object",
        {"request": {"method": "G E T", "url": "/api/v1/products"}},
    ] + [dict(good, request={"method": "post", "url": "/api/AuftragCreate"})] * 2
    path = tmp_path / "session.har"
    path.write_text(json.dumps({"log": {"version": "1.2", "entries": entries}}))
    items, stats = read("har", "read_har", path)
    assert (stats.read, stats.skipped) == (6, 5) and len(items) == 6


def test_postman_read_plus_skipped_is_every_request(tmp_path: Path) -> None:
    req = lambda url: {"name": url, "request": {"method": "GET", "url": url}}  # noqa: E731
    collection = {
        "info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "base", "value": "https://shop.xentral.biz"}],
        "item": [
            req("{{base}}/api/v1/products"),
            {"name": "Orders", "item": [
                req("{{base}}/api/v1/salesOrders/{{id}}"),                 # read; {{id}} unresolved is a note
                {"name": "no url", "request": {"method": "GET"}},           # skipped
                {"name": "Deeper", "item": [
                    req("/api/AuftragCreate"),
                    {"name": "bad method", "request": {"method": "G3T", "url": "/x"}},  # skipped
                    {"name": "neither"},                                    # skipped
                ]},
            ]},
            7,                                                              # skipped: not an object
        ],
    }
    path = tmp_path / "c.postman_collection.json"
    path.write_text(json.dumps(collection))
    items, stats = read("postman", "read_postman", path)
    assert (stats.read, stats.skipped) == (3, 4) and len(items) == 3
    assert [o.url for o in items] == ["https://shop.xentral.biz/api/v1/products",
                                      "https://shop.xentral.biz/api/v1/salesOrders/{{id}}", "/api/AuftragCreate"]


def test_source_scan_read_plus_skipped_is_every_source_file(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.php").write_text("<?php $c->get('/api/v1/products/1');\n")
    (tmp_path / "src" / "b.js").write_text("fetch('/api/v1/adressen/5')\n")
    (tmp_path / "src" / "c.py").write_text("x = 1\n")                          # read, nothing found
    (tmp_path / "src" / "bin.php").write_bytes(b"\x00\x01\x02<?php")           # skipped: binary
    (tmp_path / "src" / "big.js").write_bytes(b"//" + b"x" * (3 * 1024 * 1024))  # skipped: over 2 MB
    (tmp_path / "README.md").write_text("/api/v1/products\n")                  # read as Markdown: prose, no call
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "lib.php").write_text("<?php get('/api/v1/x');\n")  # vendored: not an item
    items, stats = read("source", "read_source", tmp_path)
    assert (stats.read, stats.skipped) == (4, 2)
    assert sorted((o.method, o.url) for o in items if hasattr(o, "url")) == [
        ("GET", "/api/v1/adressen/5"), ("GET", "/api/v1/products/1")]
