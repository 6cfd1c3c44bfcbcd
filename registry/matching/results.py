"""What the matcher answers: ``Match``, or ``Unmatched`` / ``MethodNotAllowed`` (both falsy), and their parts.

See ``registry.matching.matcher`` for how requests are resolved and what each ``form`` means.
"""
from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Callable, Literal

from registry.matching.urls import redact_url

if TYPE_CHECKING:
    from registry.models import Endpoint

#: Every value ``Match.form`` can take, with its meaning (see the module docstring).
FORMS: dict[str, str] = {
    "current": "/api/v1/… on the current API",
    "current-unversioned": "/api/<resource>/… without a version: deprecated, resolved to /api/v1/…",
    "rest-path": "/api/<route> on the legacy REST API (mod_rewrite)",
    "index-php-path": "/api/index.php/<route> (no mod_rewrite)",
    "path-query": "/api/index.php?path=<route> (failsafe)",
    "standard-wrapper": "/api/<Action>: Standard API action through the REST wrapper",
    "standard-hash": "index.php?module=api&action=<Action>&hash=…&api_id=…: hash authentication, unsupported since 22.1",
}

#: The form of a match through an entry point only the legacy APIs serve (``ParsedUrl.entry``).
LEGACY_ENTRY_FORMS = {"index-php": "index-php-path", "path-query": "path-query"}


class Match:
    """A request resolved to one endpoint.

    ``params`` are the placeholder values (percent-decoded); ``form`` says how the request reached the
    endpoint (see ``FORMS``); ``alternatives`` are the matches in other APIs, by precedence; ``notes``
    explain anything worth knowing (deprecated form, install prefix, HEAD fallback, inactive route).
    ``url`` is the request URL for display, secrets redacted. Answers are shared through the memo:
    treat them as read-only. (A plain class with slots: the matcher makes one per request, and a
    dataclass's generated ``__init__`` cost a third more. A request answered by its call shape gets a
    ``SlicedMatch``, which reads its values from the URL on first use.)
    """

    __slots__ = ("endpoint", "api", "params", "form", "alternatives", "notes", "method", "url", "route")

    def __init__(self, endpoint: Endpoint, api: str, params: dict[str, str], form: str,
                 alternatives: tuple[Match, ...] = (), notes: tuple[str, ...] = (), method: str = "",
                 url: str = "", route: str | None = None) -> None:
        self.endpoint = endpoint
        self.api = api
        self.params = params
        self.form = form
        self.alternatives = alternatives
        self.notes = notes
        self.method = method
        self.url = url
        self.route = route

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in Match.__slots__)
        return f"Match({fields})"

    @property
    def template(self) -> str:
        """The endpoint as written in its API (``/api/v1/products/{id}``, ``AuftragCreate``)."""
        return shown_template(self.endpoint)

    def to_dict(self) -> dict[str, Any]:
        """The match as JSON-ready data (``json.dumps(match.to_dict())``)::

            {"result": "match", "endpoint": "rest.adressen.get-v1-id", "api": "rest", "method": "GET",
             "template": "/api/v1/adressen/{id:\\d+}", "form": "rest-path", "params": {"id": "5"},
             "url": "/api/v1/adressen/5", "route": "/v1/adressen/5", "notes": [], "alternatives": []}
        """
        return {"result": "match", "endpoint": self.endpoint.id, "api": self.api, "method": self.method,
                "template": self.template, "form": self.form, "params": dict(self.params), "url": self.url,
                "route": self.route, "notes": list(self.notes), "alternatives": [a.to_dict() for a in self.alternatives]}


class SlicedMatch(Match):
    """A ``Match`` answered by shape (``by_shape``): a remembered match of the same call and this request's URL.

    The endpoint's fields are the remembered match's; ``params``, ``url`` and ``route`` are sliced from
    the URL on first use, at the offsets of the remembered shape entry. Three fields set per request
    instead of nine and a dictionary: the hot line of a log of one-off ids. Reads as a ``Match``, but its
    fields cannot be set (answers are read-only); a copy or a pickle of it is a plain ``Match``. It
    holds the URL as requested (``url`` shows it redacted).
    """

    __slots__ = ("_proto", "_url", "_entry", "_params", "_shown")

    endpoint = property(attrgetter("_proto.endpoint"))
    api = property(attrgetter("_proto.api"))
    form = property(attrgetter("_proto.form"))
    notes = property(attrgetter("_proto.notes"))
    method = property(attrgetter("_proto.method"))
    alternatives: tuple[Match, ...] = ()  # (an answer with alternatives is made in full)

    @property  # type: ignore[override]
    def params(self) -> dict[str, str]:
        try:
            return self._params
        except AttributeError:
            url = self._url
            self._params = {name: url[at:stop] for name, at, stop in self._entry[5]}
            return self._params

    @property  # type: ignore[override]
    def url(self) -> str:
        try:
            return self._shown
        except AttributeError:
            self._shown = self._url if self._entry[9] else redact_url(self._url.strip())
            return self._shown

    @property  # type: ignore[override]
    def route(self) -> str:
        start, end, prefix = self._entry[6:9]
        return prefix + self._url[start:end]

    def __reduce__(self) -> tuple[Any, ...]:
        return Match, tuple(getattr(self, name) for name in Match.__slots__)


