"""Read Postman collections (format v2.1, v2.0 accepted): one observation per request.

Input → output::

    {"info": {"name": "Shop", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
     "variable": [{"key": "baseUrl", "value": "https://shop.xentral.biz"}],
     "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{pat}}"}]},
     "item": [{"name": "Orders", "item": [
         {"name": "Get order", "request": {"method": "GET", "url": "{{baseUrl}}/api/v1/salesOrders/{{orderId}}"}}]}]}
    →  Observation(method='GET', url='https://shop.xentral.biz/api/v1/salesOrders/{{orderId}}',
                   location='shop.postman_collection.json > Orders > Get order', kind='postman', auth='bearer')
       and the note "…> Get order: unresolved variable {{orderId}} …" in ``ReadStats.notes``

- Folders nest to any depth; the location is ``<file> > Folder > … > Request``. An ``item`` that is
  not a list (the collection's or a folder's) is one skipped item with its location, e.g.
  ``shop.json: skipped item list: "item" is a number, not a list (expected a list of requests and folders).``
- ``{{name}}`` is resolved from the collection's ``variable`` list and then the environment file
  (``environment=``, Postman's export with a ``values`` list; environment values win, as in
  Postman). Values may use other variables (resolved up to 10 levels deep). A variable that stays
  unresolved remains visible as ``{{name}}`` in the URL and is reported once per request in
  ``ReadStats.notes``; Postman's dynamic variables (``{{$guid}}``) count as unresolved too.
- A URL that starts with a variable nobody sets (missing, or disabled in the collection or the
  environment), ``{{BASEURL}}/v1/adressen``, is read with that variable as the API base (scheme, host and
  ``/api``, as Xentral's own Standard-API collection sets ``BASEURL``): ``/api/v1/adressen``. Each input
  says so once, in ``ReadStats.notes`` and as a warning naming ``--postman-env`` (one stderr line).
- Path variables (``/orders/:id`` with ``url.variable``) are filled in when they have a value.
- The URL is ``url.raw`` when present, else it is built from ``protocol``, ``host``, ``port``, ``path``
  and the enabled ``query`` entries. A request given as a plain string is a GET of that URL.
- Auth is inherited collection → folder → request; ``auth`` missing, ``null`` or of type
  ``inherit`` means "inherit". Types map to ``Observation.auth``: ``bearer``, ``digest``, ``basic``,
  ``apikey``, ``noauth`` → ``none``, any other type → ``other``. A request without its own auth but
  with an enabled ``Authorization`` header takes the header's scheme. With no auth anywhere the call
  is ``none``. A URL that carries the Standard API's ``hash=`` parameter is ``hash``, whatever auth the
  collection or folder sets (the hash call authenticates by its URL; its collections often set Digest).
- Credential values (tokens, passwords, the environment's secrets) are never kept: a variable of
  ``"type": "secret"`` (environment or collection) fills a URL with ``REDACTED``, not its value (an
  ``Authorization`` header still reads its real value for the scheme word), and the URL is redacted
  after variables are filled in.
"""
from __future__ import annotations

import re
from typing import Any, Collection, Iterator

from registry.errors import InputError
from registry.inputs.base import Observation, ReadStats
from registry.inputs.params import postman_body, select_params
from registry.inputs.har import load_json
from registry.inputs.redact import REDACTED, auth_from_header, clean_text, has_hash_auth, is_secret_param, redact_url
from registry.inputs.stream import source_name

SCHEMA_V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
EXPECTED_REQUEST = "(expected a Postman request with a url)"
MAX_URL = 16 * 1024  # characters a URL may reach by variable expansion
_VARIABLE = re.compile(r"\{\{([^{}]+)\}\}")
_AUTH_TYPES = {"bearer": "bearer", "digest": "digest", "basic": "basic", "apikey": "apikey", "noauth": "none"}


def is_collection(doc: Any) -> bool:
    """True for a parsed Postman collection v2.0 or v2.1 (by ``info.schema``)."""
    info = doc.get("info") if isinstance(doc, dict) else None
    schema = info.get("schema") if isinstance(info, dict) else None
    return isinstance(schema, str) and ("collection/v2.1" in schema or "collection/v2.0" in schema)


