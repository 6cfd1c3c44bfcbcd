"""``xreg check METHOD URL``: one request, its endpoint, support under each auth method, and where to migrate.

::

    $ xreg check POST https://acme.xentral.biz/api/index.php/shopimport/syncstorage/AB-12/3 --auth pat-legacy
    endpoint  rest.shopimport.post-syncstorage-articlenumber (Legacy REST API, deprecated)
    form      index-php-path
    ...
    pat-legacy  no  documented  list:pat-legacy-unavailable  Listed under "Nicht verfügbare Endpunkte …"

The JSON form (``--format json``) is the documented, stable view: ``format_version``, ``request``,
``result`` (``match`` | ``unmatched`` | ``method-not-allowed``), ``endpoint`` (as ``xreg show``),
``support``, ``migrations`` with their targets' scopes, and ``fail_on`` (the conditions reached).

The table and Markdown forms print control characters as escapes (ESC as ``\\x1b``); JSON escapes
them by itself.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from registry.cli.common import (choose, complete_from_dataset, data_option, dump_json, emit, format_option, http_method,
                                 load, markdown_table, observations_option, output_option, table)
from registry.escaping import escape_controls, md_code, md_text
from registry.views import endpoint_view

FORMAT_VERSION = 1
FAIL_ON = ("blocked", "unknown", "unmatched")


@click.command()
@click.argument("method", callback=lambda ctx, param, value: http_method(value))
@click.argument("url")
@click.option("--auth", "auth", default=None, metavar="AUTH", shell_complete=complete_from_dataset("auth"),
              help="Auth method to judge (pat, pat-legacy, digest, hash); default: every one.")
@click.option("--fail-on", "fail_on", type=click.Choice(FAIL_ON, case_sensitive=False), multiple=True,
              help="Exit 3 when the request is blocked (support 'no' under --auth), unknown, or unmatched. Repeatable.")
@click.option("--target", default="pat", show_default=True, metavar="AUTH", shell_complete=complete_from_dataset("auth"),
              help="Auth method the integration moves to on the current API; the 'target' line gives the advisor's "
                   "verdict for it (as xreg advise).")
@format_option()
@output_option
@observations_option
@data_option
def check(method: str, url: str, auth: str | None, fail_on: tuple[str, ...], target: str, fmt: str, output: Path | None,
          observations: tuple[Path, ...], data_dir: Path | None) -> None:
    """Resolve one request to its endpoint and say which auth methods work there.

    URL may be any form Xentral integrations use: a full URL, /api/…, /www/api/…, /api/index.php/…,
    /api/index.php?path=…, /api/AuftragCreate or index.php?module=api&action=…&hash=… (secrets in the
    URL are never printed). Shows the endpoint, its API, how the URL reached it (form), support under
    each auth method with sources, and the current-API endpoints to migrate to with fit and scopes.

    'blocked' means support 'no' under --auth (the hash form implies --auth hash). Exit codes: 0 done,
    1 invalid data, 2 usage, 3 a --fail-on condition was reached.

    \b
    Example:
      xreg check POST https://acme.xentral.biz/api/index.php/shopimport/syncstorage/AB-12/3 \\
          --auth pat-legacy --fail-on blocked
    """
    if not url.strip():
        raise click.BadParameter("the URL is empty", param_hint="'URL'")
    reg = load(data_dir, observations=observations)
    if auth is not None:
        auth = choose(auth, reg.auth, "--auth", "auth method")
    target = choose(target, reg.auth, "--target", "target")
    from registry.advising import check_auth, judge_call
    from registry.errors import UsageError

    try:
        check_auth(reg, None, target)
    except UsageError as exc:
        raise click.BadParameter(str(exc), param_hint="'--target'") from None
    result = reg.resolve(method, url)
    judged = auth
    if judged is None and getattr(result, "form", None) == "standard-hash":
        judged = "hash"
    if judged is None and ({"blocked", "unknown"} & set(fail_on)):
        raise click.UsageError("--fail-on blocked/unknown needs --auth (which auth method to judge)")
    view = check_view(reg, method, result, judged)
    advice = judge_call(reg, method, url, judged, target)
    view["target"] = {"auth": target, "verdict": advice.verdict, "reason": advice.reason, "origin": advice.origin,
                      "sources": list(advice.sources)}
    reached = [cond for cond in fail_on if cond in view["conditions"]]
    view["fail_on"] = reached
    text = {"json": lambda: dump_json(_public(view)), "md": lambda: _markdown(view),
            "table": lambda: _table(_escaped(view))}[fmt]()
    emit(text, output)
    if reached:
        click.echo(f"xreg: --fail-on reached: {', '.join(reached)}", err=True)
        raise SystemExit(3)


def check_view(reg: Any, method: str, result: Any, auth: str | None) -> dict[str, Any]:
    """The check of one request as plain data (the JSON output, and what the other formats lay out)."""
    auths = [auth] if auth is not None else list(reg.auth)
    view: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "request": {"method": method.upper(), "url": result.url, "route": result.route},
        "auth": auth,
    }
    conditions: list[str] = []
    if not result:
        kind = "method-not-allowed" if getattr(result, "allowed", ()) else "unmatched"
        view.update({
            "result": kind,
            "reason": result.reason,
            "allowed": list(getattr(result, "allowed", ())),
            "near_misses": [{"endpoint": n.endpoint.id, "param": n.param, "value": n.value, "regex": n.regex}
                            for n in result.near_misses],
            "suggestions": [{"endpoint": s.endpoint.id, "method": s.endpoint.method, "template": _template(s.endpoint),
                             "reason": s.reason} for s in result.suggestions],
            "notes": list(result.notes[1:]),
            "endpoint": None,
        })
        view["conditions"] = ["unmatched"]
        return view
    ep = result.endpoint
    api = reg.apis[result.api]
    endpoint = endpoint_view(reg, ep, auths)
    support = endpoint.pop("support")
    endpoint.pop("migrations")
    migrations = []
    for m in reg.migrations_for(ep.id):
        targets = []
        for target_id in m.targets:
            target = reg.endpoint(target_id)
            targets.append({"id": target.id, "method": target.method, "template": _template(target),
                            "maturity": target.maturity, "scopes": list(target.scopes), "status": target.status,
                            "removed_in": target.removed_in})
        migrations.append({"id": m.id, "fit": m.fit, "reason": m.reason, "targets": targets, "sources": list(m.sources)})
    view.update({
        "result": "match",
        "endpoint": endpoint,
        "template": _template(ep),
        "api": {"id": api.id, "name": api.name, "status": api.status},
        "form": result.form,
        "params": dict(result.params),
        "notes": list(result.notes),
        "alternatives": [{"endpoint": a.endpoint.id, "api": a.api, "form": a.form, "params": dict(a.params)}
                         for a in result.alternatives],
        "support": support,
        "migrations": migrations,
    })
    if auth is not None:
        value = support[auth]["support"]
        if value == "no":
            conditions.append("blocked")
        elif value == "unknown":
            conditions.append("unknown")
    view["conditions"] = conditions
    return view


def _escaped(value: Any) -> Any:
    """``value`` (the view, or a part of it) with control characters in every string written as escapes."""
    if isinstance(value, str):
        return escape_controls(value)
    if isinstance(value, dict):
        return {_escaped(k): _escaped(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_escaped(v) for v in value]
    return value


def _public(view: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in view.items() if k != "conditions"}


def _template(ep: Any) -> str:
    from registry.matching.matcher import shown_template

    return shown_template(ep)


# -- layouts ------------------------------------------------------------------------------------------
def _support_rows(view: dict[str, Any]) -> list[list[str]]:
    from registry.views import observation_note

    rows = []
    for auth_id, st in view["support"].items():
        since = f"since {st['since']}" if st.get("since") else ""
        notes = " ".join(x for x in (observation_note(st), (st.get("notes") or "").strip()) if x)
        support = st["support"] + (" CONFLICT" if st["conflict"] else "")
        rows.append([auth_id, support, st["basis"], st["origin"], since, notes, " ".join(st["sources"])])
    return rows


def _target_rows(view: dict[str, Any]) -> list[list[str]]:
    rows = []
    for m in view["migrations"]:
        if not m["targets"]:
            rows.append([m["fit"], "(none)", "", "", m["reason"]])
        for t in m["targets"]:
            shown = t["id"] if t["status"] != "removed" else f"{t['id']} (removed{' in ' + t['removed_in'] if t['removed_in'] else ''})"
            rows.append([m["fit"], shown, f"{t['method']} {t['template']}", ", ".join(t["scopes"]) or "-", m["reason"]])
    return rows


def _table(view: dict[str, Any]) -> str:
    req = view["request"]
    lines = [f"request   {req['method']} {req['url']}"]
    if view["result"] != "match":
        lines.append(f"result    {view['result']}")
        lines.append(f"reason    {view['reason']}")
        for note in view["notes"]:
            lines.append(f"note      {note}")
        lines += _target_lines(view)
        return "\n".join(lines)
    ep = view["endpoint"]
    api = view["api"]
    lines.append(f"endpoint  {ep['id']} ({api['name']}, {api['status']})")
    lines.append(f"template  {ep['method']} {view['template']}")
    lines.append(f"form      {view['form']}")
    if view["params"]:
        lines.append("params    " + ", ".join(f"{k}={v}" for k, v in view["params"].items()))
    for note in view["notes"]:
        lines.append(f"note      {note}")
    for alt in view["alternatives"]:
        lines.append(f"also      {alt['endpoint']} ({alt['api']}, {alt['form']})")
    if "blocked" in view["conditions"]:
        lines.append(f"verdict   blocked under {view['auth']}")
    lines += _target_lines(view)
    lines += ["", "support"]
    lines.append(table(["auth", "support", "basis", "origin", "since", "notes", "sources"], _support_rows(view)))
    if view["migrations"]:
        lines += ["", "migration"]
        lines.append(table(["fit", "target", "request", "scopes", "reason"], _target_rows(view)))
    return "\n".join(lines)


def _target_lines(view: dict[str, Any]) -> list[str]:
    t = view.get("target")
    if not t:
        return []
    lines = [f"target    {t['auth']}: {t['verdict']} ({t['origin']}): {t['reason']}"]
    lines += [f"          source: {src}" for src in t["sources"]]
    return lines


def _target_markdown(view: dict[str, Any]) -> list[str]:
    t = view.get("target")
    if not t:
        return []
    sources = " ".join(t["sources"])
    return [f"- target {md_code(t['auth'])}: **{md_text(t['verdict'])}** ({md_text(t['origin'])}): {md_text(t['reason'])}"
            + (f" Sources: {md_text(sources)}" if sources else "")]


def _markdown(view: dict[str, Any]) -> str:
    """The Markdown layout; every value goes through ``registry.escaping`` (``md_code`` / ``md_text``)."""
    req = view["request"]
    out = [f"## {md_code(req['method'] + ' ' + req['url'])}", ""]
    if view["result"] != "match":
        out += [f"**{md_text(view['result'])}**: {md_text(view['reason'])}", ""]
        out += [f"- {md_text(note)}" for note in view["notes"]]
        out += _target_markdown(view)
        return "\n".join(out)
    ep = view["endpoint"]
    api = view["api"]
    out.append(f"- endpoint: {md_code(ep['id'])} ({md_text(api['name'])}, {md_text(api['status'])})")
    out.append(f"- template: {md_code(ep['method'] + ' ' + view['template'])}")
    out.append(f"- form: {md_code(view['form'])}")
    if view["params"]:
        out.append("- params: " + ", ".join(md_code(f"{k}={v}") for k, v in view["params"].items()))
    out += [f"- note: {md_text(note)}" for note in view["notes"]]
    out += [f"- also matches: {md_code(a['endpoint'])} ({md_text(a['api'])}, {md_text(a['form'])})" for a in view["alternatives"]]
    if "blocked" in view["conditions"]:
        out.append(f"- verdict: **blocked** under {md_code(view['auth'])}")
    out += _target_markdown(view)
    out += ["", "### Support", ""]
    out.append(markdown_table(["auth", "support", "basis", "origin", "since", "notes", "sources"], _support_rows(view)))
    if view["migrations"]:
        out += ["", "### Migration", ""]
        out.append(markdown_table(["fit", "target", "request", "scopes", "reason"], _target_rows(view)))
    return "\n".join(out)
