"""Read YAML and keep the line of every mapping, list and key.

Mappings come back as ``LocDict`` and sequences as ``LocList``, plain ``dict``/``list`` subclasses
that also know their own line and the line of each key or item, so a validation error at
``endpoints[3].method`` can be reported at the line where that key is written::

    doc = load_yaml(text, "data/rest/adressen.yaml")
    doc["endpoints"][3].line_of("method")   # -> 42

Uses libyaml's parser when PyYAML was built with it (several times faster).
"""
from __future__ import annotations

from typing import Any

import yaml

from registry.errors import Problem, SourceLocation

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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

    Raises ``YamlSyntaxError`` with the line of the first syntax error.
    """
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(
            Problem(SourceLocation(path, line), "", f"invalid YAML: {what}.", "Fix the syntax and run 'xreg validate' again.")
        ) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(Problem(SourceLocation(path), "", f"invalid YAML: {str(exc).rstrip('.')}.")) from None


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
