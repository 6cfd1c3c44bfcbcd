"""Choose a reader per input by its content, and read several inputs as one stream.

    items, stats = read_inputs(["logs/access.log.gz", "session.har", "src/"], postman_env="shop.env.json")
    for item in items: ...        # Observation | SecretFinding, input after input
    [s.summary() for s in stats]  # filled in while ``items`` is consumed

How a file is recognised (``detect_kind``), in this order:

1. gzip (magic ``1f 8b``): the decompressed start decides between access log and list (below);
2. text starting with ``{`` (after a BOM and blanks): JSON; ``"log"`` with ``"entries"`` → HAR;
   ``info.schema`` naming ``collection/v2.1`` (or v2.0) → Postman; a Postman environment
   (``"values"`` with ``_postman_variable_scope``) is recognised and left out with a note
   (pass it with ``--postman-env``); other JSON is not an input;
3. a source extension (``.php``, ``.js``, ``.ts``, ``.py``, ``.go``, ``.java``, ``.cs`` …) → source scan;
4. the first lines that are not blank or ``#`` comments (up to 20): when at least half of them and at
   least one look like access-log lines (``… [time] "METHOD PATH PROTOCOL" status …``) → access log;
   when at least half of them are ``METHOD URL [COUNT]`` with an HTTP method and a path or URL → list;
5. a NUL byte in the first 8 KiB → binary, not an input.

Several access logs in a row are read one process per file when ``log_grouping`` sets ``jobs`` > 1
(``registry.inputs.log_files``), with the same items and stats as one after another.

A file named on the command line that is none of these raises ``InputError``. A directory is walked
(see ``registry.inputs.walk``): its source files go to one source scan (one ``ReadStats`` for the
directory), every other file is recognised by content as above, and files that are nothing are
left out silently. ``-`` (stdin) is read as an access log or list, whichever its first lines show.
"""
from __future__ import annotations

import os
import re
import zlib
from typing import Any, Iterator, Sequence

from registry.errors import InputError
from registry.inputs.base import Observation, ReadStats, SecretFinding

SNIFF = 64 * 1024
_LOG_SHAPE = re.compile(r'\[[^\]]+\] "[A-Za-z]+ \S+ HTTP/[\d.]+" \d{3} ')
# METHOD URL [COUNT]: an HTTP method (any case) and something shaped like a path or URL
_LIST_SHAPE = re.compile(
    r"^(?i:get|post|put|patch|delete|head|options|any)\s+(?:/|https?://|index\.php|api/)\S*(?:\s+\d+)?(?:\s+#.*)?$"
)
_SOURCE_EXT = (".php", ".phtml", ".inc", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts", ".py", ".go", ".java", ".cs")

Item = Observation | SecretFinding


def _head(path: str) -> bytes:
    if path == "-":
        import sys

        peek = getattr(sys.stdin.buffer, "peek", None)
        return bytes(peek(SNIFF)[:SNIFF]) if peek else b""
    try:
        with open(path, "rb") as f:
            return f.read(SNIFF)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc} (expected a readable file).") from None


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, SNIFF)
    except zlib.error:
        return b""


def _text_kind(text: str) -> str | None:
    lines = [ln.strip() for ln in text.splitlines()[:200]]
    lines = [ln for ln in lines if ln and not ln.startswith("#")][:20]
    if len(lines) > 1 and not text.endswith("\n"):
        lines = lines[:-1]  # the last one may be cut by the sniff window
    if not lines:
        return None
    logs = sum(1 for ln in lines if _LOG_SHAPE.search(ln))
    if logs and logs * 2 >= len(lines):
        return "access-log"
    calls = sum(1 for ln in lines if _LIST_SHAPE.match(ln))
    if calls and calls * 2 >= len(lines):
        return "list"
    return None


def _json_kind(text: str) -> str | None:
    if '"log"' in text and '"entries"' in text:
        return "har"
    if '"schema"' in text and re.search(r"collection/v2\.[01]", text):
        return "postman"
    if '"values"' in text and "_postman_variable_scope" in text:
        return "postman-environment"
    return None


def detect_kind(path: str) -> str | None:
    """``"access-log" | "list" | "har" | "postman" | "postman-environment" | "source"`` or ``None``."""
    head = _head(path)
    if head[:2] == b"\x1f\x8b":
        inner = _gunzip_head(head)
        if b"\x00" in inner[:8192]:
            return None
        return _text_kind(inner.decode("utf-8", errors="replace").lstrip("\ufeff"))
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith("{"):
        return _json_kind(text)
    if path != "-" and path.lower().endswith(_SOURCE_EXT):
        return "source"
    if b"\x00" in head[:8192]:
        return None
    return _text_kind(text)


