"""Count one big access log with several processes, with the same result as one process.

``count_in_jobs(path, counter, jobs)`` fills a ``CallCounter`` as reading the file from start to end
would, byte for byte the same observations and skipped lines::

    counter = CallCounter("access.log", stats, shapes=True)
    count_in_jobs("access.log", counter, jobs=2)

How: this process first counts a prefix of the file (``PREFIX`` bytes), so that the busy call
shapes already have their first 50 calls. The rest is cut into ``jobs``
byte ranges at line boundaries; each is counted in a forked process that starts from that state and
numbers its lines from 1; the results are merged in file order (line numbers shifted, groups mapped,
the first 50 calls of a shape chosen in file order). A range sends its groups first, then its counts
and times in chunks of ``CHUNK``, so this process never holds a whole range's result at once (peak
memory stays flat as ranges grow). A range counts the later calls of a shape
together only when the shape was full after the prefix; it keeps every call of another shape apart,
so the merge can pick that shape's first 50. When a range meets more than ``ROOM`` such calls, the
ranges' results are dropped and this process reads the rest itself.

Plain files only: gzip and standard input are read in one process (``can_split``).
"""
from __future__ import annotations

import os
import pickle
import signal
from typing import IO, Any, Callable, Iterable

from registry.inputs.base import ReadStats
from registry.inputs.log_counter import EXAMPLES_PER_SHAPE, GROUP_MASK, CallCounter
from registry.inputs.stream import BOM, GZIP_MAGIC, iter_text_blocks

PREFIX = 1 << 20  # bytes counted before the split
ROOM = 20_000  # calls a range may keep apart in shapes not full after the prefix
MIN_SIZE = 32 << 20  # smaller files are read in one process


def can_split(path: str, jobs: int) -> bool:
    """Whether ``path`` is a plain file big enough for ``jobs`` > 1 processes."""
    if jobs <= 1 or path == "-" or not hasattr(os, "fork"):
        return False
    try:
        if not os.path.isfile(path) or os.path.getsize(path) < MIN_SIZE:
            return False
        with open(path, "rb") as f:
            return f.read(2) != GZIP_MAGIC
    except OSError:
        return False


class _Range:
    """``read1`` over bytes ``start`` to ``end`` of an open file."""

    def __init__(self, f: IO[bytes], start: int, end: int) -> None:
        f.seek(start)
        self.f, self.left = f, end - start

    def read(self, n: int) -> bytes:
        data = self.f.read(min(n, self.left))
        self.left -= len(data)
        return data

    read1 = read


def _boundary(f: IO[bytes], offset: int) -> int:
    """The start of the first line at or after ``offset``."""
    if offset <= 0:
        return 0
    f.seek(offset - 1)
    f.readline()
    return f.tell()


def _feed(counter: CallCounter, source: Any, stats: ReadStats, first: int = 1) -> int:
    """Count every line of ``source``, numbered from ``first``; the number of lines (read, skipped or blank)."""
    blocks = iter_text_blocks(source, counter.name, stats, first)
    while True:
        try:
            first, block, n = next(blocks)
        except StopIteration as stop:
            return int(stop.value)
        counter.add_block(first, block, n)


