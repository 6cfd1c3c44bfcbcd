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
- gzip is read member by member (``GzipMembers``), each checked against its CRC-32 and length at
  its end. A member that fails the check, or whose data is corrupt, is *damaged*: its lines are
  listed in ``damage_of(stream)`` (``DamagedMember``: line range and reason). Python learns this only
  at the member's end, after its lines were handed out, so a reader that counts lines reads the file
  again with ``open_input(path, leave_out=damage)``: then ``iter_text_blocks`` hands out none of the
  lines of a damaged member and counts them as skipped, one item per member
  (``access.log.gz:1-50000: skipped 50,000 lines: gzip member 1 fails its CRC check …``), adding
  them to ``ReadStats.damaged``. ``gzip_damage(path)`` finds the damage in one pass without lines.
  Standard input and pipes cannot be read again: there ``flag_suspect`` counts the damaged lines
  read in ``ReadStats.suspect``.
- A gzip stream that ends early, or whose data becomes unreadable, yields every line decompressed
  before that point (but those of a member found corrupt), then counts one skipped item
  ``<name>: skipped rest of file: gzip stream ends early after line N (…)``.
"""
from __future__ import annotations

import codecs
import gzip
import os
import struct
import sys
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Generator, Iterator, Sequence

from registry.errors import InputError
from registry.inputs.base import ReadStats

GZIP_MAGIC = b"\x1f\x8b"
BOM = b"\xef\xbb\xbf"  # UTF-8 byte order mark
CHUNK = 1 << 18  # characters per read
GZIP_READ = 64 << 10  # compressed bytes per read (more makes each decompress call copy a longer unused tail)
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


@dataclass(frozen=True)
class DamagedMember:
    """A gzip member that failed its check: its number, the lines it touched (``first`` to ``last``), why."""

    number: int
    first: int
    last: int  # ``first - 1`` when it gave no line
    reason: str

    @property
    def lines(self) -> int:
        return self.last - self.first + 1

    def message(self, name: str) -> str:
        where = f"{name}:{self.first}" + (f"-{self.last}" if self.last != self.first else "")
        return (f"{where}: skipped {self.lines:,} line{'s' if self.lines != 1 else ''}: gzip member {self.number} "
                f"{self.reason}, so its lines cannot be trusted (expected an undamaged gzip file).")


class GzipMembers:
    """A gzip stream decompressed member by member (``read1``, ``read``, ``peek``), each member checked.

    At a member's end its CRC-32 and length are compared with its trailer; a mismatch is recorded in
    ``damaged`` (reading goes on with the next member), as is corrupt data (then reading raises
    ``zlib.error``: the rest cannot be found). A stream that ends inside a member raises ``EOFError``.
    Lines are counted as the bytes are decompressed, so each damaged member knows its line range.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.damaged: list[DamagedMember] = []
        self._in = b""  # compressed bytes read but not used
        self._z: "zlib._Decompress | None" = None  # the current member's decompressor
        self._crc = self._size = 0
        self._members = 0
        self._lines = 0  # newlines decompressed so far
        self._at_line_start = True  # the last byte decompressed was a newline (or there was none)
        self._first = 1  # line of the current member's first byte
        self._pending = b""  # decompressed by peek, not handed out yet
        self._error: BaseException | None = None
        self._done = False

    # -- reading ---------------------------------------------------------------------------------
    def read1(self, n: int = -1) -> bytes:
        if self._pending:
            out, self._pending = (self._pending, b"") if n < 0 or n >= len(self._pending) else (self._pending[:n], self._pending[n:])
            return out
        return self._more(CHUNK if n < 0 else n)

    def read(self, n: int = -1) -> bytes:
        parts = []
        while n < 0 or n > 0:
            data = self.read1(n)
            if not data:
                break
            parts.append(data)
            n = n - len(data) if n > 0 else n
        return b"".join(parts)

    def peek(self, n: int = 1) -> bytes:
        while len(self._pending) < n:
            data = self._more(n - len(self._pending))
            if not data:
                break
            self._pending += data
        return self._pending

    def close(self) -> None:
        self._z = None

    # -- members ---------------------------------------------------------------------------------
    def _more(self, n: int) -> bytes:
        """Up to ``n`` more decompressed bytes; ``b""`` at the end of the last member."""
        if self._error is not None:
            raise self._error
        try:
            return self._decompress(n)
        except (EOFError, OSError, zlib.error) as exc:
            self._error = exc
            raise

    def _decompress(self, n: int) -> bytes:
        while not self._done:
            z = self._z
            if z is None:
                if not self._header():
                    self._done = True
                    break
                continue
            if z.eof:
                self._in = z.unused_data + self._in
                self._trailer()
                continue
            data = z.unconsumed_tail or self._in or self.raw.read(GZIP_READ)
            self._in = b""
            if not data:
                raise EOFError("gzip stream ends early")
            try:
                out = z.decompress(data, n)
            except zlib.error as exc:
                self._damage(f"is corrupt ({exc})", self._lines)
                raise
            if out:
                self._crc = zlib.crc32(out, self._crc)
                self._size += len(out)
                self._lines += out.count(b"\n")
                self._at_line_start = out[-1] == 10
                return out
        return b""

    def _take(self, k: int) -> bytes:
        while len(self._in) < k:
            data = self.raw.read(max(CHUNK, k))
            if not data:
                break
            self._in += data
        out, self._in = self._in[:k], self._in[k:]
        return out

    def _until_nul(self) -> None:
        while True:
            cut = self._in.find(b"\0")
            if cut >= 0:
                self._in = self._in[cut + 1 :]
                return
            data = self.raw.read(CHUNK)
            if not data:
                raise EOFError("gzip stream ends early")
            self._in = data

    def _header(self) -> bool:
        """Start the next member; False at the end of the stream (zero padding after a member is allowed)."""
        magic = self._take(2)
        while magic[:1] == b"\0" and self._members:
            magic = magic[1:] + self._take(1)
        if not magic:
            return False
        if magic != GZIP_MAGIC:
            if len(magic) < 2 and self._members == 0:
                raise EOFError("gzip stream ends early")
            raise gzip.BadGzipFile(f"not a gzip member after member {self._members}")
        head = self._take(8)
        if len(head) < 8:
            raise EOFError("gzip stream ends early")
        if head[0] != 8:
            raise gzip.BadGzipFile(f"unknown compression method {head[0]}")
        flags = head[1]
        if flags & 4:  # FEXTRA
            extra = self._take(2)
            if len(extra) < 2 or len(self._take(struct.unpack("<H", extra)[0])) < struct.unpack("<H", extra)[0]:
                raise EOFError("gzip stream ends early")
        if flags & 8:  # FNAME
            self._until_nul()
        if flags & 16:  # FCOMMENT
            self._until_nul()
        if flags & 2 and len(self._take(2)) < 2:  # FHCRC
            raise EOFError("gzip stream ends early")
        self._members += 1
        self._z = zlib.decompressobj(-zlib.MAX_WBITS)
        self._crc = self._size = 0
        self._first = self._lines + 1  # the line of its first byte (begun in the member before, or a new one)
        return True

    def _trailer(self) -> None:
        trailer = self._take(8)
        self._z = None
        if len(trailer) < 8:
            raise EOFError("gzip stream ends early")
        crc, size = struct.unpack("<II", trailer)
        last = self._lines if self._at_line_start else self._lines + 1
        if crc != self._crc & 0xFFFFFFFF:
            self._damage(f"fails its CRC check (stored {crc:#010x}, data {self._crc & 0xFFFFFFFF:#010x})", last)
        elif size != self._size & 0xFFFFFFFF:
            self._damage(f"fails its length check (stored {size:,} bytes, data {self._size & 0xFFFFFFFF:,})", last)

    def _damage(self, reason: str, last: int) -> None:
        self.damaged.append(DamagedMember(self._members, self._first, max(last, self._first - 1), reason))


