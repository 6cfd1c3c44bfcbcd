"""Did-you-mean for the matcher's misses: slash and case variants, the current API for index.php calls,
similar action names and similar paths. Computed only when a caller reads ``Unmatched.suggestions``.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from registry.matching.results import Match, Suggestion, shown_template
from registry.matching.templates import parse_fastroute, parse_openapi
from registry.matching.urls import ParsedUrl

if TYPE_CHECKING:
    from registry.matching.matcher import Matcher
    from registry.models import Endpoint


class Suggester:
    """The suggestions of one ``Matcher`` (it resolves the variants it tries)."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self._case_index: list[tuple[Endpoint, str, str]] | None = None

    def suggest(self, method: str, parsed: ParsedUrl, route: str, method_known: bool = False) -> tuple[Suggestion, ...]:
        """Did-you-mean: slash and case variants, the current API for index.php calls, similar names."""
        import difflib

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
            for name in difflib.get_close_matches(route[1:].lower(), list(self.matcher._actions), n=3, cutoff=0.8):
                add(self.matcher._actions[name], "a Standard API action with a similar name")
        if method_known:
            return tuple(out)
        scored = []
        low = route.lower()
        bound = difflib.SequenceMatcher(None, "", low)  # the route as seq2: indexed once, for the bounds
        for trie in (*self.matcher._current, *self.matcher._legacy):
            base = "/api" if trie.kind == "openapi" else ""
            for cand in trie.candidates:
                if cand.method != method and not (method == "HEAD" and cand.method == "GET"):
                    continue
                text = _fill(shown_template(cand.endpoint)[len(base):] if base else cand.endpoint.path or "", route)
                text = text.lower()
                bound.set_seq1(text)
                # the quick ratios (symmetric upper bounds of ratio()) rule most templates out cheaply
                if bound.real_quick_ratio() >= 0.75 and bound.quick_ratio() >= 0.75:
                    ratio = difflib.SequenceMatcher(None, low, text).ratio()
                    if ratio >= 0.75:
                        scored.append((-ratio, cand.order, cand.endpoint))
        for _score, _order, ep in sorted(scored, key=lambda t: (t[0], t[1]))[:3]:
            add(ep, "a similar path")
        return tuple(out)

    def suggest_action(self, action: str) -> tuple[Suggestion, ...]:
        """Standard API actions with a name like ``action``."""
        import difflib

        return tuple(Suggestion(self.matcher._actions[n], "a Standard API action with a similar name")
                     for n in difflib.get_close_matches(action.lower(), list(self.matcher._actions), n=3, cutoff=0.6))

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


def _fill(template: str, route: str) -> str:
    """The template with each whole-segment placeholder replaced by the request's segment there."""
    segs = route.split("/")
    out = []
    for i, seg in enumerate(template.split("/")):
        if seg.startswith("{") and seg.endswith("}") and i < len(segs):
            out.append(segs[i])
        else:
            out.append(seg)
    return "/".join(out)
