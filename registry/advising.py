"""The migration advisor: observed calls in, a verdict per call and a plan for the integration out.

For every distinct call (method + endpoint, or method + path when nothing matches) the advisor asks
the dataset two questions: does the call work under the integration's *current* auth, and where does
it go on the *target* (default: ``pat``, the new PAT module, on the current Xentral API)::

    plan = advise(reg, [Observation("POST", "/api/shopimport/auth", "connector.php:12", "source")],
                  auth="pat-legacy")
    plan.advice[0].verdict      # 'blocked'
    plan.advice[0].origin       # 'list:pat-legacy-unavailable'
    plan.recipe.scopes          # the least-privilege scope set for the new token

Verdicts (ordered as the work plan treats them):

- ``blocked``   the call does not work under the current auth (a ``no`` statement, a documented
  list's path pattern, or a route the server no longer serves);
- ``migrate``   a legacy call; the recommended current-API endpoint(s) and their fit come from ``data/migrations``;
- ``unknown``   the dataset cannot say (support ``unknown``/``partial`` under the target, or no migration recorded);
- ``unmatched`` no endpoint and no documented pattern covers the call;
- ``ready``     a current-API call that works under the target auth as it is.

A call whose method the evidence does not show (``UNKNOWN`` from a source scan, ``ANY`` in a plain list)
is one row: ``unknown`` when some route serves its path (the candidates in its notes), else ``unmatched``.
It is never ``blocked`` and adds no scope to the recipe; the report lists it under "method unclear".
A source scan writes a value not known in the code as a stand-in segment (``/api/v1/adressen/{id}``);
the advisor resolves it with a value that fits the route's placeholder and keeps the readable form.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterable, Protocol
from urllib.parse import parse_qs, parse_qsl, urlsplit

from registry.dataset import Registry
from registry.errors import UsageError
from registry.inputs.base import Observation, ReadStats, SecretFinding
from registry.inputs.call_shape import id_shape
from registry.inputs.redact import names_hash_auth
from registry.plan import VERDICTS, Advice, Call, Plan, Recommendation, ScopeNeed, Step, TokenRecipe

__all__ = ["EVIDENCE_AUTH", "VERDICTS", "Advice", "Call", "Plan", "Recommendation", "ScopeNeed", "Step", "TokenRecipe",
           "advise", "build_recipe", "build_steps", "check_auth", "choose_by_param", "describe_unmatched", "judge_call", "irregular_scope",
           "param_names", "resource_family", "scopes_for", "target_api_of"]
from registry.matching.classify import Vocabulary, classify_url
from registry.matching.templates import TemplateError, parse_fastroute

if TYPE_CHECKING:
    from registry.models import DocumentedList, Endpoint, Migration, PathPattern

#: How an ``Authorization`` scheme (or a hash in the URL) seen in the evidence maps to an auth method.
EVIDENCE_AUTH = {"bearer": "pat-legacy", "digest": "digest", "hash": "hash"}
#: Order of scope actions in the recipe: CRUD first, then the others alphabetically.
_ACTION_ORDER = {"read": 0, "create": 1, "update": 2, "delete": 3}
_METHOD_ACTION = {"GET": "read", "HEAD": "read", "POST": "create", "PUT": "update", "PATCH": "update", "DELETE": "delete"}
_MATURITY_RANK = {"stable": 0, "early-access": 1, "beta": 2, "alpha": 3}
_MAX_LOCATIONS = 50
_ANY_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
#: Methods that say the evidence does not show the method.
UNCLEAR_METHODS = frozenset({"ANY", "UNKNOWN"})
_STANDIN = re.compile(r"(?<=/)\{[A-Za-z0-9_]*\}(?=/|$)")
_DIGITS = re.compile(r"\d+")
_API_VERSION = re.compile(r"^/api/v\d+(?=/|$)")
_XENTRAL_ID = re.compile(r"^xentral\.(?P<group>[^.]+)\.(?P<method>[a-z]+)(?:-(?P<version>v\d+))?(?P<rest>(?:-.*)?)$")


class Match(Protocol):
    """What ``Registry.resolve`` returns (see ``registry.matching.matcher``)."""

    endpoint: Endpoint | None


# -- the advisor ---------------------------------------------------------------------------------
def advise(
    reg: Registry,
    items: Iterable[Observation | SecretFinding],
    auth: str | None = None,
    target: str = "pat",
    inputs: list[ReadStats] | None = None,
) -> Plan:
    """Advise on every observed call; ``auth`` overrides what the evidence says about each call.

    Raises ``UsageError`` for an unknown auth method or target.
    """
    check_auth(reg, auth, target)
    target_api = next((a.id for a in sorted(reg.apis.values(), key=lambda a: a.precedence) if a.status == "current"), "xentral")
    advisor = _Advisor(reg, auth, target_api, target)
    findings: list[SecretFinding] = []
    for item in items:
        if isinstance(item, SecretFinding):
            findings.append(item)
        else:
            advisor.add(item)
    advice = sorted(advisor.finish(), key=lambda a: a.key)
    recipe = build_recipe(reg, advice, target)
    findings.sort(key=lambda f: (_location_key(f.location), f.kind))
    plan = Plan(auth, target_api, target, advice, recipe, [], findings, list(inputs or []), f"{reg.info.name} {reg.info.version}",
                dataset_releases(reg), dict(advisor.vocabulary.releases))
    plan.steps = build_steps(reg, plan)
    if reg.observations:
        from registry.probe.observations import observation_rows

        used = [a.endpoint.id for a in advice if a.endpoint is not None]
        used += [r.endpoint_id for a in advice for r in a.recommendations]
        plan.observations = observation_rows(reg, used)
    return plan


def judge_call(reg: Registry, method: str, url: str, auth: str | None = None, target: str = "pat") -> Advice:
    """The advisor's verdict for one request (what ``xreg check`` prints for the target), as ``advise`` gives it."""
    plan = advise(reg, [Observation(method.upper(), url, "", "list")], auth=auth, target=target)
    return plan.advice[0]


