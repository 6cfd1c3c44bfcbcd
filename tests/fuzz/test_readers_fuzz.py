"""Every reader takes arbitrary bytes: it reads them or reports them, never crashes, never hangs.

"Reports" means ``InputError`` for a file that cannot be read at all, or items counted as skipped in
``ReadStats``. Each reader is imported when it exists, so this file grows with ``registry/inputs``.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any, Callable

import pytest
from fuzz_settings import FUZZ, hang_guard
from hypothesis import example, given
from hypothesis import strategies as st

from registry.errors import InputError
from registry.inputs.base import Observation, ReadStats, SecretFinding


def reader(module: str, function: str) -> Callable[..., Any]:
    mod = pytest.importorskip(f"registry.inputs.{module}", reason=f"registry.inputs.{module} not built yet")
    return getattr(mod, function)


def read_all(read: Callable[..., Any], path: Path, **kwargs: Any) -> tuple[list[Any], ReadStats] | None:
    """Run a reader to the end; ``None`` when it refused the file with ``InputError``."""
    stats = ReadStats(str(path))
    with hang_guard(f"{read.__module__}.{read.__name__}"):
        try:
            items = list(read(str(path), stats, **kwargs))
        except InputError as exc:
            assert str(exc).strip() and "Traceback" not in str(exc)
            return None
    assert stats.read >= 0 and stats.skipped >= 0
    for item in items:
        assert isinstance(item, (Observation, SecretFinding))
        if isinstance(item, Observation):
            assert isinstance(item.method, str) and item.method
            assert isinstance(item.url, str)
            assert isinstance(item.location, str) and item.location
            assert item.count >= 1
    return items, stats


# -- byte strategies -------------------------------------------------------------------------------
METHODS = st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "get", "G3T", "", "ǅ", "\x00"])
PATHS = st.sampled_from(["/api/v1/products/7", "/api/v1/adressen/12?hash=abc&api_id=3",
                         "/api/shopimport/syncstorage/A-1/2", "/index.php?module=api&action=AuftragCreate",
                         "/api/AuftragCreate", "", "-", "/\"x", "/a b"]) | st.text(max_size=30)
JUNK = st.sampled_from([b"\x00", b"\xff\xfe", b"\xc3", b"\r", b"\n", b'"', b"\\", b"[", b"]", b" ", b"\t", b"\x1f\x8b"])


@st.composite
def log_line(draw: st.DrawFn) -> bytes:
    host = draw(st.sampled_from(["203.0.113.9", "-", "::1", ""]))
    time = draw(st.sampled_from(["10/Oct/2025:13:55:36 +0200", "99/Foo/2025:99:99:99 +9999", "", "10/Oct/2025:13:55:36"])
                | st.text(max_size=28))
    request = draw(st.sampled_from(["{m} {p} HTTP/1.1", "{m} {p}", "{m} {p} HTTP/1.1 extra", "{m}", "{p}"]))
    request = request.format(m=draw(METHODS), p=draw(PATHS))
    status = draw(st.sampled_from(["200", "404", "-", "999", "abc", ""]))
    tail = draw(st.sampled_from(['', ' 512', ' 512 "-" "curl/8.5"', ' - "https://x/" "Mozilla \\"q\\" 5.0"']))
    line = f'{host} - - [{time}] "{request}" {status}{tail}'.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):  # splice junk bytes in
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(line)))
            line = line[:at] + draw(JUNK) + line[at:]
    return line


list_line = st.builds(lambda m, p, c: f"{m} {p}{c}".encode("utf-8", "surrogatepass"), METHODS, PATHS,
                      st.sampled_from(["", " 3", " -1", " 0", " x", " 99999999999999999999", " ３"]))


def lines_file(line: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    return st.lists(line | st.binary(max_size=40), max_size=20).flatmap(
        lambda lines: st.sampled_from([b"\n", b"\r\n", b"\r"]).map(lambda sep: sep.join(lines))
    )


@st.composite
def maybe_gzipped(draw: st.DrawFn, inner: st.SearchStrategy[bytes]) -> bytes:
    """The bytes as they are, gzipped, or gzipped and cut short (a truncated download)."""
    data = draw(inner)
    how = draw(st.sampled_from(["plain", "gzip", "truncated", "corrupt"]))
    if how == "plain":
        return data
    packed = gzip.compress(data, mtime=0)
    if how == "gzip":
        return packed
    at = draw(st.integers(0, max(0, len(packed) - 1)))
    if how == "truncated":
        return packed[:at]
    return packed[:at] + bytes([packed[at] ^ 0xFF]) + packed[at + 1 :]  # one damaged byte


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=12,
)


@st.composite
def har_document(draw: st.DrawFn) -> Any:
    """A HAR whose entries lose fields or carry values of the wrong type."""
    entries = []
    for _ in range(draw(st.integers(0, 4))):
        request: dict[str, Any] = {
            "method": draw(METHODS | json_value),
            "url": draw(PATHS.map(lambda p: "https://shop.xentral.biz" + p) | json_value),
            "headers": draw(st.sampled_from([[{"name": "Authorization", "value": "Bearer 42|s3cr3t"}],
                                             [{"name": "authorization", "value": None}], [None], "x", [{}]]) | json_value),
        }
        entry: dict[str, Any] = {"request": request, "response": {"status": draw(st.integers(-5, 1200) | json_value)},
                                 "startedDateTime": draw(st.text(max_size=30) | json_value)}
        for key in draw(st.lists(st.sampled_from(["request", "response", "startedDateTime"]), max_size=2)):
            entry.pop(key, None)
        for key in draw(st.lists(st.sampled_from(["method", "url", "headers"]), max_size=2)):
            request.pop(key, None)
        entries.append(draw(st.just(entry) | json_value))
    log: Any = {"version": "1.2", "entries": entries}
    if draw(st.integers(0, 5)) == 0:
        log = draw(json_value)
    return {"log": log}


def json_bytes(doc: st.SearchStrategy[Any]) -> st.SearchStrategy[bytes]:
    return doc.map(lambda d: json.dumps(d).encode())


_PACKED = gzip.compress(b'{"log": {"entries": []}}' * 50, mtime=0)
CORRUPT_GZIP = _PACKED[:10] + b"\xff" + _PACKED[11:]  # the first deflate block header damaged


# -- the readers -----------------------------------------------------------------------------------
@FUZZ
@given(maybe_gzipped(lines_file(list_line)) | st.binary(max_size=300))
@example(CORRUPT_GZIP)
@example(b"GET /api/v1/products 99999999999999999999999999999999999999")
@example(b"GET /api/v1/products " + b"9" * 5000)  # beyond Python's int digit limit
@example("GET /api/v1/products ３".encode())
def test_read_list_never_crashes(tmp_path: Path, content: bytes) -> None:
    read_list = reader("plain", "read_list")
    path = tmp_path / "calls.txt"
    path.write_bytes(content)
    result = read_all(read_list, path)
    if result is not None:
        items, stats = result
        assert len(items) == stats.read


@FUZZ
@given(maybe_gzipped(lines_file(log_line())) | st.binary(max_size=300))
@example(CORRUPT_GZIP)
@example(  # a member corrupt after its first line: per line and aggregated leave out the same lines
    b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xe3\xd2U\xff\xc1hC\x03}\xff\xe4\x12}#\x03#S+Cc+SS+c3\x05m\x03#\x03'
    b'\x83X\x05%w\xd7\x10\x05\xfd\xc4\x82L\xfd2C\xfd\x82\xa2\xfc\x94\xd2\xe4\x92b}s\x05\x8f\x90\x90\x00}C=C%\x05'
    b'\xa02\x00cA\xd2\xf6I\x00\x00\x00')
@example(b'1.2.3.4 - - [x] "GET /a\\" HTTP/1.1" 200 1')
@example(b'1.2.3.4 - - [x] "GET /a HTTP/1.1"')
@example(b'"\xc3 / HTTP/1.1" 200')
@example(b'" GET /a HTTP/1.1" 200')
def test_read_access_log_never_crashes(tmp_path: Path, content: bytes) -> None:
    read_access_log = reader("access_log", "read_access_log")
    path = tmp_path / "access.log"
    path.write_bytes(content)
    result = read_all(read_access_log, path)
    if result is not None:
        items, stats = result
        assert sum(obs.count for obs in items) == stats.read, "aggregated counts must add up to the lines read"
    per_line = read_all(read_access_log, path, aggregated=False)
    if result is not None and per_line is not None:
        assert len(per_line[0]) == per_line[1].read == result[1].read
        assert per_line[1].skipped == result[1].skipped


@FUZZ
@given(maybe_gzipped(json_bytes(har_document()) | json_bytes(json_value) | st.binary(max_size=200)))
@example(b'{"log": {"entries": [' + b"9" * 5000 + b"]}}")  # an integer beyond Python's digit limit
@example(b"[" * 100_000)
@example(CORRUPT_GZIP)  # zlib.error: invalid block type
@example(b'\xef\xbb\xbf{"log": {"entries": [{"request": {"method": "GET", "url": "/api/v1/x"}}]}}')
def test_read_har_never_crashes(tmp_path: Path, content: bytes) -> None:
    read_har = reader("har", "read_har")
    path = tmp_path / "session.har"
    path.write_bytes(content)
    result = read_all(read_har, path)
    if result is not None:
        items, stats = result
        assert len(items) == stats.read


def test_one_megabyte_line_is_read_by_the_line_readers(tmp_path: Path) -> None:
    """A 1 MB request line is an ordinary (if silly) line: read, not a crash, not a hang."""
    path = tmp_path / "huge.log"
    long_path = "/api/v1/products?q=" + "x" * (1 << 20)
    path.write_text(f'203.0.113.9 - - [10/Oct/2025:13:55:36 +0200] "GET {long_path} HTTP/1.1" 200 5 "-" "curl"\n'
                    '203.0.113.9 - - [10/Oct/2025:13:55:37 +0200] "GET /api/v1/products HTTP/1.1" 200 5 "-" "curl"\n')
    items, stats = read_all(reader("access_log", "read_access_log"), path)  # type: ignore[misc]
    assert (stats.read, stats.skipped) == (2, 0)
    assert sorted(len(obs.url) for obs in items) == [len("/api/v1/products"), len(long_path)]
    listing = tmp_path / "huge.txt"
    listing.write_text(f"GET {long_path}\nPOST /api/AuftragCreate 2\n")
    items, stats = read_all(reader("plain", "read_list"), listing)  # type: ignore[misc]
    assert (stats.read, stats.skipped) == (2, 0)


@st.composite
def postman_document(draw: st.DrawFn) -> Any:
    """A Postman collection with nested folders, odd requests and variables that do not resolve."""
    names = st.sampled_from(["baseUrl", "id", "pat", "missing", "a"]) | st.text(max_size=6)

    def request() -> Any:
        url = draw(st.sampled_from(["{{baseUrl}}/api/v1/products/{{id}}", "{{missing}}/api/AuftragCreate",
                                    "/api/v1/adressen/:id", "{{", "}}{{x", ""]) | json_value
                   | st.fixed_dictionaries({}, optional={"raw": json_value, "host": json_value, "path": json_value,
                                                         "query": json_value, "variable": json_value, "port": json_value,
                                                         "protocol": json_value}))
        req: Any = {"method": draw(METHODS | json_value), "url": url,
                    "auth": draw(st.sampled_from([None, {"type": "bearer"}, {"type": "inherit"}, "x", {"type": 3}])),
                    "header": draw(st.sampled_from([[{"key": "Authorization", "value": "Digest {{pat}}"}], "x", [1]]))}
        return draw(st.just(req) | json_value | PATHS)

    def items(depth: int) -> list[Any]:
        out = []
        for _ in range(draw(st.integers(0, 3))):
            if depth < 3 and draw(st.booleans()):
                out.append({"name": draw(json_value), "item": items(depth + 1), "auth": draw(json_value)})
            else:
                out.append(draw(st.just({"name": draw(st.text(max_size=8)), "request": request()}) | json_value))
        return out

    variables = draw(st.lists(st.fixed_dictionaries({"key": names, "value": st.text(alphabet="{}ab/", max_size=12) | json_value}),
                              max_size=4))
    schema = draw(st.sampled_from(["https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
                                   "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"]) | json_value)
    return {"info": {"name": "fuzz", "schema": schema}, "variable": variables, "item": items(0)}


def _collection(variables: list[dict[str, str]], url: str) -> bytes:
    return json.dumps({"info": {"name": "x", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
                       "variable": variables, "item": [{"name": "r", "request": {"method": "GET", "url": url}}]}).encode()


# A variable that expands to many copies of itself: each of the 10 resolution rounds multiplies the URL.
VARIABLE_BOMB = _collection([{"key": "a", "value": "{{a}}" * 50}], "/api/{{a}}")


@FUZZ
@given(maybe_gzipped(json_bytes(postman_document()) | json_bytes(json_value) | st.binary(max_size=100)))
@example(VARIABLE_BOMB)
@example(_collection([{"key": "a", "value": "{{b}}"}, {"key": "b", "value": "{{a}}"}], "/api/{{a}}"))
@example(CORRUPT_GZIP)
def test_read_postman_never_crashes(tmp_path: Path, content: bytes) -> None:
    read_postman = reader("postman", "read_postman")
    path = tmp_path / "c.postman_collection.json"
    path.write_bytes(content)
    result = read_all(read_postman, path)
    if result is not None:
        items, stats = result
        assert len(items) == stats.read
        assert all(len(obs.url) < 1_000_000 for obs in items), "a URL blown up by variable expansion"


# -- source trees -----------------------------------------------------------------------------------
SOURCE_NAMES = st.sampled_from(["a.php", "b.js", "c.py", "d.ts", "e.go", "f.txt", "g.PHP", "h", ".gitignore",
                                "sub/i.php", "sub/deep/j.js", "vendor/k.php", "<script>.php", "x y.php", "ü.py"])
SOURCE_TEXT = st.sampled_from([
    "<?php $c->post('/api/v1/belege/auftraege/' . $id);",
    "fetch(`/api/v3/salesOrders/${id}`, {method: 'PATCH'})",
    "requests.get(f'{base}/api/v1/products/{pid}', headers={'Authorization': 'Bearer 17|cUTh4kPqs9VbYm2xWf8r'})",
    "const a = 'index.php?module=api&action=AuftragCreate&hash=0123456789abcdef0123456789abcdef';",
    "'AuftragCreate'", "\"/api/", "'''", "/*", "`${", "f'{", "\\", "sub/\n*.php\n!a.php",
])


@st.composite
def source_tree(draw: st.DrawFn) -> list[tuple[str, bytes]]:
    files = []
    for name in draw(st.lists(SOURCE_NAMES, max_size=6, unique=True)):
        text = draw(st.lists(SOURCE_TEXT | st.text(max_size=40), max_size=6)).__iter__()
        body = "\n".join(text).encode("utf-8", "surrogatepass")
        if draw(st.booleans()):
            body = draw(st.binary(max_size=60)) + body + draw(st.sampled_from([b"", b"\x00", b"\xff\xfe", b"\n" * 3]))
        files.append((name, body))
    return files


def _make_tree(root: Path, files: list[tuple[str, bytes]]) -> None:
    for name, body in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
    (root / "loop").symlink_to(root, target_is_directory=True)  # a directory loop
    (root / "sub").mkdir(exist_ok=True)
    (root / "sub" / "up").symlink_to("..", target_is_directory=True)
    (root / "l1.php").symlink_to("l2.php")  # a file symlink loop
    (root / "l2.php").symlink_to("l1.php")
    (root / "dangling.js").symlink_to("missing.js")


@FUZZ
@given(source_tree())
def test_read_source_on_hostile_trees_never_crashes(tmp_path_factory: pytest.TempPathFactory, files: list[tuple[str, bytes]]) -> None:
    read_source = reader("source", "read_source")
    root = tmp_path_factory.mktemp("tree")
    _make_tree(root, files)
    result = read_all(read_source, root)
    assert result is not None, "a directory is always readable"
    _items, stats = result
    regular = [n for n, _ in files if not n.startswith("vendor/") and Path(n).suffix.lower() in (".php", ".js", ".py", ".ts", ".go")]
    assert stats.read + stats.skipped <= len(regular), "a looped directory must not be read twice"
    for item in _items:
        assert "cUTh4kPqs9VbYm2xWf8r" not in repr(item) and "0123456789abcdef0123456789abcdef" not in repr(item)


def test_read_source_does_not_block_on_a_fifo_or_a_device(tmp_path: Path) -> None:
    """A named pipe or a link to /dev/zero named like source code is skipped, not read forever."""
    import os

    read_source = reader("source", "read_source")
    os.mkfifo(tmp_path / "pipe.php")
    (tmp_path / "zero.js").symlink_to("/dev/zero")
    (tmp_path / "ok.php").write_text("<?php $c->get('/api/v1/products/1');\n")
    items, stats = read_all(read_source, tmp_path)  # type: ignore[misc]
    assert [(o.method, o.url, o.location) for o in items] == [("GET", "/api/v1/products/1", f"{tmp_path}/ok.php:1")]
    assert (stats.read, stats.skipped) == (1, 2)
