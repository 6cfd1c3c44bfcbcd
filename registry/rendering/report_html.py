"""The migration report as one self-contained HTML file: inline CSS, no scripts, no external assets.

A Content-Security-Policy forbids every fetch, so the page works offline and nothing in it can run;
Jinja autoescaping makes a hostile path such as ``/api/<script>`` print as text::

    render_html(view)   # '<!DOCTYPE html>\\n<html lang="en">…'

Layout, in reading order: the verdict summary and the token recipe (the main answer), a table of
contents, the blockers, the work plan, the other calls grouped by verdict, hard-coded tokens, the
inputs read, and the numbered list of sources that every row refers to (``[1]``). URLs break only
after ``/`` and before ``?`` and ``&``; on a phone the call tables become cards, the page follows the
system's dark mode, and it prints on A4 with every column inside the page.
"""
from __future__ import annotations

import re
from typing import Any, Mapping

from registry.escaping import escape_controls
from registry.plan import VERDICTS
from registry.rendering.sources import SourceIndex

_BREAKS = re.compile(r"(?<=/)|(?=[?&])")
_ID_BREAKS = re.compile(r"(?<=[./])")

VERDICT_TEXT = {
    "blocked": "does not work under the current auth",
    "migrate": "legacy call with a current-API replacement",
    "unknown": "the dataset cannot say",
    "unmatched": "no endpoint or documented pattern covers it",
    "ready": "already works under the target",
}


def url_parts(text: str | None) -> list[str]:
    """``text`` cut where a line may break: after each ``/``, before ``?`` and ``&`` (control characters
    written as escapes)::

        url_parts("/api/v1/x?a=1&b=2")   # ['/', 'api/', 'v1/', 'x', '?a=1', '&b=2']
    """
    if not text:
        return []
    return [p for p in _BREAKS.split(escape_controls(text)) if p]


def id_parts(text: str | None) -> list[str]:
    """An endpoint id or file location cut after each ``.`` and ``/``."""
    if not text:
        return []
    return [p for p in _ID_BREAKS.split(escape_controls(text)) if p]


def breakable(text: object) -> Any:
    """Prose with paths or URLs in it, escaped for HTML, with a line-break opportunity (``<wbr>``) after
    each ``/`` and before each ``?`` and ``&``: a long path in a sentence wraps there, not mid-name."""
    from markupsafe import Markup, escape

    html = str(escape(escape_controls("" if text is None else str(text))))
    return Markup(re.sub(r"(?<=/)(?=[^\s<])|(?=\?[^\s])|(?=&amp;)", "<wbr>", html))


def html_context(view: Mapping[str, Any]) -> dict[str, Any]:
    """What the HTML template lays out: the view plus break points, numbered sources and the table of contents."""
    idx = SourceIndex()
    recipe = view["token_recipe"]
    expiry_refs = idx.refs(recipe["expiry_sources"])
    calls = []
    for c in view["calls"]:
        calls.append({
            **c,
            "url_parts": url_parts(c["url"]),
            "endpoint_parts": id_parts(c["endpoint"]["id"]) if c["endpoint"] else [],
            "source_refs": idx.refs(c["sources"]),
            "recommendations": [{**r, "target_parts": url_parts(r["target"]), "id_parts": id_parts(r["endpoint_id"])}
                                for r in c["recommendations"]],
            "locations": [id_parts(loc) for loc in c["evidence"]["locations"][:3]],
            "more_locations": max(0, c["evidence"]["location_count"] - 3),
        })
    steps = [{**s, "source_refs": idx.refs(s["sources"]), "call_parts": [url_parts(x) for x in s["calls"]]}
             for s in view["work_plan"]]
    groups = []
    for v in VERDICTS:
        rows = [c for c in calls if c["verdict"] == v]
        if v != "blocked" and rows:
            groups.append({"verdict": v, "text": VERDICT_TEXT[v], "rows": rows,
                           "requests": sum(c["requests"] for c in rows)})
    total = view["summary"]["requests"] or 1
    verdicts = [{"verdict": v, "calls": n["calls"], "requests": n["requests"], "text": VERDICT_TEXT[v],
                 "share": round(100 * n["requests"] / total, 2),
                 "href": "#blockers" if v == "blocked" else f"#calls-{v}"}
                for v, n in view["summary"]["verdicts"].items()]
    resources = [{**res, "needed_by": sorted({e for s in res["scopes"] for e in s["endpoints"]})} for res in recipe["resources"]]
    blocked = [c for c in calls if c["verdict"] == "blocked"]
    others = sum(len(g["rows"]) for g in groups)
    toc = [("summary", "Summary"), ("token-recipe", "Token recipe"), ("blockers", f"Blockers ({len(blocked)})"),
           ("work-plan", f"Work plan ({len(steps)} steps)"), ("calls", f"Other calls ({others})")]
    if view["method_unclear"]:
        toc.append(("method-unclear", f"Method unclear ({len(view['method_unclear'])})"))
    if view.get("observations"):
        conflicts = sum(1 for o in view["observations"] if o["conflict"])
        toc.insert(1, ("observations", f"Observations ({conflicts} conflict{'s' if conflicts != 1 else ''})"))
    if view["findings"]:
        toc.append(("findings", f"Hard-coded tokens ({len(view['findings'])})"))
    toc.append(("inputs", "Inputs read"))
    sources = idx.entries()
    if sources:
        toc.append(("sources", f"Sources ({len(sources)})"))
    return {"r": view, "calls": calls, "blocked": blocked, "groups": groups, "steps": steps, "verdicts": verdicts,
            "resources": resources, "expiry_refs": expiry_refs, "sources": sources,
            "toc": [{"anchor": a, "label": label} for a, label in toc]}


def render_html(view: Mapping[str, Any]) -> str:
    """The report view (``registry.rendering.report.report_view``) as an HTML page."""
    from registry.rendering.report import template_env

    env = template_env("html")
    env.filters["breakable"] = breakable
    return env.get_template("report.html.j2").render(**html_context(view))