def check_auth(reg: Registry, auth: str | None, target: str) -> None:
    """Raise ``UsageError`` unless ``auth`` (when given) and ``target`` are auth methods of the dataset, and
    ``target`` works on the current API (some endpoint of it supports the method: not digest or hash)."""
    for name, value in (("auth method", auth), ("target", target)):
        if value is not None and value not in reg.auth:
            raise UsageError(f"unknown {name} '{value}' (expected one of: {', '.join(reg.auth)})")
    targets = target_auths(reg)
    if target not in targets:
        api = reg.apis[target_api_of(reg)].name
        raise UsageError(f"target '{target}' does not work on the {api}: no endpoint of it supports {target} "
                         f"(expected one of: {', '.join(targets)})")


def target_auths(reg: Registry) -> list[str]:
    """The auth methods a migration can move to: those some endpoint of the current API supports."""
    api = target_api_of(reg)
    usable = {a for (e, a), r in reg.statements.items() if r.statement.support != "no" and reg.endpoints[e].api == api}
    return [a for a in reg.auth if a in usable]


class _Advisor:
    """Merges observations into calls (resolving each distinct URL once) and judges each call."""

    def __init__(self, reg: Registry, auth: str | None, target_api: str, target_auth: str) -> None:
        self.reg, self.auth, self.target_api, self.target_auth = reg, auth, target_api, target_auth
        self._calls: dict[tuple[str, ...], tuple[Call, Any]] = {}
        self.vocabulary = Vocabulary.from_registry(reg)
        self._param_names: dict[str, frozenset[str]] = {}  # endpoint id -> the parameter names its migrations read

    def add(self, obs: Observation) -> None:
        seen = obs.auth or ("hash" if _has_hash(obs.url) else None)
        auth = self.auth or EVIDENCE_AUTH.get(seen or "")
        method = obs.method.upper()
        if method in UNCLEAR_METHODS:
            # One row, whatever routes serve the path: the candidates are looked up when it is judged.
            key = (method, f"?{_shape(_path_of(obs.url))}", auth or "")
            match, values = None, {}
        else:
            match = resolve_standins(self.reg, method, obs.url)
            ep = getattr(match, "endpoint", None)
            # Calls that match nothing share a row per id shape (call_shape.id_shape): rows, and the
            # suggestions worked out for each, are bounded by the shapes, not by a scanner's ids.
            group = ep.id if ep is not None else f"?{id_shape(_path_of(obs.url))}"
            values = self._param_values(ep, obs) if ep is not None else {}
            # (calls whose parameter chooses another target are rows of their own: beleg=auftrag, beleg=rechnung)
            key = (method, group, auth or "", *(f"{k}={v}" for k, v in sorted(values.items())))
        entry = self._calls.get(key)
        if entry is None:
            call = Call(method=method, url=obs.url, auth=auth, auth_seen=[], params={k: [v] for k, v in sorted(values.items())})
            entry = self._calls[key] = (call, match)
        _merge(entry[0], obs, seen)

    def _param_values(self, ep: Endpoint, obs: Observation) -> dict[str, str]:
        """The values of the parameters ``ep``'s migrations choose targets by, from the query string or the body."""
        names = self._param_names.get(ep.id)
        if names is None:
            names = self._param_names[ep.id] = frozenset(
                n for m in self.reg.migrations_for(ep.id) if m.by_param for n in (m.by_param.name, *m.by_param.aliases))
        if not names:
            return {}
        values = {k: v for k, v in obs.params.items() if k in names}
        if "?" in obs.url:
            query = obs.url.split("?", 1)[1].split("#", 1)[0]
            for k, v in parse_qsl(query, keep_blank_values=True):
                if k in names and k not in values and v:
                    values[k] = v
        return values

    def finish(self) -> list[Advice]:
        return [self.judge(call, match) for call, match in self._calls.values()]

    # -- verdicts --------------------------------------------------------------------------------
    def judge(self, call: Call, match: Any) -> Advice:
        if call.method in UNCLEAR_METHODS:
            return self._judge_unclear(call)
        ep: Endpoint | None = getattr(match, "endpoint", None)
        if ep is None:
            return describe_unmatched(self._judge_unmatched(call, match), self.vocabulary)
        if ep.api == self.target_api:
            advice = self._judge_current(call, ep)
        else:
            advice = self._judge_legacy(call, ep)
        advice.notes = advice.notes + _match_notes(match) + self._conflict_notes(call, ep)
        advice.api, advice.form = ep.api, getattr(match, "form", None)
        return advice

    def _judge_unclear(self, call: Call) -> Advice:
        """A call whose method the evidence does not show: the routes its path has, no verdict of their own."""
        found: dict[str, Endpoint] = {}
        first: Any = None
        for m in _ANY_METHODS:
            r = resolve_standins(self.reg, m, call.url)
            first = first if first is not None else r
            ep = getattr(r, "endpoint", None)
            if ep is not None and ep.id not in found:
                found[ep.id] = ep
        if not found:
            path = _path_of(call.url)
            probe = self.reg.resolve("GET", call.url)
            detail = "; ".join(n for n in _match_notes(probe) if not n.startswith("no endpoint for"))
            return describe_unmatched(Advice(call, "unmatched", f"No endpoint in the dataset matches {path} for any method"
                                             + (f": {detail}" if detail else "."), [], "matcher", notes=[_UNCLEAR_NOTE]),
                                      self.vocabulary)
        eps = list(found.values())
        listing = ", ".join(f"{e.method} ({e.id})" for e in eps)
        reason = (f"The method is not clear from the evidence; the path is served for {listing}. "
                  "Say which one the call uses (check the code at its location) to get its verdict and scopes.")
        return Advice(call, "unknown", reason, [], "method-unclear", None, [], None,
                      [_UNCLEAR_NOTE] + [f"candidate: {e.target} ({e.id})" for e in eps], eps[0].resource)

    def _conflict_notes(self, call: Call, ep: Endpoint) -> list[str]:
        """An observation (``xreg probe``) that contradicts a documented statement the verdict rests on."""
        auths = [call.auth] if call.auth is not None else []
        if ep.api == self.target_api and self.target_auth not in auths:
            auths.append(self.target_auth)
        notes = []
        for auth_id in auths:
            res = self.reg.support(ep.id, auth_id)
            if res.conflict:
                seen = "; ".join(s.text() for s in res.observed)
                notes.append(f"CONFLICT under {auth_id}: the dataset says {res.statement.support} ({res.statement.basis}, "
                             f"{res.origin}), but it was observed {seen}; the verdict follows the dataset")
        return notes

    def _judge_unmatched(self, call: Call, match: Any) -> Advice:
        path = getattr(match, "route", None) or _legacy_path(call.url)
        for dl in self.reg.lists:
            for_current = call.auth is not None and dl.auth == call.auth
            if not for_current and not self._list_concerns_target(dl):
                continue
            pattern = next((p for p in dl.paths if _pattern_covers_path(p, path)), None)
            if pattern is None:
                continue
            st = dl.statement
            covers = (f"the source lists '{pattern.path}'{' (and everything below it)' if pattern.match == 'prefix' else ''}, "
                      f"which covers {path} although no route matches the call")
            if for_current:
                reason = f"{dl.title}: {covers}. {(st.notes or '').strip()}"
            else:
                reason = self._target_block_reason(dl, covers, [], None)
            covered = sorted(ep.resource for ep in self.reg.endpoints.values()
                             if ep.path is not None and ep.api in dl.apis and pattern.covers(ep.path))
            return Advice(call, "blocked", reason, list(st.sources), f"list:{dl.id}", notes=_match_notes(match),
                          resource=covered[0] if covered else None)
        detail = "; ".join(_match_notes(match))
        reason = "No endpoint in the dataset matches this call" + (f": {detail}" if detail else ".")
        return Advice(call, "unmatched", reason, [], "matcher")

    def _judge_current(self, call: Call, ep: Endpoint) -> Advice:
        notes = []
        if call.auth is not None and call.auth != self.target_auth:
            now = self.reg.support(ep.id, call.auth)
            if now.statement.support == "no":
                return Advice(call, "blocked", _reason(now.statement.notes, f"{call.auth} does not work here"),
                              list(now.statement.sources), now.origin, ep)
        res = self.reg.support(ep.id, self.target_auth)
        st = res.statement
        rec = self._recommendation(ep, "exact", "")
        if ep.maturity != "stable":
            notes.append(f"{ep.maturity} endpoint: breaking changes can occur; prefer a stable one where there is one")
        if st.support == "yes":
            notes += self._undeclared_query(call, ep)
            return Advice(call, "ready", _reason(st.notes, f"works with {self.target_auth}"), list(st.sources),
                          res.origin, ep, [rec], "exact", notes)
        if st.support == "no":
            return Advice(call, "blocked", _reason(st.notes, f"{self.target_auth} does not work here"), list(st.sources),
                          res.origin, ep, notes=notes)
        return Advice(call, "unknown", _reason(st.notes, f"support under {self.target_auth} is {st.support}"),
                      list(st.sources), res.origin, ep, [rec], None, notes)

    def _judge_legacy(self, call: Call, ep: Endpoint) -> Advice:
        recs, migrations, notes, open_param = self._recommend_for(ep, call)
        fit = _best_fit(migrations)
        advice = self._judge_legacy_with(call, ep, recs, migrations, fit, notes)
        advice.param_open = open_param
        return advice

    def _judge_legacy_with(self, call: Call, ep: Endpoint, recs: list[Recommendation], migrations: list[Migration],
                           fit: str | None, notes: list[str]) -> Advice:
        if ep.status != "active":
            reason = _reason(ep.notes, f"the route is {ep.status} in the route table")
            return Advice(call, "blocked", reason, list(ep.sources) or self._route_source(ep), "route-table", ep, recs, fit)
        if call.auth is not None:
            now = self.reg.support(ep.id, call.auth)
            if now.statement.support == "no":
                return Advice(call, "blocked", _reason(now.statement.notes, f"{call.auth} does not work here"),
                              list(now.statement.sources), now.origin, ep, recs, fit)
            if now.statement.support in ("unknown", "partial"):
                notes.append(f"whether {call.auth} works on this legacy endpoint today is {now.statement.support} "
                             f"({now.origin}): {(now.statement.notes or '').strip()}")
        else:
            notes.append("the current auth is not known from the evidence; pass --auth to check for blockers")
        listed = self._target_list(ep)
        if listed is not None and fit != "exact":
            dl, pattern = listed
            covers = f"the source lists '{pattern.path}'{' (and everything below it)' if pattern.match == 'prefix' else ''}"
            reason = self._target_block_reason(dl, covers, recs, fit)
            return Advice(call, "blocked", reason, list(dl.statement.sources), f"list:{dl.id}", ep, recs, fit, notes)
        if not migrations:
            return Advice(call, "unknown", "No migration to the current API is recorded in the dataset for this legacy endpoint.",
                          [], "migration", ep, [], None, notes)
        reason = " ".join(f"{m.reason.strip()}" for m in migrations)
        sources = sorted({s for m in migrations for s in m.sources})
        origin = ",".join(f"migration:{m.id}" for m in migrations)
        return Advice(call, "migrate", reason, sources, origin, ep, recs, fit, notes)

    def _undeclared_query(self, call: Call, ep: Endpoint) -> list[str]:
        """A note when a call sends query parameters its operation does not declare (``Endpoint.query``)."""
        if ep.query is None or not call.query_names:
            return []
        unknown = sorted(call.query_names - set(ep.query))
        if not unknown:
            return []
        spec = next((f"{s.get('title')} {s.get('release') or s.get('version')}" for s in self.reg.info.specs
                     if s.get("title") == ep.spec), ep.spec or "the spec")
        declared = f"it declares {', '.join(ep.query)}" if ep.query else "it declares no query parameter"
        return [f"sends query parameters {ep.target} does not declare: {', '.join(unknown)} ({declared}, from the {spec} "
                "spec; a declared name covers its bracketed forms such as page[number]): the spec does not say what the "
                "server does with them, so check that filters and paging still do what they should"]

    # -- the target's documented blockers -----------------------------------------------------------
    def _list_concerns_target(self, dl: DocumentedList) -> bool:
        """Whether a documented list speaks for the target auth (its own auth, or one it is read for)."""
        return self.target_auth == dl.auth or self.target_auth in dl.applies_to

    def _target_list(self, ep: Endpoint) -> tuple[DocumentedList, PathPattern] | None:
        """The documented list (and its pattern) that puts ``ep`` out of reach of the target auth, if any."""
        if ep.path is None:
            return None
        for dl in self.reg.lists:
            if ep.api in dl.apis and self._list_concerns_target(dl):
                pattern = next((p for p in dl.paths if p.covers(ep.path)), None)
                if pattern is not None:
                    return dl, pattern
        return None

    def _target_block_reason(self, dl: DocumentedList, covers: str, recs: list[Recommendation], fit: str | None) -> str:
        """Why a call is blocked for the target whatever its current auth, and what to do (item: the list's caveat)."""
        read_for = "" if dl.auth == self.target_auth else (
            f" (a list about {dl.auth}, read for {self.target_auth} too: its tokens are personal access tokens as well "
            "and no source says they reach these endpoints)")
        if recs:
            nearest = ", ".join(r.target for r in recs)
            counterpart = (f"the current API has no full counterpart (nearest, fit {fit}: {nearest}). Move the calls "
                           f"there if that does the job, else keep them on a Digest API account (or drop them)")
        else:
            counterpart = ("the current API has no counterpart. Keep these calls on a Digest API account with the "
                           "route's permission (or drop them)")
        return (f"Blocked for the {self.target_auth} target, whatever the current auth: {dl.title}{read_for}: {covers}; "
                f"{counterpart}. {' '.join((dl.statement.notes or '').split())}")

    def _route_source(self, ep: Endpoint) -> list[str]:
        key = {"rest": "legacy-routes", "standard": "standard-actions"}.get(ep.api, "")
        src = self.reg.info.sources.get(key)
        return [src] if src else []

    # -- recommendations -------------------------------------------------------------------------
    def recommend(self, ep: Endpoint) -> tuple[list[Recommendation], list[Migration]]:
        """The current-API endpoints to use instead of ``ep``, one per distinct operation (stable preferred)."""
        recs, migrations, _notes, _open = self._recommend_for(ep, None)
        return recs, migrations

    def _recommend_for(self, ep: Endpoint, call: Call | None
                       ) -> tuple[list[Recommendation], list[Migration], list[str], str | None]:
        """``recommend`` for one call: a parameter-aware migration takes the targets its evidence chooses.

        Returns the recommendations, the migrations, notes on the choice, and the parameter the choice
        depends on when the evidence does not show it (every choice is then recommended).
        """
        migrations = self.reg.migrations_for(ep.id)
        out: dict[str, Recommendation] = {}
        notes: list[str] = []
        open_param = None
        for m in migrations:
            chosen = None
            if m.by_param is not None:
                chosen, said = choose_by_param(self.reg, ep, m, call.params if call is not None else {})
                notes += said
                if chosen is None:
                    open_param = m.by_param.name
            for target_id in _pick_targets(self.reg, ep, m, chosen):
                if target_id not in out:
                    out[target_id] = self._recommendation(self.reg.endpoint(target_id), m.fit, m.id)
        return sorted(out.values(), key=lambda r: r.endpoint_id), migrations, notes, open_param

    def _recommendation(self, target: Endpoint, fit: str, migration_id: str) -> Recommendation:
        scopes, inferred = scopes_for(self.reg, target)
        return Recommendation(target.id, target.target, fit, target.maturity, scopes, inferred, migration_id, target.docs)


