"""The dataset's records as pydantic models: pure data, no I/O.

One YAML file of ``data/`` validates into one of the ``*File`` models below; the loader
(``registry.loading``) then resolves support statements so that every endpoint has exactly one
``Statement`` per auth method::

    Endpoint(id="rest.shopimport.post-syncstorage-articlenumber", api="rest", method="POST",
             path="/shopimport/syncstorage/{articlenumber:.+}", permission="communicate_with_shop")
    registry.support("rest.shopimport.post-syncstorage-articlenumber", "pat-legacy").support == "no"
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator

from registry.records import covers, location_of, target_of

SupportValue = Literal["yes", "no", "partial", "unknown"]
Basis = Literal["documented", "observed", "inferred"]
Fit = Literal["exact", "partial", "none"]
HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
Maturity = Literal["stable", "beta", "early-access", "alpha"]
EndpointStatus = Literal["active", "inactive", "removed"]
ApiStatus = Literal["current", "deprecated", "removed"]
AuthStatus = Literal["recommended", "supported", "legacy", "unsupported"]

#: A source is a URL, or a repository reference such as ``OpenXE-org/OpenXE:www/pages/api.php``.
Source = Annotated[str, StringConstraints(min_length=8, pattern=r"^(https?://\S+|[\w.-]+/[\w.-]+:\S+)$")]
Version = Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+)*$")]
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
EndpointId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*(\.[A-Za-z0-9][A-Za-z0-9_.-]*)+$")]


class Record(BaseModel):
    """Base of every dataset record: unknown keys are errors, and the YAML line is kept."""

    model_config = ConfigDict(extra="forbid", frozen=False, defer_build=True)
    _line: int | None = PrivateAttr(default=None)
    _file: str | None = PrivateAttr(default=None)

    @property
    def location(self) -> str:
        """``file:line`` the record was read from (empty for records built in code)."""
        return location_of(self._file, self._line)


class Evidence(Record):
    """The words, or the place, in one source that a statement rests on: what a reader checks it against.

    A ``quote`` (the source's exact words), a ``pointer`` (RFC 6901, into a JSON spec) or a ``line`` (of a
    table or code file) says where; ``stored`` names where under ``../shared`` the words can be found (the
    seed article, a reference spec or table, or the research notes ``reference/XENTRAL-FACTS.md`` that quote
    the source verbatim), and the tests find them there. Without a stored copy, ``read`` is the date the
    words were read at the source::

        source: https://help.xentral.com/hc/de/articles/6575192352796-Personal-Access-Token-erstellen-Legacy
        quote: Diese Liste erhebt keinen Anspruch auf Vollständigkeit.
        stored: seed/pat-legacy-api.de.md
    """

    source: Source
    quote: str | None = None
    pointer: str | None = Field(default=None, pattern=r"^(/[^/]*)+$", description="RFC 6901 JSON pointer into a stored spec.")
    line: int | None = Field(default=None, ge=1, description="Line of the stored copy, or of the code file the source links.")
    stored: str | None = Field(default=None, pattern=r"^(seed|reference)/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$",
                               description="Path below ../shared where the words can be found.")
    read: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD the words were read.")

    @model_validator(mode="after")
    def _checkable(self) -> Evidence:
        if self.quote is None and self.pointer is None and self.line is None:
            raise ValueError("evidence needs a quote, a pointer or a line")
        if self.stored is None and self.read is None:
            raise ValueError("evidence needs 'stored' (where under ../shared the words are) or 'read' (the date they were read)")
        if self.pointer is not None and self.stored is None:
            raise ValueError("a pointer needs 'stored' (the stored spec it points into)")
        return self


class Statement(Record):
    """Whether one auth method works on one endpoint, and how we know.

    ``notes`` is required for ``no`` and ``partial``; ``sources`` for ``basis: documented``, and
    ``evidence`` (the words or pointer per source) for a documented statement under ``--strict``.
    """

    support: SupportValue
    basis: Basis
    notes: str | None = None
    sources: list[Source] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    since: Version | None = None
    until: Version | None = None

    @model_validator(mode="after")
    def _explained(self) -> Statement:
        if self.support in ("no", "partial") and not (self.notes or "").strip():
            raise ValueError(f"support '{self.support}' needs notes (say why, and what the source says)")
        if self.basis == "documented" and not self.sources:
            raise ValueError("basis 'documented' needs at least one source (a URL)")
        return self


class Event(Record):
    """A dated fact in the history of an API or auth method."""

    version: str | None = None
    date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    text: str
    source: Source


class WrapperDispatch(Record):
    """How the REST wrapper ``/api/{name}`` turns a name into the PHP method it calls (OpenXE ``DefaultController``).

    ``mapping`` names are looked up first, in their exact letter case (a PHP array key); any other name
    calls ``method_prefix`` + the name, and PHP finds methods whatever their letter case
    (``method_names_case_sensitive: false``)::

        /api/AccountCreate  -> mapping          -> ApiAdresseAccountCreate
        /api/auftragcreate  -> "Api" + name     -> Apiauftragcreate = ApiAuftragCreate
        /api/ApiXMLTest     -> ApiApiXMLTest (no such method; /api/XMLTest calls ApiXMLTest)
    """

    method_prefix: str = "Api"
    mapping: dict[str, str] = Field(default_factory=dict, description="Name -> method, compared in the name's letter case.")
    method_names_case_sensitive: bool = False
    sources: list[Source] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class RegisteredDispatch(Record):
    """How ``index.php?module=api&action=`` finds the handler: the registered action list (OpenXE ``ActionHandlerList``)."""

    case_sensitive: bool = True
    sources: list[Source] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class Dispatch(Record):
    """Which names reach which handler, per URL form, for an API of action names (the Standard API)."""

    wrapper: WrapperDispatch = Field(default_factory=WrapperDispatch)
    registered: RegisteredDispatch = Field(default_factory=RegisteredDispatch)


class Api(Record):
    """One of Xentral's HTTP APIs (``xentral``, ``rest``, ``standard``)."""

    id: Identifier
    name: str
    status: ApiStatus
    summary: str
    path_forms: list[str] = Field(min_length=1)
    template_syntax: Literal["openapi", "fastroute", "action"]
    base_path: str = "/api"
    precedence: int = Field(description="Lower wins when requests match endpoints of several APIs.")
    deprecated_since: str | None = None
    docs: list[Source] = Field(default_factory=list)
    history: list[Event] = Field(default_factory=list)
    dispatch: Dispatch | None = Field(
        default=None,
        description="For template_syntax 'action': how action names reach handlers (defaults: OpenXE's rules, no mapping).",
    )


