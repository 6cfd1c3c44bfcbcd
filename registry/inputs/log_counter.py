"""Count the calls of an access log a block of lines at a time, at C speed, in bounded memory.

``read_access_log`` hands every block of whole lines to a ``CallCounter`` and asks it for the
observations at the end::

    counter = CallCounter("access.log", stats, shapes=True)
    for first_lineno, block, n_lines in iter_text_blocks(stream, name, stats):
        counter.add_block(first_lineno, block, n_lines)
    list(counter.observations())   # one per call (or later calls of a shape), in the order of their first line

**Blocks.** When every line of a block has the same number of ``"`` (2 for common, 6 for combined
format), no escaped quote in the request, ``" ddd`` after it and a readable time, the block is cut
with one ``str.split`` and counted with ``map``/``Counter``/``dict(zip(…))`` over the whole block:
no Python code runs per line, only per request not met recently and per group seen in the block.
Any other block (a blank, short, odd or unparsable line, a request that is not ``METHOD PATH
PROTOCOL``, a time that cannot be read) is read line by line with the rules of ``parse_log_line``,
so every skipped line is still counted and listed with its line number. First and last seen are the
earliest and latest time of a group whatever the order of the lines.

**Groups.** Without ``shapes`` a group is one call: method and redacted URL with its query values set
aside (``call_shape.call_key``: a scanner's ``?redirect_to=<hex>`` on every line is one call), as line
by line. With
``shapes`` (only when the dataset answers the same for every all-digit segment; see
``registry.matching.shapes``) the first ``EXAMPLES_PER_SHAPE`` distinct calls of each call shape
(``GET /api/v1/products/<digits>``, see ``digit_shape``) still get a group each, so a log with fewer
reads exactly as before and a report can list as many locations as it shows; every later call of the
shape is counted in one more group whose URL and location are those of its first line. Counts,
times and statuses are exact either way; only how many distinct calls a shape had beyond its first
50 is not kept. With ``classify`` (a function of method and redacted URL; the advisor passes the
endpoint a call resolves to), a call it classes counts the same way under its *class* and whether it
carries hash authentication instead of its shape: the first 50 calls of an endpoint keep a group each,
its later ones share one, whatever their ids or article numbers (``AB-12/3``). The advisor merges the
calls of one endpoint and auth anyway, so its report reads the same but for how many distinct calls
it counted. A call it does not class (it matches nothing) counts the same way under its *id shape*
(``call_shape.id_shape``: id-like segments and the query aside), so a scanner's fresh ids make 51 groups
per shape, not one per line.

**Memory.** Requests are looked up in a cache of two generations of ``CACHE_SIZE`` entries; on a
miss, a block's new requests are looked up together by their key (calls with a group of their own,
their query values set aside) and by the raw shape of that key (a shape's later calls), and only the
rest one by one. Groups are bounded by the shapes. Secrets are redacted before a URL is kept
anywhere but in these lookups.
"""
from __future__ import annotations

import re
from collections import Counter, deque
from itertools import compress, repeat
from operator import add, contains, getitem, is_, is_not, itemgetter, le, not_
from typing import Any, Callable, Hashable, Iterator

from registry.inputs.access_log import check_request, iso_time, parse_log_line, time_key
from registry.inputs.base import Observation, ReadStats
from registry.inputs.call_shape import call_key, id_shape
from registry.inputs.redact import has_hash_auth, names_hash_auth, redact_url

