"""Resolve a concrete request (method + URL in any form) to the endpoint of the dataset it calls.

::

    reg = registry.load()
    reg.resolve("GET", "https://acme.xentral.biz/api/index.php/v1/adressen/5")
    -> Match(endpoint=<rest.adressen.get-v1-id>, api="rest", params={"id": "5"}, form="index-php-path", …)
    reg.resolve("GET", "/api/v1/products/details")
    -> Unmatched(reason="…'/api/v1/products/{id}' needs id to match \\d+, got 'details'", …)
    reg.resolve("PATCH", "/api/v1/adressen/5")
    -> MethodNotAllowed(allowed=("GET", "PUT"), …)

The URL is read by ``registry.matching.urls.parse_url``; the ``form`` of a match says how the
request reached the endpoint:

======================  ===========================================================================
form                    meaning
======================  ===========================================================================
``current``             ``/api/v1/products/5``: the current API, as its specs publish it
``current-unversioned`` ``/api/products/5``: the older unversioned path, still served but deprecated
                        (DEV-VER v25.34); resolved to the ``/api/v1/…`` endpoint it stands for (the
                        unversioned resources are the ones that moved under ``/api/v1/`` in 24.39–24.47)
``rest-path``           ``/api/v1/adressen/5`` (also ``/www/api/…``): a legacy REST route via mod_rewrite
``index-php-path``      ``/api/index.php/v1/adressen/5`` or ``/api/index.php/AuftragCreate``: no mod_rewrite
``path-query``          ``/api/index.php?path=/v1/adressen/5``: the legacy API's failsafe form
``standard-wrapper``    ``/api/AuftragCreate``: a Standard API action through the REST wrapper (Digest)
``standard-hash``       ``index.php?module=api&action=AuftragCreate&hash=…&api_id=…``: the historic call;
                        it means hash authentication, unsupported since 22.1 (HC-LEGACY)
======================  ===========================================================================

Precedence (deterministic; the property test in ``tests/matching`` checks it on every template):

1. **Within one API**, the templates are compared segment by segment from the left; at the first
   segment where they differ, a literal segment beats a placeholder, and a placeholder limited to one
   segment beats one that may span slashes (``{articlenumber:.+}``). Templates that tie (same kinds of
   segments everywhere) go by status (``active`` before ``inactive`` before ``removed``), then by
   declared order: the order of the dataset (files by name, entries as written; the legacy files keep
   the route table's order). For the legacy REST API this is FastRoute's own order (static routes
   before variable routes, then declaration order): no two variable routes of the route table match
   the same request, so segment-wise and route-wise comparison agree there.
2. **Placeholders keep their constraints**: FastRoute's ``{id:\\d+}`` and, for the current API, the
   regex the spec's schema declares (``Endpoint.params``: ``pattern``, integer, uuid). A path that
   fits a template's shape but not a constraint is a near miss, reported with the constraint.
3. **Method-aware**: a request matches only templates of its method. HEAD falls back to GET when no
   HEAD route matches (FastRoute's rule; assumed for the current API). A path known only for other
   methods answers ``MethodNotAllowed`` with the allowed methods.
4. **Across APIs** the API with the lower ``precedence`` in ``apis.yaml`` wins (``xentral``, then
   ``rest``, then ``standard``); every other API's match is returned in ``alternatives``.
5. **Standard API actions** form a closed list. FastRoute's catch-all ``/{action}`` routes of the legacy
   REST API (``data/rest/default.yaml``) never match on their own: a single-segment route resolves to
   an action only when it names one, case-insensitively as PHP dispatches method names, and the match
   reports the canonical name. ``/api/.env`` or ``/api/swagger.json`` match nothing.
6. **Slashes are exact on every API.** FastRoute compares the whole path, so a trailing slash is
   significant (``/v1/gobnavconnect`` and ``/v1/gobnavconnect/`` are two routes) and a double slash makes
   an empty segment that no placeholder accepts. For the current API Xentral's release notes say
   URL routes are no longer normalised (25.35.5, CCI-2309), so the registry is exact there too
   (inferred); an unmatched request that would match without the extra slash gets that suggestion.

Performance: a static-route dictionary per API answers literal paths in one lookup; other paths walk
a segment trie (``trie.py``: literal children by dictionary, one placeholder child, spanning tails by
regex). A request some API has a template of its method for is answered without collecting what
would explain a miss; the full walk runs only for misses and HEAD. Bounded memos follow logs:

- answers by ``(method, url)``, kept once a request comes a second time (the hashes of requests seen
  once are remembered; while hardly any comes again, only every n-th, up to the 16th), in a young and
  an old half. Keeping every one-off URL with a fresh id would
  cost more than answering it: a kept answer's memory is not reused while it is warm in the
  processor's cache, and the garbage collector walks it (holding the last 4096 first sights instead
  measured 0.5x falcon where this measures 0.8x on ``bench_matcher.py``'s distinct requests);
- answers by call shape (``by_shape.py``: the URL with its digits written ``0``, one
  ``bytes.translate``): ``/api/v1/adressen/5?page=2``, ``…/17?page=3`` and ``/api/v1/adressen/x12``, a
  miss, each share an answer with the requests of their shape, rebuilt with their own params, near
  misses, route and URL from fixed offsets (a hit as a ``SlicedMatch``, which slices them when read). A URL of a new shape whose path (before ``?``) has a known
  shape is answered from that. Used only when every placeholder regex is proven blind to which digit
  stands where, and for URLs whose route is a slice of the URL (not percent-encoded, not ``?path=``,
  no digits in an install prefix).
A URL longer than ``MAX_URL_LENGTH`` (8190, Apache's request-line limit) is refused, not matched.
"""
from __future__ import annotations

