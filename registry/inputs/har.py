"""Read HAR 1.2 files (browser and proxy exports): one observation per entry.

Input → output::

    {"log": {"version": "1.2", "entries": [{"startedDateTime": "2025-10-10T11:55:36.120Z",
      "request": {"method": "GET", "url": "https://shop.xentral.biz/api/v1/products/7",
                  "headers": [{"name": "Authorization", "value": "Bearer 42|s3cr3t"}]},
      "response": {"status": 200}}]}}
    →  Observation(method='GET', url='https://shop.xentral.biz/api/v1/products/7',
                   location='session.har#entry 1', kind='har', first_seen='2025-10-10T11:55:36.120Z',
                   last_seen='2025-10-10T11:55:36.120Z', statuses={200: 1}, auth='bearer')

- ``location`` is ``<file>#entry N`` with N counted from 1 in the order of ``log.entries``;
- ``auth`` is the scheme of the request's ``Authorization`` header: ``bearer``, ``digest``, ``basic``,
  ``other`` for any other scheme, ``hash`` when there is no header but the URL carries the Standard
  API ``hash=`` parameter, else ``none``. Browsers may strip the header from "sanitized" exports,
  so ``none`` means "none recorded";
- a response status of 0 (no response: aborted, blocked) is not recorded in ``statuses``;
- an entry without ``request.method`` or ``request.url`` is skipped and counted, e.g.
  ``session.har#entry 4: skipped entry: request.url is missing (expected a HAR 1.2 request with method and url).``;
- a file that is not JSON, or JSON without ``log.entries``, raises ``InputError`` naming the file (and
  the line for a JSON syntax error).

The whole file is parsed with ``json`` (HAR files are single JSON documents); header values other
than the auth scheme are never kept.
"""
from __future__ import annotations

import json
import zlib
from typing import Any, Collection, Iterator

from registry.errors import InputError
from registry.inputs.base import Observation, ReadStats
from registry.inputs.params import select_params
from registry.inputs.redact import auth_from_header, clean_text, has_hash_auth, redact_url
from registry.inputs.stream import damage_of, open_input, source_name

EXPECTED_ENTRY = "(expected a HAR 1.2 request with method and url)"


def load_json(path: str, what: str) -> Any:
    """Parse a JSON file (gzip allowed, ``-`` = stdin); ``InputError`` with ``file:line`` when it is not JSON."""
    with open_input(path) as (stream, name):
        try:
            data = stream.read()
        except (EOFError, OSError, zlib.error) as exc:
            reason = "gzip stream ends early" if isinstance(exc, EOFError) else f"damaged data ({exc})"
            raise InputError(f"{name}: cannot read {what}: {reason} (expected a complete file).") from None
        damaged = damage_of(stream)
        if damaged:
            raise InputError(f"{name}: cannot read {what}: damaged data (gzip member {damaged[0].number} "
                             f"{damaged[0].reason}) (expected a complete file).")
    text = data.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        return json.loads(text, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name}:{exc.lineno}: invalid JSON: {exc.msg} at column {exc.colno} (expected {what})."
        ) from None
    except RecursionError:
        raise InputError(f"{name}: invalid JSON: nested too deeply (expected {what}).") from None


def _parse_int(digits: str) -> int | str:
    # Python refuses to convert integers of more than 4300 digits; no HAR or Postman field needs one.
    return int(digits) if len(digits) <= 64 else digits


def har_entries(doc: Any, name: str) -> list[Any]:
    """``log.entries`` of a parsed HAR document; ``InputError`` when the document is not a HAR."""
    if not isinstance(doc, dict) or not isinstance(doc.get("log"), dict):
        raise InputError(
            f'{name}: not a HAR file: no "log" object at the top (expected HAR 1.2: {{"log": {{"entries": [...]}}}}). '
            "Export the requests from the browser's network panel with \"Save all as HAR\"."
        )
    entries = doc["log"].get("entries")
    if not isinstance(entries, list):
        raise InputError(f'{name}: not a HAR file: "log.entries" is missing or not a list (expected HAR 1.2).')
    return entries


def read_har(path: str, stats: ReadStats, *, document: Any = None, params: Collection[str] = ()) -> Iterator[Observation]:
    """Observations from a HAR file, one per entry; ``document`` skips re-parsing an already parsed file.

    Raises ``InputError`` when the file is not JSON or not a HAR.
    """
    stats.unit = "entries"
    stats.format = "har"
    name = source_name(path)
    doc = load_json(path, "a HAR 1.2 file") if document is None else document
    for n, entry in enumerate(har_entries(doc, name), 1):
        where = f"{name}#entry {n}"
        result = _entry(entry, where, params)
        if isinstance(result, str):
            stats.skip(f"{where}: skipped entry: {result} {EXPECTED_ENTRY}.")
            continue
        stats.read += 1
        yield result


def _entry(entry: Any, where: str, params: Collection[str] = ()) -> Observation | str:
    if not isinstance(entry, dict):
        return "not an object"
    request = entry.get("request")
    if not isinstance(request, dict):
        return "request is missing"
    method, url = request.get("method"), request.get("url")
    if not isinstance(method, str) or not method.strip():
        return "request.method is missing"
    method = method.strip()
    if not method.isascii() or not method.isalpha():
        return f"request.method '{clean_text(method)}' is not a word"
    if not isinstance(url, str) or not url.strip():
        return "request.url is missing"
    url = url.strip()
    auth = "none"
    headers = request.get("headers")
    if isinstance(headers, list):
        for header in headers:
            if isinstance(header, dict) and str(header.get("name", "")).lower() == "authorization":
                value = header.get("value")
                auth = auth_from_header(value if isinstance(value, str) else None)
                break
    if auth == "none" and has_hash_auth(url):
        auth = "hash"
    started = entry.get("startedDateTime")
    started = clean_text(started, 40) if isinstance(started, str) and started else None
    statuses: dict[int, int] = {}
    response = entry.get("response")
    if isinstance(response, dict):
        status = response.get("status")
        if isinstance(status, int) and not isinstance(status, bool) and 100 <= status <= 999:
            statuses[status] = 1
    return Observation(
        method=method.upper(),
        url=redact_url(url),
        location=where,
        kind="har",
        first_seen=started,
        last_seen=started,
        statuses=statuses,
        auth=auth,
        params=_body_params(request.get("postData"), params),
    )


def _body_params(post: Any, names: Collection[str]) -> dict[str, str]:
    """The values of ``names`` in a HAR ``postData`` (its ``params`` list, else its ``text``)."""
    if not names or not isinstance(post, dict):
        return {}
    form = [(str(p.get("name")), p["value"]) for p in post.get("params") or []
            if isinstance(p, dict) and isinstance(p.get("value"), str)]
    text = post.get("text") if not form and isinstance(post.get("text"), str) else None
    mime = post.get("mimeType") if isinstance(post.get("mimeType"), str) else None
    return select_params(names, form=form, text=text, mime=mime)
