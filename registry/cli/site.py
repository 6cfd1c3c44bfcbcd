"""``xreg site``: build the HTML compatibility docs (``site/``) from the dataset."""
from __future__ import annotations

import time
from pathlib import Path

import click

from registry.cli.common import data_option, dump_json, emit, load, observations_option

FORMAT_VERSION = 1


@click.command()
@data_option
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write the pages into (default: site/ of the repository checkout).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"], case_sensitive=False), default="text", show_default=True,
              help="text: one summary line on stderr; json: the list of files on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@observations_option
def site(data_dir: Path | None, out_dir: Path | None, fmt: str, quiet: bool, observations: tuple[Path, ...]) -> None:
    """Build the compatibility docs: API × auth matrix, a page per API and auth method, the
    PAT-unavailable list, the migration map and the scope index, as static HTML.

    The same dataset always gives the same bytes. All changed files are replaced together or not at
    all. Files an earlier build wrote and this one no longer has are removed; other files in the folder
    are left alone, and a file named like a page that no build wrote is never overwritten (exit 1).

    \b
    Example:
      xreg site
      xreg site -o /tmp/xentral-docs --data my-fork/data
    """
    from registry.rendering.site import build_site, default_site_dir, write_site

    started = time.perf_counter()
    target = out_dir if out_dir is not None else default_site_dir()
    reg = load(data_dir, observations=observations)
    files = build_site(reg)
    try:
        result = write_site(files, target)
    except OSError as exc:  # a full disk, a size limit, a permission: write_site left the folder as it was
        where = f"{exc.filename}: " if exc.filename else f"{target}: "
        raise click.ClickException(f"{where}cannot write the site: {exc.strerror or exc}. "
                                   f"The folder {target} was left as it was.") from None
    elapsed = time.perf_counter() - started
    pages = sum(1 for name in files if name.endswith(".html"))
    size = sum(len(data) for data in files.values())
    if fmt == "json":
        emit(dump_json({
            "format_version": FORMAT_VERSION, "output": str(target), "pages": pages, "bytes": size,
            "files": [{"name": n, "bytes": len(d), "written": n in result.written} for n, d in files.items()],
            "removed": result.removed,
        }))
    if not quiet:
        click.echo(f"built {pages} pages ({size / 1024:.0f} KiB) into {target} in {elapsed:.1f} s: "
                   f"{len(result.written)} written, {len(result.unchanged)} unchanged, {len(result.removed)} removed",
                   err=True)
