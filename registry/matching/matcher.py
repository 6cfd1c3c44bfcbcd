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
5. **Standard API actions** are resolved as OpenXE dispatches them (the rules are data: ``dispatch`` of
   the API in ``apis.yaml``, with their sources). FastRoute's catch-all ``/{action}`` routes of the legacy
   REST API (``data/rest/default.yaml``) never match on their own: a single-segment route goes through
   the REST wrapper, which calls the method ``Api`` + the name (``AccountCreate``/``AccountEdit`` are
   mapped first, in that letter case only), and PHP finds methods whatever their letter case. So
   ``/api/auftragcreate`` reaches ``ApiAuftragCreate``, ``/api/XMLTest`` reaches ``ApiXMLTest`` (the
   action registered as ``ApiXMLTest``), ``/api/ApiXMLTest`` reaches nothing, and ``/api/BelegGet``
   reaches a public method that is no registered action (``registered: false``). A call by a handler
   alias or in another letter case is noted. ``index.php?module=api&action=X`` looks ``X`` up in the
   registered list, letter for letter. ``/api/.env`` or ``/api/swagger.json`` match nothing.
6. **Slashes are exact on every API.** FastRoute compares the whole path, so a trailing slash is
   significant (``/v1/gobnavconnect`` and ``/v1/gobnavconnect/`` are two routes) and a double slash makes
   an empty segment that no placeholder accepts. For the current API Xentral's release notes say
   URL routes are no longer normalised (25.35.5, CCI-2309), so the registry is exact there too
   (inferred); an unmatched request that would match without the extra slash gets that suggestion.

The memo in front of the walks (answers kept by request, answers by call shape, the longest URL read)
is ``registry.matching.memo``; the walks are below: a static-route dictionary per API answers literal
paths in one lookup; other paths walk a segment trie (``trie.py``: literal children by dictionary, one
placeholder child, spanning tails by regex). A request some API has a template of its method for is
answered without collecting what would explain a miss (``_first_hit``); the full walk (``_explain``)
runs only for misses and HEAD.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from registry.matching.memo import Memo, _Recipe
from registry.matching.results import (LEGACY_ENTRY_FORMS, Match, MethodNotAllowed, NearMiss, Result, Unmatched,
                                       shown_template)
from registry.matching.suggest import Suggester
from registry.matching.templates import Param, Part, parse_fastroute, parse_openapi
from registry.matching.trie import ApiTrie, Search, check_params, status_notes
from registry.matching.urls import ParsedUrl
from registry.records import handler_of

if TYPE_CHECKING:
    from registry.dataset import Registry
    from registry.models import Endpoint


_VERSION_SEGMENT = re.compile(r"v\d+")
_UNVERSIONED_NOTE = ("unversioned /api/… paths are deprecated and will be removed "
                     "(https://developer.xentral.com/v25.34/reference/versioning); this request stands for {target}")
_HEAD_NOTES = {
    "openapi": "no HEAD route: HEAD is answered by the GET route (assumed, as FastRoute and most servers do)",
    "fastroute": "no HEAD route: HEAD is answered by the GET route (FastRoute falls back to GET)",
}