@dataclass(frozen=True, eq=False)
class NearMiss:
    """A template whose shape fits the request but one of whose constraints does not."""

    endpoint: Endpoint
    param: str
    value: str
    regex: str

    def __str__(self) -> str:
        return (f"'{shown_template(self.endpoint)}' ({self.endpoint.id}) needs {self.param} to match "
                f"{self.regex}, got '{self.value}'")


@dataclass(frozen=True, eq=False)
class Suggestion:
    """An endpoint the request may have meant ("did you mean"), and why it is suggested."""

    endpoint: Endpoint
    reason: str

    def __str__(self) -> str:
        ep = self.endpoint
        return f"{ep.method} {shown_template(ep)} ({ep.id}): {self.reason}"


class Unmatched:
    """No endpoint answers the request. Falsy, so ``if reg.resolve(m, u):`` reads naturally.

    ``reason`` is one sentence; ``near_misses`` name the constraints that failed; ``suggestions`` (the
    nearest templates, computed on first use by calling ``suggest``) and ``notes`` complete the
    explanation. (A plain class with slots, as ``Match`` is: a log's misses make one each.)
    """

    __slots__ = ("method", "url", "reason", "form", "route", "near_misses", "url_notes", "_suggest",
                 "_suggest_args", "_suggestions")
    _FIELDS = ("method", "url", "reason", "form", "route", "near_misses", "url_notes")

    endpoint: None = None
    api: None = None
    alternatives: tuple[Match, ...] = ()

    def __init__(self, method: str, url: str, reason: str, form: str | None = None, route: str | None = None,
                 near_misses: tuple[NearMiss, ...] = (), url_notes: tuple[str, ...] = (),
                 suggest: Callable[..., tuple[Suggestion, ...]] | None = None, suggest_args: tuple[Any, ...] = ()) -> None:
        self.method = method
        self.url = url
        self.reason = reason
        self.form = form
        self.route = route
        self.near_misses = near_misses
        self.url_notes = url_notes
        self._suggest = suggest  # called with suggest_args on first use (cheaper than a partial per miss)
        self._suggest_args = suggest_args
        self._suggestions: tuple[Suggestion, ...] | None = None

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._FIELDS)
        return f"{type(self).__name__}({fields})"

    def __bool__(self) -> Literal[False]:  # (Literal: ``if match:`` narrows a Result to Match for type checkers)
        return False

    @property
    def params(self) -> dict[str, str]:
        return {}

    @property
    def suggestions(self) -> tuple[Suggestion, ...]:
        """Nearest templates, best first (at most five)."""
        if self._suggestions is None:
            self._suggestions = self._suggest(*self._suggest_args) if self._suggest is not None else ()
        return self._suggestions

    @property
    def notes(self) -> tuple[str, ...]:
        """The reason, each near miss, each suggestion ("did you mean …") and the URL's own notes."""
        out = [self.reason]
        out += [f"near miss: {n}" for n in self.near_misses]
        out += [f"did you mean {s}" for s in self.suggestions]
        out += list(self.url_notes)
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        """The miss as JSON-ready data: ``result`` (``unmatched`` or ``method-not-allowed``), the reason, the
        near misses and suggestions by endpoint id, and for ``MethodNotAllowed`` the allowed methods."""
        return {
            "result": "unmatched", "method": self.method, "url": self.url, "route": self.route, "form": self.form,
            "reason": self.reason,
            "near_misses": [{"endpoint": n.endpoint.id, "param": n.param, "value": n.value, "regex": n.regex}
                            for n in self.near_misses],
            "suggestions": [{"endpoint": s.endpoint.id, "method": s.endpoint.method, "template": shown_template(s.endpoint),
                             "reason": s.reason} for s in self.suggestions],
            "notes": list(self.url_notes), "allowed": [],
        }


class MethodNotAllowed(Unmatched):
    """The path is known, but not for this method; ``allowed`` lists the methods that are."""

    __slots__ = ("allowed", "candidates")
    _FIELDS = (*Unmatched._FIELDS, "allowed", "candidates")

    def __init__(self, method: str, url: str, reason: str, form: str | None = None, route: str | None = None,
                 near_misses: tuple[NearMiss, ...] = (), url_notes: tuple[str, ...] = (),
                 suggest: Callable[..., tuple[Suggestion, ...]] | None = None, suggest_args: tuple[Any, ...] = (), *,
                 allowed: tuple[str, ...] = (), candidates: tuple[Match, ...] = ()) -> None:
        super().__init__(method, url, reason, form, route, near_misses, url_notes, suggest, suggest_args)
        self.allowed = allowed
        self.candidates = candidates

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "result": "method-not-allowed", "allowed": list(self.allowed)}


Result = Match | Unmatched


def shown_template(ep: Endpoint) -> str:
    """A template as a person would write the call: the full path below the host, or the action."""
    if ep.action is not None:
        return ep.action
    path = ep.path or ""
    return path if ep.api == "xentral" or path.startswith("/api/") or path == "/api" else "/api" + path