def damage_of(stream: IO[bytes]) -> list[DamagedMember]:
    """The damaged gzip members met so far in a stream of ``open_input`` (none for plain text)."""
    return list(getattr(stream, "damaged", ()))


def flag_suspect(stats: ReadStats, stream: IO[bytes], name: str) -> None:
    """After reading ``stream`` to its end: the lines of damaged members it did not leave out (standard
    input or a pipe, which cannot be read again) are counted in ``stats.suspect``, each member in a note."""
    left_out = {m.number for m in getattr(stream, "leave_out", ())}
    for m in damage_of(stream):
        if m.number not in left_out:
            stats.suspect += max(m.lines, 0)
            stats.notes.append(f"{name}:{m.first}-{m.last}: read {m.lines:,} lines of gzip member {m.number}, which "
                               f"{m.reason}: they may be corrupt (the input cannot be read again to leave them out).")


def can_read_again(path: str) -> bool:
    """Whether ``path`` can be read a second time: a regular file (not ``-``, a pipe or a device)."""
    return path != "-" and os.path.isfile(path)


def gzip_damage(path: str) -> list[DamagedMember]:
    """The damaged members of the gzip file ``path``, found in one pass without decoding lines.

    ``[]`` when it is plain text, or cannot be read again (``can_read_again``): then nothing is consumed.
    """
    if not can_read_again(path):
        return []
    with open_input(path) as (stream, _):  # (read as iter_text_blocks reads: the same damage, line for line)
        if not isinstance(stream, GzipMembers):
            return []
        try:
            while stream.read1(CHUNK):
                pass
        except (EOFError, OSError, zlib.error):
            pass
        return stream.damaged


