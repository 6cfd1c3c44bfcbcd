"""The migration report's view model: one plain dict that every report format lays out.

``report_view(plan)`` is also the JSON format (``format_version`` 1, schema in
``registry/rendering/report.schema.json``, generated from the typed view in ``report_types.py``); Markdown and HTML templates only format it, SARIF picks
the rows found in source code::

    view = report_view(plan)
    view["summary"]["line"]   # '14 calls (63 requests): 3 blocked, 8 migrate, 1 unknown, 2 unmatched, 0 ready; ...'
    view["token_recipe"]["resources"][0]   # {'resource': 'customer', 'actions': ['read'], 'scopes': [...]}

Keys are typed in ``report_types.py`` (the schema's source): add keys there, never rename. Rows are sorted (verdict order, endpoint,
method, URL) and nothing carries a timestamp unless ``generated`` is passed in.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry.matching.urls import parse_url
from registry.plan import VERDICTS, Advice, Plan

_API_VERSION = re.compile(r"^/(v\d+)(?:/|$)")

if TYPE_CHECKING:
    from registry.rendering.report_types import ReportView

FORMAT_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("report.schema.json")


def report_view(plan: Plan, generated: str | None = None) -> ReportView:
    """The whole report as JSON-ready data, of the shape ``registry.rendering.report_types.ReportView`` types
    (and the JSON Schema generated from it describes)."""
    counts = plan.counts()
    readiness = plan.readiness()
    rows = [_call_view(i, a) for i, a in enumerate(plan.advice, start=1)]
    recipe = plan.recipe
    resources: dict[str, list[dict[str, Any]]] = {}
    for need in recipe.scopes:
        resources.setdefault(need.resource, []).append(
            {"scope": need.scope, "action": need.action, "inferred": need.inferred,
             "endpoints": list(need.endpoints), "irregular": need.irregular}
        )
    auths_used: dict[str, int] = {}
    for a in plan.advice:
        key = a.call.auth or "unknown"
        auths_used[key] = auths_used.get(key, 0) + a.call.count
    return {
        "format_version": FORMAT_VERSION,
        "generated": generated,
        "dataset": plan.dataset,
        "dataset_releases": list(plan.releases),
        "auth": {"given": plan.auth, "requests_by_auth": dict(sorted(auths_used.items()))},
        "target": {"api": plan.target_api, "auth": plan.target_auth},
        "summary": {
            "line": summary_line(plan),
            "verdicts": {v: {"calls": counts[v][0], "requests": counts[v][1]} for v in VERDICTS},
            **readiness,
            "findings": len(plan.findings),
            "nothing_found": nothing_found_line(plan),
        },
        "blockers": [r["id"] for r in rows if r["verdict"] == "blocked"],
        "work_plan": [
            {"step": i, "kind": s.kind, "title": s.title, "detail": s.detail, "resource": s.resource,
             "calls": list(s.calls), "targets": list(s.targets), "sources": list(s.sources)}
            for i, s in enumerate(plan.steps, start=1)
        ],
        "token_recipe": {
            "auth": recipe.auth,
            "scopes": [n.scope for n in recipe.scopes],
            "resources": [{"resource": r, "actions": [s["action"] for s in ss], "scopes": ss} for r, ss in resources.items()],
            "inferred": [n.scope for n in recipe.scopes if n.inferred],
            "irregular": [n.irregular for n in recipe.scopes if n.irregular],
            "expiry": recipe.expiry,
            "expiry_sources": list(recipe.expiry_sources),
            "advice": list(recipe.advice),
            "not_covered": list(recipe.not_covered),
            "prerelease_targets": list(recipe.prerelease),
            "notes": list(recipe.notes),
        },
        "calls": rows,
        "method_unclear": [
            {"call": r["id"], "url": r["url"], "locations": list(r["evidence"]["locations"]),
             "candidates": [n[len("candidate: "):] for n in r["notes"] if n.startswith("candidate: ")]}
            for r in rows if r["origin"] == "method-unclear" or r["method"] in ("UNKNOWN", "ANY")
        ],
        "findings": [{"location": f.location, "kind": f.kind} for f in plan.findings],
        "observations": [dict(row, observed=list(row["observed"])) for row in plan.observations],
        "inputs": [
            {"source": s.source, "format": getattr(s, "format", None), "unit": s.unit, "read": s.read,
             "skipped": s.skipped, "summary": input_line(s, plan.inputs), "notes": list(getattr(s, "notes", [])),
             "given": getattr(s, "given", None)}
            for s in plan.inputs
        ],
    }


def _call_view(index: int, a: Advice) -> dict[str, Any]:
    ep = a.endpoint
    c = a.call
    return {
        "id": f"call-{index}",
        "verdict": a.verdict,
        "method": c.method,
        "url": c.url,
        "auth": c.auth,
        "auth_seen": list(c.auth_seen),
        "auth_evidence": list(c.auth_evidence),
        "requests": c.count,
        "api": a.api,
        "form": a.form,
        "unmatched_class": a.unmatched_class,
        "endpoint": None if ep is None else {
            "id": ep.id, "api": ep.api, "target": ep.target, "resource": ep.resource,
            "maturity": ep.maturity, "status": ep.status, "permission": ep.permission,
        },
        "reason": a.reason,
        "sources": list(a.sources),
        "origin": a.origin,
        "fit": a.fit,
        "recommendations": [
            {"endpoint_id": r.endpoint_id, "target": r.target, "fit": r.fit, "maturity": r.maturity,
             "scopes": list(r.scopes), "scopes_inferred": r.scopes_inferred, "migration": r.migration_id or None,
             "docs": r.docs}
            for r in a.recommendations
        ],
        "notes": list(a.notes),
        "evidence": {
            "kinds": sorted(c.kinds),
            "locations": [loc for loc, _ in c.locations],
            "source_locations": [loc for loc, kind in c.locations if kind == "source"],
            "location_count": c.location_count,
            "statuses": {str(k): v for k, v in sorted(c.statuses.items())},
            "first_seen": c.first_seen,
            "last_seen": c.last_seen,
        },
    }


def summary_line(plan: Plan) -> str:
    """One line for stderr and the report head: counts per verdict, readiness and the recipe size.

    The readiness is over the requests the dataset can judge; calls shaped like current-API endpoints newer
    than the dataset, and requests that are no API call, are counted apart. When nothing can be judged the
    line says so instead (``nothing_found_line``), with no readiness figure.
    """
    nothing = nothing_found_line(plan)
    if nothing is not None:
        return nothing
    counts = plan.counts()
    r = plan.readiness()
    calls = sum(n for n, _ in counts.values())
    requests = sum(n for _, n in counts.values())
    parts = ", ".join(f"{counts[v][0]} {v}" for v in VERDICTS)
    share = f"{r['request_share'] * 100:.0f}%"
    judged = "requests" if r["requests"] == requests else f"{r['requests']:,} judged requests"
    return (f"{calls} calls ({requests:,} requests): {parts}; {share} of {judged} ready for "
            f"{plan.target_auth} on the {plan.target_api} API; " + "".join(f"{part}; " for part in _apart(plan))
            + (f"token needs {len(plan.recipe.scopes)} scopes" if plan.recipe.scoped else "the token takes no scopes"))


def nothing_found_line(plan: Plan) -> str | None:
    """The one line for inputs that hold no call the dataset can judge, with what was read; None otherwise.

    ``no Xentral API call found in 4 source files; URLs built at runtime cannot be read: pass a log, a HAR or a list``
    """
    if any(a.verdict != "unmatched" for a in plan.advice):
        return None
    read = describe_inputs(plan.inputs)
    only_source = bool(plan.inputs) and all(s.format in ("source", "folder") for s in plan.inputs)
    runtime = "URLs built at runtime cannot be read: pass a log, a HAR or a list"
    if not plan.advice:
        return f"no Xentral API call found in {read}; " + (
            runtime if only_source else "none of what was read goes to /api/… or index.php?module=api")
    calls = len(plan.advice)
    requests = sum(a.call.count for a in plan.advice)
    return (f"no call matches an endpoint of the dataset in {read}: {calls} call{'s' if calls != 1 else ''} "
            f"({requests:,} request{'s' if requests != 1 else ''}) match none"
            + "".join(f"; {part}" for part in _apart(plan)) + (f"; {runtime}" if only_source else ""))


def _apart(plan: Plan) -> list[str]:
    """What the summary counts apart: calls shaped like newer current-API endpoints, requests that are no API call."""
    out = []
    newer = [a for a in plan.advice if a.unmatched_class == "current"]
    if newer:
        requests = sum(a.call.count for a in newer)
        versions = {_API_VERSION.match(parse_url(a.call.url).route or "") for a in newer}
        wanted = sorted({r for v in versions for r in plan.releases_by_version.get(v.group(1) if v else "v1", [])})
        releases = " / ".join(wanted or plan.releases) or "the dataset"
        out.append(f"{len(newer)} call{'s' if len(newer) != 1 else ''} ({requests:,} request{'s' if requests != 1 else ''}) "
                   f"look like current-API endpoints newer than {releases}: run `xreg import-openapi` on a newer spec")
    not_api = sum(a.call.count for a in plan.advice if a.unmatched_class == "not-api")
    if not_api:
        out.append(f"{not_api:,} request{'s are' if not_api != 1 else ' is'} no API call (left out)")
    return out


def input_line(stats: Any, every: list[Any]) -> str:
    """One input's line: its summary, and for a folder what was read in it (``2 source files, 1 HAR file (8 entries)``)."""
    if stats.format != "folder":
        return stats.summary()
    inside = [s for s in every if s is not stats and getattr(s, "given", None) == stats.source]
    if not inside:
        return stats.summary()
    head = stats.summary()
    tail = "".join(f"; {r}" for r in getattr(stats, "remarks", []))  # (what was left out, after what was read)
    if tail and head.endswith(tail):
        head = head[: -len(tail)]
    return f"{head}: {describe_inputs(inside)}{tail}"