# -- unmatched calls -----------------------------------------------------------------------------
def describe_unmatched(advice: Advice, vocabulary: Vocabulary) -> Advice:
    """``advice`` for a call that matches no endpoint, with the API, URL form and class its shape tells
    (``registry.matching.classify``); a current-API shape also names the release of the dataset's data."""
    cls = classify_url(vocabulary, advice.call.url)
    advice.api, advice.form = cls.api, cls.form
    if advice.verdict != "unmatched":  # (blocked through a documented list's path pattern: a legacy route)
        advice.api, advice.form = advice.api or "rest", advice.form or "rest-path"
        return advice
    advice.unmatched_class = cls.kind
    if cls.kind == "current":
        releases = " and ".join(vocabulary.release_of(cls.version)) or "an older release"
        advice.notes.append(f"{cls.why}: the dataset's current-API data for /api/{cls.version} is from release "
                            f"{releases}, so the endpoint may be newer; run `xreg import-openapi` on a newer spec")
    elif cls.kind == "legacy":
        advice.notes.append(f"{cls.why}: a legacy call the dataset does not know (a custom module, or a typo)")
    elif cls.kind == "not-api":
        advice.reason = f"{cls.why[:1].upper()}{cls.why[1:]}."
    return advice


_UNCLEAR_NOTE = "method unclear: this row adds no scope to the token recipe and gets no blocked verdict"