class AuthMethod(Record):
    """One way to authenticate (``pat``, ``pat-legacy``, ``digest``, ``hash``)."""

    id: Identifier
    name: str
    status: AuthStatus
    summary: str
    header: str | None = Field(default=None, description="What the request carries, e.g. 'Authorization: Bearer <token>'.")
    scoped: bool
    expiry: str
    lock: str
    permissions: str
    since: str | None = None
    until: str | None = None
    docs: list[Source] = Field(default_factory=list)
    history: list[Event] = Field(default_factory=list)


class Endpoint(Record):
    """One operation of one API: a method plus a path template, or a Standard API action."""

    id: EndpointId
    method: HttpMethod
    path: str | None = Field(default=None, description="Template in the API's own syntax (FastRoute for rest, OpenAPI for xentral).")
    action: str | None = Field(default=None, description="Standard API action name, verbatim.")
    handler: str | None = None
    resource: str
    version: str | None = None
    operation_id: str | None = None
    controller: str | None = None
    permission: str | None = Field(default=None, description="Legacy API-account permission key.")
    scopes: list[str] = Field(default_factory=list, description="Scopes of the new PAT module (x-scopes).")
    params: dict[str, str] = Field(
        default_factory=dict,
        description="Regex a path parameter must match, from the spec's schema (pattern, integer, uuid).",
    )
    query: list[str] | None = Field(
        default=None,
        description="Names of the query parameters the operation declares (in: query), imported from the spec; "
                    "[] declares none, absent means not known (not imported).",
    )
    maturity: Maturity = "stable"
    status: EndpointStatus = "active"
    removed_in: str | None = None
    spec: str | None = Field(
        default=None,
        description="Title of the OpenAPI spec the importer took this endpoint from; a newer import of that spec "
                    "that lacks the operation marks it removed.",
    )
    alias_of: str | None = Field(default=None, description="Standard API action this name dispatches to.")
    registered: bool = Field(
        default=True,
        description="Standard API: whether the action is in the registered list that index.php?module=api&action= "
                    "reads; false for a public handler method only the REST wrapper /api/{name} reaches.",
    )
    wrapper: str | None = Field(
        default=None,
        description="Standard API: the name to call through the REST wrapper (/api/{wrapper}); derived by the loader "
                    "from 'handler' and the API's dispatch rules, never written in the YAML.",
    )
    docs: Source | None = None
    notes: str | None = None
    sources: list[Source] = Field(default_factory=list)
    support: dict[Identifier, Statement] = Field(default_factory=dict, description="Endpoint-level exceptions to the defaults.")
    api: Identifier = ""  # filled from the file's api

    @model_validator(mode="after")
    def _path_or_action(self) -> Endpoint:
        if (self.path is None) == (self.action is None):
            raise ValueError("give exactly one of 'path' and 'action'")
        return self

    @property
    def target(self) -> str:
        """``METHOD /path`` or the action name, as a person would write the call."""
        return target_of(self.method, self.path, self.action)


