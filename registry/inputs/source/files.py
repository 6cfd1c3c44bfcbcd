"""Which files the source reader reads: languages by extension, test code, ``--exclude``, the byte search.

    language_of("src/api.ts")                # 'typescript'
    is_test_path("src/__tests__/api.test.ts") # True
    mentions_xentral(b"... '/api/v1/adressen' ...")  # True

Only files whose bytes mention a Xentral marker (``xentral``, ``/api``, ``api/``, ``action=``, a version
root ``/v1/``, ``shopimport``, ``opentrans``) are parsed, plus the files that import one of them (a
client module that takes its base URL from a config file). Everything else is counted and not parsed.
"""
from __future__ import annotations

import fnmatch
import os
import posixpath
import re
import stat

from registry.inputs.base import ReadStats

LANGUAGES = {
    ".php": "php", ".phtml": "php", ".inc": "php",
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript", ".gs": "javascript",
    ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx",
    ".py": "python",
    ".go": "go",
    ".java": "java",
    ".cs": "csharp",
    ".md": "markdown", ".markdown": "markdown",
}
SKIP_DIRS = frozenset({"vendor", "node_modules", ".git", ".hg", ".svn", "__pycache__", ".venv", "venv", ".tox",
                       "bower_components"})
MAX_BYTES = 2 * 1024 * 1024
SNIFF_BYTES = 8192
# folder names that hold tests, mocks and fixtures (compared case-insensitively)
TEST_DIRS = frozenset({"test", "tests", "__tests__", "__test__", "spec", "specs", "__mocks__", "mocks", "mock",
                       "fixtures", "__fixtures__", "testdata", "testing", "e2e", "cypress"})
_TEST_FILES = re.compile(
    r"(?:\.(?:test|spec)\.[cm]?[jt]sx?$)"  # api.test.ts, api.spec.js
    r"|(?:_test\.go$)"  # client_test.go
    r"|(?:Tests?\.(?:php|java|cs)$)"  # ClientTest.php, ClientTests.cs
    r"|(?:^test_[^/]*\.py$)|(?:_test\.py$)|(?:^conftest\.py$)"  # test_client.py, client_test.py
    r"|(?:\.(?:mock|fixture|stub)s?\.[cm]?[jt]sx?$)",
)
MARKERS = (b"entral", b"ENTRAL", b"/api", b"api/", b"action=", b"/v1/", b"/v2/", b"/v3/", b"shopimport", b"opentrans")
_IMPORT_WORDS = (b"import", b"from", b"export", b"use", b"using", b"require", b"include", b"const", b"let", b"var")
_SPECIFIER = re.compile(rb"""['"]([^'"\n]{1,200})['"]|(?:from|import|use|using)\s+([\w.\\]+)""")


def language_of(path: str) -> str | None:
    """The language of a file, by its extension (``None`` for anything the source reader does not read)."""
    return LANGUAGES.get(os.path.splitext(path)[1].lower())


def is_test_path(rel: str) -> bool:
    """Whether a path (relative to the folder read) is test code: a test folder, or a test file's name."""
    parts = rel.replace("\\", "/").split("/")
    if any(p.lower() in TEST_DIRS for p in parts[:-1]):
        return True
    return bool(_TEST_FILES.search(parts[-1]))


def is_excluded(rel: str, patterns: tuple[str, ...]) -> bool:
    """Whether ``--exclude`` patterns leave a path out: a pattern matches the path, its name, or a folder of it."""
    if not patterns:
        return False
    rel = rel.replace("\\", "/")
    name = rel.rsplit("/", 1)[-1]
    parts = rel.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts) - 1)]
    for pat in patterns:
        pat = pat.rstrip("/")
        if fnmatch.fnmatchcase(rel, pat) or fnmatch.fnmatchcase(name, pat):
            return True
        if any(fnmatch.fnmatchcase(p, pat) or fnmatch.fnmatchcase(p.rsplit("/", 1)[-1], pat) for p in prefixes):
            return True
        if pat.startswith("**/") and is_excluded(rel, (pat[3:],)):
            return True
    return False