def resolve_standins(reg: Registry, method: str, url: str) -> Any:
    """Resolve ``url``, whose path may hold the source reader's stand-ins (``/api/v1/adressen/{id}``).

    Each stand-in segment is replaced by a value that fits a placeholder (``1``, else ``a``) until a route
    matches; with none, the URL is resolved as written, so "did you mean" shows the readable form. Only
    URLs with a ``{`` get here: the matcher's hot path (access logs) is not touched.
    """
    if "{" not in url:
        return reg.resolve(method, url)
    path, sep, query = url.partition("?")
    if not _STANDIN.search(path):
        return reg.resolve(method, url)
    for fill in ("1", "a"):
        r = reg.resolve(method, _STANDIN.sub(fill, path) + sep + query)
        if getattr(r, "endpoint", None) is not None:
            return r
    return reg.resolve(method, url)


# -- targets and scopes -------------------------------------------------------------------------
def choose_by_param(reg: Registry, ep: Endpoint, m: Migration, params: dict[str, list[str]]
                    ) -> tuple[list[str] | None, list[str]]:
    """The targets of a parameter-aware migration that the call's parameter values choose, and notes saying why.

    ``None`` when the evidence does not show the parameter: every target is a choice then. A value the
    legacy code accepts chooses its targets; one it does not accept (``other_values``) chooses what does
    the job on the current API, with a note that the call fails today; a name the legacy code does not read
    (an alias such as ``typ``) is read as the intent, with a note.
    """
    bp = m.by_param
    assert bp is not None
    name = ep.action or ep.target

    def shown(ids: list[str]) -> str:
        return ", ".join(reg.endpoint(t).target for t in ids if t in reg.endpoints) or "nothing on the current API"

    values, used = params.get(bp.name, []), bp.name
    notes: list[str] = []
    if not values:
        used = next((a for a in bp.aliases if params.get(a)), "")
        values = params.get(used, [])
        if values:
            notes.append(f"{name} reads '{bp.name}', not '{used}' ({bp.source}): as sent, the call names no {bp.name}; "
                         f"{used}={values[0]} is read as what it means")
    if not values:
        choices = "; ".join(f"{v}: {shown(t)}" for v, t in bp.values.items())
        return None, [f"the target depends on {bp.name} ({choices}; the values from {bp.source}); the evidence does not "
                      "show it, so every choice is recommended and its scopes are in the token recipe"]
    chosen: list[str] = []
    for value in values:
        if value in bp.values:
            chosen += bp.values[value]
            notes.append(f"{used}={value} chooses {shown(bp.values[value])} (the values of {bp.name}: {bp.source})")
        else:
            chosen += bp.other_values.get(value, [])
            accepted = ", ".join(bp.values)
            notes.append(f"{value} is not a value of {bp.name} that {name} accepts ({accepted}; {bp.source})"
                         + (f": {bp.notes}" if bp.notes else "")
                         + (f"; on the current API, {shown(bp.other_values[value]).replace(', ', ' or ')} does what it names"
                            if value in bp.other_values else "; no current endpoint is recorded for it"))
    return chosen, notes