class EndpointFile(Record):
    """A file under ``data/<api>/``: the endpoints of one resource group."""

    api: Identifier
    group: str
    source: Source | None = None
    spec: str | None = Field(default=None, description="Title and version of the spec this file was imported from.")
    endpoints: list[Endpoint]


class PathPattern(Record):
    """A path as a source writes it: an exact route template, or a prefix of routes."""

    path: str
    match: Literal["exact", "prefix"] = "exact"

    def covers(self, template: str) -> bool:
        """Whether this pattern covers a route template (``prefix``: the path or anything below it)."""
        return covers(self.path, self.match, template)


class DocumentedList(Record):
    """A list a source publishes (e.g. endpoints a legacy PAT cannot reach), kept as written."""

    id: Identifier
    title: str
    auth: Identifier
    apis: list[Identifier]
    paths: list[PathPattern]
    complete: bool = Field(description="Whether the source claims its list is complete.")
    statement: Statement
    applies_to: list[Identifier] = Field(
        default_factory=list,
        description="Other auth methods the advisor reads the list for when they are the migration's target "
                    "(inferred, see data/README.md); the support statements of those methods stay as they are.",
    )


class Default(Record):
    """The statement for every endpoint of one API under one auth method, unless an exception says otherwise."""

    api: Identifier
    auth: Identifier
    statement: Statement


class SupportFile(Record):
    """``data/support.yaml``: defaults per (API, auth method) and documented lists."""

    defaults: list[Default]
    lists: list[DocumentedList] = Field(default_factory=list)


class ParamTargets(Record):
    """A migration whose target depends on one parameter of the legacy call (``BelegeList``'s ``beleg``)::

        name: beleg
        source: OpenXE-org/OpenXE:www/pages/api.php
        values: {auftrag: [xentral.salesOrders.get-v3], rechnung: [xentral.invoices.get-v3]}
    """

    name: str = Field(description="The parameter the legacy code reads, verbatim.")
    source: Source = Field(description="Where the parameter's values come from (the legacy code that reads them).")
    values: dict[str, list[EndpointId]] = Field(
        min_length=1, description="Target(s) per value the legacy code accepts; [] where nothing current does the job.")
    other_values: dict[str, list[EndpointId]] = Field(
        default_factory=dict,
        description="Values integrations send that the legacy code does not accept (the call fails today), with "
                    "the current endpoint(s) that do what they name.")
    aliases: list[str] = Field(
        default_factory=list,
        description="Names integrations send instead of 'name' that the legacy code does not read; their value "
                    "is read as the intent, with a note that the call names none as sent.")
    notes: str | None = Field(default=None, description="What the legacy code does with a value it does not accept.")


class Migration(Record):
    """Where a legacy endpoint goes on the current API."""

    id: str
    legacy: list[EndpointId] = Field(min_length=1)
    targets: list[EndpointId] = Field(default_factory=list)
    fit: Fit
    reason: str
    sources: list[Source] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list, description="The words or pointers a reason's facts rest on.")
    by_param: ParamTargets | None = Field(
        default=None, description="Targets per value of one parameter of the legacy call (see ParamTargets).")

    @model_validator(mode="after")
    def _targets(self) -> Migration:
        if self.fit != "none" and not self.targets:
            raise ValueError(f"fit '{self.fit}' needs at least one target")
        return self