# -- the matcher ------------------------------------------------------------------------------------
class Matcher(Memo):
    """Resolves requests against one ``Registry``; build once, call ``resolve`` many times.

    ``memo_size`` bounds the memo of answers by request (0 turns it off). An answer is kept when its
    request comes a second time (the memo remembers the hashes of the URLs of up to ``memo_size``
    requests seen once; a URL asked with two methods counts once), in two halves: when the young half is full it becomes the old half (an answer found there
    moves back), and the previous old half is dropped. Requests that differ only in their digits
    share one answer *shape* (``by_shape``), at most ``min(memo_size, 16384)`` per method, remembered
    at the ``shape_sightings``-th request of the shape (2: a log of fresh hex ids, UUIDs or tokens makes a
    shape per line that never comes again, and pays for none; 1: at once). See ``registry.matching.memo``.
    """

    def __init__(self, registry: Registry, memo_size: int = 131072, shape_sightings: int = 2) -> None:
        self.registry = registry
        apis = sorted(registry.apis.values(), key=lambda a: (a.precedence, a.id))
        self._order = [a.id for a in apis]
        self._tries: dict[str, ApiTrie] = {}
        self._current: list[ApiTrie] = []
        self._legacy: list[ApiTrie] = []
        self._actions: dict[str, Endpoint] = {}  # every name (lower case) an action is called by, for suggestions
        self._registered: dict[str, Endpoint] = {}  # index.php?module=api&action=: the registered names
        self._registered_folded: dict[str, Endpoint] = {}  # the same, by lower-case name (to explain a miss)
        self._methods: dict[str, Endpoint] = {}  # the REST wrapper: handler method -> endpoint
        self._mapping: dict[str, str] = {}
        self._prefix = "Api"
        self._methods_fold = True
        self._registered_fold = False
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
                    self._init_dispatch(api, by_api[api.id])
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
        self._init_memo(memo_size, [*self._current, *self._legacy], self._actions, shape_sightings)
        # Route plans of plain /api/… lines (``_mount_hit``): the path APIs in precedence order, literals of all.
        self._plan_tries = [trie for kind, trie in self._searchers if kind != "action"]
        self._route_literals: dict[str, str] = {}
        for trie in self._plan_tries:
            self._route_literals.update(trie.literals())
        self._route_plans: dict[str, dict[tuple[str | None, ...], Any]] = {}
        self._suggester = Suggester(self)

    def _init_dispatch(self, api: Any, endpoints: list[Endpoint]) -> None:
        """The lookups of both Standard API forms, from the API's ``dispatch`` rules (OpenXE's when absent)."""
        dispatch = api.dispatch
        if dispatch is not None:
            wrapper, registered = dispatch.wrapper, dispatch.registered
            self._prefix, self._mapping = wrapper.method_prefix, dict(wrapper.mapping)
            self._methods_fold = not wrapper.method_names_case_sensitive
            self._registered_fold = not registered.case_sensitive
        for ep in endpoints:
            if ep.action is None:
                continue
            handler = handler_of(ep, self._prefix)
            self._methods.setdefault(handler.lower() if self._methods_fold else handler, ep)
            self._actions.setdefault(ep.action.lower(), ep)
            if ep.wrapper:
                self._actions.setdefault(ep.wrapper.lower(), ep)
            if ep.registered:
                self._registered.setdefault(ep.action.lower() if self._registered_fold else ep.action, ep)
                self._registered_folded.setdefault(ep.action.lower(), ep)

    def _wrapper_call(self, name: str) -> tuple[str, Endpoint | None]:
        """The method the REST wrapper calls for ``/api/{name}``, and the endpoint it reaches (None: no such method)."""
        called = self._mapping.get(name)
        if called is None:
            called = self._prefix + name
        return called, self._methods.get(called.lower() if self._methods_fold else called)

    def _wrapper_names(self, ep: Endpoint) -> list[str]:
        """Every name that reaches ``ep`` through the REST wrapper, the canonical one first."""
        names = [ep.wrapper] if ep.wrapper else []
        names += [n for n, m in self._mapping.items() if m.lower() == handler_of(ep, self._prefix).lower()]
        handler = handler_of(ep, self._prefix)
        if handler.lower().startswith(self._prefix.lower()):
            names.append(handler[len(self._prefix):])
        return list(dict.fromkeys(n for n in names if n))

    def _wrapper_notes(self, name: str, called: str, ep: Endpoint) -> list[str]:
        """Notes for a wrapper call that reached ``ep`` by another name than its action's, or as wrapper only."""
        notes = []
        handler = handler_of(ep, self._prefix)
        action = ep.action or ""
        if name != action and name.lower() == action.lower():
            if ep.registered:
                notes.append(f"letter case: the action is '{action}'; /api/{name} reaches {handler} only because PHP "
                             "method names are case-insensitive (index.php?module=api&action= needs the exact name)")
            else:
                notes.append(f"letter case: /api/{name} calls {called}, which PHP finds as {handler} "
                             "(method names are case-insensitive)")
        elif name != action:
            found = f", which PHP finds as {handler} (method names are case-insensitive)" if called != handler else ""
            notes.append(f"handler alias: /api/{name} calls {called}{found}, the handler of the action '{action}' "
                         f"(the REST wrapper calls '{self._prefix}' + the name)")
        if not ep.registered:
            notes.append(f"wrapper only: {handler} is a public method of api.php but no registered action, so "
                         "index.php?module=api&action= does not reach it")
        return notes

    # -- resolution --------------------------------------------------------------------------------
    def _mount_hit(self, method: str, parsed: ParsedUrl) -> Result:
        """``_resolve_parsed`` for a plain ``/api/…`` line (entry ``mount``, no notes, not HEAD), by route plan.

        The tries' walks depend only on which route segments are literals of some template (the route's
        skeleton, ``ApiTrie.first``): per method and skeleton, the candidates each API's walk would try
        are worked out once, so a first sight costs a dictionary lookup and its regex checks. Anything
        else (a one-segment route, which may be an action; an unversioned path; a miss) goes to
        ``_resolve_parsed``, which answers the same.
        """
        route = parsed.route
        segs = route[1:].split("/")
        if len(segs) < 2:
            return self._resolve_parsed(method, parsed)
        plans = self._route_plans.get(method)
        if plans is None:
            if len(self._route_plans) >= 16:
                self._route_plans.clear()
            plans = self._route_plans[method] = {}
        skeleton = tuple(map(self._route_literals.get, segs))
        plan = plans.get(skeleton)
        if plan is None:
            if len(plans) >= 4096:
                plans.clear()
            plan = plans[skeleton] = tuple((trie.api_id, trie.kind, trie, trie.plan(method, route, segs))
                                           for trie in self._plan_tries)
        hits: list[Match] = []
        display = parsed.display
        for api_id, kind, trie, cands in plan:
            for cand in cands:
                params = check_params(cand, segs, None)
                if params is not None:
                    hits.append(Match(cand.endpoint, api_id, params, "current" if kind == "openapi" else "rest-path", (),
                                      cand.notes, method, display, route))
                    break
            else:
                if kind == "openapi" and _unversioned(trie, segs):
                    return self._resolve_parsed(method, parsed)
        if not hits:
            return self._resolve_parsed(method, parsed)
        if len(hits) > 1:
            hits[0].alternatives = tuple(hits[1:])
        return hits[0]

    def _resolve_parsed(self, method: str, parsed: ParsedUrl) -> Result:
        if parsed.problem is None and parsed.entry != "hash" and method != "HEAD":
            route = parsed.route or "/"
            segs = route[1:].split("/") if route.startswith("/") else route.split("/")
            hit = self._first_hit(method, route, segs, parsed.notes, parsed.display, LEGACY_ENTRY_FORMS.get(parsed.entry))
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
        legacy_form = LEGACY_ENTRY_FORMS.get(parsed.entry)
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
        """A one-segment route through the REST wrapper ``/{action}``: the method it calls, if api.php has it."""
        called, ep = self._wrapper_call(name)
        if ep is None:
            return
        notes = list(url_notes)
        notes += self._wrapper_notes(name, called, ep)
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
        """``index.php?module=api&action=X``: ``X`` is looked up in the registered list (letter for letter)."""
        action = parsed.action or ""
        ep = self._registered.get(action.lower() if self._registered_fold else action)
        if ep is None or self._action_api is None:
            return Unmatched(method, parsed.display, self._hash_miss(action), "standard-hash", None, (), parsed.notes,
                             self._suggester.suggest_action, (action,))
        notes = list(parsed.notes)
        notes.extend(status_notes(ep))
        return Match(ep, self._action_api, {}, "standard-hash", (), tuple(notes), method, parsed.display, None)

    def _hash_miss(self, action: str) -> str:
        """Why ``index.php?module=api&action=<action>`` reaches no handler."""
        other = self._registered_folded.get(action.lower())
        if other is not None:
            return (f"'{action}' is not a registered action: index.php?module=api&action= looks the name up in a "
                    f"case-sensitive list, which has '{other.action}'")
        called, ep = self._wrapper_call(action)
        if ep is not None:
            how = f", registered as '{ep.action}'" if ep.registered else ""
            return (f"'{action}' is not a registered action (index.php?module=api&action= reaches only registered "
                    f"names); the REST wrapper /api/{action} reaches {handler_of(ep, self._prefix)}{how}")
        return f"'{action}' is not a Standard API action (the action list is closed)"

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
            name = route[1:]
            called, _ep = self._wrapper_call(name)
            other = self._registered_folded.get(name.lower())
            if other is not None:  # an action's name that the wrapper turns into a method api.php lacks
                mapped = next((k for k in self._mapping if k.lower() == name.lower() and k != name), None)
                how = (f"the REST wrapper maps '{mapped}' (in this letter case only) to {self._mapping[mapped]}, so it "
                       f"calls {called}" if mapped else f"the REST wrapper calls {called}")
                names = " or ".join(f"/api/{n}" for n in self._wrapper_names(other))
                return (f"no endpoint for '{shown}': {how}, which api.php does not define; the action "
                        f"'{other.action}' is reached as {names}")
            return (f"no endpoint for '{shown}': '{name}' is not a Standard API action, and no route of the other "
                    f"APIs matches (the REST wrapper /{{action}} calls {called}, which api.php does not define)")
        return f"no endpoint for '{shown}'"

    def _resolve_route(self, method: str, route: str, parsed: ParsedUrl, entry: str | None = None) -> Result:
        return self._resolve_parsed(method, parsed._replace(route=route, entry=entry or parsed.entry, notes=()))


#: A template of another method the path fits: endpoint, method, params, form, (candidate, shift).
_Other = tuple["Endpoint", str, dict[str, str], str, tuple[Any, int]]


def _unversioned(trie: ApiTrie, segs: list[str]) -> bool:
    """Whether a route of the current API may be an unversioned path (``/api/products/5``) of a /v1 resource."""
    v1 = trie.root.static.get("v1")
    first = segs[0]
    return v1 is not None and (first in v1.static or v1.param is not None) and not _VERSION_SEGMENT.fullmatch(first)


def _is_catch_all(variants: list[list[Part]]) -> bool:
    """FastRoute's ``/{action}``: one variant, one default placeholder after the slash."""
    return (len(variants) == 1 and len(variants[0]) == 2 and variants[0][0] == "/"
            and isinstance(variants[0][1], Param) and variants[0][1].regex == "[^/]+")
