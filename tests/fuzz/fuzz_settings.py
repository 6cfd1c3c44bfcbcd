"""The fuzzing budget shared by every test in ``tests/fuzz``.

Each fuzz test runs ``FUZZ_EXAMPLES`` generated inputs (default 200, so the suite stays quick); a
longer hunt sets the environment variable, e.g. ``XREG_FUZZ_EXAMPLES=20000 pytest tests/fuzz``.
No deadline: a slow example is not a failure here; hangs are caught by ``hang_guard`` instead.
"""
from __future__ import annotations

import os
import signal
from contextlib import contextmanager
from typing import Iterator

from hypothesis import HealthCheck, settings

FUZZ_EXAMPLES = int(os.environ.get("XREG_FUZZ_EXAMPLES", "200"))

FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
    derandomize=False,
)

# Hang detector only (not a timing assertion): an input that keeps one call busy this long is a hang.
HANG_SECONDS = 20


class Hang(Exception):
    """A single call ran longer than ``HANG_SECONDS``."""


@contextmanager
def hang_guard(what: str, seconds: int = HANG_SECONDS) -> Iterator[None]:
    """Fail with ``Hang`` when the block runs for ``seconds`` (SIGALRM; main thread on POSIX only)."""

    def on_alarm(signum: int, frame: object) -> None:
        raise Hang(f"{what} still running after {seconds} s: treated as a hang")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
