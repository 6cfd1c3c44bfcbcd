"""The matcher's memo by call shape: one answer for every request that differs only in its digits.

A log repeats each call with many ids (``GET /api/v1/adressen/17``, ``…/adressen/52``, ``…/x104``). The
*shape* of a URL is the URL with every ASCII digit 1-9 written as ``0`` (``/api/v0/adressen/00``); the
translation keeps lengths and every other character, so it is one C-level pass (``shape_of``). When no
answer of the dataset can tell two digits apart, the matcher remembers the answer per shape and fills
in the request's own values: its URL, its route, placeholder values and near misses read from its
segments.

``digits_uniform`` decides that once per dataset, as a proof on the parsed regexes (not a sample):
every placeholder regex (a whole segment's, a segment that mixes text and placeholders, a tail that
spans segments) treats all ten digits alike: no digit as a literal, every character class holds all
digits or none, no back-reference. Such a regex answers the same, with the same group spans, for two
strings that differ only in which digits stand where. Literal segments and Standard API action names
that contain digits (``v1``, ``v3``) are the one way two shapes-alike requests can differ:
``digit_literals`` lists their shapes, and the matcher checks a request's segment of such a shape
letter for letter against the request the answer was made for.
"""
from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    from re import _parser as _sre
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre  # type: ignore[no-redef]

#: ``bytes.translate`` table of a shape: ASCII digits 1-9 become ``0``.
DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")

_DIGITS = "0123456789"
# What a character-class category holds of the digits: all (True) or none (False).
_CATEGORY_HOLDS_DIGITS = {"CATEGORY_DIGIT": True, "CATEGORY_NOT_DIGIT": False, "CATEGORY_WORD": True,
                          "CATEGORY_NOT_WORD": False, "CATEGORY_SPACE": False, "CATEGORY_NOT_SPACE": True}


def shape_of(text: str) -> bytes:
    """``/api/v1/adressen/17`` -> ``b"/api/v0/adressen/00"`` (UTF-8; every other byte unchanged)."""
    return text.encode("utf-8", "surrogatepass").translate(DIGITS_TO_ZERO)


def digits_uniform(tries: list[Any]) -> bool:
    """True when every placeholder regex of these tries treats all ASCII digits alike (see the module)."""
    patterns: set[str] = set()
    for trie in tries:
        for cand in trie.candidates:
            patterns.update(fullmatch.__self__.pattern for _p, fullmatch, _n, _names, _r in cand.checks)
            if cand.tail is not None:
                patterns.add(cand.tail[1].__self__.pattern)
    return all(digit_blind(p) for p in patterns)


def digit_literals(tries: list[Any], actions: dict[str, Any]) -> frozenset[str]:
    """The shapes (lower case) of every literal segment and action name that contains a digit."""
    out: set[str] = {shape_of(name.lower()).decode() for name in actions if _has_digit(name)}
    for trie in tries:
        _collect_literals(trie.root, out)
    return frozenset(out)


def _collect_literals(node: Any, out: set[str]) -> None:
    for text, child in node.static.items():
        if _has_digit(text):
            out.add(shape_of(text.lower()).decode())
        _collect_literals(child, out)
    if node.param is not None:
        _collect_literals(node.param, out)


def _has_digit(text: str) -> bool:
    return any(d in text for d in _DIGITS)


def digit_blind(pattern: str) -> bool:
    """True when the regex answers alike for strings that differ only in their digits (parsed, not sampled)."""
    try:
        return _blind(_sre.parse(pattern))
    except (re.error, TypeError, ValueError):
        return False


def _blind(items: Any) -> bool:
    for op, av in items:
        kind = str(op)
        if kind in ("LITERAL", "NOT_LITERAL"):
            if chr(av) in _DIGITS:
                return False
        elif kind == "IN":
            holds = {_class_holds(av, d) for d in _DIGITS}
            if len(holds) != 1 or None in holds:
                return False
        elif kind in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            if not _blind(av[2]):
                return False
        elif kind == "SUBPATTERN":
            if not _blind(av[-1]):
                return False
        elif kind in ("ASSERT", "ASSERT_NOT"):
            if not _blind(av[1]):
                return False
        elif kind == "ATOMIC_GROUP":
            if not _blind(av):
                return False
        elif kind == "BRANCH":
            if not all(_blind(branch) for branch in av[1]):
                return False
        elif kind not in ("ANY", "AT"):
            return False  # a back-reference, a conditional group, or something unknown: not proven
    return True


def _class_holds(items: Any, digit: str) -> bool | None:
    """Whether a parsed character class holds ``digit`` (None: a part this check does not know)."""
    negate, hit = False, False
    for op, av in items:
        kind = str(op)
        if kind == "NEGATE":
            negate = True
        elif kind == "LITERAL":
            hit = hit or chr(av) == digit
        elif kind == "RANGE":
            hit = hit or av[0] <= ord(digit) <= av[1]
        elif kind == "CATEGORY" and str(av) in _CATEGORY_HOLDS_DIGITS:
            hit = hit or _CATEGORY_HOLDS_DIGITS[str(av)]
        else:
            return None
    return hit != negate


def value_slices(cand: Any, shift: int, url: str, bounds: list[tuple[int, int]],
                 end: int) -> tuple[tuple[str, int, int], ...] | None:
    """Where each placeholder value of ``cand`` sits in ``url``: ``(name, start, stop)``, in ``params`` order.

    ``bounds`` are where the route's segments start and stop in ``url``, ``end`` where the route stops;
    ``shift`` is 1 when the walk put the ``/v1`` an unversioned path stands for in front. A placeholder
    sharing its segment with text, or a tail spanning segments, gives its regex groups' spans, which a
    digit-blind regex keeps for every string of the same shape. None when a value has no place in the
    URL (a placeholder at that ``/v1``, a group that took no part in the match).
    """
    out: list[tuple[str, int, int]] = []
    parts = [(pos, fullmatch, name, names, False) for pos, fullmatch, name, names, _r in cand.checks]
    if cand.tail is not None:
        pos, fullmatch, names, _r = cand.tail
        parts.append((pos, fullmatch, None, names, True))
    for pos, fullmatch, name, names, tail in parts:
        i = pos - shift
        if i < 0:
            return None
        at, stop = bounds[i]
        if tail:
            stop = end
        if name is not None:
            out.append((name, at, stop))
            continue
        m = fullmatch(url[at:stop])
        if m is None:
            return None
        for group, group_name in enumerate(names, start=1):
            first, last = m.span(group)
            if first < 0:
                return None
            out.append((group_name, at + first, at + last))
    return tuple(out)
