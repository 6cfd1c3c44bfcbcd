"""One API's path templates as a segment trie, and the general walk that also explains a miss.

``ApiTrie.add`` files each template variant under its segments (literal children by dictionary, one
placeholder child, spanning tails at the node where they start). ``ApiTrie.find`` walks it in the
precedence order of ``registry.matching.matcher`` and records what a miss needs (other methods, a GET
route for HEAD, near misses); ``ApiTrie.first`` answers only the first template of the request's method,
by the literal-route dictionary before the walk.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from registry.matching.results import NearMiss
from registry.matching.templates import Param, Part, can_span_segments

if TYPE_CHECKING:
    from registry.models import Endpoint

_STATUS_RANK = {"active": 0, "inactive": 1, "removed": 2}


class Candidate:
    """One variant of one endpoint's template, ready to check against a split route."""

    __slots__ = ("endpoint", "method", "checks", "tail", "order", "notes")

    def __init__(self, endpoint: Endpoint, checks: tuple[Any, ...], tail: Any, order: tuple[int, ...]) -> None:
        self.endpoint = endpoint
        self.method = endpoint.method
        self.checks = checks  # (position, fullmatch, name | None, names, regex-for-messages)
        self.tail = tail  # (position, fullmatch, names, regex-for-messages) or None
        self.order = order
        self.notes = tuple(status_notes(endpoint))


class Node:
    __slots__ = ("static", "param", "tails", "leaves", "leaf_methods", "tail_methods")

    def __init__(self) -> None:
        self.static: dict[str, Node] = {}
        self.param: Node | None = None
        self.tails: list[Candidate] = []
        self.leaves: list[Candidate] = []
        self.leaf_methods: dict[str, list[Candidate]] = {}
        self.tail_methods: dict[str, list[Candidate]] = {}


class Search:
    """What one walk found besides a hit: a GET route for HEAD, other methods, near misses.

    Each near miss comes with where its value sits in the walked segments: ``pos`` for a segment,
    ``-1 - pos`` for a tail from ``pos`` on (the matcher answers later requests of its shape from it).
    """

    __slots__ = ("method", "fallback", "others", "misses")

    def __init__(self, method: str) -> None:
        self.method = method
        self.fallback: tuple[Candidate, dict[str, str]] | None = None
        self.others: list[tuple[Candidate, dict[str, str]]] = []
        self.misses: list[tuple[NearMiss, int]] = []


