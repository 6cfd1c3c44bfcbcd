"""The records of a loaded dataset: one plain class per kind of record, whether validated now or read from the cache.

``registry.load()`` always gives these types (``registry.records.Endpoint``, ``Statement``, ``Api``, …),
built in one of two ways:

- **validated**: the loader validates the YAML with the pydantic models of ``registry.models`` (the
  schema: field types, closed sets, patterns, ``xreg schema``) and turns each model into the record of the
  same name with ``from_validated``;
- **trusted**: the cache (``registry.loading.cache``) rebuilds the records of a dataset it validated
  before straight from its own data-only file, without importing pydantic (~100 ms of a cold start).

A record has the model's fields as typed attributes, ``location`` (``file:line``), the model's own
behaviour (``Endpoint.target``, ``PathPattern.covers``), equality by class and fields, and
``model_copy``/``model_dump`` as pydantic has them (without validation)::

    ep = registry.load().endpoint("rest.adressen.get-v1")
    type(ep)                      # <class 'registry.records.Endpoint'>, cached or not
    ep.target, ep.location        # ('GET /v1/adressen', 'data/rest/adressen.yaml:14')

Every model of ``registry.models`` has its record here with the same field names (a test keeps the two in
step: a field added to a model is added here too). The behaviour both share lives here
(``location_of``, ``target_of``, ``covers``) so that it is written once.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from registry.models import (
        ApiStatus,
        AuthStatus,
        Basis,
        EndpointStatus,
        Fit,
        HttpMethod,
        Maturity,
        ProbeResult,
        SupportValue,
    )


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

    source: str
    quote: str | None
    pointer: str | None
    line: int | None
    stored: str | None
    read: str | None


class Statement(Record):
    """Twin of ``registry.models.Statement``."""

    support: SupportValue
    basis: Basis
    notes: str | None
    sources: list[str]
    evidence: list[Evidence]
    since: str | None
    until: str | None


class Event(Record):
    """Twin of ``registry.models.Event``."""

    version: str | None
    date: str | None
    text: str
    source: str


class WrapperDispatch(Record):
    """Twin of ``registry.models.WrapperDispatch``."""

    method_prefix: str
    mapping: dict[str, str]
    method_names_case_sensitive: bool
    sources: list[str]
    evidence: list[Evidence]


class RegisteredDispatch(Record):
    """Twin of ``registry.models.RegisteredDispatch``."""

    case_sensitive: bool
    sources: list[str]
    evidence: list[Evidence]


class Dispatch(Record):
    """Twin of ``registry.models.Dispatch``."""

    wrapper: WrapperDispatch
    registered: RegisteredDispatch


class Api(Record):
    """Twin of ``registry.models.Api``."""

    id: str
    name: str
    status: ApiStatus
    summary: str
    path_forms: list[str]
    template_syntax: Literal["openapi", "fastroute", "action"]
    base_path: str
    precedence: int
    deprecated_since: str | None
    docs: list[str]
    history: list[Event]
    dispatch: Dispatch | None


class AuthMethod(Record):
    """Twin of ``registry.models.AuthMethod``."""

    id: str
    name: str
    status: AuthStatus
    summary: str
    header: str | None
    scoped: bool
    expiry: str
    lock: str
    permissions: str
    since: str | None
    until: str | None
    docs: list[str]
    history: list[Event]


class Endpoint(Record):
    """Twin of ``registry.models.Endpoint``."""

    id: str
    method: HttpMethod
    path: str | None
    action: str | None
    handler: str | None
    resource: str
    version: str | None
    operation_id: str | None
    controller: str | None
    permission: str | None
    scopes: list[str]
    params: dict[str, str]
    query: list[str] | None
    maturity: Maturity
    status: EndpointStatus
    removed_in: str | None
    spec: str | None
    alias_of: str | None
    registered: bool
    wrapper: str | None
    docs: str | None
    notes: str | None
    sources: list[str]
    support: dict[str, Statement]
    api: str

    @property
    def target(self) -> str:
        return target_of(self.method, self.path, self.action)


class EndpointFile(Record):
    """Twin of ``registry.models.EndpointFile``."""

    api: str
    group: str
    source: str | None
    spec: str | None
    endpoints: list[Endpoint]


class PathPattern(Record):
    """Twin of ``registry.models.PathPattern``."""

    path: str
    match: Literal["exact", "prefix"]

    def covers(self, template: str) -> bool:
        return covers(self.path, self.match, template)


class DocumentedList(Record):
    """Twin of ``registry.models.DocumentedList``."""

    id: str
    title: str
    auth: str
    apis: list[str]
    paths: list[PathPattern]
    complete: bool
    statement: Statement
    applies_to: list[str]


class Default(Record):
    """Twin of ``registry.models.Default``."""

    api: str
    auth: str
    statement: Statement


class SupportFile(Record):
    """Twin of ``registry.models.SupportFile``."""

    defaults: list[Default]
    lists: list[DocumentedList]


class ParamTargets(Record):
    """Twin of ``registry.models.ParamTargets``."""

    name: str
    source: str
    values: dict[str, list[str]]
    other_values: dict[str, list[str]]
    aliases: list[str]
    notes: str | None


class Migration(Record):
    """Twin of ``registry.models.Migration``."""

    id: str
    legacy: list[str]
    targets: list[str]
    fit: Fit
    reason: str
    sources: list[str]
    evidence: list[Evidence]
    by_param: ParamTargets | None


class MigrationFile(Record):
    """Twin of ``registry.models.MigrationFile``."""

    migrations: list[Migration]


class ApisFile(Record):
    """Twin of ``registry.models.ApisFile``."""

    apis: list[Api]


class AuthFile(Record):
    """Twin of ``registry.models.AuthFile``."""

    auth: list[AuthMethod]


class DatasetInfo(Record):
    """Twin of ``registry.models.DatasetInfo``."""

    name: str
    version: str
    specs: list[dict[str, str]]
    sources: dict[str, str]


class Marker(Record):
    """Twin of ``registry.models.Marker``."""

    id: str
    result: ProbeResult
    status: str
    error_code: list[int]
    message_code: list[int]
    kind: Literal["list", "item", "action"] | None
    refuses: Literal["auth", "rights"] | None
    basis: Literal["documented", "inferred"]
    notes: str
    sources: list[str]


class Page(Record):
    """Twin of ``registry.models.Page``."""

    prefix: str
    query: dict[str, str]
    notes: str
    sources: list[str]


class ProbeApi(Record):
    """Twin of ``registry.models.ProbeApi``."""

    api: str
    pages: list[Page]
    markers: list[Marker]


class ReadActions(Record):
    """Twin of ``registry.models.ReadActions``."""

    reason: str
    sources: list[str]
    actions: list[str]


class ProbeFile(Record):
    """Twin of ``registry.models.ProbeFile``."""

    apis: list[ProbeApi]
    read_actions: ReadActions


class Sighting(Record):
    """Twin of ``registry.models.Sighting``."""

    endpoint: str
    auth: str
    result: ProbeResult
    status: int | None
    marker: str
    request: str


class ObservationsFile(Record):
    """Twin of ``registry.models.ObservationsFile``."""

    format_version: Literal[1]
    label: str
    host: str | None
    date: str
    release: str | None
    xreg: str
    dataset: str
    observations: list[Sighting]


def trusted(cls: type[Record], fields: dict[str, Any]) -> Record:
    """A record built from fields known to be valid (read back from the cache): no check, no copy."""
    record = cls.__new__(cls)
    record.__dict__.update(fields)
    return record


def record_class(name: str) -> type[Record] | None:
    """The record class of this name (``Endpoint``), or None: the only classes the cache may build."""
    cls = globals().get(name)
    return cls if isinstance(cls, type) and issubclass(cls, Record) and cls is not Record else None


def from_validated(value: Any, memo: dict[int, Any] | None = None) -> Any:
    """``value`` with every pydantic model of ``registry.models`` inside it (in lists, dicts, tuples and the
    dataclasses of ``registry.dataset``) turned into the record of the same name; an object shared by
    several places stays one shared record. Raises ``TypeError`` for a model that has no record here."""
    memo = {} if memo is None else memo
    key = id(value)
    if key in memo:
        return memo[key]
    cls = type(value)
    if cls.__module__ == "registry.models":
        twin = record_class(cls.__name__)
        if twin is None:
            raise TypeError(f"registry.models.{cls.__name__} has no record class in registry.records")
        state = {k: from_validated(v, memo) for k, v in value.__dict__.items()}
        private = value.__pydantic_private__ or {}
        for name in ("_file", "_line"):
            if private.get(name) is not None:
                state[name] = private[name]
        result: Any = trusted(twin, state)
    elif cls is list:
        result = [from_validated(v, memo) for v in value]
    elif cls is dict:
        result = {k: from_validated(v, memo) for k, v in value.items()}
    elif cls is tuple:
        result = tuple(from_validated(v, memo) for v in value)
    elif hasattr(cls, "__dataclass_fields__") and cls.__module__ == "registry.dataset":
        import dataclasses

        result = dataclasses.replace(value, **{f.name: from_validated(getattr(value, f.name), memo)
                                               for f in dataclasses.fields(value) if f.init})
    else:
        return value
    memo[key] = result
    return result
