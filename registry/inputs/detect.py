"""Choose a reader per input by its content, and read several inputs as one stream.

    items, stats = read_inputs(["logs/access.log.gz", "session.har", "src/"], postman_env="shop.env.json")
    for item in items: ...        # Observation | SecretFinding, input after input
    [s.summary() for s in stats]  # filled in while ``items`` is consumed

How a file is recognised (``detect_kind``), in this order:

1. no bytes at all, or only blanks (after gunzipping and a byte order mark) → ``"empty"``;
2. gzip (magic ``1f 8b``): the decompressed start decides between access log and list (below);
3. text starting with ``{`` (after a BOM and blanks): JSON; ``"log"`` with ``"entries"`` → HAR;
   ``info.schema`` naming ``collection/v2.1`` (or v2.0) → Postman; a Postman environment
   (``"values"`` with ``_postman_variable_scope``) is recognised and not read as an input
   (pass it with ``--postman-env``); other JSON is not an input;
4. a source extension (``.php``, ``.js``, ``.ts``, ``.gs``, ``.py``, ``.go``, ``.java``, ``.cs``, ``.md`` …) → source scan;
5. a NUL byte in the first 8 KiB → binary, not an input;
6. the lines that are not blank or ``#`` comments: an access-log line is ``… [time] "REQUEST" STATUS …``
   (whatever the quoted request holds: a request Apache could not parse, such as a TLS probe
   ``"\x16\x03\x01"``, is still a log line, which the reader counts as skipped); a list line is
   ``METHOD URL [COUNT]`` with an HTTP method and a path or URL. The file is an access log (else a
   list) when at least half of its first 20 such lines are of that kind, or more than half of all
   such lines in its first 64 KiB (so junk at the top does not hide a log). A file named on the
   command line (``lenient``) is also read when fewer of its lines are recognisable, as long as
   one is: as an access log when it has at least as many log lines as list lines, else as a list;
   its other lines are then skipped and counted by the reader; so is a gzip file whose data is corrupt
   before its first line (as an access log: the damage is one skipped item).

Several access logs in a row are read one process per file when ``log_grouping`` sets ``jobs`` > 1
(``registry.inputs.log_files``), with the same items and stats as one after another.

A file named on the command line that is none of these raises ``InputError`` (a Postman environment
too); an empty one is not an error: it gets a ``ReadStats`` of its own, ``read 0 of 1 files, skipped 1``,
saying it is empty. A directory is walked (see ``registry.inputs.walk``) and gets a ``ReadStats`` of
its own, first, named with a trailing ``/`` (``logs/: read 3 of 5 files, skipped 2``, format
``"folder"``): every file the walk found is either handed to a reader (read) or left out (skipped,
with why: empty, not a recognised input, a Postman environment, binary, not a regular file,
unreadable); what the walk itself leaves out (vendored and git-ignored paths, symbolic links to
folders) is in its notes. The directory's source files go to one source scan (one more
``ReadStats`` for the directory); every other file is recognised by content as above. ``-`` (stdin)
is read as an access log or list, whichever its first lines show.
"""
from __future__ import annotations

import io
import os
import re
import zlib
from typing import Any, Collection, Iterator, Sequence

from registry.errors import InputError
from registry.inputs.base import Observation, ReadStats, SecretFinding
from registry.inputs.stream import GzipMembers

SNIFF = 64 * 1024
EXPECTED_FILE = "(expected an access log, a HAR file, a Postman collection v2.1, a METHOD URL list or source code)"
# [time] "REQUEST" STATUS: any request field, even one Apache could not parse ("\x16\x03\x01", "-")
_LOG_SHAPE = re.compile(r'\[[^\]]+\] "(?:[^"\\]|\\.)*" (?:\d{3}|-)(?: |$)')
# METHOD URL [COUNT]: an HTTP method (any case) and something shaped like a path or URL
_LIST_SHAPE = re.compile(
    r"^(?i:get|post|put|patch|delete|head|options|any)\s+(?:/|https?://|index\.php|api/)\S*(?:\s+\d+)?(?:\s+#.*)?$"
)
_SOURCE_EXT = (".php", ".phtml", ".inc", ".js", ".mjs", ".cjs", ".jsx", ".gs", ".ts", ".tsx", ".mts", ".cts", ".py", ".go",
               ".java", ".cs", ".md", ".markdown")

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


