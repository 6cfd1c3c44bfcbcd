"""Options and output helpers shared by the ``xreg`` commands."""
from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable

import click

from registry.escaping import md_table, text_cell

data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Dataset directory (default: the shipped dataset).",
)
strict_option = click.option("--strict", is_flag=True, help="Treat data warnings as errors.")
observations_option = click.option(
    "--observations", "observations", multiple=True, metavar="FILE",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An observations file of 'xreg probe' (repeatable): an observed statement replaces an inferred or "
         "unknown one; one contradicting a documented statement is shown as a conflict.",
)


def format_option(choices: tuple[str, ...] = ("table", "json", "md"), default: str = "table") -> Callable[[Any], Any]:
    return click.option(
        "--format", "fmt", type=click.Choice(choices, case_sensitive=False), default=default, show_default=True,
        help="Output format.",
    )


#: The request methods ``xreg check`` takes (any letter case); anything else is a usage error (exit 2).
HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


def http_method(value: str) -> str:
    """``value`` as an upper-case HTTP method (``get`` is ``GET``); anything else exits 2 listing the methods."""
    if value.upper() in HTTP_METHODS:
        return value.upper()
    import difflib

    near = difflib.get_close_matches(value.upper(), HTTP_METHODS, n=1, cutoff=0.6)
    hint = f" Did you mean '{near[0]}'?" if near else ""
    raise click.BadParameter(f"'{value}' is not an HTTP method (expected one of: {', '.join(HTTP_METHODS)}).{hint}",
                             param_hint="'METHOD'")


def choose(value: str, valid: Iterable[str], option: str, what: str) -> str:
    """``value`` as the one of ``valid`` it names, letter case aside (``--api REST`` is ``rest``).

    Anything else is a usage error (``click.BadParameter``, exit 2) that lists the valid values and names
    the nearest::

        Error: Invalid value for '--api': unknown API 'rst' (expected one of: xentral, rest, standard). Did you mean 'rest'?
    """
    valid = list(valid)
    if value in valid:
        return value
    folded = [v for v in valid if v.lower() == value.lower()]
    if len(folded) == 1:
        return folded[0]
    import difflib

    near = difflib.get_close_matches(value, valid, n=1, cutoff=0.6) or difflib.get_close_matches(
        value.lower(), [v.lower() for v in valid], n=1, cutoff=0.6)
    if near and near[0] not in valid:
        near = [next(v for v in valid if v.lower() == near[0])]
    expected = f" (expected one of: {', '.join(valid)})"
    hint = f" Did you mean '{near[0]}'?" if near else ""
    raise click.BadParameter(f"unknown {what} '{value}'{expected}.{hint}", param_hint=f"'{option}'")


def choose_endpoint(reg: Any, value: str, option: str) -> str:
    """An endpoint id as the dataset writes it (letter case aside); an unknown one exits 2 with the library's
    message, which names the nearest ids."""
    if value in reg.endpoints:
        return value
    folded = [e for e in reg.endpoints if e.lower() == value.lower()]
    if len(folded) == 1:
        return folded[0]
    from registry.errors import UsageError

    try:
        reg.endpoint(value)
    except UsageError as exc:
        raise click.BadParameter(str(exc), param_hint=f"'{option}'") from None
    return value


def complete_from_dataset(kind: str) -> Callable[[click.Context, click.Parameter, str], list[Any]]:
    """A shell-completion callback offering the dataset's auth ids, API ids or endpoint ids (``kind``:
    'auth', 'api', 'endpoint'); the dataset is the one ``--data`` names when given before the word."""
    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        try:
            reg = load(ctx.params.get("data_dir"))
        except Exception:  # noqa: BLE001 - a broken dataset offers nothing rather than a traceback in the shell
            return []
        if kind == "auth":
            items = [(a, m.name) for a, m in reg.auth.items()]
        elif kind == "api":
            items = [(a, api.name) for a, api in reg.apis.items()]
        else:
            items = [(e, None) for e in reg.endpoints]
        return [CompletionItem(v, help=h) for v, h in items if v.startswith(incomplete)]
    return complete


output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Write the result to FILE (atomically) instead of stdout.",
)


def load(data_dir: Path | None, strict: bool = False, observations: tuple[Path, ...] = ()) -> Any:
    """The dataset, with the observations files (``--observations``) set against its statements."""
    import registry

    reg = registry.load(data_dir, strict=strict)
    if observations:
        from registry.probe.observations import observed_registry, read_observations

        reg = observed_registry(reg, read_observations(observations, reg))
    return reg


def emit(text: str, output: Path | None = None) -> None:
    """Write the result to stdout, or atomically to ``output``.

    A write to stdout that fails (``> /dev/full``, a size limit) ends the command with one message and
    exit 1; a closed pipe (``| head``) is passed on as ``BrokenPipeError``, which the ``xreg`` group
    ends quietly.
    """
    if not text.endswith("\n"):
        text += "\n"
    if output is None:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise click.ClickException(stdout_unwritable(exc)) from None
        return
    try:
        write_atomic(output, text)
    except OSError as exc:  # a full disk or a size limit is not a bug: one message, exit 1, FILE unchanged
        raise click.ClickException(f"{output}: cannot write: {exc.strerror or exc}. The previous file, if any, is unchanged.") from None


def stdout_unwritable(exc: OSError) -> str:
    """The one message for a stdout that refused a write; stdout is pointed at /dev/null first, so that
    Python's last flush at exit cannot fail a second time and print "Exception ignored"."""
    _drop_stdout()
    return f"stdout: cannot write: {exc.strerror or exc}."


def _drop_stdout() -> None:
    """Point stdout at /dev/null (the text still buffered is dropped with it)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file descriptor (a test runner's buffer)
        pass


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename, so readers never see half a file."""
    path = Path(path)
    try:
        mode: int | None = os.stat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        # /dev/null, /dev/stdout, a FIFO: write through them. A rename would replace the device node
        # itself (as root, `-o /dev/null` turned /dev/null into a regular file; found by tests/test_nothing_lost.py).
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an output file gets the usual mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def dump_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False)


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain text table with a header rule; cells never wrap, control characters print as escapes
    (``registry.escaping.text_cell``)."""
    headers = [text_cell(h) for h in headers]
    rows = [[text_cell(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    """A GitHub-flavoured Markdown table, every cell escaped by ``registry.escaping.md_table`` (an ``MdSafe``
    cell, such as ``md_code(...)``, is kept as it is)."""
    return md_table(headers, rows)
