"""Open a text input (file, gzip file or stdin) and hand it out in batches of lines, in flat memory.

The readers of line-based inputs (access logs, plain lists) share this::

    with open_input("logs/access.log.gz") as (stream, name):     # gzip detected by its magic bytes
        for first_lineno, lines in iter_line_batches(stream, name, stats):
            for n, line in enumerate(lines, first_lineno): ...
        # or whole blocks of lines: for first_lineno, text, n_lines in iter_text_blocks(stream, name, stats)

- ``-`` reads standard input (named ``<stdin>`` in locations); gzip is recognised by its first two
  bytes (``1f 8b``), never by the file name.
- A UTF-8 byte order mark (``EF BB BF``) at the start of the text (after gunzipping) is dropped.
- Bytes are decoded as UTF-8 with ``errors="replace"``: invalid sequences become U+FFFD and reading
  goes on. NUL bytes stay in the line (its reader then usually skips the line).
- The file is read in chunks of ``CHUNK`` characters; only one chunk and one partial line are held at
  a time. A line longer than ``MAX_LINE`` characters is not kept: it is counted as skipped here and
  left out of the batches (the line numbers of the others stay right).
- A gzip stream that ends early or is corrupt yields every line decompressed before the damage, then
  counts one skipped item ``<name>: skipped rest of file: gzip stream ends early after line N (…)``.
"""
from __future__ import annotations

import codecs
import gzip
import sys
import zlib
from contextlib import contextmanager
from typing import IO, Generator, Iterator

from registry.errors import InputError
from registry.inputs.base import ReadStats

GZIP_MAGIC = b"\x1f\x8b"
BOM = b"\xef\xbb\xbf"  # UTF-8 byte order mark
CHUNK = 1 << 18  # characters per read
MAX_LINE = 8 << 20  # characters; longer lines are skipped, never held whole
STDIN_NAME = "<stdin>"


def source_name(path: str) -> str:
    """How an input is named in locations: the path as given, ``<stdin>`` for ``-``."""
    return STDIN_NAME if path == "-" else str(path)


def _binary(path: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by open_text
    except IsADirectoryError:
        raise InputError(f"{path}: cannot read: is a directory (expected a file).") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc} (expected a readable file).") from None


def _peek(raw: IO[bytes], n: int) -> bytes:
    peek = getattr(raw, "peek", None)
    if peek is not None:
        try:
            return bytes(peek(n)[:n])
        except (OSError, ValueError, EOFError, zlib.error):  # (damage is met again, and reported, by the reader)
            return b""
    return b""


def is_gzip(raw: IO[bytes]) -> bool:
    """True when the stream starts with the gzip magic bytes (the stream is not advanced)."""
    return _peek(raw, 2) == GZIP_MAGIC


@contextmanager
def open_input(path: str) -> Iterator[tuple[IO[bytes], str]]:
    """Open ``path`` (``-`` = stdin) for reading, gunzipping when it starts with the gzip magic; yields ``(stream, name)``.

    The stream starts after a UTF-8 byte order mark, when the text has one.
    """
    raw = _binary(path)
    binary: IO[bytes] = raw
    try:
        if is_gzip(raw):
            binary = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
        if _peek(binary, 3) == BOM:
            binary.read(3)
        yield binary, source_name(path)
    finally:
        if binary is not raw:
            binary.close()
        if path != "-":
            raw.close()


def iter_text_blocks(binary: IO[bytes], name: str, stats: ReadStats, first: int = 1) -> Generator[tuple[int, str, int], None, int]:
    """Yield ``(number of the first line, text, number of lines)``: whole lines, each ending in ``\\n``.

    Lines are numbered from ``first``; the generator returns how many lines it went through.
    A block holds the complete lines of one read (about ``CHUNK`` characters), ``\\r\\n`` turned into
    ``\\n``; a last line without a newline gets one. An overlong line is counted as skipped here and
    is in no block: the numbering goes on after it. Bytes are read with ``read1`` and decoded
    incrementally, so a damaged gzip stream loses only what lies behind the damage.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    read1 = getattr(binary, "read1", binary.read)
    rest = ""  # the unfinished last line
    overlong = False  # the unfinished line is longer than MAX_LINE: dropped up to its newline
    lineno = first
    damage: str | None = None
    final = False
    while not final:
        try:
            data = read1(CHUNK)
        except (EOFError, OSError, zlib.error, ValueError) as exc:
            damage = _describe_damage(exc)
            data = b""
        if data:
            chunk = decoder.decode(data)
        else:
            chunk = decoder.decode(b"", final=True)
            final = True
        if not chunk:
            continue
        if "\r" in chunk:
            chunk = chunk.replace("\r\n", "\n")
        if rest[-1:] == "\r" and chunk[0] == "\n":  # a \r\n cut between two reads
            rest = rest[:-1]
        cut = chunk.rfind("\n")
        if cut < 0:
            if not overlong:
                rest += chunk
                if len(rest) > MAX_LINE:
                    rest, overlong = "", True
            continue
        start = 0
        if overlong:
            start = chunk.find("\n") + 1
            stats.skip(_overlong(name, lineno))
            lineno += 1
            overlong = False
        n = chunk.count("\n", start, cut + 1)
        if n:
            yield lineno, rest + chunk[start : cut + 1], n
            lineno += n
        rest = chunk[cut + 1 :]
        if len(rest) > MAX_LINE:
            rest, overlong = "", True
    if overlong:
        stats.skip(_overlong(name, lineno))
        lineno += 1
    elif rest and damage is None:  # after damage the unfinished line belongs to the lost rest
        yield lineno, (rest[:-1] if rest[-1] == "\r" else rest) + "\n", 1
        lineno += 1
    if damage is not None:
        stats.skip(
            f"{name}: skipped rest of file: {damage} after line {lineno - 1} "
            "(expected a complete gzip file). The lines before were read."
        )
    return lineno - first


def iter_line_batches(binary: IO[bytes], name: str, stats: ReadStats) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(number of the first line, lines)`` batches, lines without their newline (see ``iter_text_blocks``)."""
    for first, block, _ in iter_text_blocks(binary, name, stats):
        lines = block.split("\n")
        lines.pop()
        yield first, lines


def _overlong(name: str, lineno: int) -> str:
    return f"{name}:{lineno}: skipped line: longer than {MAX_LINE:,} characters (expected one request per line)."


def _describe_damage(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "gzip stream ends early"
    if isinstance(exc, (gzip.BadGzipFile, zlib.error)):
        return f"gzip data is corrupt ({exc})"
    if isinstance(exc, OSError):
        return f"read error ({exc.strerror or exc})"
    return f"cannot decode ({exc})"
