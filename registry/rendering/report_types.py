"""The typed shape of the migration report's view (``report_view``), the one source of its JSON Schema.

``ReportView`` and the typed dicts below say what ``xreg advise --format json`` prints; ``report_schema()``
generates ``registry/rendering/report.schema.json`` from them (``python -m registry.rendering.report_types``
writes the file; a test keeps the two equal and checks that no key of an earlier schema went away). A field's
docstring is its description in the schema. Add keys here, never rename or remove one.

This module is read by type checkers and by the schema generator; the report itself is built without
importing it (plain dicts of this shape), so a report costs no pydantic import.
"""
from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from typing_extensions import TypedDict  # (pydantic reads typing.TypedDict only from Python 3.12)

from annotated_types import Ge, Le

Count = Annotated[int, Ge(0)]
Share = Annotated[float, Ge(0), Le(1)]
Verdict = Literal["blocked", "migrate", "unknown", "unmatched", "ready"]
Fit = Literal["exact", "partial", "none"]

_DOCSTRINGS = {"use_attribute_docstrings": True}


class AuthView(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]
    given: str | None
    requests_by_auth: dict[str, Count]


class TargetView(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]
    api: str
    auth: str


class VerdictCount(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]
    calls: Count
    requests: Count


class VerdictCounts(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]
    blocked: VerdictCount
    migrate: VerdictCount
    unknown: VerdictCount
    unmatched: VerdictCount
    ready: VerdictCount


class SummaryView(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]
    line: str
    verdicts: VerdictCounts
    requests: Count
    requests_ready: Count
    request_share: Share | None
    """Share of the judged requests (endpoints) ready for the target; null when nothing could be judged."""
    endpoints: Count
    endpoints_ready: Count
    endpoint_share: Share | None
    """Share of the judged requests (endpoints) ready for the target; null when nothing could be judged."""
    calls_newer: Count
    """Unmatched calls shaped like the current API: endpoints newer than the dataset's current-API data, most likely; not in the shares."""
    requests_newer: Count
    """Requests of those calls."""
    requests_not_api: Count
    """Requests that are no API call at all (the site root, /favicon.ico); not in the shares."""
    findings: Count
    nothing_found: str | None
    """The line saying that the inputs hold no call the dataset can judge, with what was read; null otherwise."""


class StepView(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]
    step: Annotated[int, Ge(1)]
    kind: Literal["unblock", "migrate", "no-counterpart", "investigate", "refresh-data", "check-unmatched", "token",
                  "secrets"]
    title: str
    detail: str
    resource: str | None
    calls: list[str]
    targets: list[str]
    sources: list[str]


class ScopeView(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]
    scope: str
    action: str
    inferred: bool
    endpoints: list[str]
    irregular: str | None


class ResourceScopes(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]
    resource: str
    actions: list[str]
    scopes: list[ScopeView]


class RecipeView(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]
    auth: str
    scopes: list[str]
    resources: list[ResourceScopes]
    inferred: list[str]
    irregular: list[str]
    expiry: str
    expiry_sources: list[str]
    advice: list[str]
    not_covered: list[str]
    prerelease_targets: list[str]
    notes: list[str]
    """Calls whose target depends on a parameter the evidence does not show: the recipe holds the scopes of every choice."""


class EndpointRef(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]
    id: str
    api: str
    target: str
    resource: str
    maturity: str
    status: str
    permission: str | None


class RecommendationView(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]
    endpoint_id: str
    """Current-API endpoint id, e.g. xentral.salesOrders.get-v3-id."""
    target: str
    """METHOD and path as a person writes the call."""
    fit: Fit
    maturity: Literal["stable", "beta", "early-access", "alpha"]
    scopes: list[str]
    scopes_inferred: bool
    """True when the spec publishes no scope and the scopes are inferred."""
    migration: str | None
    docs: str | None


class EvidenceView(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]
    kinds: list[str]
    locations: list[str]
    source_locations: list[str]
    location_count: Count
    statuses: dict[str, Count]
    first_seen: str | None
    last_seen: str | None


