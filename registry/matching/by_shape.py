"""The matcher's memo by call shape: one answer for every request that differs only in its all-digit segments.

A log repeats each call with many ids (``GET /api/v1/adressen/17``, ``…/adressen/5``, ``…/00042``). When
no answer of the dataset can depend on which digits stand in a segment, the matcher remembers the
answer per *shape* (``GET /api/v1/adressen/#``) and fills in the request's own values: its URL, its
route and the placeholders read from its segments.

An *all-digit segment* is a run of ASCII digits between ``/`` and ``/`` or the end of the path. The
memo is used only when ``digits_uniform`` holds for the built tries, which it checks once:

- no literal segment of any template, and no Standard API action, is all digits;
- every placeholder check (a whole segment's regex, a segment that mixes text and placeholders, a
  tail that spans segments) answers the same for every digit string of a sample: lengths 1 to 25,
  with and without leading zeros (a tail also with the digits after, before and between other
  segments).

The sample is a check, not a proof (``\\d{26}`` would pass it and still tell 26 digits apart). Only
answers whose placeholders are whole segments are remembered by shape (values are copied from the
request's segments); a tail or a segment like ``{id}.json`` is left to the walk every time.
"""
from __future__ import annotations

import re
from typing import Any

#: ``/17`` in ``/api/v1/adressen/17/`` (the mark ``/#`` stands for it in a shape; ``#`` never reaches here).
DIGIT_SEGMENT = re.compile(r"/[0-9]+(?=/|\Z)")

_CONTEXTS = (("", ""), ("a/", ""), ("", "/a"), ("a/", "/a"), ("AB-1/", ""), ("x.y/", "/z-1"))


def _digit_sample() -> tuple[str, ...]:
    out = ["0", "00", "000"]
    for length in range(1, 26):
        plain = "".join(str((i * 7 + 3) % 9 + 1) for i in range(length))  # no zero, so no leading zero
        out += [plain, "0" + plain[1:], "9" * length, "1" + "0" * (length - 1)]
    return tuple(dict.fromkeys(out))


#: The digit strings every placeholder check must agree on.
DIGIT_SAMPLE = _digit_sample()


def digits_uniform(tries: list[Any], actions: dict[str, Any]) -> bool:
    """True when no answer over these tries and actions can depend on the digits of an all-digit segment."""
    if any(name.isdigit() and name.isascii() for name in actions):
        return False
    checks: dict[tuple[str, bool], Any] = {}  # one test per regex (most templates share \d+ and [^/]+)
    for trie in tries:
        if not _literals_uniform(trie.root):
            return False
        for cand in trie.candidates:
            for _p, fullmatch, _n, _names, _r in cand.checks:
                checks[(fullmatch.__self__.pattern, False)] = fullmatch
            if cand.tail is not None:
                checks[(cand.tail[1].__self__.pattern, True)] = cand.tail[1]
    return all(_uniform(fullmatch, _CONTEXTS if spans else ()) for (_rx, spans), fullmatch in checks.items())


def _literals_uniform(node: Any) -> bool:
    for text, child in node.static.items():
        if (text.isdigit() and text.isascii()) or not _literals_uniform(child):
            return False
    return node.param is None or _literals_uniform(node.param)


def _uniform(fullmatch: Any, contexts: tuple[tuple[str, str], ...]) -> bool:
    for before, after in contexts or (("", ""),):
        if len({fullmatch(f"{before}{d}{after}") is not None for d in DIGIT_SAMPLE}) > 1:
            return False
    return True


def recipe_positions(cand: Any, shift: int) -> tuple[tuple[str, int], ...] | None:
    """Where each placeholder of ``cand`` sits in ``path.split("/")`` of an ``/api/…`` path, or None.

    ``shift`` is 1 when the candidate was reached through the ``/v1`` an unversioned path stands for.
    None when a placeholder is not a whole segment (the answer is not remembered by shape).
    """
    if cand.tail is not None or any(name is None for _p, _f, name, _n, _r in cand.checks):
        return None
    return tuple((name, pos + 2 - shift) for pos, _f, name, _n, _r in cand.checks)