def load_environment(path: str, secrets: set[str] | None = None) -> dict[str, str]:
    """The enabled ``key → value`` pairs of a Postman environment export; ``InputError`` when it is none.

    The keys of ``"type": "secret"`` values are added to ``secrets`` when it is given.
    """
    doc = load_json(path, "a Postman environment")
    values = doc.get("values") if isinstance(doc, dict) else None
    if not isinstance(values, list):
        raise InputError(
            f'{source_name(path)}: not a Postman environment: "values" is missing or not a list '
            '(expected {"name": ..., "values": [{"key": ..., "value": ..., "enabled": true}]}).'
        )
    return _pairs(values, enabled_key="enabled", secrets=secrets)


def _pairs(values: Any, enabled_key: str | None = None, secrets: set[str] | None = None) -> dict[str, str]:
    """The ``key → value`` pairs of a variable list (disabled ones left out); secret keys go to ``secrets``."""
    out: dict[str, str] = {}
    if not isinstance(values, list):
        return out
    for v in values:
        if not isinstance(v, dict) or not isinstance(v.get("key"), str):
            continue
        if v.get("disabled") is True or (enabled_key and v.get(enabled_key) is False):
            continue
        value = v.get("value")
        if value is None:
            continue
        out[v["key"]] = value if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
        if secrets is not None:
            if v.get("type") == "secret" or is_secret_param(v["key"]):  # (a 'token' or 'apiKey' is one, typed or not)
                secrets.add(v["key"])
            else:
                secrets.discard(v["key"])  # (an environment value replaces a collection's secret of that name)
    return out


class _Resolver:
    """Fills in ``{{name}}`` variables; ``secrets`` are the names whose values a URL must not show."""

    def __init__(self, variables: dict[str, str], secrets: frozenset[str] = frozenset()) -> None:
        self.variables = variables
        self.hidden = {**variables, **{name: REDACTED for name in secrets if name in variables}}
        self.disabled: set[str] = set()  # variables the collection or environment has but switched off
        self.bases: dict[str, int] = {}  # unset variables read as the API base -> requests

    def resolve(self, text: str, missing: list[str], *, hide_secrets: bool = True) -> str:
        """``text`` with its variables filled in, a secret one as ``REDACTED`` unless ``hide_secrets`` is false;
        names left unresolved are added to ``missing``."""
        variables = self.hidden if hide_secrets else self.variables
        for _ in range(10):
            if "{{" not in text:
                break
            changed = False

            def repl(m: re.Match[str]) -> str:
                nonlocal changed
                value = variables.get(m.group(1))
                if value is None:
                    return m.group(0)
                changed = True
                return value

            expanded = _VARIABLE.sub(repl, text)
            if len(expanded) > MAX_URL:
                break  # a self-referencing variable would grow without end; keep the last sane text
            text = expanded
            if not changed:
                break
        for m in _VARIABLE.finditer(text):
            if m.group(1) not in missing:
                missing.append(m.group(1))
        return text


def _disabled(values: Any, flag: str) -> set[str]:
    """Names of the variables of a list that are switched off (``disabled: true``, or ``enabled: false``)."""
    if not isinstance(values, list):
        return set()
    off = True if flag == "disabled" else False
    return {v["key"] for v in values if isinstance(v, dict) and isinstance(v.get("key"), str) and v.get(flag) is off}


def _as_api_base(url: str, resolver: _Resolver) -> tuple[str, str | None]:
    """A URL that starts with a variable nobody set (missing, or disabled), read with the variable as the API base.

    Xentral's own Standard-API collection writes ``{{BASEURL}}/AdresseCreate`` with ``BASEURL`` =
    ``https://<id>.xentral.biz/api`` (XENTRAL-FACTS §3), so the variable stands for scheme, host and ``/api``:
    ``{{BASEURL}}/v1/adressen`` is read as ``/api/v1/adressen``. A rest that names ``/api``, ``/www`` or
    ``index.php`` itself is read with the variable as the host alone. Returns the URL and the variable's name.
    """
    m = _VARIABLE.match(url)
    if m is None or m.group(1) in resolver.variables:
        return url, None
    rest = url[m.end():]
    if not rest.startswith("/") and rest:
        return url, None
    base = "" if re.match(r"^/(?:api|www|index\.php)(?:[/?#]|$)", rest) else "/api"
    return base + (rest or "/"), m.group(1)


