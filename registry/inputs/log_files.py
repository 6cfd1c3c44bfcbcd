"""Read several access logs at once, one forked process per file, with the same result as one by one.

A year of rotated logs is hundreds of files (``access.log.1``, ``access.log.2.gz``, …); a gzip file can
only be read from its start, so the way to use more than one core is a file per process::

    for stats, items in read_logs_in_jobs(["a.log.1.gz", "a.log.2.gz"], ["a.log.1.gz", "a.log.2.gz"], jobs=2):
        ...  # in the order given: each file's ReadStats and its observations

Each process reads one file with ``read_access_log`` as this process would (with the grouping set by
``log_grouping``; one process per file) and sends back its observations and ``ReadStats``. Results
are handed on in the order the files were given, as soon as the next one is ready, so the report is
the same as reading them one after another. A file that cannot be read raises the ``InputError`` it
raises when read here.
"""
from __future__ import annotations

import os
import pickle
import signal
from typing import IO, Iterator

from registry.inputs.base import Observation, ReadStats
from registry.inputs.log_jobs import fork_writer

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
            pid, pipe = running.pop(index)
            with pipe:
                try:
                    kind, value = pickle.load(pipe)
                except (EOFError, pickle.UnpicklingError):
                    kind, value = "error", RuntimeError(f"{names[index]}: the process reading it ended early")
            os.waitpid(pid, 0)
            if kind == "error":
                raise value
            yield value
    finally:  # the reader was not read to its end (or failed): stop the processes still reading
        for pid, pipe in running.values():
            os.kill(pid, signal.SIGKILL)
            pipe.close()
            os.waitpid(pid, 0)


def _start(path: str, name: str) -> tuple[int, IO[bytes]]:
    """Fork a process that reads ``path`` and sends ``("ok", (stats, observations))`` or ``("error", exception)``."""

    def write(out: IO[bytes]) -> None:
        try:
            message: tuple[str, object] = ("ok", _read_one(path, name))
        except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
            message = ("error", exc)
        pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)

    return fork_writer(write)


def _read_one(path: str, name: str) -> Result:
    from registry.inputs.access_log import read_access_log

    stats = ReadStats(name)
    return stats, list(read_access_log(path, stats, jobs=1))