#: How each input format is named when the summary says what was read.
_FORMAT_NAMES = {"combined": ("access log", "access logs"), "common": ("access log", "access logs"),
                 "har": ("HAR file", "HAR files"), "postman": ("Postman collection", "Postman collections"),
                 "list": ("list", "lists")}


def describe_inputs(stats: list[Any]) -> str:
    """What the inputs were, for one line: ``4 source files, 1 access log (87 lines)``."""
    parts: list[str] = []
    sources = sum(s.read for s in stats if s.format == "source")
    if sources or any(s.format == "source" for s in stats):
        parts.append(f"{sources:,} source file{'s' if sources != 1 else ''}")
    by_kind: dict[str, list[Any]] = {}
    for s in stats:
        if s.format not in ("source", "folder"):
            by_kind.setdefault(s.format or "", []).append(s)
    for fmt, group in by_kind.items():
        one, many = _FORMAT_NAMES.get(fmt, ("input", "inputs"))
        items = sum(s.read for s in group)
        unit = group[0].unit
        parts.append(f"{len(group)} {one if len(group) == 1 else many} ({items:,} {unit})")
    return ", ".join(parts) or "no input"


def template_env(kind: str) -> Any:
    """A Jinja environment over ``templates/report`` (or the wheel's copy); ``kind`` 'html' or 'md'."""
    import jinja2

    here = Path(__file__).resolve().parent.parent
    bundled = here / "_templates" / "report"
    root = bundled if bundled.is_dir() else here.parent / "templates" / "report"
    if kind == "html":
        from registry.escaping import html_finalize

        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(root)), autoescape=True, finalize=html_finalize,
                                 trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                                 keep_trailing_newline=True)
    else:
        from registry.rendering.report_markdown import MdSafe, md_code, md_escape

        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(root)), autoescape=False,
                                 finalize=md_escape, trim_blocks=True, lstrip_blocks=True,
                                 undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
        env.filters["code"] = md_code
        env.filters["raw"] = MdSafe
    env.filters["pct"] = lambda x: f"{x * 100:.0f}%"
    env.filters["thousands"] = lambda n: f"{n:,}"
    return env
