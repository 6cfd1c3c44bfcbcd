"""``xreg completion bash|zsh|fish``: the shell completion script, from click's own completion support.

The script asks ``xreg`` itself (``_XREG_COMPLETE=<shell>_complete``) for each word, so commands, options,
choices and file names complete, and so do the dataset's auth ids (``--auth``, ``--target``), API ids
(``--api``) and endpoint ids (``xreg show``, ``--endpoint``), read from the dataset ``--data`` names.
"""
from __future__ import annotations

import click


@click.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"], case_sensitive=False))
def completion(shell: str) -> None:
    """Print the shell completion script for SHELL (bash, zsh or fish).

    Completes commands, options and their values: auth ids, API ids and endpoint ids from the dataset.

    \b
    Example:
      xreg completion bash > ~/.local/share/bash-completion/completions/xreg
      xreg completion zsh > "${fpath[1]}/_xreg"
      xreg completion fish > ~/.config/fish/completions/xreg.fish
    """
    from click.shell_completion import get_completion_class

    from registry.cli import main
    from registry.cli.common import emit

    cls = get_completion_class(shell)
    assert cls is not None  # every choice has a class in click
    emit(cls(main, {}, "xreg", "_XREG_COMPLETE").source())