import functools
import re
import sys
from typing import TYPE_CHECKING, Any

from registry.matching.by_shape import DIGITS_TO_ZERO, digit_literals, digits_uniform, shape_of
from registry.matching.by_shape import value_slices as _spans
from registry.matching.results import (Match, MethodNotAllowed, NearMiss, Result, SlicedMatch, Suggestion, Unmatched,
                                       shown_template)
from registry.matching.suggest import Suggester
from registry.matching.templates import Param, Part, parse_fastroute, parse_openapi
from registry.matching.trie import ApiTrie, Search, status_notes
from registry.matching.urls import ParsedUrl, _first_of, parse_url, redact_url

if TYPE_CHECKING:
    from registry.dataset import Registry
    from registry.models import Endpoint
#: The longest URL the matcher reads, in characters: Apache's ``LimitRequestLine`` default (8190 bytes for
#: the whole request line; nginx's default ``large_client_header_buffers`` hold 8 KiB). A longer request
#: is refused by the server before PHP sees it, so it calls no endpoint.
MAX_URL_LENGTH = 8190
_SHOWN_OF_LONG_URL = 80  # characters of a too-long URL kept for display

_VERSION_SEGMENT = re.compile(r"v\d+")
_UPPER_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
_SHAPE_METHODS = 16  # methods with a memo by shape of their own (a log's odd methods make room)
_SHAPES = 16384  # shapes remembered per method (a shop's article numbers make one each; ~0.6 KB apiece)
_SAMPLES = 1024  # marked first sights between two looks at how many come again
_SPELLINGS = 8  # answers per shape: /api/v1/x/5, /api/v2/x/5, …
_new = object.__new__
_parsed = functools.partial(tuple.__new__, ParsedUrl)  # a ParsedUrl from all its fields, without the Python __new__
_LEGACY_FORMS = {"index-php": "index-php-path", "path-query": "path-query"}
_UNVERSIONED_NOTE = ("unversioned /api/… paths are deprecated and will be removed "
                     "(https://developer.xentral.com/v25.34/reference/versioning); this request stands for {target}")
_HEAD_NOTES = {
    "openapi": "no HEAD route: HEAD is answered by the GET route (assumed, as FastRoute and most servers do)",
    "fastroute": "no HEAD route: HEAD is answered by the GET route (FastRoute falls back to GET)",
}


