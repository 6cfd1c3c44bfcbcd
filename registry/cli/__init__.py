"""The ``xreg`` command line: a click group whose commands are imported only when run.

Each command lives in a module of this package and calls one library function; errors that the
library raises on purpose (``RegistryError``) print as one message and exit 1, anything else is a
bug and keeps its traceback. Exit codes: 0 done, 1 could not be done, 2 usage, 3 ``--fail-on`` reached.
"""
from __future__ import annotations

import errno
import importlib
import sys
from typing import Any

import click

# command name -> "module:function"; kept here so `xreg --help` needs no command module.
COMMANDS: dict[str, str] = {
    "validate": "registry.cli.data:validate",
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

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Click's main, with a stdout that cannot take help or version text (``--help > /dev/full``) ended
        by one message and exit 1, as ``emit`` ends a command's own output."""
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
            click.echo(f"xreg: {exc}", err=True)
            sys.exit(1)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(1)


_WRITE_ERRORS = {errno.ENOSPC, errno.EFBIG, errno.EIO, errno.EDQUOT}  # a full disk or device, a size limit


@click.group(cls=LazyGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="xentral-api-registry", prog_name="xreg")
def main() -> None:
    """Which Xentral endpoints work with which API and auth method, and how to migrate.

    \b
    Example:
      xreg endpoints --api rest --auth pat-legacy --support no
    """


if __name__ == "__main__":  # pragma: no cover
    main()
