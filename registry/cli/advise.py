"""``xreg advise`` and ``xreg scopes``: read an integration's evidence and advise on its migration.

Both read every INPUT (files or directories: access logs, HAR, Postman, source code, plain lists),
run the advisor and print the result on stdout; progress, each reader's skipped summary and one
summary line go to stderr.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any, Iterator

import click

from registry.cli.common import choose, complete_from_dataset, data_option, emit, load, observations_option, output_option
from registry.escaping import escape_controls

FAIL_ON = ("blocked", "migrate", "unknown", "unmatched")
_inputs = click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=str))
_auth = click.option("--auth", default=None, metavar="AUTH", shell_complete=complete_from_dataset("auth"),
                     help="The integration's current auth method (pat-legacy, digest, hash, pat). "
                          "Default: per call from the evidence (Bearer -> pat-legacy, Digest -> digest, hash= -> hash).")
_target = click.option("--target", default="pat", show_default=True, metavar="AUTH", shell_complete=complete_from_dataset("auth"),
                       help="Auth method to move to on the current Xentral API.")
_postman_env = click.option("--postman-env", type=click.Path(exists=True, dir_okay=False, path_type=str), default=None,
                            help="Postman environment file whose variables resolve {{variables}} in collections.")
_verbose = click.option("-v", "--verbose", is_flag=True, help="List every skipped item.")
_quiet = click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
_jobs = click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default="0: one per CPU, at most 8",
                     help="Processes for one big plain access log (32 MB or more), for several logs (one per "
                          "file) and for parsing many source files; the report is the same for any number.")
_include_tests = click.option("--include-tests", is_flag=True,
                              help="Also read test code in folders (tests/, *.test.ts, *_test.go, test_*.py, fixtures, "
                                   "mocks), which is left out by default and counted.")
_exclude = click.option("--exclude", "exclude", multiple=True, metavar="GLOB",
                        help="Leave out files and folders matching GLOB, relative to the folder read "
                             "(repeatable; e.g. --exclude 'legacy/*' --exclude '*.min.js').")


@click.command()
@_inputs
@_auth
@_target
@click.option("--format", "fmt", type=click.Choice(["md", "json", "html", "sarif"], case_sensitive=False), default="md", show_default=True,
              help="Report format.")
@output_option
@click.option("--fail-on", "fail_on", type=click.Choice(FAIL_ON, case_sensitive=False), multiple=True,
              help="Exit 3 when a call gets this verdict (repeatable).")
@_postman_env
@click.option("--generated", default=None, metavar="TEXT", help="Generation time to print in the report (default: none).")
@_verbose
@_quiet
@_jobs
@_include_tests
@_exclude
@observations_option
@data_option
def advise(inputs: tuple[str, ...], auth: str | None, target: str, fmt: str, output: Path | None,
           fail_on: tuple[str, ...], postman_env: str | None, generated: str | None, verbose: bool, quiet: bool,
           jobs: int, include_tests: bool, exclude: tuple[str, ...], observations: tuple[Path, ...],
           data_dir: Path | None) -> None:
    """Advise on migrating an integration: a verdict per call, a work plan and the token recipe.

    INPUT is an access log (combined or common, plain or .gz, '-' for stdin), a HAR file, a Postman
    collection, a source file or tree, a plain 'METHOD URL' list, or a directory holding any of them.
    Verdicts: blocked, migrate, unknown, unmatched, ready. Secrets are never printed.

    \b
    Example:
      xreg advise examples/shop-connector --auth pat-legacy
      xreg advise access.log.gz src/ --format html -o report.html --fail-on blocked
    """
    plan = _run(inputs, auth, target, postman_env, data_dir, verbose, quiet, jobs, include_tests, exclude, observations)
    from registry.rendering.report import report_view

    view = report_view(plan, generated)
    if fmt == "json":
        from registry.rendering.report_json import render_json as render
    elif fmt == "html":
        from registry.rendering.report_html import render_html as render
    elif fmt == "sarif":
        from registry.rendering.report_sarif import render_sarif as render
    else:
        from registry.rendering.report_markdown import render_markdown as render
    emit(render(view), output)
    if not quiet:
        click.echo(f"xreg: {view['summary']['line']}", err=True)
        if output is not None:
            click.echo(f"xreg: wrote {output}", err=True)
    reached = sorted({v for v in fail_on if view["summary"]["verdicts"][v]["calls"]})
    if reached:
        click.echo(f"xreg: --fail-on reached: {', '.join(reached)}", err=True)
        sys.exit(3)


@click.command()
@_inputs
@_auth
@_target
@click.option("--format", "fmt", type=click.Choice(["md", "json"], case_sensitive=False), default="md", show_default=True, help="Output format.")
@output_option
@_postman_env
@_verbose
@_quiet
@_jobs
@_include_tests
@_exclude
@data_option
def scopes(inputs: tuple[str, ...], auth: str | None, target: str, fmt: str, output: Path | None,
           postman_env: str | None, verbose: bool, quiet: bool, jobs: int, include_tests: bool, exclude: tuple[str, ...],
           data_dir: Path | None) -> None:
    """The least-privilege token recipe alone: the scopes the integration's calls need, by resource.

    The scopes are the union of the scopes of the current-API endpoints the advisor recommends;
    inferred scopes (the spec publishes none for the endpoint) are marked.

    \b
    Example:
      xreg scopes examples/shop-connector --format json
    """
    plan = _run(inputs, auth, target, postman_env, data_dir, verbose, quiet, jobs, include_tests, exclude)
    from registry.rendering.report import report_view

    recipe = report_view(plan)["token_recipe"]
    if fmt == "json":
        from registry.cli.common import dump_json

        emit(dump_json({"format_version": 1, **recipe}), output)
        return
    lines = [f"# token recipe for {recipe['auth']}"]
    for res in recipe["resources"]:
        acts = ", ".join(s["action"] + (" (inferred)" if s["inferred"] else "") for s in res["scopes"])
        lines.append(f"{res['resource']}: {acts}")
    lines += [f"# not covered: {n}" for n in recipe["not_covered"]]
    lines += [f"# pre-release target: {p}" for p in recipe["prerelease_targets"]]
    lines.append(f"# expiry: {recipe['expiry']}")
    emit("\n".join(escape_controls(line) for line in lines), output)


def _run(inputs: tuple[str, ...], auth: str | None, target: str, postman_env: str | None, data_dir: Path | None,
         verbose: bool, quiet: bool, jobs: int, include_tests: bool = False, exclude: tuple[str, ...] = (),
         observations: tuple[Path, ...] = ()) -> Any:
    from registry.advising import advise as run_advisor, check_auth
    from registry.inputs.access_log import log_grouping
    from registry.inputs.detect import read_inputs
    from registry.matching.shapes import digit_segments_uniform, endpoint_class

    from registry.errors import UsageError

    reg = load(data_dir, observations=observations)
    if auth is not None:
        auth = choose(auth, reg.auth, "--auth", "auth method")
    target = choose(target, reg.auth, "--target", "target")
    try:
        check_auth(reg, auth, target)
    except UsageError as exc:
        raise click.BadParameter(str(exc), param_hint="'--target'") from None
    started = time.monotonic()
    from registry.inputs.source.vocabulary import Vocabulary

    from registry.advising import param_names

    items, stats = read_inputs(list(inputs), postman_env=postman_env, vocabulary=Vocabulary.from_registry(reg),
                               params=param_names(reg), include_tests=include_tests, exclude=exclude)
    progress = _Progress(enabled=not quiet and _tty())
    # Access logs count the calls of a shape (GET /api/v1/products/<digits>) beyond its first 50 together
    # when the dataset answers the same for every all-digit segment, and the calls of an endpoint
    # beyond its first 50 (registry.inputs.log_counter).
    with log_grouping(shapes=digit_segments_uniform(reg), jobs=jobs or min(os.cpu_count() or 1, 8),
                      classify=endpoint_class(reg)):
        plan = run_advisor(reg, progress.wrap(items), auth=auth, target=target, inputs=stats)
    progress.done()
    elapsed = time.monotonic() - started
    if not quiet:
        from registry.rendering.report import input_line

        requests = sum(s.read for s in stats if s.format != "folder")  # (a folder's entry counts its files)
        given = len(inputs)  # (one folder is one input, however many files it holds)
        click.echo(f"xreg: read {requests:,} items from {given:,} input{'s' if given != 1 else ''} in {elapsed:.1f} s; "
                   f"{len(plan.advice):,} distinct calls, {len(plan.findings)} hard-coded token{'s' if len(plan.findings) != 1 else ''}", err=True)
        for s in stats:
            if s.format == "folder" or s.skipped or getattr(s, "suspect", 0) or getattr(s, "remarks", None) or verbose:
                click.echo(escape_controls(f"xreg: {input_line(s, stats)}"), err=True)
            for warning in getattr(s, "warnings", []):
                click.echo(escape_controls(f"xreg: {warning}"), err=True)
            if verbose:
                for note in getattr(s, "notes", []):
                    click.echo(escape_controls(f"  note: {note}"), err=True)
                for item in s.skipped_items:
                    click.echo(escape_controls(f"  skipped {item}"), err=True)
        unknown = sum(a.call.count for a in plan.advice if a.call.auth is None and a.endpoint is not None)
        if auth is None and unknown:
            click.echo(f"xreg: the evidence does not show the auth of {unknown:,} requests; "
                       "pass --auth (e.g. --auth pat-legacy) to check them for blockers", err=True)
    return plan


def _tty() -> bool:
    return sys.stderr.isatty() and not os.environ.get("NO_COLOR")


class _Progress:
    """A one-line counter on stderr while the inputs stream (only on a terminal)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled, self.count, self._last = enabled, 0, 0.0

    def wrap(self, items: Iterator[Any]) -> Iterator[Any]:
        for item in items:
            self.count += 1
            if self.enabled and self.count % 5000 == 0:
                now = time.monotonic()
                if now - self._last > 0.2:
                    self._last = now
                    sys.stderr.write(f"\rreading… {self.count:,} items")
                    sys.stderr.flush()
            yield item

    def done(self) -> None:
        if self.enabled and self.count >= 5000:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