def _pick_targets(reg: Registry, legacy: Endpoint, m: Migration, chosen: list[str] | None = None) -> list[str]:
    """The targets of ``m`` that replace ``legacy``: per distinct operation the best alternative.

    A migration may name several legacy endpoints (a resource's list, read and write routes) and
    several targets: for a REST route keep the targets whose HTTP method does the same kind of work
    (read, create, update, delete) and, where both exist, the list or the item form as the legacy
    path has it. Targets for the same operation in another version (GET v1 vs GET v3 salesOrders)
    are alternatives: prefer stable, then one with published scopes, then the newer version. A target
    removed from the current spec (``status: removed``) is never recommended.
    """
    ids = m.targets if chosen is None else list(dict.fromkeys(chosen))  # (a parameter's value chose these)
    targets = [reg.endpoint(t) for t in ids if t in reg.endpoints and reg.endpoints[t].status != "removed"]
    if legacy.path is not None and len(m.legacy) > 1:
        kind = _METHOD_ACTION.get(legacy.method)
        same = [t for t in targets if _METHOD_ACTION.get(t.method) == kind]
        targets = same or targets
        item = _is_item(legacy.path)
        shaped = [t for t in targets if t.path is not None and _is_item(t.path) == item]
        targets = shaped or targets
    groups: dict[tuple[str, str, str], list[Endpoint]] = {}
    for t in targets:
        groups.setdefault(_operation_key(t), []).append(t)
    picked = set()
    for alternatives in groups.values():
        best = min(alternatives, key=lambda t: (_MATURITY_RANK.get(t.maturity, 9), not t.scopes, -_version_number(t), t.id))
        picked.add(best.id)
    return [t for t in ids if t in picked]  # the migration's (or the value's) order: recommended first


def _operation_key(ep: Endpoint) -> tuple[str, ...]:
    """What makes two current-API endpoints the same operation in different versions: the method and the
    path below ``/api/vN``, with placeholders of any name alike and a literal's plural ``s`` dropped
    (``POST /api/v1/customers/{id}/contactPerson`` is ``POST /api/v3/customers/{customerId}/contactPersons``)."""
    m = _XENTRAL_ID.match(ep.id)
    if m is None:
        return (ep.id,)
    if ep.path is None:
        return (m["group"], m["method"], m["rest"])
    segments = [s for s in _API_VERSION.sub("", ep.path, count=1).split("/") if s]
    return (ep.method, *("{}" if s.startswith("{") else s.lower().removesuffix("s") for s in segments))


