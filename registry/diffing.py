"""Compare the operations of two releases of the current API: added, removed, moved and changed.

Each side is a spec file (JSON, read as the importer reads it, without validation) or a dataset
directory (its active ``xentral`` endpoints). Operations are paired in three passes, each over what the
earlier passes left unpaired:

1. by ``operationId``;
2. by method + path;
3. by method + path with the version segment removed, when that pairs exactly one operation on each
   side: Xentral moved most operations from ``/api/x`` to ``/api/v1/x`` between 24.2 and 24.48, and such
   a move is one moved operation, not a removal plus an addition.

A pair whose path differs is *moved*; a pair with the same path whose method, scopes or maturity
differ is *changed*; the rest are *unchanged*::

    diff = diff_operations(read_side("old.json"), read_side("new.json"))
    diff.counts()   # {'added': 94, 'removed': 2, 'moved': 147, 'changed': 0, 'unchanged': 2}
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from registry.errors import UsageError, display_path

#: Fields compared between the two operations of a pair (``path`` makes a pair *moved*).
COMPARED = ("method", "path", "scopes", "maturity")
_VERSION_SEGMENT = re.compile(r"^/api/v\d+/")


@dataclass(frozen=True)
class Operation:
    """One operation as the diff sees it."""

    id: str
    method: str
    path: str
    operation_id: str | None
    scopes: tuple[str, ...]
    maturity: str

    def view(self) -> dict[str, Any]:
        return {"id": self.id, "method": self.method, "path": self.path, "operation_id": self.operation_id,
                "scopes": list(self.scopes), "maturity": self.maturity}


@dataclass(frozen=True)
class Side:
    """One side of a diff: a label for people, what it is (``spec`` or ``dataset``) and its operations."""

    label: str
    kind: str
    operations: list[Operation]


@dataclass(frozen=True)
class Pair:
    """An operation present on both sides, how it was paired, and what differs."""

    old: Operation
    new: Operation
    paired_by: str  # operationId | method+path | move
    changes: tuple[tuple[str, Any, Any], ...]

    @property
    def kind(self) -> str:
        if any(f == "path" for f, _, _ in self.changes):
            return "moved"
        return "changed" if self.changes else "unchanged"


@dataclass
class Diff:
    """The result of ``diff_operations``."""

    old: Side
    new: Side
    added: list[Operation] = field(default_factory=list)
    removed: list[Operation] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Pair]:
        return [p for p in self.pairs if p.kind == kind]

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "removed": len(self.removed), "moved": len(self.of_kind("moved")),
                "changed": len(self.of_kind("changed")), "unchanged": len(self.of_kind("unchanged"))}


def read_side(location: str | Path) -> Side:
    """Read a spec file or a dataset directory into a ``Side``; raises ``SpecError``/``DataError``/``UsageError``."""
    p = Path(location)
    if p.is_dir():
        from registry.loading.loader import load_registry

        reg = load_registry(p)
        ops = [Operation(ep.id, ep.method, ep.path or "", ep.operation_id, tuple(ep.scopes), ep.maturity)
               for ep in reg.endpoints.values() if ep.api == "xentral" and ep.status != "removed" and ep.path]
        return Side(display_path(p), "dataset", ops)
    if not p.exists():
        raise UsageError(f"{display_path(p)}: no such file or directory (expected a spec file or a dataset directory).")
    from registry.loading.openapi import operations, read_spec

    spec = read_spec(p)
    ops = [Operation(r["id"], r["method"], r["path"], r.get("operation_id"), tuple(r.get("scopes", ())),
                     r.get("maturity", "stable")) for r in operations(spec)]
    return Side(f"{display_path(p)} ({spec.title} {spec.version})", "spec", ops)


def diff_operations(old: Side, new: Side) -> Diff:
    """Pair the operations of two sides (see the module docstring) and sort out what changed."""
    result = Diff(old, new)
    left, right = list(old.operations), list(new.operations)

    def pair(key: Any, how: str, unique: bool = False) -> None:
        nonlocal left, right
        index: dict[Any, list[Operation]] = {}
        for op in right:
            k = key(op)
            if k is not None:
                index.setdefault(k, []).append(op)
        if unique:
            counts: dict[Any, int] = {}
            for op in left:
                k = key(op)
                counts[k] = counts.get(k, 0) + 1
        taken: set[int] = set()
        rest: list[Operation] = []
        for op in left:
            k = key(op)
            candidates = [c for c in index.get(k, []) if id(c) not in taken] if k is not None else []
            if not candidates or (unique and (counts[k] != 1 or len(index[k]) != 1)):
                rest.append(op)
                continue
            match = candidates[0]
            taken.add(id(match))
            result.pairs.append(Pair(op, match, how, _changes(op, match)))
        left, right = rest, [op for op in right if id(op) not in taken]

    pair(lambda op: op.operation_id, "operationId")
    pair(lambda op: (op.method, op.path), "method+path")
    pair(lambda op: (op.method, _VERSION_SEGMENT.sub("/api/", op.path)), "move", unique=True)
    result.removed, result.added = left, right
    result.pairs.sort(key=lambda p: (p.new.path, p.new.method))
    result.added.sort(key=lambda op: (op.path, op.method))
    result.removed.sort(key=lambda op: (op.path, op.method))
    return result


def _changes(old: Operation, new: Operation) -> tuple[tuple[str, Any, Any], ...]:
    out = []
    for name in COMPARED:
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            out.append((name, list(a) if isinstance(a, tuple) else a, list(b) if isinstance(b, tuple) else b))
    return tuple(out)


def diff_view(diff: Diff) -> dict[str, Any]:
    """The diff as plain data: the documented JSON output of ``xreg diff`` (``format_version`` 1)."""

    def pair_view(p: Pair) -> dict[str, Any]:
        return {"old": p.old.view(), "new": p.new.view(), "paired_by": p.paired_by,
                "changes": [{"field": f, "old": a, "new": b} for f, a, b in p.changes]}

    return {
        "format_version": 1,
        "old": {"label": diff.old.label, "kind": diff.old.kind, "operations": len(diff.old.operations)},
        "new": {"label": diff.new.label, "kind": diff.new.kind, "operations": len(diff.new.operations)},
        "counts": diff.counts(),
        "added": [op.view() for op in diff.added],
        "removed": [op.view() for op in diff.removed],
        "moved": [pair_view(p) for p in diff.of_kind("moved")],
        "changed": [pair_view(p) for p in diff.of_kind("changed")],
    }
