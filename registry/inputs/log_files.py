"""Read several access logs at once, one forked process per file, with the same result as one by one.

A year of rotated logs is hundreds of files (``access.log.1``, ``access.log.2.gz``, …); a gzip file can
only be read from its start, so the way to use more than one core is a file per process::

    for stats, items in read_logs_in_jobs(["a.log.1.gz", "a.log.2.gz"], ["a.log.1.gz", "a.log.2.gz"], jobs=2):
        ...  # in the order given: each file's ReadStats and its observations

Each process reads one file with ``read_access_log`` as this process would (with the grouping set by
``log_grouping``; one process per file) and sends back its observations and ``ReadStats``. Results
are handed on in the order the files were given, as soon as the next one is ready, so the report is
the same as reading them one after another. A file that cannot be read raises ``ReadFailed`` with the
error reading it raised (an ``InputError``) and the ``ReadStats`` it had filled; the readers still at
work are stopped, and a reader dies with this process (``fork_writer``).
"""
from __future__ import annotations

import os
import pickle
from typing import IO, Iterator

from registry.inputs.base import Observation, ReadStats
from registry.inputs.log_jobs import fork_writer, stop_children

Result = tuple[ReadStats, list[Observation]]


def can_read_in_jobs(paths: list[str], jobs: int) -> bool:
    """Whether several access logs are read in processes: two or more files (no stdin), ``jobs`` > 1."""
    return jobs > 1 and len(paths) > 1 and "-" not in paths and hasattr(os, "fork")


def read_logs_in_jobs(paths: list[str], names: list[str], jobs: int) -> Iterator[Result]:
    """Each access log of ``paths`` (shown as ``names``) read in a process of its own, ``jobs`` at a time."""
    running: dict[int, tuple[int, IO[bytes]]] = {}  # file index → (pid, pipe)
    started = 0
    try:
        for index in range(len(paths)):
            while started < len(paths) and len(running) < jobs:
                running[started] = _start(paths[started], names[started])
                started += 1
            pid, pipe = running[index]  # (still running while its answer is read: stopped if that fails)
            try:
                kind, value = pickle.load(pipe)
            except (EOFError, pickle.UnpicklingError):
                kind, value = "error", (RuntimeError(f"{names[index]}: the process reading it ended early"), None)
            del running[index]
            pipe.close()
            os.waitpid(pid, 0)
            if kind == "error":
                raise ReadFailed(*value)
            yield value
    finally:  # the reader was not read to its end (or failed): stop the processes still reading
        stop_children(running.values())


class ReadFailed(Exception):
    """A file could not be read: ``error`` is what reading it raised, ``stats`` what it had counted."""

    def __init__(self, error: BaseException, stats: ReadStats | None) -> None:
        super().__init__(str(error))
        self.error, self.stats = error, stats


def _start(path: str, name: str) -> tuple[int, IO[bytes]]:
    """Fork a process that reads ``path``; it sends ``("ok", (stats, items))`` or ``("error", (exception, stats))``."""

    def write(out: IO[bytes]) -> None:
        stats = ReadStats(name)
        try:
            message: tuple[str, object] = ("ok", (stats, list(read_access_log(path, stats, jobs=1))))
        except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
            try:  # an exception that does not survive the trip is sent as its text
                pickle.loads(pickle.dumps(exc))
            except Exception:  # noqa: BLE001
                exc = RuntimeError(f"{type(exc).__name__}: {exc}")
            message = ("error", (exc, stats))
        pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)

    from registry.inputs.access_log import read_access_log

    return fork_writer(write)