def count_in_jobs(path: str, counter: CallCounter, jobs: int, prefix: int = PREFIX) -> None:
    """Fill ``counter`` from the plain file ``path`` with ``jobs`` processes (see the module doc).

    ``prefix``: bytes counted here first.
    """
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        start = len(BOM) if f.read(len(BOM)) == BOM else 0  # (open_input skips it too)
        cuts = [max(_boundary(f, prefix), start)]
        rest = size - cuts[0]
        cuts += [_boundary(f, cuts[0] + rest * k // jobs) for k in range(1, jobs)] + [size]
        lines = _feed(counter, _Range(f, start, cuts[0]), counter.stats)
    full = {key for key, shape in counter.shapes_seen() if shape[0] >= EXAMPLES_PER_SHAPE}
    children = [_start_range(path, counter, full, start, end) for start, end in zip(cuts, cuts[1:])]
    try:
        usable = [_load(pipe) is True for _, pipe in children]  # every header first: merge all or none
        if all(usable):
            for _, pipe in children:  # one range at a time, its counts and times a chunk at a time
                head = _load(pipe)
                ids = _merge_head(counter, head, lines)
                for kind, items in iter(lambda p=pipe: _load(p), None):
                    _merge_chunk(counter, kind, items, ids)
                lines += head["lines"]
    except BaseException:  # (an interrupt while merging: no range is left running)
        stop_children(children)
        raise
    for pid, pipe in children:
        pipe.close()
        os.waitpid(pid, 0)
    counter.forget_requests()  # the ranges had their copies; the merge needs none
    if not all(usable):
        with open(path, "rb") as f:
            _feed(counter, _Range(f, cuts[0], size), counter.stats, lines + 1)


def fork_writer(write: Callable[[IO[bytes]], None]) -> tuple[int, IO[bytes]]:
    """Fork a process that calls ``write`` with the writing end of a pipe and exits; its pid and the reading end.

    The child never returns into the caller's code, whatever ``write`` does, and on Linux it is killed
    when this process ends (``PR_SET_PDEATHSIG``), so a killed ``xreg`` leaves no reader behind.
    """
    parent = os.getpid()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            _die_with(parent)
            os.close(read_fd)
            with os.fdopen(write_fd, "wb") as out:
                write(out)
        finally:
            os._exit(0)
    os.close(write_fd)
    return pid, os.fdopen(read_fd, "rb")


def stop_children(children: Iterable[tuple[int, IO[bytes]]]) -> None:
    """Kill forked readers and wait for them, so none is left running or as a zombie."""
    for pid, pipe in list(children):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:  # pragma: no cover - already gone
            pass
        pipe.close()
        os.waitpid(pid, 0)


def _die_with(parent: int) -> None:
    """In a child: be killed when ``parent`` ends (Linux; elsewhere nothing)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() != parent:  # the parent ended before the call
        os._exit(1)


def _start_range(path: str, counter: CallCounter, full: set, start: int, end: int) -> tuple[int, IO[bytes]]:
    """Fork a process that counts bytes ``start`` to ``end`` and sends a header (usable?) and its result."""

    def write(out: IO[bytes]) -> None:
        try:
            result = _count_range(path, counter, full, start, end)
            usable = not result["uncertain"]
        except Exception:  # noqa: BLE001 - the parent then reads the rest itself
            result, usable = {}, False
        pickle.dump(usable, out)
        if usable:
            _send(out, result)

    return fork_writer(write)


def _load(pipe: IO[bytes]) -> Any:
    try:
        return pickle.load(pipe)
    except (EOFError, pickle.UnpicklingError):
        return None


def _count_range(path: str, counter: CallCounter, full: set, start: int, end: int) -> dict:
    """In a child: count bytes ``start`` to ``end`` on top of the prefix's groups, lines numbered from 1."""
    stats = ReadStats(counter.stats.source)
    base = len(counter.groups)
    counter.restart(stats, full, ROOM)
    with open(path, "rb") as f:
        lines = _feed(counter, _Range(f, start, end), stats)
    groups = counter.groups[base:]
    first, last = counter.times()
    return {
        "base": base,
        "groups": [(g.method, g.url, g.line, g.auth, g.later) for g in groups],
        "counts": dict(counter.counts),
        "first": first,
        "last": last,
        "read": counter.read,
        "stats": (stats.skipped, stats.skipped_items, stats.format),
        "lines": lines,
        "uncertain": counter.unsettled_overflow,
    }


CHUNK = 4096  # counts or times per pickle sent from a range


def _send(out: IO[bytes], result: dict) -> None:
    """A range's result: the head (groups, totals), then counts and times in chunks, then None."""
    chunked = ("counts", "first", "last")
    pickle.dump({k: v for k, v in result.items() if k not in chunked}, out, protocol=pickle.HIGHEST_PROTOCOL)
    for kind in chunked:
        items = list(result[kind].items())
        for at in range(0, len(items), CHUNK):
            pickle.dump((kind, items[at : at + CHUNK]), out, protocol=pickle.HIGHEST_PROTOCOL)
    pickle.dump(None, out)


def _merge_chunk(counter: CallCounter, kind: str, items: list[tuple[int, Any]], ids: dict[int, int]) -> None:
    """Add a chunk of a range's counts (group + status → lines) or first/last times (group → time)."""
    if kind == "counts":
        for key, n in items:
            index = key & GROUP_MASK
            counter.counts[key - index + ids.get(index, index)] += n
    elif kind == "first":
        for index, tk in items:
            counter.see_first(ids.get(index, index), tk)
    else:
        for index, tk in items:
            counter.see_last(ids.get(index, index), tk)


def _merge_head(counter: CallCounter, result: dict, offset: int) -> dict[int, int]:
    """Merge a range's groups and totals; the map from its group numbers to this counter's."""
    ids = {}
    for index, (method, url, line, auth, later) in enumerate(result["groups"], result["base"]):
        ids[index] = counter.merge_group(method, url, line + offset, auth, later=later)
    counter.read += result["read"]
    skipped, items, fmt = result["stats"]
    stats, name = counter.stats, counter.name
    stats.skipped += skipped - len(items)
    for message in items:
        number, colon, tail = message[len(name) + 1 :].partition(":")
        stats.skip(f"{name}:{int(number) + offset}:{tail}" if colon and number.isdigit() else message)
    if stats.format is None:
        stats.format = fmt
    return ids