def _auth_type(auth: Any) -> str | None:
    """``Observation.auth`` for a Postman auth object, ``None`` for "inherit from the parent"."""
    if not isinstance(auth, dict):
        return None
    kind = auth.get("type")
    if not isinstance(kind, str) or kind in ("", "inherit"):
        return None
    return _AUTH_TYPES.get(kind.lower(), "other")


def _join(part: Any, sep: str) -> str:
    if isinstance(part, list):
        return sep.join(p if isinstance(p, str) else str(p.get("value", "")) if isinstance(p, dict) else str(p) for p in part)
    return part if isinstance(part, str) else ""


def _url_text(url: Any) -> str | None:
    if isinstance(url, str):
        return url.strip() or None
    if not isinstance(url, dict):
        return None
    raw = url.get("raw")
    if isinstance(raw, str) and raw.strip():
        text = raw.strip()
    else:
        host = _join(url.get("host"), ".")
        path = _join(url.get("path"), "/")
        if not host and not path:
            return None
        protocol = url.get("protocol")
        text = f"{protocol}://" if isinstance(protocol, str) and protocol else ""
        text += host
        port = url.get("port")
        if isinstance(port, (str, int)) and str(port):
            text += f":{port}"
        if path:
            text += path if path.startswith("/") else "/" + path
        query = url.get("query")
        if isinstance(query, list):
            pairs = [
                f"{q.get('key', '')}={q.get('value') or ''}" if q.get("value") is not None else str(q.get("key", ""))
                for q in query
                if isinstance(q, dict) and q.get("disabled") is not True and q.get("key") is not None
            ]
            if pairs:
                text += "?" + "&".join(pairs)
    for name, value in _pairs(url.get("variable")).items():
        text = re.sub(rf"(?<=/):{re.escape(name)}(?=[/?#]|$)", lambda _m, v=value: v, text)
    return text


