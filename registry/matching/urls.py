"""Read a request URL in any form Xentral integrations use, and find the route or action it names.

``parse_url`` takes what a log, HAR file or person gives (a full URL, a path, a Standard API call) and
returns a ``ParsedUrl``: which entry point was used, the percent-decoded route below the ``/api``
mount (or the Standard API action), and the URL for display with its encoding kept and its
secrets redacted::

    parse_url("https://acme.xentral.biz/api/index.php/v1/adressen/5?x=1#top")
    -> ParsedUrl(entry="index-php", route="/v1/adressen/5", action=None,
                 display="https://acme.xentral.biz/api/index.php/v1/adressen/5?x=1#top", notes=())
    parse_url("/20.3/www/index.php?module=api&action=BenutzerList&hash=9f3a&api_id=26")
    -> ParsedUrl(entry="hash", route=None, action="BenutzerList",
                 display="/20.3/www/index.php?module=api&action=BenutzerList&hash=REDACTED&api_id=REDACTED", ...)

Entry points (``ParsedUrl.entry``), from XENTRAL-FACTS §3 (OpenXE ``www/api/docs.raml``, HC-LEGACY,
DEV-VER):

============  ======================================================  =======================================
entry         looks like                                              route / action
============  ======================================================  =======================================
``mount``     ``/api/v1/adressen/5``, ``/www/api/…``, any URL with     the path below ``/api``
              scheme and host
``index-php`` ``/api/index.php/v1/adressen`` (no mod_rewrite),        the path after ``index.php``
              ``/api/index.php/AuftragCreate``
``path-query`` ``/api/index.php?path=/v1/artikelkategorien&sort=…``    the ``path`` query parameter
``hash``      ``index.php?module=api&action=X&hash=…&api_id=…``        the ``action`` query parameter
``bare``      ``/v1/adressen/5`` (no ``/api`` at all)                  the path, read as below ``/api``
============  ======================================================  =======================================

A path without ``/api`` counts only when it starts with a version segment (``/v1/…``) or a legacy route
group (``/shopimport/…``, ``/opentrans/…``): a plain list or the docs may write routes that way. Any other
(``/``, ``/favicon.ico``, ``/index.php`` alone, ``/docs.html``) is not an API call: ``problem`` says so.

Anything in front of ``/api`` or ``/index.php`` (``/www``, a version folder such as ``/20.3``, an
install folder) is an install prefix: it is noted, not matched. Query parameters never choose the
endpoint except ``path=`` and ``module=``/``action=`` where the entry point reads them.
"""
from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import parse_qsl, unquote

from registry.inputs.redact import redact_url  # (the memo takes it from here)

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_VERSION_SEGMENT = re.compile(r"^v\d+$")
#: The first segments a route written without the ``/api`` mount may start with (the ``bare`` entry): a
#: version (``/v1/adressen``, as lists and docs write legacy REST routes) or the legacy REST API's other
#: route groups (route table, OpenXE ApiApplication.php). Any other path without ``/api`` (the site root
#: ``/``, ``/favicon.ico``, ``/robots.txt``, ``/docs.html``, ``/AuftragCreate``) is not an API call.
BARE_ROOTS = ("shopimport", "opentrans")
_HOST_LIKE = re.compile(r"^[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?$|^localhost(:\d+)?$")


class ParsedUrl(NamedTuple):
    """Where a request URL points: entry point, route or action, and how to show the URL."""

    entry: str
    route: str | None
    action: str | None
    display: str
    notes: tuple[str, ...] = ()
    problem: str | None = None  #: why this URL cannot name an API endpoint at all


