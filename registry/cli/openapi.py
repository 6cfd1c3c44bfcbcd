"""``xreg import-openapi``, ``xreg diff`` and ``xreg scope-index``: the current API from its specs."""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import Any

import click

from registry.cli.common import (choose, choose_endpoint, complete_from_dataset, data_option, dump_json, emit, format_option, load,
                                 markdown_table,
                                 output_option, table)
from registry.escaping import escape_controls, md_text

FORMAT_VERSION = 1
_RELEASE = re.compile(r"^\d+(\.\d+)*$")


@click.command("import-openapi")
@click.argument("specs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--release", "releases", multiple=True, metavar="RELEASE",
              help="Xentral release of the spec at the same position (e.g. 24.48.10); give one per spec, or none "
                   "to record the spec's info.version.")
@data_option
@click.option("--allow-older", is_flag=True,
              help="Import a spec whose release is older than the one recorded for it (marks newer operations removed).")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
def import_openapi(specs: tuple[Path, ...], releases: tuple[str, ...], data_dir: Path | None, allow_older: bool,
                   quiet: bool) -> None:
    """Import OpenAPI specs of the current API into data/xentral/ (validated first).

    Each SPEC is validated with openapi-spec-validator; a spec that fails is rejected with the JSON
    pointers of its first problems and nothing is written. Re-importing the same spec changes no byte;
    curated fields (notes, sources, support, ...) are kept; an operation missing from a newer import of
    the same spec is marked removed in that release. The files are replaced all together or not at all.

    The n-th --release belongs to the n-th SPEC: the release number is not in the spec files
    (their info.version is e.g. v0.1).

    Refused, with exit 1 and no file changed: writing into the dataset of an installed package (pass
    --data DIR: a copy made with `xreg data copy DIR`, or a checkout's data/); a release older than the
    one recorded for the same spec title, unless --allow-older; a spec whose title no recorded spec has
    while more than half of its operations belong to one recorded spec (a renamed spec).

    \b
    Example:
      xreg import-openapi ../shared/reference/xentral-api.openapi-3.0.0.json --release 24.48.10 \\
          ../shared/reference/xentral-documents-api.openapi-3.1.0.json --release 26.34.2
    """
    from registry.loading import is_installed_dataset
    from registry.loading.importer import import_specs
    from registry.loading.loader import default_data_dir

    if releases and len(releases) != len(specs):
        raise click.UsageError(f"got {len(releases)} --release for {len(specs)} specs (give one per spec, in order, or none).")
    for release in releases:
        if not _RELEASE.match(release):
            raise click.BadParameter(f"'{release}' is not a release number (expected e.g. 24.48.10).",
                                     param_hint="--release")
    root = data_dir if data_dir is not None else default_data_dir()
    if data_dir is None and is_installed_dataset(root):
        raise click.ClickException(
            f"{root}: the dataset of the installed package is read-only (an import would change every later "
            "answer of this install). Pass --data DIR: a copy made with 'xreg data copy DIR', or a checkout's data/.")
    progress = None if quiet else (lambda line: click.echo(f"xreg: {line}", err=True))
    if not releases and not quiet:
        click.echo("xreg: no --release given: recording each spec's info.version as its release", err=True)
    started = time.monotonic()
    try:
        result = import_specs(list(specs), root, list(releases) or None, progress=progress, allow_older=allow_older)
    except OSError as exc:  # a full disk or a size limit: replace_files already put the old files back
        where = f"{exc.filename}: " if exc.filename else ""
        raise click.ClickException(f"{where}cannot write the dataset: {exc.strerror or exc}. "
                                   "Nothing was changed; free space and run the import again.") from None
    if not quiet:
        ops = sum(s.operations for s in result.specs)
        click.echo(f"xreg: imported {ops} operations from {len(result.specs)} spec{'s' if len(result.specs) != 1 else ''} "
                   f"in {time.monotonic() - started:.1f} s", err=True)


@click.command()
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@format_option()
@output_option
@click.option("--fail-on", "fail_on", type=click.Choice(["removed", "changed"], case_sensitive=False), multiple=True,
              help="Exit 3 when operations were removed, or changed (moved counts as changed); repeatable.")