def _gunzip_head(head: bytes) -> bytes | None:
    """The decompressed start (up to ``SNIFF`` bytes) of a gzip file's first ``SNIFF`` bytes; ``None`` when
    the data is corrupt before anything could be decompressed (a failed CRC check is the reader's to report)."""
    members = GzipMembers(io.BytesIO(head))
    out = b""
    try:
        while len(out) < SNIFF:
            data = members.read1(min(4096, SNIFF - len(out)))  # (small steps: damage loses only the last one)
            if not data:
                break
            out += data
    except (EOFError, OSError, zlib.error):
        return out or None
    return out


def _lines(text: str) -> list[str]:
    """The lines of a sniffed text that are not blank or ``#`` comments (the last one only when complete)."""
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    if len(lines) > 1 and not text.endswith("\n"):
        lines = lines[:-1]  # the last one may be cut by the sniff window
    return lines


def _text_kind(text: str, lenient: bool = False) -> str | None:
    lines = _lines(text)
    if not lines:
        return None
    head = lines[:20]
    logs = sum(1 for ln in head if _LOG_SHAPE.search(ln))
    if logs and logs * 2 >= len(head):
        return "access-log"
    calls = sum(1 for ln in head if _LIST_SHAPE.match(ln))
    if calls and calls * 2 >= len(head):
        return "list"
    logs = sum(1 for ln in lines if _LOG_SHAPE.search(ln))
    calls = sum(1 for ln in lines if _LIST_SHAPE.match(ln))
    if logs * 2 > len(lines):
        return "access-log"
    if calls * 2 > len(lines):
        return "list"
    if lenient and (logs or calls):
        return "access-log" if logs >= calls else "list"
    return None


def why_not_read(path: str) -> str:
    """Why ``detect_kind`` recognises ``path`` as no input: ``"not a recognised input: …"`` with what it found."""
    head = _head(path)
    if head[:2] == b"\x1f\x8b":
        inner = _gunzip_head(head)
        if inner is None:
            return "gzip data corrupt at its start, not a recognised input"
        head = inner
    if b"\x00" in head[:8192]:
        return "binary content, not a recognised input"
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith("{"):
        return "JSON that is neither a HAR file nor a Postman collection v2.1"
    lines = _lines(text)
    if not lines:
        return "not a recognised input: only # comments"
    logs = sum(1 for ln in lines if _LOG_SHAPE.search(ln))
    calls = sum(1 for ln in lines if _LIST_SHAPE.match(ln))
    window = "" if len(head) < SNIFF else f" of its first {SNIFF // 1024} KiB"
    if not logs and not calls:
        return f"not a recognised input: none of the {len(lines):,} lines{window} is an access-log or METHOD URL line"
    return (f"not a recognised input: of the {len(lines):,} lines{window}, only {logs:,} are access-log lines and "
            f"{calls:,} METHOD URL lines; name the file to read it anyway")


def _json_kind(text: str) -> str | None:
    if '"log"' in text and '"entries"' in text:
        return "har"
    if '"schema"' in text and re.search(r"collection/v2\.[01]", text):
        return "postman"
    if '"values"' in text and "_postman_variable_scope" in text:
        return "postman-environment"
    return None


