"""Find template regexes that can backtrack catastrophically before they ever see a request.

A dataset (a user's own ``--data`` too) carries regexes in FastRoute templates and in parameter
constraints; the matcher runs them against every path of a log. The classic exponential patterns nest
an unbounded repeat inside another repeat, or repeat an alternation whose branches overlap::

    backtracking_risk(r"\\d+")          -> None
    backtracking_risk(r"(\\w+)+")       -> "an unbounded repeat nested inside another repeat"
    backtracking_risk(r"(a|a)*")        -> "a repeated alternation whose branches can match the same text"

It reads the regex's parse tree (``re._parser``; ``sre_parse`` before 3.11), so it is cheap and exact
about structure; it is a conservative structural check, not a proof.
"""
from __future__ import annotations

from typing import Any

try:  # Python 3.11+
    import re._constants as _c  # type: ignore[import-not-found]
    import re._parser as _p  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

# Possessive repeats and atomic groups (Python 3.11+) never backtrack into their body: safe.
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}
_UNBOUNDED = _c.MAXREPEAT


def backtracking_risk(regex: str) -> str | None:
    """Why ``regex`` can backtrack catastrophically, or ``None`` when its structure is safe."""
    try:
        tree = _p.parse(regex)
    except Exception:  # noqa: BLE001 - an invalid regex is reported elsewhere
        return None
    return _walk(list(tree), inside_repeat=False)


def _walk(items: list[Any], inside_repeat: bool) -> str | None:
    for op, arg in items:
        if op in _REPEATS:
            low, high, body = arg
            body = list(body)
            if inside_repeat and high == _UNBOUNDED and _can_repeat_text(body):
                return "an unbounded repeat nested inside another repeat"
            if high > 1 and _overlapping_branches(body):
                return "a repeated alternation whose branches can match the same text"
            found = _walk(body, inside_repeat or high > 1)
            if found:
                return found
        elif op == _c.SUBPATTERN:
            found = _walk(list(arg[-1]), inside_repeat)
            if found:
                return found
        elif op == _c.BRANCH:
            for branch in arg[1]:
                found = _walk(list(branch), inside_repeat)
                if found:
                    return found
    return None


def _can_repeat_text(body: list[Any]) -> bool:
    return any(op not in (_c.AT,) for op, _ in body)


def _overlapping_branches(body: list[Any]) -> bool:
    for op, arg in body:
        if op == _c.SUBPATTERN:
            if _overlapping_branches(list(arg[-1])):
                return True
        elif op == _c.BRANCH:
            firsts = [_first_literal(list(b)) for b in arg[1]]
            known = [f for f in firsts if f is not None]
            if len(known) != len(set(known)) or None in firsts:
                return True
        elif op == _c.IN:
            continue
    return False


def _first_literal(branch: list[Any]) -> int | None:
    if branch and branch[0][0] == _c.LITERAL:
        return branch[0][1]
    return None
