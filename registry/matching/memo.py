"""The memo in front of the matcher's walks: answers kept by request, and answers by call shape.

``Memo`` is the half of ``Matcher`` that answers a request without a walk where it may. ``resolve`` is
defined here; a request no memo answers goes to the walks of ``registry.matching.matcher``. Both memos
are bounded and follow logs:

- **Answers by request**, method -> URL -> answer, kept once a request comes a second time (the
  hashes of the URLs of requests seen once are remembered; while hardly any comes again, only every
  n-th, up to the 16th), in a young and an old half. Keeping every one-off URL with a fresh id would
  cost more than answering it: a kept answer's memory is not reused while it is warm in the
  processor's cache, and the garbage collector walks it (holding the last 4096 first sights instead
  measured 0.5x falcon where this measures 0.8x on ``bench_matcher.py``'s distinct requests).
- **Answers by call shape** (``by_shape.py``: the URL with its digits written ``0``, one
  ``bytes.translate``): ``/api/v1/adressen/5?page=2``, ``…/17?page=3`` and ``/api/v1/adressen/x12``, a
  miss, each share an answer with the requests of their shape, rebuilt with their own params, near
  misses, route and URL from fixed offsets. A hit without alternatives, answered by its own shape, is
  a ``SlicedMatch``, which slices them when they are read.
  A URL of a new shape whose path (before ``?``) has a known shape is answered from that. Used only
  when every placeholder regex is proven blind to which digit stands where, and for URLs whose route
  is a slice of the URL (not percent-encoded, not ``?path=``, no digits in an install prefix).

A URL longer than ``MAX_URL_LENGTH`` (8190, Apache's request-line limit) is refused, not matched.
"""
from __future__ import annotations

import functools
import re
import sys
from typing import TYPE_CHECKING, Any

from registry.matching.by_shape import DIGITS_TO_ZERO, digit_literals, digits_uniform, shape_of
from registry.matching.by_shape import value_slices as _spans
from registry.matching.results import LEGACY_ENTRY_FORMS, Match, NearMiss, Result, SlicedMatch, Suggestion, Unmatched
from registry.matching.urls import ParsedUrl, first_of, parse_url, redact_url

if TYPE_CHECKING:
    from registry.matching.matcher import _Other

#: The longest URL the matcher reads, in characters: Apache's ``LimitRequestLine`` default (8190 bytes for
#: the whole request line; nginx's default ``large_client_header_buffers`` hold 8 KiB). A longer request
#: is refused by the server before PHP sees it, so it calls no endpoint.
MAX_URL_LENGTH = 8190
_SHOWN_OF_LONG_URL = 80  # characters of a too-long URL kept for display

_UPPER_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
_SHAPE_METHODS = 16  # methods with a memo by shape of their own (a log's odd methods make room)
_SHAPES = 16384  # shapes remembered per method (a shop's article numbers make one each; ~0.6 KB apiece)
_SAMPLES = 1024  # marked first sights between two looks at how many come again
_SPELLINGS = 8  # answers per shape: /api/v1/x/5, /api/v2/x/5, …
_new = object.__new__
_parsed = functools.partial(tuple.__new__, ParsedUrl)  # a ParsedUrl from all its fields, without the Python __new__


