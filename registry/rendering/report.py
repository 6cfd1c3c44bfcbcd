"""The migration report's view model: one plain dict that every report format lays out.

``report_view(plan)`` is also the JSON format (``format_version`` 1, schema in
``registry/rendering/report.schema.json``); Markdown and HTML templates only format it, SARIF picks
the rows found in source code::

    view = report_view(plan)
    view["summary"]["line"]   # '14 calls (63 requests): 3 blocked, 8 migrate, 1 unknown, 2 unmatched, 0 ready; ...'
    view["token_recipe"]["resources"][0]   # {'resource': 'customer', 'actions': ['read'], 'scopes': [...]}

Keys are documented in the schema: add keys, never rename. Rows are sorted (verdict order, endpoint,
method, URL) and nothing carries a timestamp unless ``generated`` is passed in.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from registry.plan import VERDICTS, Advice, Plan

FORMAT_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("report.schema.json")


def report_view(plan: Plan, generated: str | None = None) -> dict[str, Any]:
    """The whole report as JSON-ready data."""
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
        "auth": {"given": plan.auth, "requests_by_auth": dict(sorted(auths_used.items()))},
        "target": {"api": plan.target_api, "auth": plan.target_auth},
        "summary": {
            "line": summary_line(plan),
            "verdicts": {v: {"calls": counts[v][0], "requests": counts[v][1]} for v in VERDICTS},
            **readiness,
            "findings": len(plan.findings),
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
        },
        "calls": rows,
        "findings": [{"location": f.location, "kind": f.kind} for f in plan.findings],
        "inputs": [
            {"source": s.source, "format": getattr(s, "format", None), "unit": s.unit, "read": s.read,
             "skipped": s.skipped, "summary": s.summary(), "notes": list(getattr(s, "notes", []))}
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
        "requests": c.count,
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
    """One line for stderr and the report head: counts per verdict, readiness and the recipe size."""
    counts = plan.counts()
    r = plan.readiness()
    calls = sum(n for n, _ in counts.values())
    parts = ", ".join(f"{counts[v][0]} {v}" for v in VERDICTS)
    share = f"{r['request_share'] * 100:.0f}%"
    return (f"{calls} calls ({r['requests']:,} requests): {parts}; {share} of requests ready for "
            f"{plan.target_auth} on the {plan.target_api} API; "
            + (f"token needs {len(plan.recipe.scopes)} scopes" if plan.recipe.scoped else "the token takes no scopes"))


def template_env(kind: str) -> Any:
    """A Jinja environment over ``templates/report`` (or the wheel's copy); ``kind`` 'html' or 'md'."""
    import jinja2

    here = Path(__file__).resolve().parent.parent
    bundled = here / "_templates" / "report"
    root = bundled if bundled.is_dir() else here.parent / "templates" / "report"
    if kind == "html":
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(root)), autoescape=True,
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
