"""What one answer means: its status and the markers of ``data/probe.yaml``, tried in order.

::

    classify(markers["rest"], status=404, body=b'{"error":{"code":7431}}', kind="list")
    # ('route-missing', 'rest-route-not-found')

Only the status, the legacy REST API's JSON ``error.code`` and the Standard API's XML ``messageCode``
are read from an answer; nothing else of the body is looked at or kept. An answer no marker fits is
``('unknown', 'unclassified')``.
"""
from __future__ import annotations

import json
import re
from typing import Any

_MESSAGE_CODE = re.compile(rb"<messageCode>\s*(\d{1,6})\s*</messageCode>")
_XML_ERROR_CODE = re.compile(rb"<error>.*?<code>\s*(\d{1,6})\s*</code>", re.S)


def error_code(body: bytes) -> int | None:
    """The legacy REST API's ``error.code`` (JSON, or the XML form of the same error), else None."""
    stripped = body.lstrip()
    if stripped[:1] == b"{":
        try:
            data = json.loads(body.decode("utf-8", "replace"))
        except ValueError:
            return None
        code = data.get("error", {}).get("code") if isinstance(data, dict) and isinstance(data.get("error"), dict) else None
        if isinstance(code, bool):
            return None
        if isinstance(code, int):
            return code
        if isinstance(code, str) and code.isdigit():
            return int(code)
        return None
    m = _XML_ERROR_CODE.search(body[:65536])
    return int(m.group(1)) if m else None


def message_code(body: bytes) -> int | None:
    """The Standard API's ``<messageCode>`` (XML), else None."""
    m = _MESSAGE_CODE.search(body[:65536])
    return int(m.group(1)) if m else None


def status_fits(pattern: str, status: int) -> bool:
    """``'404'`` fits 404 only; ``'4xx'`` fits 400-499."""
    if pattern.endswith("xx"):
        return str(status)[:1] == pattern[0]
    return str(status) == pattern


def classify(markers: list[Any], status: int, body: bytes, kind: str) -> tuple[str, str]:
    """``(result, marker id)`` for an answer with ``status`` and ``body`` to a request of ``kind``
    (``list``, ``item`` or ``action``): the first marker whose conditions all hold."""
    if 300 <= status < 400:
        return "unknown", "redirect"
    code: int | None | str = "unread"
    msg: int | None | str = "unread"
    for m in markers:
        if not status_fits(m.status, status):
            continue
        if m.kind is not None and m.kind != kind:
            continue
        if m.error_code:
            if code == "unread":
                code = error_code(body)
            if code not in m.error_code:
                continue
        if m.message_code:
            if msg == "unread":
                msg = message_code(body)
            if msg not in m.message_code:
                continue
        return m.result, m.id
    return "unknown", "unclassified"