# -- the matcher ------------------------------------------------------------------------------------
class Matcher:
    """Resolves requests against one ``Registry``; build once, call ``resolve`` many times.

    ``memo_size`` bounds the memo of ``(method, url)`` answers (0 turns it off). An answer is kept
    when its request comes a second time (the memo remembers the hashes of up to ``memo_size``
    requests seen once), in two halves: when the young half is full it becomes the old half (an answer
    found there moves back), and the previous old half is dropped. Requests that differ only in their digits share one answer
    *shape* (``by_shape``), at most ``min(memo_size, 16384)`` per method.
    """

    def __init__(self, registry: Registry, memo_size: int = 131072) -> None:
        self.registry = registry
        apis = sorted(registry.apis.values(), key=lambda a: (a.precedence, a.id))
        self._order = [a.id for a in apis]
        self._tries: dict[str, ApiTrie] = {}
        self._current: list[ApiTrie] = []
        self._legacy: list[ApiTrie] = []
        self._actions: dict[str, Endpoint] = {}
        self._action_api: str | None = None
        self._wrapper_methods: set[str] = set()
        self._wrapper_endpoints: list[Endpoint] = []
        by_api: dict[str, list[Endpoint]] = {a.id: [] for a in apis}
        for ep in registry.endpoints.values():
            by_api.setdefault(ep.api, []).append(ep)
        for api in apis:
            if api.template_syntax == "action":
                if self._action_api is None:
                    self._action_api = api.id
                for ep in by_api[api.id]:
                    if ep.action is not None:
                        self._actions.setdefault(ep.action.lower(), ep)
                continue
            trie = ApiTrie(api.id, api.template_syntax)
            base = api.base_path.rstrip("/")
            for index, ep in enumerate(by_api[api.id]):
                if ep.path is None:
                    continue
                variants = parse_fastroute(ep.path) if api.template_syntax == "fastroute" else [parse_openapi(ep.path)]
                if api.template_syntax == "fastroute" and _is_catch_all(variants):
                    self._wrapper_methods.add(ep.method)
                    self._wrapper_endpoints.append(ep)
                    continue
                for parts in variants:
                    trie.add(ep, parts, index, base, ep.params)
            self._tries[api.id] = trie
            (self._current if api.template_syntax == "openapi" else self._legacy).append(trie)
        self._searchers: list[tuple[str, Any]] = []
        for api in apis:
            if api.template_syntax == "action":
                if api.id == self._action_api:
                    self._searchers.append(("action", None))
            else:
                self._searchers.append((api.template_syntax, self._tries[api.id]))
        if not self._wrapper_endpoints:
            self._wrapper_methods = {"POST"}  # the docs: the wrapper always expects POST
        self._memo_size = memo_size
        self._shape_size = min(memo_size, _SHAPES)
        # The memo's halves, method -> URL -> answer (no key tuple to build and hash on a hit).
        self._kept: dict[str, dict[str, Result]] = {}  # the young half
        self._old: dict[str, dict[str, Result]] = {}  # the old half, dropped when the young one fills
        self._young = 0  # answers in the young half
        self._generation = max(1, memo_size // 2)
        self._seen: set[int] = set()  # hashes of requests seen once
        self._stride = self._countdown = 1  # mark every _stride-th first sight (see _sampled)
        self._samples = self._repeats = 0
        # Answers by call shape (``by_shape``): method as given -> shape of the URL -> _Shape per spelling.
        self._by_shape: dict[str, dict[bytes, list[_Shape]]] | None = None
        tries = [*self._current, *self._legacy]
        if memo_size and digits_uniform(tries):
            self._by_shape = {}
        self._digit_literals = frozenset(text.encode() for text in digit_literals(tries, self._actions))
        self._suggester = Suggester(self)

    # -- public ----------------------------------------------------------------------------------
    def resolve(self, method: str, url: str) -> Result:
        """Resolve ``METHOD URL`` to a ``Match``, or an ``Unmatched`` / ``MethodNotAllowed`` (both falsy)."""
        kept = self._kept.get(method)
        if kept is not None:
            found = kept.get(url)
            if found is not None:
                return found
        if self._old:
            kept = self._old.get(method)
            found = kept.get(url) if kept is not None else None
            if found is not None:
                self._keep(method, url, found)
                return found
        by_shape = self._by_shape
        if by_shape is None:  # (no answers by shape: the dataset's digits may decide, or no memo at all)
            found = self._first_sight(method, url, None, None)
            if not self._memo_size:
                return found
            return self._mark(method, url, found)
        shapes = by_shape.get(method)
        try:
            shape = url.encode().translate(DIGITS_TO_ZERO)
        except UnicodeEncodeError:  # a lone surrogate: no shape
            shape = b""
        entries = shapes.get(shape) if shapes is not None else None
        found = None
        # Requests of one shape have their segments at the same offsets: values are slices. A shape holds
        # one answer per spelling of its literals with digits (/api/v1/x/5, /api/v3/x/5).
        for entry in entries or ():
            at, stop, text, more, proto, slices, start, end, prefix, plain, canon, extra = entry
            if url[at:stop] == text and (not more or all(url[a:b] == t for a, b, t in more)):
                if extra is not None:
                    found = self._from_shape(url, url if plain else redact_url(url.strip()), proto, slices, start, end,
                                             prefix, canon, extra)
                    break
                # The hot line of a log: a match that slices its values from the URL when they are read.
                found = _new(SlicedMatch)
                found._proto = proto
                found._url = url
                found._entry = entry
                break
        if found is None:
            if shapes is None:
                if len(by_shape) >= _SHAPE_METHODS:
                    by_shape.clear()
                shapes = by_shape[method] = {}
            found = self._first_sight(method, url, shapes, shape or None)
        return self._mark(method, url, found)

    def _mark(self, method: str, url: str, found: Result) -> Result:
        """Mark a first sight (or keep the answer of a second one) and hand the answer on."""
        # Keeping every answer would cost more than the miss itself when a log holds many one-off URLs
        # (fresh ids: a kept answer's memory is not reused while warm, and the garbage collector walks
        # it): the memo keeps an answer when its request comes a second time. While hardly any request
        # comes again, only every n-th first sight is marked (see _sampled).
        countdown = self._countdown - 1
        if countdown:
            self._countdown = countdown
            return found
        self._countdown = self._stride
        seen = self._seen
        mark = hash((method, url))
        if mark in seen:
            self._keep(method, url, found)
            self._repeats += 1
        else:
            if len(seen) >= self._memo_size:
                seen.clear()
            seen.add(mark)
        self._samples += 1
        if self._samples >= _SAMPLES:
            self._sampled()
        return found

    def _sampled(self) -> None:
        """Adapt how many first sights are marked to how many of the last ``_SAMPLES`` marked came again.

        A request marked every n-th time is found again about once in n, so the share of second sights
        is estimated as ``repeats * n / samples``: above 5 % every first sight is marked; below, one in
        twice as many as before, up to one in 16 (a stream of fresh ids pays a sixteenth of the marking).
        """
        share = self._repeats * self._stride / self._samples
        self._stride = 1 if share > 0.05 else min(2 * self._stride, 16)
        self._samples = self._repeats = 0

    def _keep(self, method: str, url: str, found: Result) -> None:
        """Keep an answer in the young half of the memo; a full young half becomes the old half."""
        if self._young >= self._generation:
            self._old = self._kept
            self._kept = {}
            self._young = 0
        kept = self._kept.get(method)
        if kept is None:
            kept = self._kept[method] = {}
        kept[url] = found
        self._young += 1

    def clear_memo(self) -> None:
        """Forget remembered answers (for benchmarks of the cold path)."""
        self._kept = {}
        self._old = {}
        self._young = 0
        self._seen.clear()
        if self._by_shape is not None:
            self._by_shape.clear()

    # -- resolution --------------------------------------------------------------------------------
    def _first_sight(self, method: str, url: str, shapes: dict[bytes, list[_Shape]] | None,
                     shape: bytes | None) -> Result:
        """Resolve a request no memo answers; remember its answer by ``shape`` in ``shapes`` where it may."""
        if method not in _UPPER_METHODS:
            method = method.upper()
        if len(url) > MAX_URL_LENGTH:
            return _too_long(method, url)
        if (url.startswith("/api/") and url.isascii() and "#" not in url and "%" not in url and "index.php" not in url
                and not url[-1].isspace()):
            # The common log line: no parsing needed; a query string never decides here (parse_url
            # strips surrounding white space, so a URL ending in it takes the general path).
            q = url.find("?")
            span: tuple[int, int] | None = (4, len(url) if q < 0 else q)  # where the route is in the URL
            parsed = _parsed(("mount", url[4:span[1]], None, url if q < 0 else redact_url(url), (), None))
        else:
            parsed = parse_url(url)
            span = None
        if shapes is None or shape is None or method == "HEAD" or parsed.entry not in _SHAPED_ENTRIES:
            return self._resolve_parsed(method, parsed)
        q = shape.find(b"?")  # (in the shape's bytes; ``url_q`` in the URL's characters)
        url_q = url.find("?")
        if q >= 0 and url[url_q - 1:url_q].isspace():
            q = -1  # parse_url keeps the space of '/x/7 ?page=1' in the route, and strips the one of '/x/7 '
        if q >= 0:  # a query of a new shape: the path's shape may be known (``?page=7`` after ``?page=12``)
            for entry in shapes.get(shape[:q]) or ():
                at, stop, text, more = entry[:4]
                if url[at:stop] == text and all(url[a:b] == t for a, b, t in more):
                    if "%" not in url:  # (a shape writes escapes' hex digits 0: '%5F' is '_', '%3F' is '?')
                        self._remember(shapes, shape, entry[:9] + (parsed.display == url,) + entry[10:])
                    return self._from_shape(url, parsed.display, *entry[4:9], *entry[10:])
        route = parsed.route or "/"
        segs = route[1:].split("/") if route.startswith("/") else route.split("/")
        recipes: list[_Recipe] = []
        record: list[Any] = []
        answer: Result | None = None
        if parsed.problem is None:
            answer = self._first_hit(method, route, segs, parsed.notes, parsed.display,
                                     _LEGACY_FORMS.get(parsed.entry), recipes)
        if answer is None:
            answer = self._explain(method, parsed, record)
        entry = self._shape_entry(method, url, shape, parsed, segs, answer, recipes, record, span)
        if entry is not None:
            self._remember(shapes, shape, entry)
            if q >= 0:  # the same answer for the path without the query, or with a query of another shape
                path = url[:url_q]
                path_shown = redact_url(path.strip()) == path  # how parse_url shows it
                self._remember(shapes, shape[:q], entry[:9] + (path_shown,) + entry[10:])
        return answer

    def _shape_entry(self, method: str, url: str, shape: bytes, parsed: ParsedUrl, segs: list[str], answer: Result,
                     recipes: list[_Recipe], record: list[Any], span: tuple[int, int] | None) -> _Shape | None:
        """How to answer every request of ``url``'s shape from ``answer``, or None where digits may decide.

        Requests of one shape parse alike (the entry points and their positions have no digits), so the
        route is the same slice of each (``span``, when the caller knows it); values, near misses and other
        methods' params are slices too.
        Not remembered: percent-encoded URLs (the route is decoded), notes that quote digits (an install
        prefix ``/20.3``), answers from a placeholder at the ``/v1`` an unversioned path stands for.
        """
        route = parsed.route
        if route is None or parsed.problem is not None or "%" in url or (
                parsed.notes and _DIGIT.search("".join(parsed.notes))):
            return None
        if span is not None:  # ('span': where the common log line's route is, known already)
            start, end = span
        else:
            lead = len(url) - len(url.lstrip())
            text = url.strip()
            cut = _first_of(text, "?#")
            end = lead + (cut if cut >= 0 else len(text))
            start = end - len(route)
            if start < 0 or url[start:end] != route or not route.startswith("/"):
                return None
        bounds = []  # where each of the route's segments (``segs``) starts and stops in the URL
        at = start + 1
        for seg in segs:
            bounds.append((at, at + len(seg)))
            at += len(seg) + 1
        literals = self._digit_literals
        ascii_url = len(shape) == len(url)  # else the shape's offsets are not the URL's
        verify = []
        for at, stop in bounds:
            seg_shape = shape[at:stop] if ascii_url else shape_of(url[at:stop])
            if b"0" in seg_shape and (seg_shape.lower() if seg_shape.isascii()
                                      else shape_of(url[at:stop].lower())) in literals:
                verify.append((at, stop, sys.intern(url[at:stop])))  # ('v1' is one object for every shape)
        # The first segment to check letter for letter comes first (else an empty slice, always equal).
        checks = (*verify[0], tuple(verify[1:])) if verify else (0, 0, "", ())
        plain = parsed.display == url
        if isinstance(answer, Match):
            if len(recipes) != 1 + len(answer.alternatives):
                return None
            made = []
            for match, cand, shift in recipes:
                slices = _spans(cand, shift, url, bounds, end) if cand is not None else ()
                if slices is None:
                    return None
                made.append((match, slices, "/v1" if shift else ""))
            (proto, slices, prefix), alts = made[0], tuple(made[1:])
            return (*checks, proto, slices, start, end, prefix, plain, method, alts or None)
        if not record:
            return None
        others, misses = record
        others_at = []
        for ep, other_method, _params, form, (cand, shift) in others:
            slices = _spans(cand, shift, url, bounds, end) if cand is not None else ()
            if slices is None:
                return None
            others_at.append((ep, other_method, form, slices))
        misses_at = []
        for miss, (at, shift) in misses:
            i = (at if at >= 0 else -1 - at) - shift
            if i < 0:
                return None
            misses_at.append((miss.endpoint, miss.param, miss.regex, bounds[i][0], bounds[i][1] if at >= 0 else end))
        return (*checks, None, (), start, end, "", plain, method, (parsed.entry, parsed.notes, tuple(others_at),
                                                            tuple(misses_at)))

    def _remember(self, shapes: dict[bytes, list[_Shape]], shape: bytes, entry: _Shape) -> None:
        """Add an answer to its shape (at most ``_SPELLINGS`` per shape, the oldest makes room)."""
        entries = shapes.get(shape)
        if entries is None:
            if len(shapes) >= self._shape_size:
                shapes.clear()
            shapes[shape] = [entry]
        else:
            if len(entries) >= _SPELLINGS:
                del entries[0]
            entries.append(entry)

    def _from_shape(self, url: str, display: str, proto: Match | None, slices: tuple[tuple[str, int, int], ...],
                    start: int, end: int, prefix: str, method: str, extra: Any) -> Result:
        """The answer for a request of a remembered shape: its URL (``display``), route and values."""
        route = url[start:end]
        if proto is None:  # a miss: the other methods and near misses, with this request's values
            entry, notes, others_at, misses_at = extra
            if not others_at and not misses_at:  # nothing near (a scanner's /api/.env): no ParsedUrl made yet
                return Unmatched(method, display, self._nothing_near(f"{method} {display}", route), None, route, (),
                                 notes, self._suggest_parts, (method, entry, route, display, notes))
            others: list[_Other] = [(ep, m, {name: url[at:stop] for name, at, stop in at_slices}, form, (None, 0))
                                    for ep, m, form, at_slices in others_at] if others_at else []
            misses = [(NearMiss(ep, param, url[at:stop], regex), (0, 0))
                      for ep, param, regex, at, stop in misses_at] if misses_at else []
            return self._unmatched(method, _parsed((entry, route, None, display, notes, None)), route, others, misses)
        first = Match(proto.endpoint, proto.api, {name: url[at:stop] for name, at, stop in slices}, proto.form,
                      (), proto.notes, method, display, prefix + route)
        first.alternatives = tuple(
            Match(alt.endpoint, alt.api, {name: url[at:stop] for name, at, stop in alt_slices}, alt.form, (),
                  alt.notes, method, display, alt_prefix + route)
            for alt, alt_slices, alt_prefix in extra or ())
        return first

    def _resolve_parsed(self, method: str, parsed: ParsedUrl) -> Result:
        if parsed.problem is None and parsed.entry != "hash" and method != "HEAD":
            route = parsed.route or "/"
            segs = route[1:].split("/") if route.startswith("/") else route.split("/")
            hit = self._first_hit(method, route, segs, parsed.notes, parsed.display, _LEGACY_FORMS.get(parsed.entry))
            if hit is not None:
                return hit
        return self._explain(method, parsed)

    def _first_hit(self, method: str, route: str, segs: list[str], url_notes: tuple[str, ...], display: str,
                   legacy_form: str | None, recipes: list[_Recipe] | None = None) -> Match | None:
        """The answer when some API has a template of exactly this method for the route (else None).

        The same answer as ``_explain`` gives then, without collecting what explains a miss; it leaves
        HEAD (which may fall back to GET) to ``_explain``.
        ``recipes`` collects, per hit, its candidate and how many segments the walk put in front (1 for
        the ``/v1`` of an unversioned path), from which ``_shape_entry`` reads where its values sit.
        """
        hits: list[Match] = []
        for kind, trie in self._searchers:
            if kind == "action":
                if len(segs) == 1 and segs[0]:
                    before = len(hits)
                    self._search_action(method, segs[0], route, url_notes, display, legacy_form or "standard-wrapper",
                                        hits, [])
                    if recipes is not None and len(hits) > before:
                        recipes.append((hits[-1], None, 0))
                continue
            if kind == "openapi" and legacy_form is not None:
                continue
            found = trie.first(method, route, segs)
            prefix = ""
            if found is None and kind == "openapi" and _unversioned(trie, segs):
                prefix = "/v1"
                found = trie.first(method, "/v1" + route, ["v1", *segs])
            if found is None:
                continue
            cand, params = found
            if not prefix:
                form = "current" if kind == "openapi" else legacy_form or "rest-path"
                hits.append(Match(cand.endpoint, trie.api_id, params, form, (), url_notes + cand.notes, method,
                                  display, route))
            else:
                notes = (_UNVERSIONED_NOTE.format(target=shown_template(cand.endpoint)), *url_notes, *cand.notes)
                hits.append(Match(cand.endpoint, trie.api_id, params, "current-unversioned", (), notes, method,
                                  display, "/v1" + route))
            if recipes is not None:
                recipes.append((hits[-1], cand, 1 if prefix else 0))
        if not hits:
            return None
        if len(hits) > 1:
            hits[0].alternatives = tuple(hits[1:])
        return hits[0]

    def _explain(self, method: str, parsed: ParsedUrl, record: list[Any] | None = None) -> Result:
        """The general resolution: every API's walk, with HEAD fallback and what explains a miss.

        ``record`` receives, for a miss, the other methods and near misses (with where their values sit).
        """
        if parsed.problem is not None:
            return Unmatched(method, parsed.display, parsed.problem, url_notes=parsed.notes)
        if parsed.entry == "hash":
            return self._resolve_hash(method, parsed)
        route = parsed.route or "/"
        segs = route[1:].split("/") if route.startswith("/") else route.split("/")
        legacy_form = _LEGACY_FORMS.get(parsed.entry)
        hits: list[Match] = []
        others: list[_Other] = []
        misses: list[tuple[NearMiss, tuple[int, int]]] = []
        for kind, trie in self._searchers:
            if kind == "openapi":
                if legacy_form is not None:
                    continue
                if not self._search(trie, method, route, segs, parsed, "current", hits, others, misses):
                    if _unversioned(trie, segs):
                        self._search(trie, method, "/v1" + route, ["v1", *segs], parsed, "current-unversioned",
                                     hits, others, misses)
            elif kind == "fastroute":
                self._search(trie, method, route, segs, parsed, legacy_form or "rest-path", hits, others, misses)
            elif len(segs) == 1 and segs[0]:
                self._search_action(method, segs[0], route, parsed.notes, parsed.display,
                                    legacy_form or "standard-wrapper", hits, others)
        if hits:
            if len(hits) > 1:
                hits[0].alternatives = tuple(hits[1:])
            return hits[0]
        if record is not None:
            record += (others, misses)
        return self._unmatched(method, parsed, route, others, misses)

    def _search(self, trie: ApiTrie, method: str, route: str, segs: list[str], parsed: ParsedUrl, form: str,
                hits: list[Match], others: list[_Other], misses: list[tuple[NearMiss, tuple[int, int]]]) -> bool:
        by_method = trie.static.get(route)
        if by_method is not None:
            cand = by_method.get(method)
            if cand is not None:  # a literal route of this method beats every template (rule 1)
                notes = parsed.notes + cand.notes if cand.notes or parsed.notes else ()
                if form == "current-unversioned":
                    notes = (_UNVERSIONED_NOTE.format(target=shown_template(cand.endpoint)), *notes)
                hits.append(Match(cand.endpoint, trie.api_id, {}, form, (), notes, method, parsed.display, route))
                return True
        if not trie.open_root and segs[0] not in trie.root.static:
            return False
        search = Search(method)
        found = trie.find(route, segs, search)
        extra: tuple[str, ...] = ()
        if found is None and search.fallback is not None:
            found = search.fallback
            extra = (_HEAD_NOTES[trie.kind],)
        if found is None:
            # Where values sit: the walked segments, less the /v1 the walk put in front of an unversioned path.
            shift = 1 if form == "current-unversioned" else 0
            others.extend((c.endpoint, c.method, p, form, (c, shift)) for c, p in search.others)
            misses.extend((miss, (at, shift)) for miss, at in search.misses)
            return False
        cand, params = found
        ep = cand.endpoint
        notes = parsed.notes + extra + cand.notes
        if form == "current-unversioned":
            notes = (_UNVERSIONED_NOTE.format(target=shown_template(ep)), *notes)
        hits.append(Match(ep, trie.api_id, params, form, (), notes, method, parsed.display, route))
        return True

    def _search_action(self, method: str, name: str, route: str, url_notes: tuple[str, ...], display: str, form: str,
                       hits: list[Match], others: list[Any]) -> None:
        """A one-segment route through the REST wrapper ``/{action}``: only the closed action list."""
        ep = self._actions.get(name.lower())
        if ep is None:
            return
        notes = list(url_notes)
        if name != ep.action:
            notes.append(f"action '{name}' is dispatched as '{ep.action}' (PHP method names are case-insensitive)")
        if method in self._wrapper_methods:
            if method != ep.method:
                notes.append(f"the REST wrapper routes {method} /{{action}} too (route table); "
                             f"the documentation says it always expects {ep.method}")
        elif method == "HEAD" and "GET" in self._wrapper_methods:
            notes.append(_HEAD_NOTES["fastroute"])
        else:
            others.extend((ep, m, {}, form, (None, 0)) for m in sorted(self._wrapper_methods))
            return
        notes.extend(status_notes(ep))
        hits.append(Match(ep, self._action_api or "", {}, form, (), tuple(notes), method, display, route))

    def _resolve_hash(self, method: str, parsed: ParsedUrl) -> Result:
        action = parsed.action or ""
        ep = self._actions.get(action.lower())
        if ep is None or self._action_api is None:
            reason = f"'{action}' is not a Standard API action (the action list is closed)"
            return Unmatched(method, parsed.display, reason, "standard-hash", None, (), parsed.notes,
                             self._suggester.suggest_action, (action,))
        notes = list(parsed.notes)
        if action != ep.action:
            notes.append(f"action '{action}' is dispatched as '{ep.action}' (PHP method names are case-insensitive)")
        notes.extend(status_notes(ep))
        return Match(ep, self._action_api, {}, "standard-hash", (), tuple(notes), method, parsed.display, None)

    def _unmatched(self, method: str, parsed: ParsedUrl, route: str, others: list[_Other],
                   misses: list[tuple[NearMiss, tuple[int, int]]]) -> Unmatched:
        shown = f"{method} {parsed.display}"
        if others:
            allowed = tuple(sorted({other[1] for other in others}))
            seen: set[str] = set()
            candidates = []
            for ep, _m, params, form, _at in others:
                if ep.id in seen:
                    continue
                seen.add(ep.id)
                candidates.append(Match(ep, ep.api, params, form, (), (), method, parsed.display, route))
            reason = (f"no endpoint for '{shown}': the path is known for {', '.join(allowed)} but not {method}")
            return MethodNotAllowed(method, parsed.display, reason, None, route, (), parsed.notes,
                                    self._suggester.suggest, (method, parsed, route, True), allowed=allowed,
                                    candidates=tuple(candidates))
        unique: list[NearMiss] = []
        for miss, _at in misses or ():
            if not any(u.endpoint.id == miss.endpoint.id for u in unique):
                unique.append(miss)
        reason = f"no endpoint for '{shown}': {unique[0]}" if unique else self._nothing_near(shown, route)
        return Unmatched(method, parsed.display, reason, None, route, tuple(unique), parsed.notes,
                         self._suggester.suggest, (method, parsed, route))

    def _nothing_near(self, shown: str, route: str) -> str:
        """The reason of a miss with no near miss and no other method."""
        if len(route) > 1 and "/" not in route[1:] and self._action_api is not None:
            return (f"no endpoint for '{shown}': '{route[1:]}' is not a Standard API action, and no route "
                    "of the other APIs matches (the REST wrapper /{action} dispatches only the closed action list)")
        return f"no endpoint for '{shown}'"

    def _suggest_parts(self, method: str, entry: str, route: str, display: str,
                       notes: tuple[str, ...]) -> tuple[Suggestion, ...]:
        """Suggestions for a miss answered by shape (its ParsedUrl made only when they are asked for)."""
        return self._suggester.suggest(method, _parsed((entry, route, None, display, notes, None)), route)

    def _resolve_route(self, method: str, route: str, parsed: ParsedUrl, entry: str | None = None) -> Result:
        return self._resolve_parsed(method, parsed._replace(route=route, entry=entry or parsed.entry, notes=()))


#: One hit of a first sight: its match, its candidate (None for an action) and the segments the walk put
#: in front of the route (1 for the ``/v1`` of an unversioned path).
_Recipe = tuple[Match, Any, int]
#: A remembered shape, one flat tuple (a log's hot line reads it in one go): the first route segment to
#: check letter for letter (start, stop, text; 0, 0, "" when none) and any further ones ((start, stop,
#: text), …), the first hit's match, its values as slices of the URL (name, start, stop), the route's
#: slice (start, stop), the route prefix ("/v1" or ""), whether the URL shows as written (no secret to
#: redact), the method, and ``extra``: None, or the alternatives (match, slices, prefix); a miss has
#: no match and keeps in ``extra`` the parsed entry, its notes, the other methods (endpoint, method,
#: form, slices) and the near misses (endpoint, placeholder, regex, start, stop).
_Shape = tuple[int, int, str, tuple[tuple[int, int, str], ...], "Match | None", tuple[tuple[str, int, int], ...],
               int, int, str, bool, str, Any]
#: A template of another method the path fits: endpoint, method, params, form, (candidate, shift).
_Other = tuple["Endpoint", str, dict[str, str], str, tuple[Any, int]]
_SHAPED_ENTRIES = frozenset({"mount", "bare", "index-php"})  # entry points whose route is a slice of the URL
_DIGIT = re.compile("[0-9]")


def _unversioned(trie: ApiTrie, segs: list[str]) -> bool:
    """Whether a route of the current API may be an unversioned path (``/api/products/5``) of a /v1 resource."""
    v1 = trie.root.static.get("v1")
    first = segs[0]
    return v1 is not None and (first in v1.static or v1.param is not None) and not _VERSION_SEGMENT.fullmatch(first)


def _too_long(method: str, url: str) -> Unmatched:
    """The answer for a URL longer than a server accepts: not matched, and shown cut short."""
    shown = redact_url(url)[:_SHOWN_OF_LONG_URL] + "…"
    reason = (f"the URL is {len(url)} characters long, longer than the {MAX_URL_LENGTH} a server accepts "
              "(Apache's LimitRequestLine default), so it was not matched")
    return Unmatched(method, shown, reason)


def _is_catch_all(variants: list[list[Part]]) -> bool:
    """FastRoute's ``/{action}``: one variant, one default placeholder after the slash."""
    return (len(variants) == 1 and len(variants[0]) == 2 and variants[0][0] == "/"
            and isinstance(variants[0][1], Param) and variants[0][1].regex == "[^/]+")