class ApiTrie:
    """The path templates of one API: a static-route dictionary and a segment trie."""

    def __init__(self, api_id: str, kind: str) -> None:
        self.api_id = api_id
        self.kind = kind  # "openapi" | "fastroute"
        self.root = Node()
        self.static: dict[str, dict[str, Candidate]] = {}
        self.candidates: list[Candidate] = []
        self.open_root = False  # whether a first segment outside root.static can match
        self.methods: set[str] = set()
        # First sights (``first``): the candidates a walk would try, per method and route skeleton.
        self._literals: dict[str, str] | None = None  # every literal segment of any template -> itself
        self._plans: dict[str, dict[tuple[str | None, ...], tuple[Candidate, ...]]] = {}

    def add(self, ep: Endpoint, parts: list[Part], index: int, base_path: str, constraints: dict[str, str]) -> None:
        self._literals, self._plans = None, {}
        segments = split_segments(parts, base_path)
        node = self.root
        checks: list[Any] = []
        tail = None
        literal = True
        for pos, seg in enumerate(segments):
            if any(isinstance(p, Param) and can_span_segments(constraints.get(p.name, p.regex)) for p in seg):
                regex, names = segments_regex(segments[pos:], constraints)
                tail = (pos, re.compile(regex).fullmatch, tuple(names), regex)
                literal = False
                break
            if len(seg) == 1 and isinstance(seg[0], str):
                node = node.static.setdefault(seg[0], Node())
                continue
            literal = False
            if len(seg) == 1:
                p = seg[0]
                regex = constraints.get(p.name, p.regex)  # type: ignore[union-attr]
                checks.append((pos, re.compile(regex).fullmatch, p.name, (), regex))  # type: ignore[union-attr]
            else:
                regex, names = segments_regex([seg], constraints)
                checks.append((pos, re.compile(regex).fullmatch, None, tuple(names), regex))
            if node.param is None:
                node.param = Node()
            node = node.param
        kinds = tuple(0 if len(s) == 1 and isinstance(s[0], str) else 1 for s in segments)
        cand = Candidate(ep, tuple(checks), tail, (*kinds, _STATUS_RANK.get(ep.status, 3), index))
        self.candidates.append(cand)
        self.methods.add(ep.method)
        if tail is not None:
            node.tails.append(cand)
            node.tails.sort(key=lambda c: c.order)
            node.tail_methods = _by_method(node.tails)
        else:
            node.leaves.append(cand)
            node.leaves.sort(key=lambda c: c.order)
            node.leaf_methods = _by_method(node.leaves)
        self.open_root = self.root.param is not None or bool(self.root.tails)
        if literal:
            route = "/" + "/".join(s[0] for s in segments)  # type: ignore[misc]
            by_method = self.static.setdefault(route, {})
            known = by_method.get(ep.method)
            if known is None or cand.order < known.order:
                by_method[ep.method] = cand

    # The walk ------------------------------------------------------------------------------------
    def first(self, method: str, route: str, segs: list[str]) -> tuple[Candidate, dict[str, str]] | None:
        """What ``find`` returns for ``method`` (the HEAD fallback aside), the literal routes first."""
        by_method = self.static.get(route)
        if by_method is not None:
            cand = by_method.get(method)
            if cand is not None:
                return cand, {}
        if method not in self.methods or (not self.open_root and segs[0] not in self.root.static):
            return None
        for cand in self._planned(method, segs):
            params = check_params(cand, segs, None)
            if params is not None:
                return cand, params
        return None

    def literals(self) -> dict[str, str]:
        """Every literal segment of any template (each mapped to itself, for ``map(literals.get, segs)``)."""
        if self._literals is None:
            self._literals = _literals_of(self.root)
        return self._literals

    def plan(self, method: str, route: str, segs: list[str]) -> tuple[Candidate, ...]:
        """The candidates ``first`` tries, in its order: the literal route of ``method`` alone, else the walk's."""
        by_method = self.static.get(route)
        if by_method is not None:
            cand = by_method.get(method)
            if cand is not None:
                return (cand,)
        if method not in self.methods or (not self.open_root and segs[0] not in self.root.static):
            return ()
        return self._plan(method, segs)

    def _planned(self, method: str, segs: list[str]) -> tuple[Candidate, ...]:
        """``_plan``, remembered per method and route skeleton."""
        # The walk's path through the trie depends only on which segments are literals of some template
        # (the route's *skeleton*: those segments as written, every other one None): the candidates it
        # would try, in its order, are worked out once per skeleton (``_plan``); what is left per request
        # is their regex checks. The first candidate whose checks pass is what ``find`` returns.
        literals = self._literals
        if literals is None:
            literals = self._literals = _literals_of(self.root)
        plans = self._plans.get(method)
        if plans is None:
            plans = self._plans[method] = {}
        skeleton = tuple(map(literals.get, segs))
        plan = plans.get(skeleton)
        if plan is None:
            if len(plans) >= _PLANS:
                plans.clear()
            plan = plans[skeleton] = self._plan(method, segs)
        return plan

    def _plan(self, method: str, segs: list[str]) -> tuple[Candidate, ...]:
        """The candidates of ``method`` that ``find`` tries for ``segs``, in its order (see ``_walk``)."""
        out: list[Candidate] = []
        n = len(segs)

        def walk(node: Node, i: int) -> None:
            if i == n:
                out.extend(node.leaf_methods.get(method, ()))
                return
            child = node.static.get(segs[i])
            if child is not None:
                walk(child, i + 1)
            if node.param is not None:
                walk(node.param, i + 1)
            out.extend(node.tail_methods.get(method, ()))

        walk(self.root, 0)
        return tuple(out)

    def find(self, route: str, segs: list[str], search: Search) -> tuple[Candidate, dict[str, str]] | None:
        """The best candidate of ``search.method`` for the route, or None (``search`` keeps the rest)."""
        return self._walk(self.root, segs, 0, len(segs), search)

    def _walk(self, node: Node, segs: list[str], i: int, n: int, search: Search) -> Any:
        if i == n:
            if node.leaves:
                return _try(node.leaves, node.leaf_methods, segs, search)
            return None
        child = node.static.get(segs[i])
        if child is not None:
            found = self._walk(child, segs, i + 1, n, search)
            if found is not None:
                return found
        child = node.param
        if child is not None:
            found = self._walk(child, segs, i + 1, n, search)
            if found is not None:
                return found
        if node.tails:
            return _try(node.tails, node.tail_methods, segs, search)
        return None


