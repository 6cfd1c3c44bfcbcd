"""Pick the values of a few named request parameters out of a request body, for parameter-aware migrations.

Some legacy calls go to a different current-API endpoint depending on one parameter: the Standard API's
``BelegeList`` lists sales orders for ``beleg=auftrag`` and invoices for ``beleg=rechnung``. The readers
keep the values of the parameters the dataset's migrations name (``Migration.by_param``) and nothing
else: never a body, never another field::

    select_params({"beleg"}, form=[("xml", "<xml><beleg>auftrag</beleg></xml>")])   # {'beleg': 'auftrag'}
    select_params({"beleg"}, text='{"beleg": "rechnung", "limit": 5}', mime="application/json")   # {'beleg': 'rechnung'}

Where a value is read from: a form field of that name (``application/x-www-form-urlencoded``, Postman's
``urlencoded``/``formdata``), a top-level key of a JSON object, or a first-level element of the XML the
Standard API takes in its ``xml`` form field (or as the whole body). A value is kept only when it is a
short plain word (at most 40 characters of letters, digits, ``_``, ``-``, ``.``); an XML document that
declares a DOCTYPE or entities is not parsed.
"""
from __future__ import annotations

import json
import re
from typing import Any, Collection, Iterable
from urllib.parse import parse_qsl

_WORD = re.compile(r"^[\w.-]{1,40}$")
_MAX_TEXT = 256 * 1024  # a body longer than this is not looked into


def select_params(names: Collection[str], *, form: Iterable[tuple[str, str]] = (), text: str | None = None,
                  mime: str | None = None) -> dict[str, str]:
    """The values of ``names`` found in a form (name/value pairs) or a body ``text`` of type ``mime``."""
    if not names:
        return {}
    out: dict[str, str] = {}
    pairs = list(form)
    if text and len(text) <= _MAX_TEXT:
        kind = (mime or "").lower()
        stripped = text.lstrip()
        if "json" in kind or stripped.startswith("{"):
            try:
                doc = json.loads(text)
            except (ValueError, RecursionError):
                doc = None
            if isinstance(doc, dict):
                pairs += [(str(k), v) for k, v in doc.items() if isinstance(v, (str, int))]
        elif "xml" in kind or stripped.startswith("<"):
            _from_xml(names, text, out)
        elif "=" in text:
            pairs += parse_qsl(text, keep_blank_values=True)
    for name, value in pairs:
        value = str(value)
        if name == "xml" and "<" in value:
            _from_xml(names, value, out)
        elif name in names and name not in out and _WORD.match(value.strip()):
            out[name] = value.strip()
    return out


def _from_xml(names: Collection[str], text: str, out: dict[str, str]) -> None:
    if len(text) > _MAX_TEXT or "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        return
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return
    for child in list(root) if root.tag not in names else [root]:
        value = (child.text or "").strip()
        if child.tag in names and child.tag not in out and _WORD.match(value):
            out[child.tag] = value


def postman_body(body: Any, resolve: Any) -> tuple[list[tuple[str, str]], str | None, str | None]:
    """A Postman request ``body`` as (form pairs, raw text, mime); ``resolve`` fills in ``{{variables}}``."""
    if not isinstance(body, dict):
        return [], None, None
    mode = body.get("mode")
    if mode in ("urlencoded", "formdata") and isinstance(body.get(mode), list):
        pairs = [(str(p.get("key")), resolve(p["value"])) for p in body[mode]
                 if isinstance(p, dict) and p.get("disabled") is not True and isinstance(p.get("value"), str)]
        return pairs, None, None
    if mode == "raw" and isinstance(body.get("raw"), str):
        options = body.get("options")
        raw = options.get("raw") if isinstance(options, dict) else None
        language = raw.get("language") if isinstance(raw, dict) else None
        return [], resolve(body["raw"]), language if isinstance(language, str) else None
    return [], None, None
