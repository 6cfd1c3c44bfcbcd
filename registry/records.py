"""Plain twins of the dataset's pydantic models, for a dataset read back from the cache.

The loader validates YAML into the models of ``registry.models`` (pydantic). A validated dataset needs no
validation when it is read again, and importing pydantic's model machinery costs ~100 ms of every
cold start, so the cache (``registry.loading.cache``) stores each model instance as an instance of the
class of the same name here: the same fields as attributes, the same ``location``, ``target`` and
``covers``, equality by class name and fields, and ``model_copy``/``model_dump`` as pydantic has them
(without validation). Code that reads a ``Registry`` sees no difference; code that needs the rest of
pydantic (``model_json_schema``, validation) uses ``registry.models``.

The behaviour both kinds share lives here (``location_of``, ``target_of``, ``covers``) so that it is
written once.
"""
from __future__ import annotations

from typing import Any


def location_of(file: str | None, line: int | None) -> str:
    """``file:line`` a record was read from (``""`` for records built in code)."""
    if file is None:
        return ""
    return f"{file}:{line}" if line else file


def target_of(method: str, path: str | None, action: str | None) -> str:
    """``METHOD /path`` or the action name, as a person would write the call."""
    if action is not None:
        return action
    return f"{method} {path}"


def handler_of(ep: Any, prefix: str = "Api") -> str:
    """The PHP method that serves a Standard API endpoint: its ``handler``, else the prefix and its action name."""
    return ep.handler or prefix + (ep.action or "")


def covers(path: str, match: str, template: str) -> bool:
    """Whether a documented path pattern (``path``, ``exact`` or ``prefix``) covers a route template."""
    if match == "exact":
        return template == path
    return template == path or template.startswith(path.rstrip("/") + "/")


class Record:
    """A validated record: its fields as attributes; ``_file`` and ``_line`` say where it was read."""

    _file: str | None = None
    _line: int | None = None

    @property
    def location(self) -> str:
        return location_of(self._file, self._line)

    def __eq__(self, other: object) -> bool:
        if type(other).__name__ != type(self).__name__:
            return NotImplemented
        return _fields(self) == _fields(other)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the models

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Record:
        """A copy with ``update`` applied, as pydantic's ``model_copy`` (no validation either)."""
        import copy

        other = copy.deepcopy(self) if deep else copy.copy(self)
        other.__dict__.update(update or {})
        return other

    def model_dump(self) -> dict[str, Any]:
        """The fields as plain data (nested records as dicts), as pydantic's ``model_dump``."""
        return {k: _dump(v) for k, v in self.__dict__.items() if not k.startswith("_")}

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in _fields(self).items())
        return f"{type(self).__name__}({fields})"


def _dump(value: Any) -> Any:
    if isinstance(value, Record):
        return value.model_dump()
    if isinstance(value, list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


def _fields(record: Any) -> dict[str, Any]:
    data = getattr(record, "__dict__", {})
    private = getattr(record, "__pydantic_private__", None) or {}
    return {k: v for k, v in data.items() if not k.startswith("_")} | {"_file": private.get("_file", data.get("_file")),
                                                                      "_line": private.get("_line", data.get("_line"))}


class Evidence(Record):
    """Twin of ``registry.models.Evidence``."""


class Statement(Record):
    """Twin of ``registry.models.Statement``."""


class Event(Record):
    """Twin of ``registry.models.Event``."""


class WrapperDispatch(Record):
    """Twin of ``registry.models.WrapperDispatch``."""


class RegisteredDispatch(Record):
    """Twin of ``registry.models.RegisteredDispatch``."""


class Dispatch(Record):
    """Twin of ``registry.models.Dispatch``."""


class Api(Record):
    """Twin of ``registry.models.Api``."""


class AuthMethod(Record):
    """Twin of ``registry.models.AuthMethod``."""


class Endpoint(Record):
    """Twin of ``registry.models.Endpoint``."""

    @property
    def target(self) -> str:
        return target_of(self.method, self.path, self.action)  # type: ignore[attr-defined]


class EndpointFile(Record):
    """Twin of ``registry.models.EndpointFile``."""


class PathPattern(Record):
    """Twin of ``registry.models.PathPattern``."""

    def covers(self, template: str) -> bool:
        return covers(self.path, self.match, template)  # type: ignore[attr-defined]


class DocumentedList(Record):
    """Twin of ``registry.models.DocumentedList``."""


class Default(Record):
    """Twin of ``registry.models.Default``."""


class SupportFile(Record):
    """Twin of ``registry.models.SupportFile``."""


class ParamTargets(Record):
    """Twin of ``registry.models.ParamTargets``."""


class Migration(Record):
    """Twin of ``registry.models.Migration``."""


class MigrationFile(Record):
    """Twin of ``registry.models.MigrationFile``."""


class ApisFile(Record):
    """Twin of ``registry.models.ApisFile``."""


class AuthFile(Record):
    """Twin of ``registry.models.AuthFile``."""


class DatasetInfo(Record):
    """Twin of ``registry.models.DatasetInfo``."""


class Marker(Record):
    """Twin of ``registry.models.Marker``."""


class Page(Record):
    """Twin of ``registry.models.Page``."""


class ProbeApi(Record):
    """Twin of ``registry.models.ProbeApi``."""


class ReadActions(Record):
    """Twin of ``registry.models.ReadActions``."""


class ProbeFile(Record):
    """Twin of ``registry.models.ProbeFile``."""


class Sighting(Record):
    """Twin of ``registry.models.Sighting``."""


class ObservationsFile(Record):
    """Twin of ``registry.models.ObservationsFile``."""


def new_record(cls: type[Record]) -> Record:
    """An empty twin; unpickling then fills its attributes."""
    return cls.__new__(cls)


def twin_state(model: Any) -> tuple[type[Record], dict[str, Any]] | None:
    """The twin class and attribute state for a pydantic model instance of ``registry.models``, else None."""
    cls = type(model)
    if cls.__module__ != "registry.models":
        return None
    twin = globals().get(cls.__name__)
    if not (isinstance(twin, type) and issubclass(twin, Record)):
        return None
    state = dict(model.__dict__)
    private = model.__pydantic_private__ or {}
    if private.get("_file") is not None:
        state["_file"] = private["_file"]
    if private.get("_line") is not None:
        state["_line"] = private["_line"]
    return twin, state
