"""Read a plain list of calls: one ``METHOD URL [COUNT]`` per line.

Syntax (whitespace-separated; the file may be gzip-compressed; ``-`` reads stdin)::

    # calls of the shop connector, counted from last month's log
    GET  /api/v1/adressen 42
    POST /api/AuftragCreate
    GET  https://shop.xentral.biz/api/v1/artikel?items=100      # a comment after whitespace

- ``METHOD`` is letters only (case is normalised to upper case, ``ANY`` is allowed);
- ``URL`` is any token without whitespace, kept as written (secrets redacted);
- ``COUNT`` is an optional positive whole number (``1`` when missing);
- ``#`` at the start of a line, or after whitespace, starts a comment; a ``#`` inside the URL is kept;
- blank and comment-only lines are not items and are not counted.

Every other line is skipped and counted, e.g.
``calls.txt:4: skipped line: cannot parse 'GET' (expected METHOD URL [COUNT]).``
"""
from __future__ import annotations

from typing import Iterator

from registry.inputs.base import Observation, ReadStats
from registry.inputs.redact import clean_text, has_hash_auth, redact_url
from registry.inputs.stream import flag_suspect, gzip_damage, iter_line_batches, open_input

EXPECTED = "(expected METHOD URL [COUNT])"


def parse_list_line(line: str) -> tuple[str, str, int] | str:
    """``(METHOD, URL, COUNT)`` for a list line, or the reason it cannot be parsed.

    The line must not be blank or a comment (callers filter those).
    """
    fields = line.split()
    for i, f in enumerate(fields):
        if f.startswith("#"):
            fields = fields[:i]
            break
    if len(fields) not in (2, 3):
        return f"cannot parse '{clean_text(line.strip())}' {EXPECTED}."
    method, url = fields[0], fields[1]
    if not method.isascii() or not method.isalpha():
        return f"method '{clean_text(method)}' is not a word {EXPECTED}."
    count = 1
    if len(fields) == 3:
        raw = fields[2]
        if not (raw.isascii() and raw.isdigit()) or int(raw[-19:]) < 1:
            return f"count '{clean_text(raw)}' is not a positive whole number {EXPECTED}."
        if len(raw.lstrip("0")) > 18:
            return f"count '{clean_text(raw)}' is too large (expected at most 18 digits)."
        count = int(raw)
    return method.upper(), url, count


def read_list(path: str, stats: ReadStats) -> Iterator[Observation]:
    """Observations from a ``METHOD URL [COUNT]`` list; one per line, location ``file:line``.

    Raises ``InputError`` when the file cannot be opened at all. A gzip file is checked first: the
    lines of a damaged member are left out and counted as skipped (``registry.inputs.stream``).
    """
    stats.unit = "lines"
    stats.format = "list"
    leave_out = gzip_damage(path)  # (lines are handed on as read: find the damage first)
    with open_input(path, leave_out) as (stream, name):
        for first, lines in iter_line_batches(stream, name, stats):
            for lineno, line in enumerate(lines, first):
                if line is None:
                    continue
                text = line.strip()
                if not text or text.startswith("#"):
                    continue
                parsed = parse_list_line(text)
                if isinstance(parsed, str):
                    stats.skip(f"{name}:{lineno}: skipped line: {parsed}")
                    continue
                method, url, count = parsed
                stats.read += 1
                yield Observation(
                    method=method,
                    url=redact_url(url),
                    location=f"{name}:{lineno}",
                    kind="list",
                    count=count,
                    auth="hash" if has_hash_auth(url) else None,
                )
        flag_suspect(stats, stream, name)
