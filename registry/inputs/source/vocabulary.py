"""What counts as Xentral in code: the Standard API's action names and the ``<version>/<group>`` roots."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# Legacy REST route groups without a version segment (route table REF-ROUTES: /shopimport/*, /opentrans/*).
UNVERSIONED_ROOTS = frozenset({"shopimport", "opentrans"})


@dataclass(frozen=True)
class Vocabulary:
    """What counts as Xentral in code: Standard API action names and ``<version>/<group>`` roots."""

    actions: frozenset[str]
    roots: frozenset[str] = field(default_factory=frozenset)  # "v1/adressen", "v3/salesOrders", "shopimport"

    @classmethod
    def from_registry(cls, reg: object) -> Vocabulary:
        """Build from a loaded ``Registry``: the closed action list and the first path segments."""
        actions = frozenset(ep.action for ep in reg.select(api=["standard"]) if ep.action)  # type: ignore[attr-defined]
        roots = set(UNVERSIONED_ROOTS)
        for ep in reg.endpoints.values():  # type: ignore[attr-defined]
            if not ep.path:
                continue
            segs = [s for s in ep.path.split("/") if s]
            if segs and segs[0] == "api":
                segs = segs[1:]
            if len(segs) >= 2 and re.fullmatch(r"v\d+", segs[0]) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", segs[1]):
                roots.add(f"{segs[0]}/{segs[1]}")
        return cls(actions=actions, roots=frozenset(roots))


def default_vocabulary() -> Vocabulary:
    """The vocabulary of the shipped dataset (loads it: pass your own to avoid that)."""
    import registry

    return Vocabulary.from_registry(registry.load())