def _version_number(ep: Endpoint) -> int:
    m = _XENTRAL_ID.match(ep.id)
    return int(m["version"][1:]) if m and m["version"] else 0


def _is_item(path: str) -> bool:
    core = re.sub(r"\[.*\]$", "", path).rstrip("/")
    return core.endswith("}")


def scopes_for(reg: Registry, ep: Endpoint) -> tuple[list[str], bool]:
    """The scopes ``ep`` needs under the new PAT module, and whether they are inferred.

    Published scopes (``x-scopes``) win. Without them (the 24.48 v1 spec publishes none) the scope is
    inferred, always from an operation on the same resource: the same operation in another version that
    publishes scopes (``GET /api/v1/salesOrders`` from ``GET /api/v3/salesOrders``); else the scope resource
    published on the endpoint's path family (``resource_family``: ``/api/v1/products`` and
    ``/api/v3/products/{id}`` are ``products``, ``…/products/{id}/calculationItems`` is
    ``products/calculationItems``, which has its own ``productCalculation``), or on the nearest family above
    it (``products/parts`` takes ``product``, as the documents spec's line items and files take their
    document's), with the action the HTTP method suggests (GET read, POST create, PUT/PATCH update, DELETE
    delete; ``…/actions/<name>`` -> ``<name>`` where that scope is published). Where no operation of the
    family or above it publishes a scope (``analytics``, ``users``), nothing is inferred: ``([], True)``.
    """
    if ep.scopes:
        return sorted(ep.scopes), False
    key = _operation_key(ep)
    twins = [o for o in reg.endpoints.values() if o.scopes and o.api == ep.api and _operation_key(o) == key]
    if twins:
        return sorted({s for o in twins for s in o.scopes}), True
    resource = _scope_resource(reg, ep)
    if resource is None:
        return [], True
    action = _action_of(ep)
    if action not in _ACTION_ORDER and not any(f"{resource}:{action}" in o.scopes for o in reg.endpoints.values()):
        # an action no published scope names: an action on one record changes it (update, as the documents
        # spec's logActivity needs <doc>:update); one on the collection (actions/import) takes the method's
        segments = (ep.path or "").split("/")
        on_item = "actions" in segments and segments[segments.index("actions") - 1].startswith("{")
        action = "update" if on_item else _METHOD_ACTION.get(ep.method, "read")
    return [f"{resource}:{action}"], True


def resource_family(path: str) -> tuple[str, ...]:
    """The resource a current-API path works on: its literal segments below ``/api/vN`` up to ``actions``,
    lower-cased with a plural ``s`` dropped (``/api/v3/salesOrders/{id}/lineItems`` -> ``('salesorder', 'lineitem')``)."""
    family = []
    for segment in _API_VERSION.sub("", path, count=1).split("/"):
        if segment == "actions":
            break
        if segment and not segment.startswith("{") and segment != "api":
            family.append(segment.lower().removesuffix("s"))
    return tuple(family)


def _scope_resource(reg: Registry, ep: Endpoint) -> str | None:
    """The scope resource published on ``ep``'s path family, or on the nearest family above it; None if none."""
    if ep.path is None:
        return None
    family = resource_family(ep.path)
    published: dict[tuple[str, ...], dict[str, int]] = {}
    for o in reg.endpoints.values():
        if o.scopes and o.api == ep.api and o.path is not None:
            counts = published.setdefault(resource_family(o.path), {})
            for scope in o.scopes:
                name = scope.split(":", 1)[0]
                counts[name] = counts.get(name, 0) + 1
    for size in range(len(family), 0, -1):
        counts = published.get(family[:size])
        if counts:
            return max(sorted(counts), key=lambda r: counts[r])
    return None


def _action_of(ep: Endpoint) -> str:
    segments = [s for s in (ep.path or "").split("/") if s]
    if len(segments) >= 2 and segments[-2] == "actions" and not segments[-1].startswith("{"):
        return segments[-1]
    return _METHOD_ACTION.get(ep.method, "read")


def irregular_scope(ep: Endpoint, scope: str) -> str | None:
    """Why a published scope differs from what the HTTP method suggests, or None when it does not."""
    action = scope.split(":", 1)[1] if ":" in scope else scope
    expected = _action_of(ep)
    if action == expected:
        return None
    return f"{ep.method} {ep.path} needs {scope}, not the {expected} the method suggests (x-scopes)"


