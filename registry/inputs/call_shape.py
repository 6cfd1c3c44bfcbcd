"""What makes two requests the same call for counting, and the shape that groups calls nothing matches.

A public server's log holds the same request with a fresh query value on every line and scanners'
paths with random ids. Counting each as a call of its own costs memory per line; two rules keep the
work bounded by the number of *shapes*:

- **Calls are keyed by path and query names** (``call_key``): the values of query parameters never
  choose an endpoint, so they are set aside, except ``path``, ``module`` and ``action``, which the
  legacy entry points read (``registry.matching.urls``)::

      call_key("/wp-login.php?redirect_to=9f3a&reauth=1")   -> "/wp-login.php?redirect_to=&reauth="
      call_key("/api/index.php?path=/v1/adressen&page=2")   -> "/api/index.php?path=/v1/adressen&page="

  A call keeps the URL (redacted) of its first line for display; names stay as written, so ``hash``
  authentication (read from names) is the same for every URL of a key.

- **Calls that match nothing are grouped by their id shape** (``id_shape``): every id-like path segment
  becomes ``{id}`` and the query is dropped::

      id_shape("/api/v1/products/5f3a9c0e11")                       -> "/api/v1/products/{id}"
      id_shape("/wp-login.php?redirect_to=9f3a")                    -> "/wp-login.php"
      id_shape("/api/v3/salesOrders/0b7f3c1e-2a4d-4c8e-9f10-3d2e1a0b9c8d/x") -> "/api/v3/salesOrders/{id}/x"

  A path segment is *id-like* (``is_id_like``) when it is one of:

  - all digits (``17``, ``00042``);
  - at least 4 characters of letters, digits and ``- _ . ~ + = : ,`` with at least one digit: hex
    (``5f3a9c0e11``), article numbers (``AB-1234``, ``SW-12-BLK``), order numbers (``AU2025001234``),
    file names made of ids (``4bed0297c5e5.php``), UUIDs and base64-ish tokens (``aGVsbG8x``); short version
    segments (``v1``, ``v10``) are not ids;
  - at least 16 such characters without a digit where upper- and lower-case letters each make at least a
    quarter of the letters (a random token; a camelCase word such as ``externalReferenceTargets`` is not).

  An article number written with ``/`` (``AB-12/3``) is two segments; each is judged alone.
"""
from __future__ import annotations

import re

#: Query parameters whose value the matcher reads (``registry.matching.urls``): never set aside.
ROUTING_PARAMS = frozenset({"path", "module", "action"})

_PARAM = re.compile(r"(?<=[?&;#])([^&;=#?]*)=([^&;#?]*)")
_ID_CHARS = re.compile(r"[A-Za-z0-9\-_.~+=:,]+")
_HAS_DIGIT = re.compile(r"[0-9]")
_MAYBE_ROUTING = re.compile(r"(?i)path|module|action|%")


def call_key(url: str) -> str:
    """``url`` with its query values set aside (see the module doc); the URL itself when it has no query."""
    q = url.find("?")
    if q < 0 or "=" not in url:
        return url
    tail = url[q:]
    if _MAYBE_ROUTING.search(tail) is None:  # (the common query: no value to keep, one C-level pass)
        return url[:q] + _PARAM.sub(_drop_value, tail)
    return url[:q] + _PARAM.sub(_keep_routing_value, tail)


def _drop_value(m: re.Match[str]) -> str:
    return m.group(1) + "="


def _keep_routing_value(m: re.Match[str]) -> str:
    from registry.inputs.redact import php_name

    name = php_name(m.group(1))
    return m.group(0) if name.split("[", 1)[0] in ROUTING_PARAMS else m.group(1) + "="


def is_id_like(segment: str) -> bool:
    """Whether a path segment is an id (see the module doc for the rule)."""
    if not segment:
        return False
    if segment.isdigit() and segment.isascii():
        return True
    if len(segment) < 4 or _ID_CHARS.fullmatch(segment) is None:
        return False
    if _HAS_DIGIT.search(segment) is not None:
        return True
    if len(segment) < 16:
        return False
    upper = sum(1 for c in segment if c.isupper())
    lower = sum(1 for c in segment if c.islower())
    return upper * 4 >= upper + lower and lower * 4 >= upper + lower


def id_shape(url: str) -> str:
    """The path of ``url`` (query and fragment dropped) with every id-like segment written ``{id}``."""
    cut = len(url)
    for mark in "?#":
        at = url.find(mark)
        if 0 <= at < cut:
            cut = at
    path = url[:cut]
    start = 0
    scheme = path.find("://")
    if scheme >= 0:  # (the host of a full URL is not a segment)
        start = path.find("/", scheme + 3)
        start = len(path) if start < 0 else start
    segments = path[start:].split("/")
    return path[:start] + "/".join("{id}" if is_id_like(seg) else seg for seg in segments)