_PLANS = 4096  # route skeletons remembered per method (a scanner's odd literals make room)


def _literals_of(node: Node, out: dict[str, str] | None = None) -> dict[str, str]:
    """Every literal segment below ``node`` (a dictionary of each to itself, for ``map(literals.get, segs)``)."""
    out = {} if out is None else out
    for text, child in node.static.items():
        out[text] = text
        _literals_of(child, out)
    if node.param is not None:
        _literals_of(node.param, out)
    return out


def _by_method(cands: list[Candidate]) -> dict[str, list[Candidate]]:
    out: dict[str, list[Candidate]] = {}
    for cand in cands:
        out.setdefault(cand.method, []).append(cand)
    return out


def _try(cands: list[Candidate], by_method: dict[str, list[Candidate]], segs: list[str],
         search: Search) -> tuple[Candidate, dict[str, str]] | None:
    method = search.method
    mine = by_method.get(method)
    if mine is not None:
        for cand in mine:
            params = check_params(cand, segs, search.misses)
            if params is not None:
                return cand, params
    for cand in cands:  # no candidate of this method here: what else would answer?
        if cand.method == method:
            continue
        if method == "HEAD" and cand.method == "GET":
            if search.fallback is None:
                params = check_params(cand, segs, search.misses)
                if params is not None:
                    search.fallback = (cand, params)
            continue
        params = check_params(cand, segs, None)
        if params is not None:
            search.others.append((cand, params))
    return None


def check_params(cand: Candidate, segs: list[str],
                 misses: list[tuple[NearMiss, int]] | None) -> dict[str, str] | None:
    params: dict[str, str] = {}
    for pos, fullmatch, name, names, regex in cand.checks:
        value = segs[pos]
        m = fullmatch(value)
        if m is None:
            if misses is not None and value:
                misses.append((NearMiss(cand.endpoint, name or ", ".join(names), value, regex), pos))
            return None
        if name is not None:
            params[name] = value
        else:
            params.update(zip(names, m.groups()))
    if cand.tail is not None:
        pos, fullmatch, names, regex = cand.tail
        value = "/".join(segs[pos:])
        m = fullmatch(value)
        if m is None:
            if misses is not None and value:
                misses.append((NearMiss(cand.endpoint, ", ".join(names), value, regex), -1 - pos))
            return None
        params.update(zip(names, m.groups()))
    return params


def split_segments(parts: list[Part], base_path: str) -> list[list[Part]]:
    """``["/v1/adressen/", Param(id)]`` -> ``[["v1"], ["adressen"], [Param(id)]]`` (below ``base_path``)."""
    parts = list(parts)
    if base_path and parts and isinstance(parts[0], str):
        first = parts[0]
        if first == base_path or first.startswith(base_path + "/"):
            parts[0] = first[len(base_path):] or "/"
            if parts[0] == "/" and len(parts) == 1 and first == base_path:
                parts[0] = "/"
    segments: list[list[Part]] = [[]]
    started = False
    for part in parts:
        if isinstance(part, str):
            pieces = part.split("/")
            if not started:
                pieces = pieces[1:] if pieces[0] == "" else pieces
                started = True
                segments[-1].extend([pieces[0]] if pieces and pieces[0] != "" else [])
                for piece in pieces[1:]:
                    segments.append([piece] if piece else [])
            else:
                if pieces[0]:
                    segments[-1].append(pieces[0])
                for piece in pieces[1:]:
                    segments.append([piece] if piece else [])
        else:
            started = True
            segments[-1].append(part)
    return [seg if seg else [""] for seg in segments]


def segments_regex(segments: list[list[Part]], constraints: dict[str, str]) -> tuple[str, list[str]]:
    out, names = [], []
    for i, seg in enumerate(segments):
        if i:
            out.append("/")
        for p in seg:
            if isinstance(p, str):
                out.append(re.escape(p))
            else:
                out.append(f"({constraints.get(p.name, p.regex)})")
                names.append(p.name)
    return "".join(out), names


def status_notes(ep: Endpoint) -> list[str]:
    """The notes every answer with this endpoint carries (inactive route, removed endpoint)."""
    if ep.status == "inactive":
        return ["this route is commented out in the legacy route table (status inactive): the server does not route it"]
    if ep.status == "removed":
        return [f"this endpoint was removed{f' in {ep.removed_in}' if ep.removed_in else ''}"]
    return []
