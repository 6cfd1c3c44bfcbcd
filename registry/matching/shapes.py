"""Whether a dataset answers the same for every all-digit path segment, so big logs may group by call shape.

An access log of a busy integration holds the same call with thousands of ids::

    GET /api/v1/products/17        GET /api/v1/products/5        GET /api/v1/products/00042

The reader can count these as one *call shape* (``GET /api/v1/products/<digits>``) instead of one
entry per id, which keeps its memory flat, but only when the answer cannot depend on which digits
stand there::

    digit_segments_uniform(reg)   # True for the shipped dataset

The rule (what a reader may generalise): an *all-digit segment* is a maximal run of ASCII digits
between ``/`` and ``/``, ``?``, ``#`` or the end of the path, or the same inside the value of a
``path=`` query parameter (the ``/api/index.php?path=/v1/…`` entry point). It is sound when:

- no template has a literal segment that is all digits (``/v1/reports/2024``), and no segment that
  mixes a placeholder with literal digits (``/v{n}1``) or holds two placeholders and no other
  literal (``/{year}{month}``);
- no Standard API action name is all digits (``/api/<Action>`` is one segment);
- every placeholder regex, the ``Endpoint.params`` constraints included, gives the same answer
  (match or no match) for every digit string of a sample: lengths 1 to 25, with and without leading
  zeros; a regex that can span ``/`` (``{articlenumber:.+}``) is also tried with the digits after,
  before and between other segments.

The sample is a check, not a proof: a regex that treats some digit strings apart from all of these
(``[1-5]\\d*`` is caught, ``\\d{26}`` is not) would need a longer sample. The matcher reads no other
property of a digit segment (its URL forms look at ``v<digits>``, host names and ``index.php``, none of
which is all digits).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable, Iterable

from registry.matching.templates import Param, Part, TemplateError, can_span_segments, parse_fastroute, parse_openapi

_DIGITS = frozenset("0123456789")


def _digit_sample() -> tuple[str, ...]:
    out = ["0", "00", "000"]
    for length in range(1, 26):
        plain = "".join(str((i * 7 + 3) % 9 + 1) for i in range(length))  # no zero: never a leading zero
        out += [plain, "0" + plain[1:], "9" * length, "1" + "0" * (length - 1)]
    return tuple(dict.fromkeys(out))


#: Digit strings every placeholder regex must agree on.
DIGIT_SAMPLE = _digit_sample()
# Contexts for regexes that can span segments: the digits alone, after, before and between other segments.
_CONTEXTS = (("", ""), ("a/", ""), ("", "/a"), ("a/", "/a"), ("AB-1/", ""), ("x.y/", "/z-1"))


def digit_segments_uniform(reg: Any) -> bool:
    """True when every endpoint of ``reg`` answers the same for every all-digit path segment (see the module doc).

    Computed once per dataset and kept in ``reg.derived`` (the loader computes it before caching).
    """
    derived = getattr(reg, "derived", {})  # a Registry has it; a stand-in built by hand may not
    if "digit_segments_uniform" not in derived:
        derived["digit_segments_uniform"] = _digit_segments_uniform(reg)
    return derived["digit_segments_uniform"]


def _digit_segments_uniform(reg: Any) -> bool:
    for api_syntax, ep in _endpoints(reg):
        if api_syntax == "action" or ep.path is None:
            if ep.action is not None and ep.action.isdigit():
                return False
            continue
        try:
            variants = parse_fastroute(ep.path) if api_syntax == "fastroute" else [parse_openapi(ep.path)]
        except TemplateError:
            continue  # the loader reports it; the matcher never uses it
        constraints = dict(ep.params or {})
        for parts in variants:
            if not _parts_uniform(parts, constraints):
                return False
    return True


def _endpoints(reg: Any) -> Iterable[tuple[str, Any]]:
    syntax = {api.id: api.template_syntax for api in reg.apis.values()}
    for ep in reg.endpoints.values():
        yield syntax.get(ep.api, "fastroute"), ep


def _parts_uniform(parts: list[Part], constraints: dict[str, str]) -> bool:
    """The template's segments, read left to right: literal text split at ``/``, placeholders in between."""
    segment: list[Part] = []
    for part in parts:
        if isinstance(part, Param):
            regex = constraints.get(part.name, part.regex)
            if can_span_segments(regex):
                if not regex_uniform(regex) or not _segment_uniform(segment):
                    return False
                segment = []  # what follows starts wherever the spanning value ends
                continue
            segment.append(Param(part.name, regex))
            continue
        pieces = part.split("/")
        for i, piece in enumerate(pieces):
            if i > 0:
                if not _segment_uniform(segment):
                    return False
                segment = []
            if piece:
                segment.append(piece)
    return _segment_uniform(segment)


def _segment_uniform(segment: list[Part]) -> bool:
    literal = "".join(p for p in segment if isinstance(p, str))
    params = [p for p in segment if isinstance(p, Param)]
    if not params:
        return not (literal and set(literal) <= _DIGITS)
    if any(ch not in _DIGITS for ch in literal):
        return True  # a non-digit literal never matches an all-digit segment
    if literal or len(params) > 1:
        return False  # '1{x}', '{year}{month}': how the digits split decides
    return regex_uniform(params[0].regex)


@lru_cache(maxsize=1024)
def regex_uniform(regex: str) -> bool:
    """True when ``regex`` (a placeholder's) matches all of ``DIGIT_SAMPLE`` or none, in every context it can span."""
    try:
        rx = re.compile(f"(?:{regex})")
    except re.error:
        return False
    contexts = _CONTEXTS if can_span_segments(regex) else _CONTEXTS[:1]
    for before, after in contexts:
        answers = {rx.fullmatch(f"{before}{d}{after}") is not None for d in DIGIT_SAMPLE}
        if len(answers) > 1:
            return False
    return True


def endpoint_class(reg: Any) -> Callable[[str, str], str | None]:
    """The class of a call for the access-log reader: the id of the endpoint it resolves to, or None.

    The advisor merges the calls of one endpoint (and auth) into one row, so a reader may count the
    calls of an endpoint beyond its first 50 together (``registry.inputs.log_counter``).
    """
    resolve = reg.resolve

    def classify(method: str, url: str) -> str | None:
        endpoint = resolve(method, url).endpoint
        return endpoint.id if endpoint is not None else None

    return classify