class Memo:
    """The memo half of ``Matcher`` (a base class: it calls the matcher's walks ``_resolve_parsed``,
    ``_first_hit``, ``_explain``, ``_unmatched`` and ``_nothing_near``, and its ``_suggester``, on ``self``)."""

    def _init_memo(self, memo_size: int, tries: list[Any], actions: dict[str, Any], shape_sightings: int = 2) -> None:
        """Set up the memo for the matcher's tries and Standard API actions (see ``Matcher``)."""
        self._memo_size = memo_size
        self._shape_size = min(memo_size, _SHAPES)
        self._generation = max(1, memo_size // 2)
        self._seen: set[int] = set()  # hashes of the URLs of requests seen once
        self._shape_marks: set[int] = set()  # hashes of the shapes (and methods) seen once
        self._shapes_at_once = shape_sightings <= 1
        # Answers by call shape (``by_shape``): method as given -> shape of the URL -> _Shape per spelling.
        self._by_shape: dict[str, dict[bytes, list[_Shape]]] | None = None
        if memo_size and digits_uniform(tries):
            self._by_shape = {}
        self.clear_memo(shapes=False)  # the answers by request and the marking
        self._digit_literals = frozenset(text.encode() for text in digit_literals(tries, actions))

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
        else:
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
                        shown = url if plain else redact_url(url.strip())
                        found = self._from_shape(url, shown, proto, slices, start, end, prefix, canon, extra)
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
        # Mark a first sight, or keep the answer of a second one. Keeping every answer would cost more than
        # the miss itself when a log holds many one-off URLs (fresh ids: a kept answer's memory is not
        # reused while warm, and the garbage collector walks it): the memo keeps an answer when its request
        # comes a second time. While hardly any request comes again, only every n-th first sight is marked
        # (see _sampled). (Written out here: every request the memo has not kept passes this line.)
        countdown = self._countdown - 1
        if countdown:
            self._countdown = countdown
            return found
        self._countdown = self._stride
        seen = self._seen
        mark = hash(url)  # (often cached on the string by the memo's lookup; a URL of two methods shares a mark)
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
            self._old = self._kept if self._memo_size > 1 else {}  # (a memo of one answer has no old half)
            self._kept = {}
            self._young = 0
        kept = self._kept.get(method)
        if kept is None:
            kept = self._kept[method] = {}
        kept[url] = found
        self._young += 1

    def clear_memo(self, shapes: bool = True) -> None:
        """Forget remembered answers (for benchmarks of the cold path) and start the marking of first sights
        afresh (every one marked); ``shapes=False`` keeps the answers by call shape and forgets only the requests."""
        # The memo's halves, method -> URL -> answer (no key tuple to build and hash on a hit).
        self._kept: dict[str, dict[str, Result]] = {}  # the young half
        self._old: dict[str, dict[str, Result]] = {}  # the old half, dropped when the young one fills
        self._young = 0  # answers in the young half
        self._seen.clear()
        self._stride = self._countdown = 1  # mark every _stride-th first sight (see _sampled)
        self._samples = self._repeats = 0
        if shapes and self._by_shape is not None:
            self._by_shape.clear()
            self._shape_marks.clear()

    # -- first sights ------------------------------------------------------------------------------
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
            if q < 0:  # (redact_url returns a URL without "=", "|", "@" or "%" as it is)
                shown = url if "=" not in url and "|" not in url and "@" not in url else redact_url(url)
                plain_path = shown == url
            else:
                shown = redact_url(url)
                plain_path = shown is url or shown[:q + 1] == url[:q + 1]
            span: tuple[int, int] | None = (4, len(url) if q < 0 else q)  # where the route is in the URL
            if plain_path:
                parsed = _parsed(("mount", url[4:span[1]], None, shown, (), None))
            else:  # a secret in the path (';hash=…', a token): parse_url reads the route from the redacted URL
                parsed = parse_url(url)
                span = None
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
        # A shape is remembered at its second sight: the first sight of every shape only marks it (its hash),
        # as a log of fresh hex ids, UUIDs or tokens makes a new shape per line that never comes again.
        marks = self._shape_marks
        mark = hash(shape) ^ hash(method)
        if mark not in marks and not self._shapes_at_once:
            if len(marks) >= 4 * self._shape_size:
                marks.clear()
            marks.add(mark)
            if parsed.entry == "mount" and not parsed.notes and method != "HEAD" and span is not None:
                return self._mount_hit(method, parsed)  # (the common line: plain /api/…, as parsed above)
            return self._resolve_parsed(method, parsed)
        route = parsed.route or "/"
        segs = route[1:].split("/") if route.startswith("/") else route.split("/")
        recipes: list[_Recipe] = []
        record: list[Any] = []
        answer: Result | None = None
        if parsed.problem is None:
            answer = self._first_hit(method, route, segs, parsed.notes, parsed.display,
                                     LEGACY_ENTRY_FORMS.get(parsed.entry), recipes)
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
            cut = first_of(text, "?#")
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
            (first, slices, prefix), alts = made[0], tuple(made[1:])
            # The shape's own copy: a SlicedMatch reads its fields when asked, and ``first`` is someone's answer.
            proto = Match(first.endpoint, first.api, {}, first.form, (), first.notes, first.method, "", None)
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

    def _suggest_parts(self, method: str, entry: str, route: str, display: str,
                       notes: tuple[str, ...]) -> tuple[Suggestion, ...]:
        """Suggestions for a miss answered by shape (its ParsedUrl made only when they are asked for)."""
        return self._suggester.suggest(method, _parsed((entry, route, None, display, notes, None)), route)


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
_SHAPED_ENTRIES = frozenset({"mount", "bare", "index-php"})  # entry points whose route is a slice of the URL
_DIGIT = re.compile("[0-9]")


def _too_long(method: str, url: str) -> Unmatched:
    """The answer for a URL longer than a server accepts: not matched, and shown cut short."""
    shown = redact_url(url)[:_SHOWN_OF_LONG_URL] + "…"
    reason = (f"the URL is {len(url)} characters long, longer than the {MAX_URL_LENGTH} a server accepts "
              "(Apache's LimitRequestLine default), so it was not matched")
    return Unmatched(method, shown, reason)