def detect_kind(path: str, *, lenient: bool = False) -> str | None:
    """``"access-log" | "list" | "har" | "postman" | "postman-environment" | "source" | "empty"`` or ``None``.

    ``lenient``: a file named on the command line, read when any of its lines is recognisable (see the module doc).
    """
    head = _head(path)
    if head[:2] == b"\x1f\x8b":
        inner = _gunzip_head(head)
        if inner is None:  # named, it is read as a log whose damage is counted (nothing else can read it)
            return "access-log" if lenient else None
        if b"\x00" in inner[:8192]:
            return None
        text = inner.decode("utf-8", errors="replace").lstrip("\ufeff")
        if not text.strip() and len(head) < SNIFF and len(inner) < SNIFF:  # all of it, decompressed: blanks
            return "empty"
        return _text_kind(text, lenient)
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if not text and len(head) < SNIFF:
        return "empty"
    if text.startswith("{"):
        return _json_kind(text)
    if path != "-" and path.lower().endswith(_SOURCE_EXT):
        return "source"
    if b"\x00" in head[:8192]:
        return None
    return _text_kind(text, lenient)


def _reader(kind: str, path: str, stats: ReadStats, postman_env: str | None, vocabulary: Any,
            params: Collection[str] = ()) -> Iterator[Item]:
    if kind == "access-log":
        from registry.inputs.access_log import read_access_log

        return read_access_log(path, stats)
    if kind == "list":
        from registry.inputs.plain import read_list

        return read_list(path, stats)
    if kind == "har":
        from registry.inputs.har import read_har

        return read_har(path, stats, params=params)
    if kind == "postman":
        from registry.inputs.postman import read_postman

        return read_postman(path, stats, environment=postman_env, params=params)
    from registry.inputs.source.reader import read_source

    return read_source(path, stats, vocabulary=vocabulary, jobs=_jobs())


def _name(path: str) -> str:
    return "<stdin>" if path == "-" else str(path).replace(os.sep, "/")


def read_inputs(
    paths: Sequence[str], postman_env: str | None = None, *, vocabulary: Any = None, params: Collection[str] = (),
    include_tests: bool = False, exclude: Sequence[str] = (),
) -> tuple[Iterator[Item], list[ReadStats]]:
    """One stream of observations and secret findings from all inputs, and their ``ReadStats``.

    Kinds are checked up front, so an unreadable or unrecognised file named here raises
    ``InputError`` before anything is read; the stats list grows as the stream reaches each input.
    ``vocabulary`` (a ``registry.inputs.source.Vocabulary``) is loaded from the dataset when a source
    scan needs it and none is given. ``params`` names the request parameters whose values the HAR and Postman
    readers keep from request bodies (``Observation.params``; see ``registry.inputs.params``). In a folder,
    test code (``tests/``, ``*.test.ts``, ``*_test.go``, ``test_*.py``, fixtures and mocks …) is left out
    unless ``include_tests``, and so is every path an ``exclude`` glob matches; both are counted in the
    folder's ``ReadStats.remarks``.
    """
    exclude = tuple(exclude)
    plan: list[tuple[str, str, list[str] | None]] = []  # (kind, path, files for a directory scan)
    made: dict[int, ReadStats] = {}  # plan index → the stats of a folder walk or an empty file, filled in here
    given: list[str] = []  # plan index → the input as given (a folder for what was found in it)
    for path in paths:
        path = str(path)
        if path != "-" and os.path.isdir(path):
            made[len(plan)] = walked = ReadStats(_name(path).rstrip("/") + "/", unit="files", format="folder")
            plan.append(("folder", path, None))
            plan.extend(_plan_directory(path, walked, postman_env, include_tests, exclude))
            given.extend([walked.source] * (len(plan) - len(given)))
            continue
        if path != "-" and not os.path.exists(path):
            raise InputError(f"{path}: cannot read: no such file or directory (expected a log, HAR, Postman collection, list or source).")
        kind = detect_kind(path, lenient=True)
        if kind is None or kind == "postman-environment":
            what = "a Postman environment; pass it with --postman-env" if kind else why_not_read(path)
            raise InputError(f"{_name(path)}: {what} {EXPECTED_FILE}.")
        if kind == "empty":
            made[len(plan)] = empty = ReadStats(_name(path), unit="files")
            empty.skip(f"{_name(path)}: skipped file: empty {EXPECTED_FILE}.")
        plan.append((kind, path, None))
        given.append(_name(path))
    stats: list[ReadStats] = []

    def stream() -> Iterator[Item]:
        at = 0
        while at < len(plan):
            logs = _access_logs_from(plan, at)
            if logs:  # several access logs in a row, read in processes (``log_grouping``'s jobs)
                from registry.inputs.log_files import ReadFailed, read_logs_in_jobs

                results = read_logs_in_jobs(logs, [_name(p) for p in logs], _jobs())
                try:
                    for offset, path in enumerate(logs):
                        try:
                            st, items = next(results)
                        except ReadFailed as failed:  # its stats are listed, as when read here
                            stats.append(failed.stats or ReadStats(_name(path)))
                            raise failed.error from None
                        st.given = given[at + offset]
                        stats.append(st)
                        yield from items
                finally:
                    results.close()
                at += len(logs)
                continue
            kind, path, files = plan[at]
            at += 1
            if at - 1 in made:  # a folder walk or an empty file: counted while planning, nothing to read
                made[at - 1].given = given[at - 1]
                stats.append(made[at - 1])
                continue
            # (a folder's source files are one scan: named apart from the folder's own line)
            shown = _name(path) if files is None else _name(path).rstrip("/") + "/ (source files)"
            st = ReadStats(shown, given=given[at - 1])
            stats.append(st)
            if files is not None:
                from registry.inputs.source.reader import read_source

                yield from read_source(path, st, vocabulary=vocabulary, files=files, jobs=_jobs())
            else:
                yield from _reader(kind, path, st, postman_env, vocabulary, params)

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