def build_recipe(reg: Registry, advice: list[Advice], target: str) -> TokenRecipe:
    """The union of the scopes of every recommended target, grouped by resource, with expiry advice."""
    needs: dict[str, ScopeNeed] = {}
    not_covered: list[str] = []
    prerelease: dict[str, str] = {}
    for a in advice:
        label = f"{a.call.method} {a.call.url}"
        if a.verdict in ("unmatched",):
            continue
        if not a.recommendations and a.endpoint is not None and a.endpoint.api != target_api_of(reg):
            not_covered.append(f"{label}: no current-API target" + (f" (fit {a.fit})" if a.fit else ""))
        for rec in a.recommendations:
            ep = reg.endpoint(rec.endpoint_id)
            if not rec.scopes:
                not_covered.append(f"{label}: {rec.target} has no published scope and none could be inferred")
            if rec.maturity != "stable":
                prerelease[rec.endpoint_id] = f"{rec.target} ({rec.maturity})"
            for scope in rec.scopes:
                need = needs.get(scope)
                if need is None:
                    need = needs[scope] = ScopeNeed(scope, rec.scopes_inferred, [])
                need.inferred = need.inferred and rec.scopes_inferred
                if rec.endpoint_id not in need.endpoints:
                    need.endpoints.append(rec.endpoint_id)
                if not rec.scopes_inferred and need.irregular is None:
                    need.irregular = irregular_scope(ep, scope)
    for need in needs.values():
        need.endpoints.sort()
    method = reg.auth.get(target)
    if method is None or not method.scoped:  # (a legacy token has unlimited rights: there is no scope to choose)
        needs = {}
        not_covered = [line for line in not_covered if not line.endswith("has no published scope and none could be inferred")]
    scopes = sorted(needs.values(), key=lambda n: (n.resource, _ACTION_ORDER.get(n.action, 9), n.action))
    expiry = method.expiry if method else ""
    sources = list(method.docs) if method else []
    advice_lines = []
    if method is not None and method.scoped:
        advice_lines = [
            "Create one token for this integration with exactly these scopes; scopes cannot be changed later, a change needs a new token.",
            "Give it an expiry of at most 180 days and put the rotation date in the calendar: create the next token before it expires.",
            "A token unused for 180 days is deleted; an integration that runs less often needs a fresh token each time.",
            "Delete the legacy token once no call uses it any more: it has unlimited rights and no expiry.",
        ]
    notes = sorted({f"{a.call.method} {a.call.url}: the target depends on {a.param_open}, which the evidence does not "
                    "show; the recipe holds the scopes of every choice" for a in advice if a.param_open}) if scopes else []
    return TokenRecipe(target, scopes, expiry, sources, advice_lines, sorted(set(not_covered)), sorted(prerelease.values()),
                       method is not None and method.scoped, notes)


def param_names(reg: Registry) -> frozenset[str]:
    """The request parameters whose values choose a migration's target (``by_param`` names and aliases): what the
    readers keep from request bodies (``read_inputs(params=…)``)."""
    return frozenset(n for m in reg.migrations if m.by_param for n in (m.by_param.name, *m.by_param.aliases))


def dataset_releases(reg: Registry) -> list[str]:
    """The releases of the specs the dataset's current-API data was imported from (``dataset.yaml`` ``specs``)."""
    return [str(s.get("release") or s.get("version")) for s in reg.info.specs]


def target_api_of(reg: Registry) -> str:
    return next((a.id for a in sorted(reg.apis.values(), key=lambda a: a.precedence) if a.status == "current"), "xentral")


# -- work plan ----------------------------------------------------------------------------------
def build_steps(reg: Registry, plan: Plan) -> list[Step]:
    """The ordered work plan: blockers, migrations by resource, no-counterpart calls, open questions, token."""
    steps: list[Step] = []
    by_verdict: dict[str, list[Advice]] = {}
    for a in plan.advice:
        by_verdict.setdefault(a.verdict, []).append(a)
    lists = {f"list:{dl.id}": dl for dl in reg.lists}
    for resource, group in _by_resource(by_verdict.get("blocked", [])):
        targets = sorted({r.target for a in group for r in a.recommendations})
        listed = sorted({a.origin for a in group if a.origin in lists})
        if targets and listed:
            fits = ", ".join(sorted({a.fit for a in group if a.fit}))
            todo = (f"Move these calls to the current API if its nearest counterpart does the job (fit {fits}): "
                    + ", ".join(targets) + "; else keep them on a Digest API account (or drop them).")
        elif targets:
            todo = "Move these calls to the current API now: " + ", ".join(targets) + "."
        else:
            todo = ("No current-API counterpart is recorded: keep these calls on an API account (Digest) with the "
                    "route's permission, or drop the feature, until Xentral offers a replacement.")
        for origin in listed:
            dl = lists[origin]
            todo += (f" Personal access tokens cannot reach them ({plan.target_auth} target, whatever the current auth): "
                     f"'{dl.title}'" + ("" if dl.complete else ", a list its source says is not complete") + ".")
        steps.append(Step("unblock", f"Unblock {resource}", todo, resource, _labels(group), targets,
                          sorted({s for a in group for s in a.sources})))
    migrate = by_verdict.get("migrate", [])
    for resource, group in _by_resource([a for a in migrate if a.recommendations]):
        targets = sorted({r.target for a in group for r in a.recommendations})
        fits = sorted({a.fit or "" for a in group})
        steps.append(Step("migrate", f"Migrate {resource}", f"Replace with {', '.join(targets)} (fit: {', '.join(fits)}); "
                          "payload field names differ (German legacy fields, English camelCase now).",
                          resource, _labels(group), targets, sorted({s for a in group for s in a.sources})))
    for resource, group in _by_resource([a for a in migrate if not a.recommendations]):
        steps.append(Step("no-counterpart", f"Find a replacement for {resource}",
                          "The current API has no counterpart (fit none): " + " ".join(sorted({a.reason for a in group}))
                          + " Keep these calls on an API account (Digest) for now and ask Xentral for a replacement.",
                          resource, _labels(group), [], sorted({s for a in group for s in a.sources})))
    unclear = [a for a in by_verdict.get("unknown", []) if a.origin == "method-unclear"]
    if unclear:
        steps.append(Step("method-unclear", "Say the method of these calls",
                          "The evidence does not show which HTTP method these calls use, so they get no verdict and "
                          "no scope yet: look at each location and list the call as METHOD URL (or pass the list).",
                          None, _labels(unclear), [], []))
    for resource, group in _by_resource([a for a in by_verdict.get("unknown", []) if a.origin != "method-unclear"]):
        steps.append(Step("investigate", f"Check {resource}", " ".join(sorted({a.reason for a in group}))
                          + " Test these calls against a test system before switching.", resource, _labels(group)))
    unmatched = by_verdict.get("unmatched", [])
    newer = [a for a in unmatched if a.unmatched_class == "current"]
    if newer:
        steps.append(Step("refresh-data", "Refresh the current-API data",
                          f"These calls look like current-API endpoints newer than the dataset's current-API data "
                          f"(release {', '.join(dataset_releases(reg))}): run `xreg import-openapi` on a newer spec "
                          "and advise again.", None, _labels(newer)))
    others = [a for a in unmatched if a.unmatched_class not in ("current", "not-api")]
    if others:
        steps.append(Step("check-unmatched", "Check calls that match no endpoint",
                          "These calls match no endpoint of the dataset: a typo, a custom module, or an endpoint newer "
                          "than the dataset. Check each one by hand.", None, _labels(others)))
    if plan.recipe.scopes or plan.recipe.not_covered:
        by_res = plan.recipe.by_resource()
        detail = "; ".join(f"{r}: {', '.join(acts)}" for r, acts in by_res.items()) or "no scopes"
        steps.append(Step("token", f"Create the {plan.target_auth} token", f"Scopes: {detail}. {plan.recipe.expiry}",
                          None, [], [], plan.recipe.expiry_sources))
    if plan.findings:
        steps.append(Step("secrets", "Remove hard-coded tokens",
                          "Tokens are written into the source code; move them to configuration or a secret store "
                          "and revoke the exposed ones.", None, sorted({f.location for f in plan.findings})))
    return steps


