"""``xreg validate``, ``xreg schema``, ``xreg endpoints`` and ``xreg show``: the dataset itself."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from registry.cli.common import (choose, choose_endpoint, complete_from_dataset, data_option, dump_json, emit, format_option, load,
                                 markdown_table,
                                 output_option, strict_option, table)
from registry.escaping import escape_controls, md_fence
from registry.views import endpoint_view, evidence_text, statement_view

FORMAT_VERSION = 1


@click.command()
@data_option
@strict_option
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
def validate(data_dir: Path | None, strict: bool, quiet: bool) -> None:
    """Check the dataset: every file, field, reference and template.

    Prints every problem as FILE:LINE: SUBJECT: PROBLEM, then a count; exits 1 if any.

    \b
    Example:
      xreg validate --data my-data/
    """
    from registry.errors import DataError

    try:
        reg = load(data_dir, strict)
    except DataError as exc:
        for problem in exc.problems:
            click.echo(("warning: " if problem.warning else "") + escape_controls(str(problem)), err=True)
        click.echo(f"xreg: {exc.summary()}", err=True)
        raise SystemExit(1) from None
    for problem in reg.warnings:
        click.echo(f"warning: {escape_controls(str(problem))}", err=True)
    if not quiet:
        counts: dict[str, int] = {}
        for ep in reg.endpoints.values():
            counts[ep.api] = counts.get(ep.api, 0) + 1
        per_api = ", ".join(f"{n} {api}" for api, n in counts.items())
        emit(
            f"ok: {len(reg.endpoints)} endpoints ({per_api}), {len(reg.auth)} auth methods, "
            f"{len(reg.migrations)} migrations, {len(reg.statements)} support statements"
        )


@click.command()
@click.option(
    "--kind",
    type=click.Choice(["all", "dataset", "apis", "auth", "support", "endpoints", "migrations", "probe", "observations"],
                      case_sensitive=False),
    default="all",
    show_default=True,
    help="Which file's schema; 'all' prints one object with each.",
)
@output_option
def schema(kind: str, output: Path | None) -> None:
    """Print the JSON Schema of the dataset files, generated from the models.

    \b
    Example:
      xreg schema --kind endpoints -o endpoints.schema.json
    """
    from registry import models

    kinds: dict[str, Any] = {
        "dataset": models.DatasetInfo,
        "apis": models.ApisFile,
        "auth": models.AuthFile,
        "support": models.SupportFile,
        "endpoints": models.EndpointFile,
        "migrations": models.MigrationFile,
        "probe": models.ProbeFile,
        "observations": models.ObservationsFile,
    }
    if kind == "all":
        result: dict[str, Any] = {name: m.model_json_schema() for name, m in kinds.items()}
    else:
        result = kinds[kind].model_json_schema()
    emit(dump_json(result), output)


@click.command()
@data_option
@click.option("--api", "apis", multiple=True, shell_complete=complete_from_dataset("api"), help="Only endpoints of this API (xentral, rest, standard); repeatable.")
@click.option("--auth", default=None, shell_complete=complete_from_dataset("auth"), help="Show support under this auth method (pat, pat-legacy, digest, hash).")
@click.option("--support", "supports", multiple=True, type=click.Choice(["yes", "no", "partial", "unknown"], case_sensitive=False),
              help="Only endpoints with this support under --auth; repeatable.")
@click.option("--active-only", is_flag=True, help="Leave out inactive (commented-out) and removed endpoints.")
@format_option()
@output_option
def endpoints(data_dir: Path | None, apis: tuple[str, ...], auth: str | None, supports: tuple[str, ...],
              active_only: bool, fmt: str, output: Path | None) -> None:
    """List endpoints, filtered by API and by support under an auth method.

    \b
    Example:
      xreg endpoints --api rest --auth pat-legacy --support no
    """
    reg = load(data_dir)
    apis = tuple(choose(a, reg.apis, "--api", "API") for a in apis)
    if auth is not None:
        auth = choose(auth, reg.auth, "--auth", "auth method")
    selected = reg.select(api=apis, auth=auth, support=supports, include_inactive=not active_only)
    if fmt == "json":
        auths = [auth] if auth else list(reg.auth)
        emit(dump_json({"format_version": FORMAT_VERSION, "count": len(selected),
                        "endpoints": [endpoint_view(reg, ep, auths) for ep in selected]}), output)
        return
    headers = ["id", "method", "path or action", "permission / scopes"]
    if auth:
        headers += [auth, "sources"]
    rows = []
    for ep in selected:
        row = [ep.id, ep.method, ep.path if ep.path is not None else ep.action or "",
               ep.permission or " ".join(ep.scopes)]
        if auth:
            st = reg.support(ep.id, auth).statement
            row += [st.support + (f" (since {st.since})" if st.since else ""), " ".join(st.sources)]
        rows.append(row)
    body = markdown_table(headers, rows) if fmt == "md" else table(headers, rows)
    summary = f"{len(selected)} endpoint{'s' if len(selected) != 1 else ''}"
    emit(f"{body}\n\n{summary}" if fmt == "md" else f"{body}\n{summary}", output)


@click.command()
@data_option
@click.argument("endpoint_id", shell_complete=complete_from_dataset("endpoint"))
@format_option()
def show(data_dir: Path | None, endpoint_id: str, fmt: str) -> None:
    """Show one endpoint: its template, permission, scopes, support per auth method and migrations.

    \b
    Example:
      xreg show rest.shopimport.post-syncstorage-articlenumber
    """
    reg = load(data_dir)
    ep = reg.endpoint(choose_endpoint(reg, endpoint_id, "ENDPOINT_ID"))
    view = endpoint_view(reg, ep, list(reg.auth))
    if fmt == "json":
        emit(dump_json({"format_version": FORMAT_VERSION, "endpoint": view}))
        return
    lines = [f"{ep.id}  ({reg.apis[ep.api].name})", ""]
    facts = [("request", ep.target if ep.action is None else f"{ep.method} /api/{ep.wrapper or ep.action}"),
             ("registered", None if ep.action is None or ep.registered else
              "no: a public method only the REST wrapper reaches (not index.php?module=api&action=)"),
             ("resource", ep.resource), ("permission", ep.permission), ("scopes", " ".join(ep.scopes) or None),
             ("operationId", ep.operation_id), ("maturity", None if ep.maturity == "stable" else ep.maturity),
             ("status", ep.status), ("docs", ep.docs), ("notes", ep.notes), ("defined at", ep.location)]
    lines += [f"  {k:<12} {v}" for k, v in facts if v]
    lines += ["", "support:"]
    for auth_id in reg.auth:
        res = reg.support(ep.id, auth_id)
        st = statement_view(res)
        since = f", since {st['since']}" if st["since"] else ""
        until = f", until {st['until']}" if st["until"] else ""
        lines.append(f"  {auth_id:<11} {st['support']:<8} ({st['basis']}{since}{until}; from {res.origin})")
        if st["notes"]:
            lines.append(f"              {st['notes']}")
        for src in st["sources"]:
            lines.append(f"              source: {src}")
        for ev in res.statement.evidence:
            lines.append(f"              evidence: {evidence_text(ev)}")
    migrations = view["migrations"]
    if migrations:
        lines += ["", "migrations:"]
        for m in migrations:
            targets = [t if reg.endpoints[t].status != "removed" else f"{t} (removed)" for t in m["targets"]]
            lines.append(f"  {m['fit']:<8} {', '.join(targets) or '(no target)'}: {m['reason']}")
    text = "\n".join(escape_controls(line) for line in lines)  # a value's own line break shows as \x0a
    emit(md_fence(text) if fmt == "md" else text)


@click.group("data")
def data_group() -> None:
    """Work with a copy of the dataset (the installed one is read-only).

    \b
    Example:
      xreg data copy my-data && xreg import-openapi spec.json --release 26.40.1 --data my-data
    """


@data_group.command("copy")
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--data", "data_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Dataset directory to copy (default: the shipped dataset).")
def copy(target: Path, data_dir: Path | None) -> None:
    """Copy the dataset into the new folder TARGET, to import specs into or edit (then use --data TARGET).

    TARGET must not exist yet (or be an empty folder); it gets the whole copy or nothing.

    \b
    Example:
      xreg data copy my-data
    """
    from registry.loading import copy_dataset, default_data_dir

    count = copy_dataset(target, data_dir)
    click.echo(f"xreg: copied {count} files of {data_dir or default_data_dir()} to {target}; "
               f"use it with --data {target}", err=True)