class CallView(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]
    id: str
    verdict: Verdict
    method: str
    """Upper-case HTTP method; UNKNOWN (a source scan) or ANY (a plain list) when the evidence does not show it."""
    url: str
    """The first URL seen, secrets redacted."""
    auth: str | None
    """Auth method id the verdict is given for; null when unknown."""
    auth_seen: list[str]
    auth_evidence: list[str]
    """Where a source scan saw the call's auth set up (file:line)."""
    requests: Count
    api: str | None
    """The API the call belongs to: its endpoint's, or for an unmatched call what the URL's shape tells (null when it does not)."""
    form: str | None
    """The URL form (see xreg check), from the match or the URL's shape."""
    unmatched_class: Literal["current", "legacy", "not-api", "undecided"] | None
    """For an unmatched call, what its shape says: current (maybe newer than the dataset), legacy, not-api, undecided; null when the call matched."""
    endpoint: EndpointRef | None
    reason: str
    sources: list[str]
    origin: str
    """Where the verdict comes from: list:<id>, endpoint, default, migration:<id>, route-table, matcher, method-unclear."""
    fit: Fit | None
    recommendations: list[RecommendationView]
    notes: list[str]
    evidence: EvidenceView


class MethodUnclearView(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]
    call: str
    url: str
    locations: list[str]
    candidates: list[str]
    """METHOD path (endpoint id) of each route serving the path."""


class FindingView(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]
    location: str
    kind: str


class ObservationView(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]
    endpoint: str
    auth: str
    support: Literal["yes", "no", "partial", "unknown"]
    basis: Literal["documented", "observed", "inferred"]
    origin: str
    conflict: bool
    replaced: str | None
    observed: list[str]


class InputView(TypedDict):
    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]
    source: str
    format: str | None
    unit: str
    read: Count
    skipped: Count
    summary: str
    notes: list[str]
    given: str | None
    """The input as given on the command line (a folder for the files read in it); the folder's own entry has the folder's summary and what was read in it."""


class ReportView(TypedDict):
    """The JSON output of `xreg advise --format json`. Keys are only ever added, never renamed; rows are sorted."""

    __pydantic_config__ = _DOCSTRINGS  # type: ignore[misc]
    format_version: Literal[1]
    generated: str | None
    """Generation time when passed in; null otherwise (output is deterministic)."""
    dataset: str
    """Dataset name and version."""
    dataset_releases: list[str]
    """The releases of the specs the dataset's current-API data was imported from (data/dataset.yaml specs)."""
    auth: AuthView
    target: TargetView
    summary: SummaryView
    blockers: list[str]
    """Ids of the blocked calls (rows of `calls`)."""
    work_plan: list[StepView]
    token_recipe: RecipeView
    calls: list[CallView]
    method_unclear: list[MethodUnclearView]
    """Calls whose method the evidence does not show (one row each, no scope, never blocked): where they are and the routes their path has."""
    findings: list[FindingView]
    """Hard-coded credentials: where and what kind, never the value."""
    observations: list[ObservationView]
    """Observations of xreg probe (--observations, data/observations/) on the calls' endpoints and recommended targets."""
    inputs: list[InputView]


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``ReportView``: every object closed (``additionalProperties: false``),
    every key required, the field docstrings as descriptions."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(ReportView).json_schema(ref_template="#/$defs/{model}")
    _close(schema)
    defs = schema.pop("$defs", {})
    body = {k: v for k, v in schema.items() if k not in ("title", "description")}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/xentral-api-registry/report.schema.json",
        "title": "xreg advise report (format_version 1)",
        "description": (ReportView.__doc__ or "").strip(),
        **body,
        "$defs": dict(sorted(defs.items())),
    }


def _close(node: Any) -> None:
    """Every object with properties takes no other key; pydantic's per-field titles go (the keys say it)."""
    if isinstance(node, list):
        for value in node:
            _close(value)
        return
    if not isinstance(node, dict):
        return
    if node.get("type") == "object" and "properties" in node:
        node["additionalProperties"] = False
    if isinstance(node.get("title"), str):
        del node["title"]
    for key, value in node.items():
        if key in ("properties", "$defs"):
            for child in value.values():
                _close(child)
        else:
            _close(value)


def schema_text() -> str:
    """``report_schema()`` as the committed file holds it."""
    return json.dumps(report_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # python -m registry.rendering.report_types > registry/rendering/report.schema.json
    print(schema_text(), end="")
