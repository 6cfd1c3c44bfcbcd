"""What the advisor answers (``registry.advising.advise``): a ``Plan`` of ``Advice`` per ``Call``, the token
recipe and the ordered work plan. Plain dataclasses, read by the report renderers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from registry.inputs.base import ReadStats, SecretFinding

if TYPE_CHECKING:
    from registry.models import Endpoint
    from registry.rendering.report_types import ReportView

#: Every verdict, in the order the work plan treats them (see ``registry.advising``).
VERDICTS = ("blocked", "migrate", "unknown", "unmatched", "ready")


@dataclass
class Call:
    """Observations of the same call, merged: one row of the report."""

    method: str
    url: str  # the first URL seen (already redacted by the reader)
    auth: str | None  # auth method the verdict is given for
    auth_seen: list[str]  # schemes seen in the evidence ("bearer", "digest", ...), sorted
    count: int = 0
    locations: list[tuple[str, str]] = field(default_factory=list)  # (location, kind), at most 50
    location_count: int = 0
    kinds: set[str] = field(default_factory=set)
    statuses: dict[int, int] = field(default_factory=dict)
    first_seen: str | None = None
    last_seen: str | None = None
    query_names: set[str] = field(default_factory=set)  # query parameter names seen (up to the first '['), never values
    #: Values of the parameters a parameter-aware migration of the endpoint names (``Migration.by_param``),
    #: from the query string or the body (``Observation.params``): ``{"beleg": ["auftrag"]}``.
    params: dict[str, list[str]] = field(default_factory=dict)
    auth_evidence: list[str] = field(default_factory=list)  # where a source scan saw the auth set up, sorted


@dataclass
class Recommendation:
    """A current-API endpoint a legacy call should move to."""

    endpoint_id: str
    target: str  # "GET /api/v3/salesOrders/{id}"
    fit: str  # exact | partial | none (the migration's fit)
    maturity: str
    scopes: list[str]
    scopes_inferred: bool  # the spec publishes no scopes for this endpoint; ``scopes`` is our inference
    migration_id: str
    docs: str | None = None


@dataclass
class Advice:
    """The verdict for one call and everything that explains it."""

    call: Call
    verdict: str
    reason: str
    sources: list[str]
    origin: str  # "list:<id>", "endpoint", "default", "migration:<id>", "route-table", "matcher"
    endpoint: Endpoint | None = None
    recommendations: list[Recommendation] = field(default_factory=list)
    fit: str | None = None
    notes: list[str] = field(default_factory=list)
    resource: str | None = None  # what the work plan groups by; the endpoint's resource when there is one
    api: str | None = None  # the API the call belongs to: its endpoint's, or for an unmatched call what its shape says
    form: str | None = None  # the URL form (registry.matching.results.FORMS), where the matcher or the shape tells it
    #: For an unmatched call, what its shape says (registry.matching.classify): "current" (maybe newer than the
    #: dataset), "legacy", "not-api" (left out of readiness and work plan) or "undecided"; None when it matched.
    unmatched_class: str | None = None
    #: The parameter a recommendation depends on when the evidence does not show its value (every choice is
    #: recommended and in the token recipe), e.g. "beleg"; None otherwise.
    param_open: str | None = None

    @property
    def judged(self) -> bool:
        """Whether the call counts in the readiness: not a non-API path, nor a current-API call the dataset lacks."""
        return self.unmatched_class not in ("not-api", "current")

    @property
    def key(self) -> tuple[int, str, str, str, str]:
        ep = self.endpoint.id if self.endpoint else ""
        return (VERDICTS.index(self.verdict), ep, self.call.method, self.call.url, self.call.auth or "")


@dataclass
class ScopeNeed:
    """One scope of the token recipe and the endpoints that need it."""

    scope: str
    inferred: bool
    endpoints: list[str]
    irregular: str | None = None  # why the scope is not what the HTTP method suggests (XENTRAL-FACTS §1.1)

    @property
    def resource(self) -> str:
        return self.scope.split(":", 1)[0]

    @property
    def action(self) -> str:
        return self.scope.split(":", 1)[1] if ":" in self.scope else ""


@dataclass
class TokenRecipe:
    """The least-privilege token for the new PAT module: the union of the recommended targets' scopes."""

    auth: str
    scopes: list[ScopeNeed]
    expiry: str
    expiry_sources: list[str]
    advice: list[str]
    not_covered: list[str]  # calls the recipe cannot cover (no target, fit none), never dropped silently
    prerelease: list[str]  # recommended targets that are beta / early access / alpha
    scoped: bool = True  # False for a target without scopes (a legacy token): ``scopes`` is then empty
    notes: list[str] = field(default_factory=list)  # e.g. calls whose target depends on a parameter not in the evidence

    def by_resource(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for need in self.scopes:
            out.setdefault(need.resource, []).append(need.action)
        return out


@dataclass
class Step:
    """One step of the ordered work plan."""

    kind: str  # unblock | migrate | no-counterpart | investigate | refresh-data | check-unmatched | token | secrets
    title: str
    detail: str
    resource: str | None = None
    calls: list[str] = field(default_factory=list)  # "METHOD url" of the calls it covers
    targets: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """The advisor's whole answer for one integration."""

    auth: str | None  # the --auth given, or None (per call from the evidence)
    target_api: str
    target_auth: str
    advice: list[Advice]
    recipe: TokenRecipe
    steps: list[Step]
    findings: list[SecretFinding]
    inputs: list[ReadStats]
    dataset: str
    releases: list[str] = field(default_factory=list)  # the spec releases of the dataset's current-API data
    releases_by_version: dict[str, list[str]] = field(default_factory=dict)  # "v3" -> ["26.34.2"]
    #: Observations (``xreg probe``) that bear on the calls' endpoints and recommended targets (``observation_rows``).
    observations: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, tuple[int, int]]:
        """Verdict -> (distinct calls, requests)."""
        out = {v: (0, 0) for v in VERDICTS}
        for a in self.advice:
            rows, calls = out[a.verdict]
            out[a.verdict] = (rows + 1, calls + a.call.count)
        return out

    def to_dict(self, generated: str | None = None) -> ReportView:
        """The plan as JSON-ready data: the report of ``xreg advise --format json`` (``format_version`` 1,
        schema ``registry/rendering/report.schema.json``), so ``json.dumps(plan.to_dict())`` is that report."""
        from registry.rendering.report import report_view  # (the renderers read this module: imported when called)

        return report_view(self, generated)

    def readiness(self) -> dict[str, Any]:
        """Share of requests and of distinct endpoints that are ready for the target.

        The shares are over the requests the dataset can judge: calls that are no API call at all, and
        unmatched calls shaped like the current API (endpoints newer than the dataset's specs, most
        likely), are counted apart (``requests_not_api``, ``calls_newer``/``requests_newer``), so a
        client of the current API does not read as half ready because the dataset is older. A share is
        ``None`` when nothing could be judged (no Xentral call found), never a misleading 0.
        """
        judged = [a for a in self.advice if a.judged]
        total = sum(a.call.count for a in judged)
        ready = sum(a.call.count for a in judged if a.verdict == "ready")
        endpoints = {a.endpoint.id for a in judged if a.endpoint}
        ready_eps = {a.endpoint.id for a in judged if a.endpoint and a.verdict == "ready"}
        ready_eps -= {a.endpoint.id for a in judged if a.endpoint and a.verdict != "ready"}
        newer = [a for a in self.advice if a.unmatched_class == "current"]
        return {
            "requests": total,
            "requests_ready": ready,
            "request_share": round(ready / total, 4) if total else None,
            "endpoints": len(endpoints),
            "endpoints_ready": len(ready_eps),
            "endpoint_share": round(len(ready_eps) / len(endpoints), 4) if endpoints else None,
            "calls_newer": len(newer),
            "requests_newer": sum(a.call.count for a in newer),
            "requests_not_api": sum(a.call.count for a in self.advice if a.unmatched_class == "not-api"),
        }
