"""Read YAML and keep the line of every mapping, list and key.

Mappings come back as ``LocDict`` and sequences as ``LocList``, plain ``dict``/``list`` subclasses
that also know their own line and the line of each key or item, so a validation error at
``endpoints[3].method`` can be reported at the line where that key is written::

    doc = load_yaml(text, "data/rest/adressen.yaml")
    doc["endpoints"][3].line_of("method")   # -> 42

Uses libyaml's parser when PyYAML was built with it (several times faster).

A dataset may come from anyone (a fork, a pull request), so reading it can neither reach outside its
folder nor blow up: ``dataset_files`` lists only regular ``*.yaml`` files inside the folder (a symbolic
link, a FIFO or a device is a problem, never read), ``read_dataset_file`` opens without following a link
and refuses files over ``MAX_FILE_BYTES``, and ``load_yaml`` refuses aliases that would expand to more
than ``MAX_ALIAS_NODES`` nodes (a "billion laughs" file is a few hundred bytes).
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

from registry.errors import Problem, SourceLocation

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: The largest dataset file read (the biggest shipped file is about 30 KB).
MAX_FILE_BYTES = 8 * 1024 * 1024
#: How many nodes all aliases of one file may stand for together (``*name`` repeats the node ``&name``
#: marks; the shipped dataset uses one alias of a 6-node statement). An alias of an alias counts in full.
MAX_ALIAS_NODES = 10_000


class LocDict(dict):
    """A mapping that remembers its line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LocList(list):
    """A sequence that remembers its line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: Any) -> int:
        if isinstance(index, int) and 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


class _Loader(_Base):  # type: ignore[misc, valid-type]
    pass


def _mapping(loader: Any, node: yaml.MappingNode) -> LocDict:
    result = LocDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (dict, list)):  # `{[a]: b}` is YAML but not a key Python can hash (found by tests/fuzz)
            raise yaml.constructor.ConstructorError(
                None, None, "found unhashable key (a list or mapping used as a key)", key_node.start_mark
            )
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: Any, node: yaml.SequenceNode) -> LocList:
    result = LocList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _string(loader: Any, node: yaml.ScalarNode) -> str:
    # Versions such as 23.0 or 22.1 must stay strings: timestamps and floats are left to the models.
    return str(loader.construct_scalar(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _string)
_Loader.add_constructor("tag:yaml.org,2002:float", _string)


class YamlSyntaxError(Exception):
    """The text is not YAML; ``problem`` says where."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def load_yaml(text: str, path: str) -> Any:
    """Parse ``text`` (read from ``path``) into ``LocDict``/``LocList``/scalars.

    Raises ``YamlSyntaxError`` with the line of the first syntax error, or of the alias that takes the
    aliases of the file past ``MAX_ALIAS_NODES`` nodes.
    """
    try:
        if "*" in text and "&" in text:  # no anchor, no alias: most files need no check
            _check_aliases(text, path)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(
            Problem(SourceLocation(path, line), "", f"invalid YAML: {what}.", "Fix the syntax and run 'xreg validate' again.")
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (ESC, NUL, ...)
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        what = f"character U+{exc.character:04X} is not allowed" if isinstance(exc.character, int) else "unreadable text"
        raise YamlSyntaxError(Problem(SourceLocation(path, line), "", f"invalid YAML: {what}.",
                                      "Write it as an escape in a double-quoted string, or remove it.")) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(Problem(SourceLocation(path), "", f"invalid YAML: {str(exc).rstrip('.')}.")) from None


def _check_aliases(text: str, path: str) -> None:
    """Count the nodes every alias stands for (an alias of an alias in full), in one pass over the events,
    and stop at the alias that passes ``MAX_ALIAS_NODES``: a chain of aliases ("billion laughs") would
    otherwise make a small file into billions of nodes for the checks and messages that walk it."""
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = [[None, 0]]  # [anchor of the open collection, nodes inside it so far]
    expanded = 0
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent):
            anchor = event.anchor
            if anchor is not None and any(open_anchor == anchor for open_anchor, _ in stack):
                _refuse_alias(path, event, f"alias '*{anchor}' inside the node it names (a cycle)")
            size = sizes.get(anchor or "", 1)
            expanded += size
            stack[-1][1] += size
            if expanded > MAX_ALIAS_NODES:
                _refuse_alias(path, event, f"alias '*{anchor}' takes the file's aliases past {MAX_ALIAS_NODES:,} nodes")
        elif isinstance(event, yaml.ScalarEvent):
            stack[-1][1] += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            stack.append([event.anchor, 0])
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)) and len(stack) > 1:
            anchor, inside = stack.pop()
            if anchor is not None:
                sizes[anchor] = inside + 1
            stack[-1][1] += inside + 1


def _refuse_alias(path: str, event: Any, what: str) -> None:
    raise YamlSyntaxError(Problem(SourceLocation(path, event.start_mark.line + 1), "", f"{what}.",
                                  "Write the values out; dataset files need few aliases, if any."))


def dataset_files(root: Path) -> tuple[list[Path], list[Problem]]:
    """Every ``*.yaml`` file below ``root`` that may be read, sorted, and a problem for each one that may not.

    A dataset file is a regular file inside the folder: a symbolic link (to a file or a folder, inside or
    outside), a FIFO, a device or a socket named ``*.yaml`` is a problem and is never opened, and the walk
    does not enter a linked folder. ``root`` itself may be a link (``--data`` names it on purpose).
    """
    files: list[Path] = []
    problems: list[Problem] = []
    pending = [Path(root)]
    while pending:
        folder = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(SourceLocation(_shown(folder)), "", f"cannot list folder: {exc.strerror or exc}."))
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink():
                if entry.name.endswith(".yaml") or _is_dir(path):
                    problems.append(Problem(SourceLocation(_shown(path)), "",
                                            "not read: a symbolic link (dataset files must be regular files inside the "
                                            "dataset folder).", "Copy the file into the folder instead of linking it."))
            elif entry.is_dir(follow_symlinks=False):
                pending.append(path)
            elif entry.name.endswith(".yaml"):
                if entry.is_file(follow_symlinks=False):
                    files.append(path)
                else:
                    problems.append(Problem(SourceLocation(_shown(path)), "",
                                            "not read: not a regular file (a FIFO, device or socket).",
                                            "Dataset files must be regular files."))
    return sorted(files), problems


def _shown(path: Path) -> str:
    """``path`` as messages show it, the last part not resolved (a link is named, not what it points to)."""
    from registry.errors import display_path

    return f"{display_path(path.parent)}/{path.name}"


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def read_dataset_file(path: Path) -> bytes:
    """The bytes of a dataset file, opened without following a symbolic link or waiting on a FIFO.

    Raises ``OSError`` for a link, a file that is not regular, or one over ``MAX_FILE_BYTES``.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError("not a regular file (a FIFO, device or socket)")
        if info.st_size > MAX_FILE_BYTES:
            raise OSError(f"{info.st_size:,} bytes, more than the {MAX_FILE_BYTES // (1024 * 1024)} MiB a dataset file may hold")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise OSError(f"more than the {MAX_FILE_BYTES // (1024 * 1024)} MiB a dataset file may hold")
        return data
    finally:
        os.close(fd)


def line_at(doc: Any, loc: tuple[Any, ...]) -> int | None:
    """The line of the deepest node on the path ``loc`` (a pydantic error location)."""
    line: int | None = getattr(doc, "line", None)
    node = doc
    for key in loc:
        if isinstance(node, (LocDict, LocList)):
            line = node.line_of(key)
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                break
        else:
            break
    return line