EXAMPLES_PER_SHAPE = 50  # as many as the advisor keeps locations per call
CACHE_SIZE = 32_768  # requests per cache generation (two are kept)
_BAD = -1  # cache value of a request that is not METHOD PATH PROTOCOL
_HEAD = slice(0, 4)  # ' 200' of '" 200 512 …'
_STATUS_BITS = 32  # counts are keyed by group + (status code << 32); status 0: none or not a code
GROUP_MASK = (1 << _STATUS_BITS) - 1
_HEAD_STATUS = {f" {code}": code << _STATUS_BITS for code in range(100, 600)}
_STAMP_FIXED = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 17, 20, 21, 22, 23, 24, 25)  # all but HH, MM, SS digits
_TIME = slice(-28, -2)  # '10/Oct/2025:13:55:36 +0200' of '… [10/Oct/2025:13:55:36 +0200] '
PLACEHOLDER = "\n"  # never part of a line
# Requests as logged, a block at a time (one per line of a text): a request's key sets its query values
# aside ('GET /x?a=1 HTTP/1.1' → 'GET /x?a= HTTP/1.1', ``call_key``); the raw shape of a key replaces
# its all-digit segments ('GET /x/17?a= HTTP/1.1' → 'GET /x/\x00?a= HTTP/1.1'). Requests holding \x00
# never take these paths.
_RAW_DIGITS = "/\x00"
_RAW_SEGMENT = re.compile(r"/(?<!//)[0-9]+(?=[/ ?])")
_DIGIT_SEGMENT = re.compile(r"(?<=/)[0-9]+(?=/|$)")
_PATH_VALUE = re.compile(r"(?i)((?:^|[&;])path=)([^&;#]*)")
_DIGIT_SEGMENT_ENCODED = re.compile(r"(?:^|(?<=/)|(?<=%2[Ff]))[0-9]+(?=/|%2[Ff]|$)")

_METHOD_URL = itemgetter(0, 1)  # (method, url) of 'METHOD URL PROTOCOL'.split(" ")
_FIRST = itemgetter(0)
TimeKey = tuple[int, str]


def digit_shape(url: str) -> str:
    """``url`` with every all-digit path segment (and each in a ``path=`` value) replaced by ``PLACEHOLDER``.

    ``/api/v1/products/17?x=2`` → ``/api/v1/products/\\n?x=2``; the host of a full URL is left alone.
    """
    cut = len(url)
    for mark in "?#":
        at = url.find(mark)
        if 0 <= at < cut:
            cut = at
    path, rest = url[:cut], url[cut:]
    start = 0
    scheme = path.find("://")
    if scheme >= 0:
        start = path.find("/", scheme + 3)
        start = len(path) if start < 0 else start
    shaped = path[:start] + _DIGIT_SEGMENT.sub(PLACEHOLDER, path[start:])
    if "path=" in rest.lower():
        query, hash_mark, fragment = rest[1:].partition("#")
        query = _PATH_VALUE.sub(lambda m: m.group(1) + _DIGIT_SEGMENT_ENCODED.sub(PLACEHOLDER, m.group(2)), query)
        rest = rest[0] + query + hash_mark + fragment
    return shaped + rest


def _request_key(request: str) -> str:
    """A request as logged with its query values set aside (``call_key``): 'GET /x?a=1 HTTP/1.1' → 'GET /x?a= HTTP/1.1'."""
    parts = request.split(" ")
    if len(parts) != 3 or "?" not in parts[1]:
        return request
    return f"{parts[0]} {call_key(parts[1])} {parts[2]}"


def _in_order(stamps: list[str], n: int) -> bool:
    """True when ``n`` time stamps share day and offset, have digits for the time of day, and never go back.

    Then their text order is their time order, and one valid stamp makes them all valid.
    """
    text = "".join(stamps)
    if len(text) != 26 * n:
        return False
    head = stamps[0]
    if any(text[k::26] != head[k] * n for k in _STAMP_FIXED):
        return False
    digits = "".join(text[k::26] for k in (12, 13, 15, 16, 18, 19))
    return digits.isascii() and digits.isdigit() and all(map(le, stamps, stamps[1:]))


class _Group:
    """One observation to be: a call, or the later calls of one shape."""

    __slots__ = ("method", "url", "line", "auth", "later")

    def __init__(self, method: str, url: str, line: int, auth: bool, later: bool) -> None:
        self.method, self.url, self.line, self.auth = method, url, line, auth
        self.later = later  # the calls of a shape after its first EXAMPLES_PER_SHAPE