def diff(old: Path, new: Path, fmt: str, output: Path | None, fail_on: tuple[str, ...]) -> None:
    """Compare two releases of the current API: operations added, removed, moved and changed.

    OLD and NEW are each a spec file or a dataset directory. Operations are paired by operationId,
    then by method + path, then by method + path without the version segment (/api/x -> /api/v1/x is
    a move, not a removal plus an addition). Compared: path, method, scopes, maturity.

    \b
    Example:
      xreg diff ../shared/reference/history/xentral-api-24.2.5.openapi-3.0.0.json \\
                ../shared/reference/xentral-api.openapi-3.0.0.json --format md --fail-on removed
    """
    from registry.diffing import diff_operations, diff_view, read_side

    result = diff_operations(read_side(old), read_side(new))
    view = diff_view(result)
    if fmt == "json":
        emit(dump_json(view), output)
    else:
        emit(_diff_text(view, markdown=fmt == "md"), output)
    counts = view["counts"]
    click.echo("xreg: " + ", ".join(f"{n} {k}" for k, n in counts.items()), err=True)
    reached = [f for f in ("removed", "changed") if f in fail_on and
               (counts["removed"] if f == "removed" else counts["changed"] + counts["moved"])]
    if reached:
        click.echo(f"xreg: --fail-on reached: {', '.join(reached)}", err=True)
        sys.exit(3)


def _diff_text(view: dict[str, Any], markdown: bool) -> str:
    render = markdown_table if markdown else table
    rows: list[list[str]] = []
    for kind in ("added", "removed"):
        for op in view[kind]:
            rows.append([kind, op["method"], op["path"], op["operation_id"] or "", ""])
    for kind in ("moved", "changed"):
        for p in view[kind]:
            what = "; ".join(f"{c['field']}: {_cell(c['old'])} -> {_cell(c['new'])}" for c in p["changes"])
            rows.append([kind, p["new"]["method"], p["new"]["path"], p["new"]["operation_id"] or "",
                         f"{what} (paired by {p['paired_by']})"])
    counts = ", ".join(f"{n} {k}" for k, n in view["counts"].items())
    head = f"{view['old']['label']} -> {view['new']['label']}: {counts}"
    head = md_text(head) if markdown else escape_controls(head)
    body = render(["change", "method", "path", "operationId", "what"], rows) if rows else "no differences"
    return f"{head}\n\n{body}" if markdown else f"{head}\n{body}"


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    return str(value)


@click.command("scope-index")
@click.option("--endpoint", "endpoint_ids", multiple=True, metavar="ID", shell_complete=complete_from_dataset("endpoint"),
              help="Only the scopes these endpoints need (their union); repeatable.")
@data_option
@format_option()
@output_option
def scope_index(endpoint_ids: tuple[str, ...], data_dir: Path | None, fmt: str, output: Path | None) -> None:
    """Every PAT scope with the endpoints that need it (from the specs' x-scopes).

    With --endpoint, only the union of the scopes those endpoints need. Removed endpoints are left out.

    \b
    Example:
      xreg scope-index --endpoint xentral.salesOrders.get-v3 --endpoint xentral.invoices.post-v3
    """
    from registry.scoping import scope_index as build

    reg = load(data_dir)
    endpoint_ids = tuple(choose_endpoint(reg, e, "--endpoint") for e in endpoint_ids)
    index = build(reg, list(endpoint_ids))
    if fmt == "json":
        emit(dump_json({"format_version": FORMAT_VERSION, "endpoints": list(endpoint_ids), "count": len(index),
                        "scopes": [{"scope": s, "endpoints": ids} for s, ids in index.items()]}), output)
        return
    rows = [[scope, " ".join(ids)] for scope, ids in index.items()]
    body = (markdown_table if fmt == "md" else table)(["scope", "endpoints"], rows)
    emit(f"{body}\n\n{len(index)} scopes" if fmt == "md" else f"{body}\n{len(index)} scopes", output)