@contextmanager
def open_input(path: str, leave_out: Sequence[DamagedMember] = ()) -> Iterator[tuple[IO[bytes], str]]:
    """Open ``path`` (``-`` = stdin) for reading, gunzipping when it starts with the gzip magic; yields ``(stream, name)``.

    The stream starts after a UTF-8 byte order mark, when the text has one. ``leave_out``: damaged
    gzip members (from an earlier reading) whose lines ``iter_text_blocks`` leaves out and counts.
    """
    raw = _binary(path)
    binary: IO[bytes] = raw
    try:
        if is_gzip(raw):
            binary = GzipMembers(raw)  # type: ignore[assignment]
            binary.leave_out = list(leave_out)  # type: ignore[attr-defined]
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
    incrementally, so a gzip stream that ends early loses only what lies behind its end.
    The lines of the damaged gzip members ``open_input`` was told to leave out are in no block, and
    counted as skipped (see the module doc); the numbering goes on after them.
    """
    leave_out = getattr(binary, "leave_out", None)
    if leave_out:
        return (yield from _leaving_out(_text_blocks(binary, name, stats, first), leave_out, name, stats))
    return (yield from _text_blocks(binary, name, stats, first))


def _leaving_out(blocks: Generator[tuple[int, str, int], None, int], leave_out: Sequence[DamagedMember], name: str,
                 stats: ReadStats) -> Generator[tuple[int, str, int], None, int]:
    """``blocks`` without the lines of the damaged members, each member counted as its lines skipped, once."""
    ranges = sorted((m for m in leave_out if m.lines > 0), key=lambda m: m.first)
    said: set[int] = set()

    def say(m: DamagedMember) -> None:
        if m.number not in said:
            said.add(m.number)
            stats.skip(m.message(name), m.lines)
            stats.damaged += m.lines

    i = 0
    while True:
        try:
            lineno, text, n = next(blocks)
        except StopIteration as stop:
            for m in ranges[i:]:  # (none in a file read again the same way)
                say(m)
            return int(stop.value)
        end = lineno + n - 1
        while i < len(ranges) and ranges[i].last < lineno:  # (a range wholly in lines never handed out)
            say(ranges[i])
            i += 1
        if i >= len(ranges) or ranges[i].first > end:
            yield lineno, text, n
            continue
        lines = text.split("\n")
        lines.pop()
        at = 0  # the first line of the block not handed out or left out yet
        while i < len(ranges) and ranges[i].first <= end:
            m = ranges[i]
            say(m)
            start, stop_at = max(m.first, lineno) - lineno, min(m.last, end) - lineno
            if at < start:
                yield lineno + at, "\n".join(lines[at:start]) + "\n", start - at
            at = stop_at + 1
            if m.last > end:
                break
            i += 1
        if at < n:
            yield lineno + at, "\n".join(lines[at:]) + "\n", n - at


def _text_blocks(binary: IO[bytes], name: str, stats: ReadStats, first: int = 1) -> Generator[tuple[int, str, int], None, int]:
    """``iter_text_blocks`` but for leaving out damaged members.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    read1 = getattr(binary, "read1", binary.read)
    rest = ""  # the unfinished last line
    overlong = False  # the unfinished line is longer than MAX_LINE: dropped up to its newline
    lineno = first
    damage: str | None = None
    corrupt = False  # the damage is corrupt data, not an early end: its member's lines are left out too
    final = False
    while not final:
        try:
            data = read1(CHUNK)
        except (EOFError, OSError, zlib.error, ValueError) as exc:
            damage = _describe_damage(exc)
            corrupt = isinstance(exc, (gzip.BadGzipFile, zlib.error))
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
            f"{name}: skipped rest of file: {damage} after line {lineno - 1} (expected a complete gzip file). "
            + ("The lines of the undamaged members before were read." if corrupt else "The lines before were read.")
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
