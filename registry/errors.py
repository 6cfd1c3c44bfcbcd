"""Typed errors of the registry, and where in a file a problem sits.

The hierarchy::

    RegistryError                 anything the library raises on purpose
    ├── DataError                 the dataset is invalid (carries every Problem found)
    ├── SpecError                 an OpenAPI spec was rejected before import
    ├── InputError                an input file (log, HAR, Postman, code) cannot be read at all
    ├── LockError                 another process is writing the same folder (the dataset, a site)
    └── UsageError                a library call got arguments it cannot work with

Library code raises these; ``registry.cli`` turns them into messages and exit code 1.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class SourceLocation:
    """A place in a file: ``data/rest/adressen.yaml:42``."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the dataset, shaped ``file:line: subject: what (expected). hint``."""

    location: SourceLocation
    subject: str
    message: str
    hint: str = ""
    warning: bool = False

    def __str__(self) -> str:
        text = f"{self.location}: {self.subject}: {self.message}" if self.subject else f"{self.location}: {self.message}"
        if self.hint:
            text += f" {self.hint}"
        return text


class RegistryError(Exception):
    """Base class of every error the library raises on purpose."""


@dataclass
class DataError(RegistryError):
    """The dataset has problems; ``problems`` holds all of them, sorted by file and line."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.summary())

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    def summary(self) -> str:
        """``2 errors in 1 file``; where only warnings were raised (``--strict``), ``2 warnings in 2 files``."""
        errors = self.errors()
        kind, counted = ("error", errors) if errors else ("warning", self.problems)
        n, m = len(counted), len({p.location.path for p in counted})
        return f"{n} {kind}{'s' if n != 1 else ''} in {m} file{'s' if m != 1 else ''}"

    def __str__(self) -> str:
        return "\n".join([*(str(p) for p in self.problems), self.summary()])


class SpecError(RegistryError):
    """An OpenAPI document failed validation or cannot be imported."""


class InputError(RegistryError):
    """An input (log, HAR, Postman collection, source tree) cannot be read at all."""


class LockError(RegistryError):
    """Another process holds the lock of a folder this one wants to write; the message names the holder."""


class UsageError(RegistryError):
    """A library function was called with arguments it cannot work with."""


def display_path(path: str | Path) -> str:
    """Show ``path`` relative to the working directory when it lies below it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)
