"""The loaded dataset: every API, auth method, endpoint, migration and resolved support statement.

``Registry`` is what ``registry.load()`` returns. Lookups are plain dictionaries; nothing here reads
files (see ``registry.loading.loader``)::

    reg = registry.load()
    reg.endpoint("rest.shopimport.post-auth").permission          # 'communicate_with_shop'
    reg.support("rest.shopimport.post-auth", "pat-legacy").support  # 'no'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from registry.errors import UsageError

if TYPE_CHECKING:
    from registry.models import Api, AuthMethod, DatasetInfo, DocumentedList, Endpoint, Migration, Statement
    from registry.matching.matcher import Match, Unmatched


@dataclass(frozen=True)
class Seen:
    """One answer ``xreg probe`` saw for an endpoint under an auth method (an entry of an observations file)."""

    label: str  # the instance, as its owner named it
    date: str  # YYYY-MM-DD
    result: str  # yes | no | route-missing | unknown
    status: int | None  # HTTP status; None for a timeout
    marker: str  # the evidence marker that decided (data/probe.yaml), or timeout / redirect / unclassified
    request: str  # what was sent, e.g. "GET /api/v1/adressen?items=1&page=1"
    location: str  # file:line of the observation
    decisive: bool = True  # False for a refusal of this credential's rights only, and for route-missing / unknown

    def text(self) -> str:
        """``yes on acme-prod, 2026-12-05 (HTTP 200, rest-ok)``."""
        status = f"HTTP {self.status}" if self.status is not None else "no answer"
        return f"{self.result} on {self.label}, {self.date} ({status}, {self.marker})"


@dataclass(frozen=True)
class Resolved:
    """The one statement that holds for an endpoint under an auth method, and where it came from.

    ``origin`` is ``endpoint`` (an exception on the endpoint itself), ``route-table`` (a route commented
    out in the route table: ``no`` under every auth method), ``list:<id>`` (a documented list, e.g.
    ``list:pat-legacy-unavailable``), ``default`` (the API × auth default) or ``observed:<label>`` (an
    observation of ``xreg probe`` that replaced an ``inferred`` or ``unknown`` statement, kept in
    ``replaced``). ``observed`` holds every observation of the pair; ``conflict`` is true when one
    contradicts a statement it may not replace (a documented ``yes`` or ``no``), which then still holds.
    """

    statement: Statement
    origin: str
    observed: tuple[Seen, ...] = ()
    conflict: bool = False
    replaced: Statement | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (``json.dumps(res.to_dict())``), as ``xreg show --format json`` prints a statement:
        support, basis, notes, sources, evidence, since, until, origin, observed, conflict, replaced."""
        from registry.views import statement_view  # (views reads this module: imported when called)

        return statement_view(self)


@dataclass
class Registry:
    """The whole dataset, validated and cross-checked."""

    info: DatasetInfo
    apis: dict[str, Api]
    auth: dict[str, AuthMethod]
    endpoints: dict[str, Endpoint]
    migrations: list[Migration]
    lists: list[DocumentedList]
    statements: dict[tuple[str, str], Resolved]
    data_dir: str = ""
    warnings: list[Any] = field(default_factory=list)
    _migrations_by_legacy: dict[str, list[Migration]] = field(default_factory=dict, repr=False)
    _matcher: Any = field(default=None, repr=False)
    #: Facts derived from the whole dataset once (``shapes.digit_segments_uniform``); computed by the
    #: loader, so the cached copy carries them and a cold start does not pay for them.
    derived: dict[str, Any] = field(default_factory=dict, repr=False)
    #: ``data/probe.yaml``: what ``xreg probe`` may send and how it reads answers (None when absent).
    probe: Any = None
    #: Observations files applied to ``statements``: ``data/observations/`` and any given with ``--observations``.
    observations: list[Any] = field(default_factory=list)
    #: ``statements`` as the dataset has them, before any observation (None while none is applied).
    base_statements: Any = field(default=None, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_matcher"] = None  # rebuilt on first use
        return state

    def __post_init__(self) -> None:
        for migration in self.migrations:
            for legacy in migration.legacy:
                self._migrations_by_legacy.setdefault(legacy, []).append(migration)

    # -- lookups -------------------------------------------------------------------------------
    def endpoint(self, endpoint_id: str) -> Endpoint:
        """The endpoint with this id; raises ``UsageError`` with close matches when unknown."""
        try:
            return self.endpoints[endpoint_id]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(endpoint_id, self.endpoints, n=3)
            hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise UsageError(f"unknown endpoint '{endpoint_id}'.{hint}") from None

    def support(self, endpoint_id: str, auth_id: str) -> Resolved:
        """The resolved statement for an endpoint under an auth method."""
        self.endpoint(endpoint_id)
        if auth_id not in self.auth:
            raise UsageError(f"unknown auth method '{auth_id}' (expected one of: {', '.join(self.auth)})")
        return self.statements[(endpoint_id, auth_id)]

    def select(
        self,
        api: Iterable[str] = (),
        auth: str | None = None,
        support: Iterable[str] = (),
        include_inactive: bool = True,
    ) -> list[Endpoint]:
        """Endpoints filtered by API ids, and by support values under ``auth`` (dataset order)."""
        apis, supports = set(api), set(support)
        for a in apis:
            if a not in self.apis:
                raise UsageError(f"unknown API '{a}' (expected one of: {', '.join(self.apis)})")
        if supports and auth is None:
            raise UsageError("filtering by support needs an auth method (--auth)")
        if auth is not None and auth not in self.auth:
            raise UsageError(f"unknown auth method '{auth}' (expected one of: {', '.join(self.auth)})")
        out = []
        for ep in self.endpoints.values():
            if apis and ep.api not in apis:
                continue
            if not include_inactive and ep.status != "active":
                continue
            if supports and self.statements[(ep.id, auth)].statement.support not in supports:  # type: ignore[index]
                continue
            out.append(ep)
        return out

    def migrations_for(self, endpoint_id: str) -> list[Migration]:
        """Migration entries that name this legacy endpoint."""
        return list(self._migrations_by_legacy.get(endpoint_id, ()))

    def list_covering(self, endpoint_id: str) -> list[DocumentedList]:
        """Documented lists whose path patterns cover this endpoint."""
        ep = self.endpoint(endpoint_id)
        if ep.path is None:
            return []
        return [dl for dl in self.lists if ep.api in dl.apis and any(p.covers(ep.path) for p in dl.paths)]

    # -- matching ------------------------------------------------------------------------------
    @property
    def matcher(self) -> Any:
        """The request matcher over this dataset, built on first use."""
        if self._matcher is None:
            from registry.matching.matcher import Matcher

            self._matcher = Matcher(self)
        return self._matcher

    def resolve(self, method: str, url: str) -> Match | Unmatched:
        """Resolve a concrete request (``"GET"``, ``"/api/v1/adressen/5"``) to its endpoint.

        Returns a ``Match``, or an ``Unmatched`` (a ``MethodNotAllowed`` when the path exists for other
        methods); both of the latter are falsy. See ``registry.matching.matcher`` for the rules.
        """
        return self.matcher.resolve(method, url)
