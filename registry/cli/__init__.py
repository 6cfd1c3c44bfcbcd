"""The ``xreg`` command line: a click group whose commands are imported only when run.

Each command lives in a module of this package and calls one library function; errors that the
library raises on purpose (``RegistryError``) print as one message and exit 1, anything else is a
bug and keeps its traceback. Exit codes: 0 done, 1 could not be done, 2 usage, 3 ``--fail-on`` reached.
"""
from __future__ import annotations

import errno
import importlib
import os
import sys
from typing import Any

import click

# command name -> "module:function"; kept here so `xreg --help` needs no command module.
COMMANDS: dict[str, str] = {
    "validate": "registry.cli.data:validate",
    "data": "registry.cli.data:data_group",
    "schema": "registry.cli.data:schema",
    "endpoints": "registry.cli.data:endpoints",
    "show": "registry.cli.data:show",
    "check": "registry.cli.check:check",
    "site": "registry.cli.site:site",
    "advise": "registry.cli.advise:advise",
    "scopes": "registry.cli.advise:scopes",
    "import-openapi": "registry.cli.openapi:import_openapi",
    "diff": "registry.cli.openapi:diff",
    "scope-index": "registry.cli.openapi:scope_index",
    "probe": "registry.cli.probe:probe",
    "completion": "registry.cli.completion:completion",
}

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        """Click's lookup, with the nearest command named for a typo (``xreg chekc`` -> ``check``)."""
        name = args[0] if args else ""
        if name and name not in COMMANDS and not name.startswith("-"):
            import difflib

            near = difflib.get_close_matches(name, COMMANDS, n=1, cutoff=0.6)
            ctx.fail(f"No such command '{name}'." + (f" Did you mean '{near[0]}'?" if near else
                                                      f" Commands: {', '.join(sorted(COMMANDS))}."))
        return super().resolve_command(ctx, args)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Click's main, with a stdout that cannot take help or version text (``--help > /dev/full``) ended
        by one message and exit 1, as ``emit`` ends a command's own output. A closed stdout (``xreg … >&-``,
        which Python shows as ``sys.stdout is None``) refuses every write the same way (EBADF)."""
        if sys.stdout is None:
            sys.stdout = _ClosedStdout()
        try:
            return super().main(*args, **kwargs)
        except OSError as exc:
            if isinstance(exc, BrokenPipeError) or exc.errno not in _WRITE_ERRORS:
                raise
            from registry.cli.common import stdout_unwritable

            click.ClickException(stdout_unwritable(exc)).show()
            sys.exit(1)

    def invoke(self, ctx: click.Context) -> Any:
        from registry.errors import RegistryError

        try:
            return super().invoke(ctx)
        except RegistryError as exc:
            from registry.escaping import escape_controls

            # a message may quote a spec, a dataset or an input: no control character reaches the terminal
            click.echo("xreg: " + "\n".join(escape_controls(line) for line in str(exc).split("\n")), err=True)
            sys.exit(1)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(1)


_WRITE_ERRORS = {errno.ENOSPC, errno.EFBIG, errno.EIO, errno.EDQUOT,  # a full disk or device, a size limit
                 errno.EBADF}  # a closed stdout


class _ClosedStdout:
    """Stands in for a stdout the shell closed: each write fails as a write to a closed descriptor does."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``xreg --version``: the package's version, and the shipped dataset's version with its spec releases."""
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import PackageNotFoundError, version

    try:
        own = version("xentral-api-registry")
    except PackageNotFoundError:  # pragma: no cover (a checkout that is not installed)
        from registry import __version__ as own
    click.echo(f"xreg, version {own}")
    click.echo(dataset_line())
    ctx.exit()


def dataset_line() -> str:
    """``dataset xentral-api-registry 2026.11.27; current API from Xentral API 24.48.10, …``: the shipped dataset."""
    import yaml

    from registry.loading import default_data_dir

    try:
        info = yaml.safe_load((default_data_dir() / "dataset.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        return f"dataset: cannot read its dataset.yaml ({exc.__class__.__name__})"
    specs = ", ".join(f"{s.get('title')} {s.get('release') or s.get('version')}" for s in info.get("specs") or []
                      if isinstance(s, dict))
    return f"dataset {info.get('name')} {info.get('version')}; current API from the specs of {specs or 'no release'}"


@click.group(cls=LazyGroup, context_settings=CONTEXT_SETTINGS)
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version, and the dataset's with the releases of its current-API specs, and exit.")
def main() -> None:
    """Which Xentral endpoints work with which API and auth method, and how to migrate.

    \b
    Example:
      xreg endpoints --api rest --auth pat-legacy --support no
    """


if __name__ == "__main__":  # pragma: no cover
    main()