def read_postman(
    path: str, stats: ReadStats, *, environment: str | None = None, document: Any = None, params: Collection[str] = ()
) -> Iterator[Observation]:
    """Observations from a Postman collection, one per request, in document order.

    Raises ``InputError`` when the file (or the environment file) is not what it should be.
    """
    stats.unit = "requests"
    stats.format = "postman"
    name = source_name(path)
    doc = load_json(path, "a Postman collection v2.1") if document is None else document
    if not is_collection(doc):
        info = doc.get("info") if isinstance(doc, dict) else None
        schema = info.get("schema") if isinstance(info, dict) else None
        found = f"info.schema is '{clean_text(str(schema))}'" if schema is not None else "no info.schema"
        raise InputError(
            f"{name}: not a Postman collection v2.1: {found} (expected {SCHEMA_V21}). "
            'Export it from Postman with "Export > Collection v2.1".'
        )
    secrets: set[str] = set()
    variables = _pairs(doc.get("variable"), secrets=secrets)
    disabled = _disabled(doc.get("variable"), "disabled")
    if environment is not None:
        variables.update(load_environment(environment, secrets))
        disabled |= _disabled(load_json(environment, "a Postman environment").get("values"), "enabled")
    resolver = _Resolver(variables, frozenset(secrets))
    resolver.disabled = disabled - set(variables)
    root_auth = _auth_type(doc.get("auth"))
    items = doc.get("item", [])
    if not isinstance(items, list):
        stats.skip(f'{name}: skipped item list: "item" is {_json_type(items)}, not a list (expected a list of requests and folders).')
        return
    # explicit stack (folders may nest deeper than Python's recursion limit)
    stack: list[tuple[Iterator[Any], list[str], str | None]] = [(iter(items), [], root_auth)]
    while stack:
        it, trail, inherited = stack[-1]
        item = next(it, None)
        if item is None:
            stack.pop()
            continue
        label = clean_text(str(item.get("name"))) if isinstance(item, dict) and item.get("name") else "(unnamed)"
        where = " > ".join([name, *trail, label])
        if not isinstance(item, dict):
            stats.skip(f"{where}: skipped item: not an object {EXPECTED_REQUEST}.")
            continue
        if isinstance(item.get("item"), list):
            stack.append((iter(item["item"]), [*trail, label], _auth_type(item.get("auth")) or inherited))
            continue
        if "item" in item and "request" not in item:
            stats.skip(f'{where}: skipped folder: "item" is {_json_type(item["item"])}, not a list '
                       "(expected a list of requests and folders).")
            continue
        if "request" not in item:
            stats.skip(f"{where}: skipped item: neither a request nor a folder {EXPECTED_REQUEST}.")
            continue
        result = _request(item["request"], where, inherited, resolver, stats, params)
        if isinstance(result, str):
            stats.skip(f"{where}: skipped item: {result} {EXPECTED_REQUEST}.")
            continue
        stats.read += 1
        yield result
    for var, count in resolver.bases.items():
        state = "disabled in the collection or environment" if var in resolver.disabled else "not set"
        shown = clean_text(var)
        stats.notes.append(
            f"{name}: {{{{{shown}}}}} is {state}: the {count} request{'s' if count != 1 else ''} whose URL starts with "
            f"it {'are' if count != 1 else 'is'} read with it as the API base (scheme, host and /api), "
            f"{{{{{shown}}}}}/v1/adressen as /api/v1/adressen. Pass the environment that sets it with --postman-env.")
        stats.warnings.append(f"{name}: {{{{{shown}}}}} is {state}; URLs starting with it are read as /api/…: "
                              "pass the environment that sets it with --postman-env")


def _json_type(value: Any) -> str:
    """How a JSON value is named in messages: ``a number``, ``a string``, ``an object``, ``null`` …"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "a string" if isinstance(value, str) else "an object" if isinstance(value, dict) else "a list"


def _request(request: Any, where: str, inherited: str | None, resolver: _Resolver, stats: ReadStats,
             params: Collection[str] = ()) -> Observation | str:
    if isinstance(request, str):
        request = {"method": "GET", "url": request}
    if not isinstance(request, dict):
        return "request is not an object"
    method = request.get("method", "GET")
    if not isinstance(method, str) or not method.strip().isalpha() or not method.isascii():
        return f"method '{clean_text(str(method))}' is not a word"
    url = _url_text(request.get("url"))
    if url is None:
        return "request.url is missing"
    missing: list[str] = []
    resolved = resolver.resolve(url, missing)
    resolved, base = _as_api_base(resolved, resolver)
    if base is not None:
        resolver.bases[base] = resolver.bases.get(base, 0) + 1
        missing = [m for m in missing if m != base]
    auth = _auth_type(request.get("auth"))
    if auth is None:
        headers = request.get("header")
        if isinstance(headers, list):
            for header in headers:
                if (
                    isinstance(header, dict)
                    and str(header.get("key", "")).lower() == "authorization"
                    and header.get("disabled") is not True
                ):
                    value = header.get("value")
                    auth = auth_from_header(resolver.resolve(value, [], hide_secrets=False) if isinstance(value, str) else None)
                    break
    if auth is None:
        auth = inherited or "none"
    if has_hash_auth(resolved):  # the Standard API's hash call: its URL decides, whatever auth the collection sets
        auth = "hash"
    for var in missing:
        stats.notes.append(
            f"{where}: unresolved variable {{{{{clean_text(var)}}}}} (expected it in the collection's variables "
            "or the environment file). Pass the environment with --postman-env."
        )
    values: dict[str, str] = {}
    if params:
        form, text, language = postman_body(request.get("body"), lambda v: resolver.resolve(v, []))
        values = select_params(params, form=form, text=text, mime=language)
    return Observation(method=method.strip().upper(), url=redact_url(resolved), location=where, kind="postman", auth=auth,
                       params=values)