class CallCounter:
    """Counts, first/last time and statuses per call (or call shape) of one access log; see the module doc."""

    def __init__(self, name: str, stats: ReadStats, *, shapes: bool = False,
                 classify: Callable[[str, str], Hashable | None] | None = None) -> None:
        self.name, self.stats, self.shapes, self.classify = name, stats, shapes, classify
        self.read = 0
        self.groups: list[_Group] = []
        self._by_call: dict[tuple[str, str], int] = {}  # (METHOD, redacted URL) → group
        self._by_shape: dict[tuple[str, Any], list[int]] = {}  # (METHOD, shape or class) → [calls with a group, later group]
        self._cache: dict[str, int] = {}  # request as logged → group, or _BAD (the young generation)
        self._old: dict[str, int] = {}  # the previous generation: hits move back to the young one
        # With shapes, requests not in the cache are looked up a block at a time; see _resolve_batch.
        self._calls: dict[str, int] = {}  # 'GET /api/v1/products/17 HTTP/1.1' → its group (one of the first 50)
        self._raw_shapes: dict[str, int] = {}  # 'GET /api/v1/products/\x00 HTTP/1.1' → the shape's later-calls group
        self._times: dict[str, TimeKey | None] = {}
        self.counts: Counter[int] = Counter()  # group + (status << _STATUS_BITS) → lines
        self.first: dict[int, TimeKey] = {}  # group → earliest time (see _settle_times)
        self.last: dict[int, TimeKey] = {}
        self._first_raw: dict[int, str] = {}  # group → earliest stamp of the blocks read in time order
        self._last_raw: dict[int, str] = {}
        self._newest: TimeKey = (-1, "")
        self._settled: set[tuple[str, str]] | None = None  # see restart
        self._unsettled_room = 0
        self.unsettled_overflow = False

    # -- blocks ----------------------------------------------------------------------------------
    def add_block(self, first: int, block: str, n: int) -> None:
        """Count a block of ``n`` whole lines (each ending in ``\\n``), the first being line ``first``."""
        if not self._add_fast(first, block, n):
            lines = block.split("\n")
            lines.pop()
            self._add_lines(first, lines)

    def _add_fast(self, first: int, block: str, n: int) -> bool:
        """The whole block with C-level passes; False (nothing counted) when a line needs the exact path."""
        pieces = block.split('"')
        step, odd = divmod(len(pieces) - 1, n)  # quotes per line
        if odd or step < 2:
            return False
        # n newlines in the block and one in each of the n pieces that end a line: the same quotes in every line
        if not all(map(contains, pieces[step::step], repeat("\n"))):
            return False
        requests = pieces[1::step]
        text = "\n".join(requests)
        if "\\\n" in text or text[-1:] == "\\":  # an escaped quote: the request goes on
            return False
        groups = list(map(self._cache.get, requests))
        if None in groups:
            groups = self._resolve_batch(first, requests, groups)
        if _BAD in groups:  # a request met before that is not METHOD PATH PROTOCOL
            return False
        heads = list(map(getitem, pieces[2::step], repeat(_HEAD)))
        joined = "".join(heads)  # ' 200 404 201' when every line has '" ddd'
        if len(joined) != 4 * n or joined[::4].count(" ") != n or " " in joined[1::4]:
            return False  # '"GET / HTTP/1.1"  200', a short or missing status: parse_log_line decides
        stamps = list(map(getitem, pieces[0 : len(pieces) - 1 : step], repeat(_TIME)))
        ordered = _in_order(stamps, n) and self._tk(stamps[0]) is not None
        if not ordered:
            known = {raw: self._tk(raw) for raw in dict.fromkeys(stamps)}
            if None in known.values():
                return False
        if self.stats.format is None:
            self.stats.format = "combined" if step >= 6 else "common"
        self.read += n
        self.counts.update(map(add, groups, map(_HEAD_STATUS.get, heads, repeat(0))))
        if ordered:
            # every line on one day, in one offset, in time order: the first and last line of a group
            # in the block hold its earliest and latest time
            tk = self._tk
            if tk(stamps[0]) >= self._newest:  # the block comes after every line so far
                # Raw stamps, read at the end (_settle_times): the latest is the last one written, the
                # earliest the first one kept.
                self._last_raw.update(zip(groups, stamps))
                deque(map(self._first_raw.setdefault, groups, stamps), maxlen=0)
                self._newest = tk(stamps[-1])  # type: ignore[assignment]
            else:
                last = dict(zip(groups, range(n)))
                earliest = dict(zip(reversed(groups), range(n - 1, -1, -1)))
                for group, i in last.items():
                    self._see(group, tk(stamps[i]))  # type: ignore[arg-type]
                for group, i in earliest.items():
                    self._see(group, tk(stamps[i]))  # type: ignore[arg-type]
        else:
            for group, tk in zip(groups, map(known.__getitem__, stamps)):
                self._see(group, tk)  # type: ignore[arg-type]
        return True

    def _resolve_batch(self, first: int, requests: list[str], groups: list[int | None]) -> list[int]:
        """``groups`` with the requests not in the cache resolved (and cached): C-level where it can be.

        In order: the older cache generation; with shapes, the remembered calls (as logged, or with
        their hash/api_id values aside) and the raw shapes of later calls; else ``_group_of``.
        """
        at = list(compress(range(len(groups)), map(is_, groups, repeat(None))))
        missing = list(map(requests.__getitem__, at))
        found: dict[str, int | None] = dict(zip(missing, map(self._old.get, missing)))
        unknown = list(compress(found, map(is_, found.values(), repeat(None))))
        if unknown:
            text = "\n".join(unknown)
            if "\x00" not in text:
                # A remembered call, by its key (query values aside): one lookup per request.
                keys = list(map(_request_key, unknown)) if "?" in text else unknown
                found.update(zip(unknown, map(self._calls.get, keys)))
                pending = list(map(is_, map(found.__getitem__, unknown), repeat(None)))
                unknown, keys = list(compress(unknown, pending)), list(compress(keys, pending))
                if unknown and self._raw_shapes:
                    shaped = _RAW_SEGMENT.sub(_RAW_DIGITS, "\n".join(keys)).split("\n")
                    later = list(map(self._raw_shapes.get, shaped))
                    if later.count(None) < len(later):
                        # A raw shape is registered only for a key 'METHOD URL PROTOCOL' with an upper-case
                        # method and a URL without #, @, | or % and no = before its ?, which redact_url
                        # changes at most in query values, so (method, url) of the key is the call's key;
                        # a call with a group of its own (met with another protocol, or read on the line
                        # path) keeps its group.
                        hits = list(compress(zip(unknown, later), map(is_not, later, repeat(None))))
                        hit_keys = list(compress(keys, map(is_not, later, repeat(None))))
                        calls = map(_METHOD_URL, map(str.split, hit_keys, repeat(" ")))
                        found.update(compress(hits, map(not_, map(self._by_call.__contains__, calls))))
                        unknown = list(compress(unknown, map(is_, map(found.__getitem__, unknown), repeat(None))))
        if unknown:
            first_at = dict(zip(reversed(missing), reversed(at)))  # request → its first index in the block
            for request in unknown:
                found[request] = self._group_of(request, first + first_at[request])
        cache = self._cache
        if len(cache) + len(found) > CACHE_SIZE:
            self._old, cache = cache, {}
            self._cache = cache
        cache.update(found)
        for i in at:
            groups[i] = found[requests[i]]
        return groups  # type: ignore[return-value]

    def _group_of(self, request: str, lineno: int) -> int:
        """The group of a request met first at ``lineno`` (``_BAD`` when it is not METHOD PATH PROTOCOL)."""
        if check_request(request):
            return _BAD
        method, url, protocol = request.split(" ")
        group = self._group(method, url, lineno)
        # Remember the call for _resolve_batch: by its key (query values aside) while its group is one
        # call; by the raw shape of its key when it is a shape's later-calls group and the URL has
        # nothing the shape rule or redaction reads differently (fragment, password, path parameter,
        # token, escape).
        if "\x00" not in request:
            key_url = call_key(url)
            if not self.groups[group].later:
                for form in {f"{method} {key_url} {protocol}", f"{method.upper()} {key_url} {protocol}"}:
                    self._calls[form] = group
            elif (self.shapes and method.isupper() and not any(c in url for c in "#@|%")
                  and "=" not in url.partition("?")[0]):
                key = f"{method} {key_url} {protocol}"
                raw = _RAW_SEGMENT.sub(_RAW_DIGITS, key)
                if raw != key:  # (a class's later call without digits is found as itself)
                    self._raw_shapes[raw] = group
        return group

    def _add_lines(self, first: int, lines: list[str]) -> None:
        """The exact path, line by line (the rules of ``parse_log_line``)."""
        cache, stats, name = self._cache, self.stats, self.name
        for lineno, line in enumerate(lines, first):
            try:
                prefix, request, rest = line.split('"', 2)
            except ValueError:
                request = rest = "\\"  # no or one quote: the slow path explains
            if request[-1:] != "\\" and rest[:1] == " " and rest[1:2] != " ":
                group = cache.get(request)
                if group is None:
                    group = self._old.get(request)
                    if group is None:
                        group = self._group_of(request, lineno)
                    if len(cache) >= CACHE_SIZE:
                        self._old, cache = cache, {}
                        self._cache = cache
                    cache[request] = group
                if group == _BAD:
                    stats.skip(f"{name}:{lineno}: skipped line: {check_request(request)}")
                    continue
                key = group + _HEAD_STATUS.get(rest[:4], 0)
                raw = prefix[-28:-2]
            else:
                if not line or line.isspace():
                    continue
                parsed = parse_log_line(line)
                if isinstance(parsed, str):
                    stats.skip(f"{name}:{lineno}: skipped line: {parsed}")
                    continue
                method, url, status, stamp = parsed
                group = self._group(method, url, lineno)
                key = group + ((status or 0) << _STATUS_BITS)
                raw = stamp or ""
            if stats.format is None:
                stats.format = "combined" if line.count('"') >= 6 else "common"
            self.read += 1
            self.counts[key] += 1
            tk = self._tk(raw)
            if tk is not None:
                self._see(group, tk)

    def _see(self, group: int, tk: TimeKey) -> None:
        have = self.first.get(group)
        if have is None or tk < have:
            self.first[group] = tk
        have = self.last.get(group)
        if have is None or tk > have:
            self.last[group] = tk
        if tk > self._newest:
            self._newest = tk

    def _tk(self, raw: str) -> TimeKey | None:
        times = self._times
        if raw in times:
            return times[raw]
        if len(times) >= 4096:  # stamps come roughly in order: a few recent ones are enough
            times.clear()
        tk = times[raw] = time_key(raw)
        return tk

    # -- groups ----------------------------------------------------------------------------------
    def _group(self, method: str, url: str, lineno: int) -> int:
        """The group of a call first met at ``lineno``, made when new."""
        method = method.upper()
        safe = redact_url(url)
        call = (method, call_key(safe))
        index = self._by_call.get(call)
        if index is not None:
            return index
        auth = has_hash_auth(url)
        key = self._shape_key(method, safe, auth)
        if key is not None:
            shape = self._by_shape.setdefault(key, [0, -1])
            if shape[0] >= EXAMPLES_PER_SHAPE and (self._settled is None or key in self._settled
                                                   or self._unsettled_room <= 0):
                self.unsettled_overflow = self.unsettled_overflow or self._settled is not None and key not in self._settled
                if shape[1] < 0:
                    shape[1] = self._new_group(method, safe, lineno, auth, later=True)
                return shape[1]
            if shape[0] >= EXAMPLES_PER_SHAPE:
                self._unsettled_room -= 1
            shape[0] += 1
        index = self._by_call[call] = self._new_group(method, safe, lineno, auth, later=False)
        return index

    def _shape_key(self, method: str, safe: str, hash_auth: bool) -> tuple[str, Any] | None:
        """The class (or shape) a call counts under, or None when it is the only call of its kind.

        With ``classify``: ``(METHOD, ("class", its class, hash auth or not))`` for a call it classes
        (hash auth: ``hash_auth``, the call's ``has_hash_auth``, or a ``hash``/``api_id`` name, as the
        advisor reads it), and ``(METHOD, ("unclassed", id shape, hash auth or not))`` for a call it does
        not class (it matches nothing: its id-like segments and query aside, ``call_shape.id_shape``);
        else, with ``shapes``, ``(METHOD, digit shape)`` for an all-digit segment.
        """
        if self.classify is not None:
            cls = self.classify(method, safe)
            hash_names = hash_auth or names_hash_auth(safe)
            if cls is not None:
                return (method, ("class", cls, hash_names))
            return (method, ("unclassed", id_shape(safe), hash_names))
        shaped = digit_shape(safe) if self.shapes else safe
        return (method, shaped) if shaped != safe else None

    def _new_group(self, method: str, safe: str, lineno: int, auth: bool, *, later: bool) -> int:
        self.groups.append(_Group(method, safe, lineno, auth, later))
        return len(self.groups) - 1

    # -- several processes (see registry.inputs.log_jobs) -----------------------------------------
    def shapes_seen(self) -> list[tuple[tuple[str, Any], list[int]]]:
        """``((METHOD, shape or class), [calls with a group of their own, later-calls group or -1])`` so far.

        Only shapes with an all-digit segment and classes are listed: any other call is alone in its kind.
        """
        return list(self._by_shape.items())

    def restart(self, stats: ReadStats, settled: set[tuple[str, str]], room: int) -> None:
        """Keep the groups and caches, forget the counts: a forked process counts its own range.

        Only the ``settled`` shapes (full before the range) count later calls together; every call of
        another shape keeps a group of its own, up to ``room`` beyond the first 50, so the merge can
        pick the first 50 in file order. Past that ``unsettled_overflow`` is set.
        """
        self.stats, self.read = stats, 0
        self.counts, self.first, self.last = Counter(), {}, {}
        self._first_raw, self._last_raw = {}, {}
        self._settled, self._unsettled_room = settled, room

    def merge_group(self, method: str, url: str, line: int, auth: bool, *, later: bool) -> int:
        """The group, in this counter, of a group another counter made at (this file's) ``line``."""
        if not later:
            index = self._by_call.get((method, call_key(url)))
            if index is not None:
                return index
        key = self._shape_key(method, url, auth)
        shape = self._by_shape.setdefault(key, [0, -1]) if key is not None else [0, -1]
        if later or shape[0] >= EXAMPLES_PER_SHAPE:
            if shape[1] < 0:
                self.groups.append(_Group(method, url, line, auth, True))
                shape[1] = len(self.groups) - 1
            return shape[1]
        shape[0] += 1
        self.groups.append(_Group(method, url, line, auth, False))
        index = self._by_call[method, call_key(url)] = len(self.groups) - 1
        return index

    def forget_requests(self) -> None:
        """Empty the request caches (the groups stay)."""
        self._cache, self._old = {}, {}

    def _settle_times(self) -> None:
        """Fold the raw stamps of the in-order blocks into ``first`` and ``last``."""
        tk = self._tk
        for group, raw in self._first_raw.items():
            self.see_first(group, tk(raw))  # type: ignore[arg-type]  # (a block's stamps are all valid)
        for group, raw in self._last_raw.items():
            self.see_last(group, tk(raw))  # type: ignore[arg-type]
        self._first_raw, self._last_raw = {}, {}

    def times(self) -> tuple[dict[int, TimeKey], dict[int, TimeKey]]:
        """Every group's earliest and latest time so far."""
        self._settle_times()
        return self.first, self.last

    def see_first(self, group: int, tk: TimeKey) -> None:
        """Widen the group's first time to ``tk``."""
        have = self.first.get(group)
        if have is None or tk < have:
            self.first[group] = tk

    def see_last(self, group: int, tk: TimeKey) -> None:
        """Widen the group's last time to ``tk``."""
        have = self.last.get(group)
        if have is None or tk > have:
            self.last[group] = tk

    # -- result ----------------------------------------------------------------------------------
    def observations(self) -> Iterator[Observation]:
        """One observation per group, in the order of their first line."""
        self._settle_times()
        totals: dict[int, list] = {}  # group → [count, statuses]
        for key, count in self.counts.items():
            index, status = key & GROUP_MASK, key >> _STATUS_BITS
            into = totals.get(index)
            if into is None:
                into = totals[index] = [0, {}]
            into[0] += count
            if status:
                into[1][status] = into[1].get(status, 0) + count
        for index in sorted(totals, key=lambda i: self.groups[i].line):
            group, (count, statuses) = self.groups[index], totals[index]
            yield Observation(
                method=group.method,
                url=group.url,
                location=f"{self.name}:{group.line}",
                kind="access-log",
                count=count,
                first_seen=iso_time(self.first.get(index)),
                last_seen=iso_time(self.last.get(index)),
                statuses=dict(sorted(statuses.items())),
                auth="hash" if group.auth else None,
            )
