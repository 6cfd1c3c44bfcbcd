"""Write dataset files: deterministic YAML, and a set of files replaced all together or not at all.

``dump_yaml`` always gives the same text for the same data (keys in the given order, versions and
YAML 1.1 booleans double-quoted, the list of every ``scopes`` key and any ``Flow`` list in flow style),
so re-writing unchanged data changes no byte, whether the data was just built or read back from a file::

    dump_yaml({"id": "xentral.products.get-v1", "removed_in": "24.48.10", "scopes": ["product:read"]}) gives

    id: xentral.products.get-v1
    removed_in: "24.48.10"
    scopes: ['product:read']

``replace_files({path: text, ...})`` stages every file as a hidden temporary file beside its target,
then moves them into place; if anything fails before the last move, the files already moved are put
back, so the dataset holds either all new files or all old ones. What it cannot cover: the process being
killed (SIGKILL, power loss) in the middle of the moves, a window of one rename per changed file; the
hidden ``.*.tmp-*`` / ``.*.bak-*`` files left then do not end in ``.yaml`` and so are never loaded.
"""
from __future__ import annotations

import os
import re
import secrets
import shutil
from pathlib import Path
from typing import Any

import yaml

_VERSION_LIKE = re.compile(r"^\d+(\.\d+)*$")
# Words YAML 1.1 reads as booleans or null: quote them so they stay strings everywhere.
_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ""}


class Flow(list):  # type: ignore[type-arg]
    """A list written in flow style: ``[a, b]``."""


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _VERSION_LIKE.match(value) or value.lower() in _WORDS:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _flow(dumper: yaml.SafeDumper, value: Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


#: Keys whose list is always written in flow style. The style follows the key, not the Python type, so a
#: list read back from a file (a plain list) is written as it was read (re-importing one spec used to
#: rewrite every ``scopes:`` line of the other spec's endpoints in block style).
FLOW_KEYS = frozenset({"scopes", "query"})


def _dict(dumper: yaml.SafeDumper, value: dict[Any, Any]) -> yaml.MappingNode:
    items = [(k, Flow(v) if k in FLOW_KEYS and isinstance(v, list) else v) for k, v in value.items()]
    return dumper.represent_mapping("tag:yaml.org,2002:map", items)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(Flow, _flow)
_Dumper.add_representer(dict, _dict)


def dump_yaml(value: Any) -> str:
    """Deterministic block-style YAML for plain dicts, lists and scalars (keys keep their order)."""
    return yaml.dump(value, Dumper=_Dumper, sort_keys=False, default_flow_style=False, allow_unicode=True,
                     width=120, indent=2)


def plain(value: Any) -> Any:
    """A deep copy made of plain ``dict``/``list`` (the YAML reader's line-aware subclasses can't be dumped)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def replace_files(changes: dict[Path, str] | dict[Path, bytes]) -> None:
    """Replace every file in ``changes`` with its new text (UTF-8) or bytes, all or nothing (see the module
    docstring). ``xreg import-openapi`` writes the dataset with it, ``xreg site`` the pages."""
    tag = secrets.token_hex(4)
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in sorted(changes.items()):
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.tmp-{tag}")
            staged.append((path, tmp))  # before writing: a write that fails half-way is cleaned up too (tests/test_nothing_lost.py)
            with open(tmp, "wb") as fh:
                fh.write(text if isinstance(text, bytes) else text.encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:
        for _path, tmp in staged:
            tmp.unlink(missing_ok=True)
        raise
    done: list[tuple[Path, Path | None]] = []  # (target, backup of the old file or None if it was new)
    try:
        for path, tmp in staged:
            backup: Path | None = None
            if path.exists():
                backup = path.with_name(f".{path.name}.bak-{tag}")
                try:
                    os.link(path, backup)
                except OSError:  # a file system without hard links
                    shutil.copy2(path, backup)
            os.replace(tmp, path)
            done.append((path, backup))
    except BaseException:
        for path, backup in reversed(done):
            if backup is not None:
                os.rename(backup, path)  # rename, not replace: the failure may sit in os.replace itself
            else:
                path.unlink(missing_ok=True)
        for path, tmp in staged:
            tmp.unlink(missing_ok=True)
            path.with_name(f".{path.name}.bak-{tag}").unlink(missing_ok=True)
        raise
    for _path, backup in done:
        if backup is not None:
            backup.unlink(missing_ok=True)
    _fsync_dirs({path.parent for path in changes})


def _fsync_dirs(dirs: set[Path]) -> None:
    for d in sorted(dirs):
        try:
            fd = os.open(d, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)