def parse_url(url: str) -> ParsedUrl:
    """Split a request URL into entry point, route (percent-decoded) or action, and display form.

    Everything is read from the display form, so a secret the URL holds is in none of the fields.
    """
    text = url.strip()
    display = redact_url(text)
    # The URL is read as shown: a secret in the path (';hash=…', a token) reaches no route, value or note.
    rest = display
    if _SCHEME.match(rest) or rest.startswith("//") and "@" in rest.split("/", 3)[2]:
        rest = rest.split("//", 1)[1]  # (a scheme-relative URL with userinfo, '//u:pw@host/…', has a host too)
        slash = first_of(rest, "/?#")
        rest = rest[slash:] if slash >= 0 else "/"
    elif not rest.startswith("/"):
        head = rest.split("/", 1)[0].split("?", 1)[0]
        if "/" in rest and _HOST_LIKE.match(head) and head.lower() != "index.php":
            rest = rest[len(head):]  # host without a scheme: "acme.xentral.biz/api/v1/products"
        else:
            rest = "/" + rest
    cut = first_of(rest, "?#")
    path, tail = (rest, "") if cut < 0 else (rest[:cut], rest[cut:])
    query = tail[1:].split("#", 1)[0] if tail.startswith("?") else ""

    segments = path.split("/")  # path starts with "/": segments[0] == ""
    notes: list[str] = []
    for i, seg in enumerate(segments[1:], start=1):
        if seg == "api":
            prefix = "/".join(segments[:i])
            if prefix:
                notes.append(_prefix_note(prefix))
            below = "/" + "/".join(segments[i + 1:]) if len(segments) > i + 1 else "/"
            return _api_entry(below, query, display, notes)
        if seg == "index.php":
            prefix = "/".join(segments[:i])
            if prefix:
                notes.append(_prefix_note(prefix))
            return _web_index(query, display, notes, after="/".join(segments[i + 1:]))
    route = unquote(path) or "/"
    first = route.split("/", 2)[1] if route.startswith("/") else ""
    if not (_VERSION_SEGMENT.match(first) or first.lower() in BARE_ROOTS):
        return ParsedUrl("bare", route, None, display, tuple(notes), _not_an_api_path(route))
    notes.append("no /api in the path: read as a route below the /api mount")
    return ParsedUrl("bare", route, None, display, tuple(notes))


def _not_an_api_path(route: str) -> str:
    what = "the site root" if route == "/" else f"'{route}'"
    return (f"{what} has no /api and is not shaped like an API route (expected /api/…, or a route such as /v1/adressen, "
            "/shopimport/… or /opentrans/… written without the /api mount): not an API call")


def _api_entry(below: str, query: str, display: str, notes: list[str]) -> ParsedUrl:
    """``below`` is the raw path after ``/api`` (starting with '/')."""
    first, _, after = below[1:].partition("/")
    if first == "index.php":
        if after or below.endswith("/"):
            return ParsedUrl("index-php", unquote("/" + after), None, display, tuple(notes))
        params = _query(query)
        path_value = next((v for k, v in params if k == "path"), None)
        if path_value is not None:
            route = path_value if path_value.startswith("/") else "/" + path_value
            return ParsedUrl("path-query", route, None, display, tuple(notes))
        if any(k == "action" for k, _ in params):
            notes.append("/api/index.php?action=… is not a documented form; the action parameter is ignored")
        return ParsedUrl("index-php", "/", None, display, tuple(notes))
    return ParsedUrl("mount", unquote(below), None, display, tuple(notes))


def _web_index(query: str, display: str, notes: list[str], after: str) -> ParsedUrl:
    """``…/index.php?module=api&action=X``: the Standard API's historic call (hash + api_id)."""
    params = _query(query)
    module = next((v for k, v in params if k == "module"), None)
    action = next((v for k, v in params if k == "action"), None)
    if module != "api":
        shown = "no module parameter" if module is None else f"module={module!r}"
        return ParsedUrl("hash", None, None, display, tuple(notes),
                         f"index.php with {shown} is Xentral's web interface, not the API (expected module=api)")
    if not action:
        return ParsedUrl("hash", None, None, display, tuple(notes),
                         "index.php?module=api without an action parameter names no Standard API action")
    keys = {k for k, _ in params}
    if "hash" in keys:
        notes.append("hash authentication (hash= and api_id=) is no longer supported since 22.1; use Digest via /api/{Action}")
    else:
        notes.append("the historic index.php?module=api call authenticates with hash= and api_id=, unsupported since 22.1")
    if "api_id" not in keys and "hash" in keys:
        notes.append("no api_id: mandatory since 20.3, otherwise the answer is 'wrong hash'")
    if after:
        notes.append(f"path after index.php ('/{after}') is ignored by the module=api call")
    return ParsedUrl("hash", None, action, display, tuple(notes))


def _query(query: str) -> list[tuple[str, str]]:
    return parse_qsl(query, keep_blank_values=True) if query else []


def _prefix_note(prefix: str) -> str:
    shown = unquote(prefix)
    parts = [p for p in shown.split("/") if p]
    if parts and parts[-1].lower() == "www":
        what = "the self-hosted layout's www/ folder" if len(parts) == 1 else "install folder with www/"
    else:
        what = "install folder"
    return f"prefix '{shown}' ({what}) is not part of the route"


def first_of(text: str, chars: str) -> int:
    """The index of the first of ``chars`` in ``text``, or -1."""
    first = -1
    for c in chars:
        i = text.find(c)
        if i >= 0 and (first < 0 or i < first):
            first = i
    return first