class MigrationFile(Record):
    """A file under ``data/migrations/``."""

    migrations: list[Migration]


class ApisFile(Record):
    """``data/apis.yaml``."""

    apis: list[Api]


class AuthFile(Record):
    """``data/auth.yaml``."""

    auth: list[AuthMethod]


class DatasetInfo(Record):
    """``data/dataset.yaml``: what the dataset is and what it was built from."""

    name: str
    version: str
    specs: list[dict[str, str]] = Field(default_factory=list)
    sources: dict[str, Source] = Field(default_factory=dict)


# -- xreg probe: how an answer is read, and what a probe saw (``data/probe.yaml``, observations files) --------
ProbeResult = Literal["yes", "no", "route-missing", "unknown"]


class Marker(Record):
    """What one kind of answer of one API means to ``xreg probe``: its status, and the body marker that decides.

    The first marker of an API whose conditions all hold classifies the answer. ``refuses`` says, for a
    ``no``, whether the auth method itself was refused (``auth``) or only this credential's rights
    (``rights``: an API account without the route's permission, a token without the scope); only the
    former says something about the auth method, so only it is set against the dataset's statements.
    """

    id: Identifier
    result: ProbeResult
    status: str = Field(pattern=r"^[1-5](\d\d|xx)$", description="HTTP status ('404') or class ('2xx').")
    error_code: list[int] = Field(default_factory=list, description="Legacy REST: the JSON answer's error.code is one of these.")
    message_code: list[int] = Field(default_factory=list, description="Standard API: the XML answer's messageCode is one of these.")
    kind: Literal["list", "item", "action"] | None = Field(default=None, description="Only for requests of this kind.")
    refuses: Literal["auth", "rights"] | None = None
    basis: Literal["documented", "inferred"]
    notes: str
    sources: list[Source] = Field(default_factory=list)

    @model_validator(mode="after")
    def _explained(self) -> Marker:
        if self.result == "no" and self.refuses is None:
            raise ValueError("result 'no' needs refuses (auth or rights)")
        if self.result != "no" and self.refuses is not None:
            raise ValueError("refuses is only for result 'no'")
        if self.basis == "documented" and not self.sources:
            raise ValueError("basis 'documented' needs at least one source (a URL)")
        return self


class Page(Record):
    """The smallest page of a list, for the list endpoints whose template starts with ``prefix``."""

    prefix: str
    query: dict[str, str]
    notes: str
    sources: list[Source] = Field(min_length=1)


class ProbeApi(Record):
    """How ``xreg probe`` asks one API: the smallest page of a list (first ``pages`` prefix that fits), and the
    markers that classify its answers, in order."""

    api: Identifier
    pages: list[Page] = Field(default_factory=list)
    markers: list[Marker] = Field(min_length=1)


class ReadActions(Record):
    """Standard API actions ``xreg probe`` may call: named ``…Get``/``…List`` and read in the source to have no side effects."""

    reason: str
    sources: list[Source] = Field(min_length=1)
    actions: list[str] = Field(min_length=1)


class ProbeFile(Record):
    """``data/probe.yaml``: what ``xreg probe`` may send and how it reads the answers."""

    apis: list[ProbeApi]
    read_actions: ReadActions


class Sighting(Record):
    """One answer ``xreg probe`` saw: one endpoint, one auth method, its class and the marker that decided."""

    endpoint: EndpointId
    auth: Identifier
    result: ProbeResult
    status: int | None = Field(default=None, ge=100, le=599, description="HTTP status; none for a timeout.")
    marker: Identifier
    request: str = Field(description="What was sent: 'GET /api/v1/adressen?items=1&page=1' (an id taken from a list shows as its placeholder).")


class ObservationsFile(Record):
    """An observations file, written by ``xreg probe``: what credentials reached on one instance, on one day."""

    format_version: Literal[1]
    label: Identifier = Field(description="The instance as its owner names it (acme-prod); the host only with --keep-host.")
    host: str | None = None
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    release: Version | None = Field(default=None, description="The instance's Xentral release, where known.")
    xreg: str
    dataset: str
    observations: list[Sighting]