def _by_resource(advice: list[Advice]) -> list[tuple[str, list[Advice]]]:
    groups: dict[str, list[Advice]] = {}
    for a in advice:
        name = a.resource or (a.endpoint.resource if a.endpoint else "other")
        groups.setdefault(name, []).append(a)
    return sorted(groups.items(), key=lambda kv: (-sum(a.call.count for a in kv[1]), kv[0]))


def _labels(advice: list[Advice]) -> list[str]:
    return sorted({f"{a.call.method} {a.call.url}" for a in advice})


# -- helpers ------------------------------------------------------------------------------------
def _merge(call: Call, obs: Observation, seen: str | None) -> None:
    call.count += obs.count
    call.location_count += 1
    if len(call.locations) < _MAX_LOCATIONS:
        call.locations.append((obs.location, obs.kind))
    call.kinds.add(obs.kind)
    if seen and seen not in call.auth_seen:
        call.auth_seen.append(seen)
        call.auth_seen.sort()
    if obs.auth_evidence and obs.auth_evidence not in call.auth_evidence:
        call.auth_evidence.append(obs.auth_evidence)
        call.auth_evidence.sort()
    for status, n in obs.statuses.items():
        call.statuses[status] = call.statuses.get(status, 0) + n
    if "?" in obs.url:
        call.query_names.update(query_names(obs.url))
    if obs.first_seen and (call.first_seen is None or obs.first_seen < call.first_seen):
        call.first_seen = obs.first_seen
    if obs.last_seen and (call.last_seen is None or obs.last_seen > call.last_seen):
        call.last_seen = obs.last_seen


def query_names(url: str) -> set[str]:
    """The query parameter names of a URL, each up to its first ``[`` (``page[size]`` -> ``page``); no values."""
    query = url.split("?", 1)[1].split("#", 1)[0] if "?" in url else ""
    return {name.split("[", 1)[0] for name, _ in parse_qsl(query, keep_blank_values=True) if name.split("[", 1)[0]}


def _reason(notes: str | None, fallback: str) -> str:
    text = " ".join((notes or "").split())
    return text or fallback[:1].upper() + fallback[1:] + "."


def _best_fit(migrations: list[Migration]) -> str | None:
    order = {"exact": 0, "partial": 1, "none": 2}
    return min((m.fit for m in migrations), key=lambda f: order[f], default=None)


def _match_notes(match: Any) -> list[str]:
    notes = getattr(match, "notes", None) or []
    if isinstance(notes, str):
        notes = [notes]
    return [str(n) for n in notes]


def _has_hash(url: str) -> bool:
    return names_hash_auth(url)


def _path_of(url: str) -> str:
    parts = urlsplit(url if "://" in url or url.startswith("/") else "/" + url)
    return parts.path or "/"


def _shape(path: str) -> str:
    """A path with its numbers generalised, so unmatched calls group: ``/img/17.png`` -> ``/img/{n}.png``."""
    return _DIGITS.sub("{n}", path)


def _legacy_path(url: str) -> str:
    """The path relative to the legacy /api mount: ``https://x.xentral.biz/www/api/index.php/v1/a?b`` -> ``/v1/a``."""
    parts = urlsplit(url if "://" in url or url.startswith("/") else "/" + url)
    path = parts.path or "/"
    query = parse_qs(parts.query)
    if "path" in query and path.rstrip("/").endswith("index.php"):
        path = query["path"][0]
    for prefix in ("/www", "/api", "/index.php"):
        if path == prefix or path.startswith(prefix + "/"):
            path = path[len(prefix):] or "/"
    return path if path.startswith("/") else "/" + path


def _pattern_covers_path(pattern: PathPattern, path: str) -> bool:
    """Whether a documented path pattern (a FastRoute template or a prefix) covers a concrete path."""
    if pattern.match == "prefix":
        base = pattern.path.rstrip("/")
        return path.rstrip("/") == base or path.startswith(base + "/")
    try:
        variants = parse_fastroute(pattern.path)
    except TemplateError:
        return pattern.path == path
    for parts in variants:
        rx = "".join(re.escape(p) if isinstance(p, str) else f"(?:{p.regex})" for p in parts)
        if re.fullmatch(rx, path):
            return True
    return False


def _location_key(location: str) -> tuple[str, int]:
    path, _, line = location.rpartition(":")
    if path and line.isdigit():
        return (path, int(line))
    return (location, 0)