def _reader(kind: str, path: str, stats: ReadStats, postman_env: str | None, vocabulary: Any) -> Iterator[Item]:
    if kind == "access-log":
        from registry.inputs.access_log import read_access_log

        return read_access_log(path, stats)
    if kind == "list":
        from registry.inputs.plain import read_list

        return read_list(path, stats)
    if kind == "har":
        from registry.inputs.har import read_har

        return read_har(path, stats)
    if kind == "postman":
        from registry.inputs.postman import read_postman

        return read_postman(path, stats, environment=postman_env)
    from registry.inputs.source_scan import read_source

    return read_source(path, stats, vocabulary=vocabulary)


def _name(path: str) -> str:
    return "<stdin>" if path == "-" else str(path).replace(os.sep, "/")


def read_inputs(
    paths: Sequence[str], postman_env: str | None = None, *, vocabulary: Any = None
) -> tuple[Iterator[Item], list[ReadStats]]:
    """One stream of observations and secret findings from all inputs, and their ``ReadStats``.

    Kinds are checked up front, so an unreadable or unrecognised file named here raises
    ``InputError`` before anything is read; the stats list grows as the stream reaches each input.
    ``vocabulary`` (a ``source_scan.Vocabulary``) is loaded from the dataset when a source scan
    needs it and none is given.
    """
    plan: list[tuple[str, str, list[str] | None]] = []  # (kind, path, files for a directory scan)
    notes: dict[str, list[str]] = {}
    for path in paths:
        path = str(path)
        if path != "-" and os.path.isdir(path):
            plan.extend(_plan_directory(path, notes))
            continue
        if path != "-" and not os.path.exists(path):
            raise InputError(f"{path}: cannot read: no such file or directory (expected a log, HAR, Postman collection, list or source).")
        kind = detect_kind(path)
        if kind is None or kind == "postman-environment":
            what = "a Postman environment; pass it with --postman-env" if kind else "not a recognised input"
            raise InputError(
                f"{_name(path)}: {what} (expected an access log, a HAR file, a Postman collection v2.1, "
                "a METHOD URL list or source code)."
            )
        plan.append((kind, path, None))
    stats: list[ReadStats] = []

    def stream() -> Iterator[Item]:
        at = 0
        while at < len(plan):
            logs = _access_logs_from(plan, at)
            if logs:  # several access logs in a row, read in processes (``log_grouping``'s jobs)
                from registry.inputs.log_files import ReadFailed, read_logs_in_jobs

                results = read_logs_in_jobs(logs, [_name(p) for p in logs], _jobs())
                try:
                    for path in logs:
                        try:
                            st, items = next(results)
                        except ReadFailed as failed:  # its stats are listed, as when read here
                            st = failed.stats or ReadStats(_name(path))
                            st.notes[:0] = notes.get(path, [])
                            stats.append(st)
                            raise failed.error from None
                        st.notes[:0] = notes.get(path, [])
                        stats.append(st)
                        yield from items
                finally:
                    results.close()
                at += len(logs)
                continue
            kind, path, files = plan[at]
            at += 1
            st = ReadStats(_name(path))
            st.notes.extend(notes.get(path, []))
            stats.append(st)
            if files is not None:
                from registry.inputs.source_scan import read_source

                yield from read_source(path, st, vocabulary=vocabulary, files=files)
            else:
                yield from _reader(kind, path, st, postman_env, vocabulary)

    return stream(), stats


def _access_logs_from(plan: list[tuple[str, str, list[str] | None]], at: int) -> list[str]:
    """The access logs in a row from ``plan[at]`` on, when there are several to read in processes."""
    if _jobs() <= 1:
        return []
    logs = []
    for kind, path, files in plan[at:]:
        if kind != "access-log" or files is not None or path == "-":  # (stdin is read here, in its turn)
            break
        logs.append(path)
    from registry.inputs.log_files import can_read_in_jobs

    return logs if can_read_in_jobs(logs, _jobs()) else []


def _jobs() -> int:
    from registry.inputs.access_log import current_grouping

    return current_grouping().jobs


def _plan_directory(root: str, notes: dict[str, list[str]]) -> list[tuple[str, str, list[str] | None]]:
    from registry.inputs.source_scan import language_of
    from registry.inputs.walk import walk_tree

    walked = ReadStats(root)
    files = walk_tree(root, walked)
    sources = [f for f in files if language_of(f)]
    plan: list[tuple[str, str, list[str] | None]] = []
    if sources:
        plan.append(("source", root, sources))
        notes[root] = walked.notes
    for f in files:
        if language_of(f) or not os.path.isfile(f):
            continue  # source files go to the scan; pipes and devices are never opened
        try:
            kind = detect_kind(f)
        except InputError:
            continue
        if kind in ("access-log", "list", "har", "postman"):
            plan.append((kind, f, None))
    return plan

