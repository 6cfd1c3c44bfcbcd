"""Did-you-mean for the matcher's misses: slash and case variants, the current API for index.php calls,
similar action names and similar paths. Computed only when a caller reads ``Unmatched.suggestions``.

Similarity is ``difflib``'s ratio (a similar path at least 0.75, a similar action name 0.8, 0.6 for a
historic hash call's action), worked out only for the templates and names that ``rapidfuzz``'s
``fuzz.ratio`` lets through: that ratio (``2 * LCS / (len(a) + len(b))``) is never below difflib's,
whose matching blocks are a common subsequence, so the filter drops nothing difflib would keep and the
suggestions are difflib's, at a C-level pass over the templates. Both are imported on the first
suggestion, so ``xreg check`` of a hit never loads them.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from registry.matching.results import Match, Suggestion, shown_template
from registry.matching.templates import parse_fastroute, parse_openapi
from registry.matching.urls import ParsedUrl

if TYPE_CHECKING:
    from registry.matching.matcher import Matcher
    from registry.models import Endpoint


_BOUND_SLACK = 0.999  # (a bound compared in floating point: never let a tie fall below the cutoff)


class Suggester:
    """The suggestions of one ``Matcher`` (it resolves the variants it tries)."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self._case_index: list[tuple[Endpoint, str, str]] | None = None
        self._segments: list[tuple[Any, tuple[str, ...], tuple[int, ...]]] | None = None

    def suggest(self, method: str, parsed: ParsedUrl, route: str, method_known: bool = False) -> tuple[Suggestion, ...]:
        """Did-you-mean: slash and case variants, the current API for index.php calls, similar names."""
        out: list[Suggestion] = []

        def add(ep: Endpoint, reason: str) -> None:
            if len(out) < 5 and not any(s.endpoint.id == ep.id for s in out):
                out.append(Suggestion(ep, reason))

        def try_route(other: str, reason: str) -> None:
            res = self.matcher._resolve_route(method, other, parsed)
            if isinstance(res, Match):
                add(res.endpoint, reason)

        if "//" in route:
            try_route(re.sub("/{2,}", "/", route), "without the double slash (paths are matched exactly)")
        if len(route) > 1 and route.endswith("/"):
            try_route(route.rstrip("/") or "/", "without the trailing slash (a trailing slash is significant)")
        elif not route.endswith("/"):
            try_route(route + "/", "with a trailing slash (a trailing slash is significant)")
        if parsed.entry in ("index-php", "path-query"):
            res = self.matcher._resolve_route(method, route, parsed, "mount")
            if isinstance(res, Match) and res.form.startswith("current"):
                add(res.endpoint, "the current API is not served through the legacy /api/index.php entry point; "
                                  f"call /api{route}")
        for ep in self.case_matches(method, route):
            add(ep, "differs only in upper/lower case (paths are case-sensitive)")
        if len(route) > 1 and "/" not in route[1:]:
            for name in self._close_actions(route[1:], 80):
                add(self.matcher._actions[name], "a Standard API action with a similar name")
        if method_known:
            return tuple(out)
        from difflib import SequenceMatcher

        from rapidfuzz.fuzz import ratio

        scored = []
        low = route.lower()
        segs = route.split("/")
        for cand, pieces, holes in self._templates():
            if cand.method != method and not (method == "HEAD" and cand.method == "GET"):
                continue
            if holes:  # each whole-segment placeholder replaced by the request's segment there
                filled = list(pieces)
                for i in holes:
                    if i < len(segs):
                        filled[i] = segs[i]
                text = "/".join(filled).lower()
            else:
                text = pieces[0]
            if ratio(low, text, score_cutoff=_BOUND_SLACK * 75):  # (an upper bound of difflib's ratio)
                score = SequenceMatcher(None, low, text).ratio()
                if score >= 0.75:
                    scored.append((-score, cand.order, cand.endpoint))
        for _score, _order, ep in sorted(scored, key=lambda t: (t[0], t[1]))[:3]:
            add(ep, "a similar path")
        return tuple(out)

    def suggest_action(self, action: str) -> tuple[Suggestion, ...]:
        """Standard API actions with a name like ``action``."""
        return tuple(Suggestion(self.matcher._actions[n], "a Standard API action with a similar name")
                     for n in self._close_actions(action, 60))

    def _close_actions(self, name: str, cutoff: int) -> list[str]:
        """The (lower-case) action names most like ``name`` (``difflib.get_close_matches``, with the bound first)."""
        from difflib import get_close_matches

        from rapidfuzz.fuzz import ratio
        from rapidfuzz.process import extract

        low = name.lower()
        near = [n for n, _score, _i in extract(low, list(self.matcher._actions), scorer=ratio, score_cutoff=_BOUND_SLACK * cutoff,
                                               limit=None)]
        return get_close_matches(low, near, n=3, cutoff=cutoff / 100)

    def _templates(self) -> list[tuple[Any, tuple[str, ...], tuple[int, ...]]]:
        """Every template as its segments below ``/api`` and where its whole-segment placeholders are, made once
        (a template without such placeholders as one lower-case text)."""
        if self._segments is None:
            made = []
            for trie in (*self.matcher._current, *self.matcher._legacy):
                base = "/api" if trie.kind == "openapi" else ""
                for cand in trie.candidates:
                    template = shown_template(cand.endpoint)[len(base):] if base else cand.endpoint.path or ""
                    pieces = tuple(template.split("/"))
                    holes = tuple(i for i, seg in enumerate(pieces) if seg.startswith("{") and seg.endswith("}"))
                    made.append((cand, pieces if holes else (template.lower(),), holes))
            self._segments = made
        return self._segments

    def case_matches(self, method: str, route: str) -> list[Endpoint]:
        """Endpoints of ``method`` whose template matches ``route`` (or ``/v1`` + route) ignoring case.

        A template's regex is compiled only when the route starts with the template's literal prefix
        (compared in lower case, exact for ASCII routes; other routes try every template).
        """
        if self._case_index is None:
            index = []
            for trie in (*self.matcher._current, *self.matcher._legacy):
                for cand in trie.candidates:
                    ep = cand.endpoint
                    base = "/api" if trie.kind == "openapi" else ""
                    template = (ep.path or "")[len(base):] if base and (ep.path or "").startswith(base) else ep.path or ""
                    variants = parse_fastroute(template) if trie.kind == "fastroute" else [parse_openapi(template)]
                    for parts in variants:
                        rx = "".join(re.escape(p) if isinstance(p, str) else f"(?:{ep.params.get(p.name, p.regex)})" for p in parts)
                        prefix = parts[0].lower() if parts and isinstance(parts[0], str) else ""
                        index.append((ep, prefix, rx))
            self._case_index = index
        ascii_route = route.isascii()
        low, low_v1 = route.lower(), "/v1" + route.lower()
        found = []
        for ep, prefix, rx in self._case_index:
            if ep.method != method:
                continue
            if ascii_route and not (low.startswith(prefix) or low_v1.startswith(prefix)):
                continue
            pattern = re.compile(rx, re.IGNORECASE)  # re's own cache keeps the few compiled here
            if pattern.fullmatch(route) or pattern.fullmatch("/v1" + route):
                found.append(ep)
        return found
