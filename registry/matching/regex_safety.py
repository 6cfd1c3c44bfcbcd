"""Find template regexes that can backtrack catastrophically before they ever see a request.

A dataset (a user's own ``--data`` too) carries regexes in FastRoute templates and in parameter
constraints; the matcher runs them against every path of a log. The classic exponential patterns nest
an unbounded repeat inside another repeat, or repeat an alternation whose branches overlap::

    backtracking_risk(r"\\d+")          -> None
    backtracking_risk(r"(\\w+)+")       -> "an unbounded repeat nested inside another repeat"
    backtracking_risk(r"(a|a)*")        -> "a repeated alternation whose branches can match the same text"
    backtracking_risk(r"\\d*\\d*\\d*x")    -> "unbounded repeats side by side that can match the same text"
    backtracking_risk(r"[a-z]+\\d+")      -> None

It reads the regex's parse tree (``re._parser``; ``sre_parse`` before 3.11), so it is cheap and exact
about structure; it is a conservative structural check, not a proof.
"""
from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    import re._constants as _c  # type: ignore[import-not-found]
    import re._parser as _p  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_ANYTHING = re.compile(".", re.S)
_CATEGORIES = {_c.CATEGORY_DIGIT: re.compile(r"\d"), _c.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
               _c.CATEGORY_WORD: re.compile(r"\w"), _c.CATEGORY_NOT_WORD: re.compile(r"\W"),
               _c.CATEGORY_SPACE: re.compile(r"\s"), _c.CATEGORY_NOT_SPACE: re.compile(r"\S")}

# Possessive repeats and atomic groups (Python 3.11+) never backtrack into their body: safe.
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}
_UNBOUNDED = _c.MAXREPEAT


def backtracking_risk(regex: str) -> str | None:
    """Why ``regex`` can backtrack catastrophically, or ``None`` when its structure is safe."""
    try:
        tree = _p.parse(regex)
    except Exception:  # noqa: BLE001 - an invalid regex is reported elsewhere
        return None
    return _walk(list(tree), inside_repeat=False, icase=bool(tree.state.flags & _c.SRE_FLAG_IGNORECASE))


def _walk(items: list[Any], inside_repeat: bool, icase: bool = False) -> str | None:
    if _adjacent_overlapping_repeats(items, icase):
        return "unbounded repeats side by side that can match the same text"
    for op, arg in items:
        if op in _REPEATS:
            low, high, body = arg
            body = list(body)
            if inside_repeat and high == _UNBOUNDED and _can_repeat_text(body):
                return "an unbounded repeat nested inside another repeat"
            if high > 1 and _overlapping_branches(body):
                return "a repeated alternation whose branches can match the same text"
            found = _walk(body, inside_repeat or high > 1, icase)
            if found:
                return found
        elif op == _c.SUBPATTERN:
            found = _walk(list(arg[-1]), inside_repeat, _icase(arg, icase))
            if found:
                return found
        elif op == _c.BRANCH:
            for branch in arg[1]:
                found = _walk(list(branch), inside_repeat, icase)
                if found:
                    return found
    return None


def _adjacent_overlapping_repeats(items: list[Any], icase: bool = False) -> bool:
    """Whether two unbounded repeats follow each other (with only optional items between them) and can
    match the same character: ``\\d*\\d*\\d*x`` tries every way to split a run of digits among them, a
    polynomial number of ways that grows with each further repeat, on a URL of up to 8190 characters."""
    previous: frozenset[int] | None = None  # the characters the last unbounded repeat can match
    for op, arg in items:
        if op in _REPEATS:
            low, high, body = arg
            chars = _chars_of(list(body), icase)
            if high == _UNBOUNDED:
                if previous is not None and previous & chars:
                    return True
                previous = chars
                continue
            if low == 0:
                continue  # an optional item: the repeats around it still meet
        if _nullable([(op, arg)]):
            continue  # an item that can match nothing ('(?:-|)', '\\b'): the repeats around it still meet
        previous = None
    return False


def _icase(subpattern: Any, icase: bool) -> bool:
    """Whether ``(?i)`` holds inside a group, from the flags it adds and removes."""
    add, remove = subpattern[1], subpattern[2]
    return bool(add & _c.SRE_FLAG_IGNORECASE) or icase and not remove & _c.SRE_FLAG_IGNORECASE


def _nullable(items: list[Any]) -> bool:
    """Whether a sequence of parse items can match the empty string."""
    for op, arg in items:
        if op in _REPEATS:
            if arg[0] > 0 and not _nullable(list(arg[2])):
                return False
        elif op == _c.SUBPATTERN:
            if not _nullable(list(arg[-1])):
                return False
        elif op == _c.BRANCH:
            if not any(_nullable(list(b)) for b in arg[1]):
                return False
        elif op != _c.AT:
            return False
    return True


#: The characters a single-character item is tested on: ASCII and one character beyond it.
_SAMPLE = [chr(i) for i in range(128)] + ["\u00e9"]


_EVERY = frozenset(range(len(_SAMPLE)))


def _chars_of(body: list[Any], icase: bool = False) -> frozenset[int]:
    """The sample characters a repeat's body can start with (every one, where that is not clear)."""
    if not body:
        return _EVERY
    op, arg = body[0]
    if op == _c.SUBPATTERN:
        inner = list(arg[-1])
        first = _chars_of(inner, _icase(arg, icase))
        return first | _chars_of(body[1:], icase) if _nullable(inner) else first
    if op == _c.BRANCH:
        return frozenset().union(*(_chars_of(list(b) + body[1:], icase) for b in arg[1]))
    if op in _REPEATS:
        low, _high, inner = arg
        first = _chars_of(list(inner), icase)
        return first if low > 0 else first | _chars_of(body[1:], icase)
    if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN, _c.RANGE, _c.CATEGORY):
        # Under (?i) either case counts: '[a-z]' then matches 'A' too.
        return frozenset(i for i, ch in enumerate(_SAMPLE)
                         if _matches(op, arg, ch) or icase and _matches(op, arg, ch.swapcase()))
    return _EVERY


def _matches(op: Any, arg: Any, ch: str) -> bool:
    if op == _c.LITERAL:
        return ord(ch) == arg
    if op == _c.NOT_LITERAL:
        return ord(ch) != arg
    if op == _c.ANY:
        return ch != "\n"
    if op == _c.RANGE:
        return arg[0] <= ord(ch) <= arg[1]
    if op == _c.CATEGORY:
        return bool(_CATEGORIES.get(arg, _ANYTHING).fullmatch(ch))
    if op == _c.IN:
        negate = bool(arg) and arg[0][0] == _c.NEGATE
        hit = any(_matches(o, a, ch) for o, a in (arg[1:] if negate else arg))
        return hit != negate
    return True  # anything else: assume it can


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