def select(root: str, files: list[str], include_tests: bool, exclude: tuple[str, ...], stats: ReadStats) -> list[str]:
    """``files`` (paths below ``root``) without test code (unless ``include_tests``) and ``--exclude`` matches;
    what is left out is counted in ``stats.remarks``."""
    kept: list[str] = []
    tests = 0
    excluded = 0
    for f in files:
        rel = os.path.relpath(f, root) if root not in ("", ".") else f
        rel = rel.replace(os.sep, "/")
        if is_excluded(rel, exclude):
            excluded += 1
            continue
        if not include_tests and is_test_path(rel):
            tests += 1
            continue
        kept.append(f)
    if tests:
        stats.remarks.append(f"left out {tests:,} test file{'s' if tests != 1 else ''}; --include-tests reads them")
    if excluded:
        stats.remarks.append(f"left out {excluded:,} file{'s' if excluded != 1 else ''} matching --exclude")
    return kept


def mentions_xentral(data: bytes) -> bool:
    """Whether the bytes mention a Xentral marker (a fast search before any parsing)."""
    return any(m in data for m in MARKERS)


def import_specifiers(data: bytes) -> list[str]:
    """What a file imports, from its import lines near the top (``./config``, ``App\\Xentral\\Client``, ``config``)."""
    out: list[str] = []
    for line in data[:16384].split(b"\n"):
        line = line.lstrip()
        if not line.startswith(_IMPORT_WORDS):
            continue
        if line.startswith((b"const", b"let", b"var")) and b"require(" not in line:
            continue  # (a declaration, not const x = require('./config'))
        for s in _SPECIFIER.finditer(line):
            spec = (s.group(1) or s.group(2) or b"").decode("utf-8", errors="replace")
            if spec and spec not in ("from", "import"):
                out.append(spec)
    return out


def specifier_stem(spec: str) -> str:
    """The module name an import points at: ``./lib/config.js`` → ``config``, ``App\\X\\Client`` → ``Client``."""
    spec = spec.replace("\\", "/").rstrip("/")
    last = spec.rsplit("/", 1)[-1]
    if "." in last and not last.startswith("."):
        stem, ext = last.rsplit(".", 1)
        last = stem if ext in ("js", "ts", "tsx", "mjs", "cjs", "jsx", "php", "py", "go", "gs") else last.rsplit(".", 1)[-1]
    return last


def read_bytes(path: str, shown: str, stats: ReadStats | None) -> bytes | None:
    """The bytes of one source file (without a UTF-8 byte order mark), or ``None`` after counting it as
    skipped (not a regular file, too large, unreadable, binary)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            _skip(stats, f"{shown}: skipped file: not a regular file (expected a source file, not a pipe, device or socket).")
            return None
        size = info.st_size
        if size > MAX_BYTES:
            _skip(stats, f"{shown}: skipped file: {size:,} bytes (expected at most {MAX_BYTES:,}; generated or bundled code).")
            return None
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        _skip(stats, f"{shown}: skipped file: cannot read: {exc.strerror or exc} (expected a readable file).")
        return None
    if b"\x00" in data[:SNIFF_BYTES]:
        _skip(stats, f"{shown}: skipped file: binary content (expected text source code).")
        return None
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark is not part of the code
        data = data[3:]
    return data


def read_source_file(path: str, shown: str, stats: ReadStats) -> str | None:
    """The text of one source file, or ``None`` after counting it as skipped (see ``read_bytes``)."""
    data = read_bytes(path, shown, stats)
    return None if data is None else data.decode("utf-8", errors="replace")


def _skip(stats: ReadStats | None, message: str) -> None:
    if stats is not None:
        stats.skip(message)


def relative_candidates(importer: str, spec: str) -> list[str]:
    """Paths a relative import of ``importer`` may point at (``./config`` → ``src/config.ts``, …)."""
    base = posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec))
    exts = ("", ".ts", ".tsx", ".js", ".mjs", ".cjs", ".jsx", ".gs", ".php", ".py", "/index.ts", "/index.js")
    return [base + e for e in exts]