def _plan_directory(root: str, walked: ReadStats, postman_env: str | None, include_tests: bool = False,
                    exclude: tuple[str, ...] = ()) -> list[tuple[str, str, list[str] | None]]:
    """What to read in the folder ``root``; every file the walk found counted in ``walked``: read (handed to a
    reader) or skipped; test code and ``exclude`` matches left out and counted in ``walked.remarks``."""
    from registry.inputs.source.files import language_of, select
    from registry.inputs.walk import walk_tree

    files = select(root, walk_tree(root, walked), include_tests, exclude, walked)
    sources = [f for f in files if language_of(f)]
    plan: list[tuple[str, str, list[str] | None]] = []
    if sources:
        plan.append(("source", root, sources))
        walked.read += len(sources)
    for f in files:
        if language_of(f):
            continue  # source files go to the scan
        shown = _name(f)
        if not os.path.isfile(f):  # pipes and devices are never opened
            walked.skip(f"{shown}: skipped file: not a regular file {EXPECTED_FILE}.")
            continue
        try:
            kind = detect_kind(f)
            why = why_not_read(f) if kind is None else ""
        except InputError as exc:
            walked.skip(f"{shown}: skipped file: {str(exc).removeprefix(f'{f}: ')}")  # (cannot read: …)
            continue
        if kind in ("access-log", "list", "har", "postman"):
            walked.read += 1
            plan.append((kind, f, None))
        elif kind == "postman-environment" and postman_env is not None and _same_file(f, postman_env):
            walked.read += 1  # read by the Postman reader, as the environment
        elif kind == "postman-environment":
            walked.skip(f"{shown}: skipped file: a Postman environment; pass it with --postman-env {EXPECTED_FILE}.")
        elif kind == "empty":
            walked.skip(f"{shown}: skipped file: empty {EXPECTED_FILE}.")
        else:
            walked.skip(f"{shown}: skipped file: {why} {EXPECTED_FILE}.")
    return plan


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
