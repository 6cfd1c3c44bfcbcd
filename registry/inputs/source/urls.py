"""From a tracked string value to the URL a call sends, and whether that URL is a Xentral call.

    (Hole('host'), '/api/v1/adressen/', Hole('id'), '?include=positionen')
    →  '/api/v1/adressen/{id}?include=positionen'
    (Hole('base'), '/api/v2/customers', Hole('qs'))            →  '/api/v2/customers'   (a runtime query)
    ('https://acme.xentral.biz/api/v1/products?page=', Hole('p'))  →  '/api/v1/products?page={p}'

Rules: the scheme and host (or an unknown value in front of the first ``/``) are dropped; a segment
holding an unknown value becomes one stand-in segment ``{name}``, never glued to a literal; an unknown
value glued to the end of the last segment, or standing where a query would be, is a query built at
runtime and adds nothing; query parameters keep their literal names (unknown values as ``{name}``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from registry.inputs.source.values import Hole, Part, Str, norm

UNVERSIONED_ROOTS = frozenset({"shopimport", "opentrans"})
_VERSION = re.compile(r"v\d+")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_ROOT_ONLY = re.compile(r"^/*(?:www/+)?(?:api/*)?(?:index\.php/*)?(?:v\d+/*)?$", re.I)


@dataclass(frozen=True)
class Url:
    """A call's URL as the report shows it, and the host when the code wrote one."""

    text: str
    host: str | None
    segments: tuple[str, ...]
    query: tuple[tuple[str, str | None], ...]

    @property
    def shape(self) -> str:
        """The URL with stand-ins alike and query values dropped: two values of one call share it."""
        path = "/".join("{}" if s.startswith("{") else s for s in self.segments)
        query = "&".join(f"{k}={v}" if k in ("module", "action", "path") else k for k, v in self.query)
        return path + ("?" + query if query else "")


def join(base: Str, path: Str, how: str) -> Str:
    """``path`` sent through a client whose base URL is ``base``.

    ``concat`` (axios ``baseURL``, Laravel ``baseUrl``, httpx, resty, got): one slash between them;
    ``rfc`` (Guzzle ``base_uri``, Symfony, .NET ``BaseAddress``, ``new URL(path, base)``, ``urljoin``):
    RFC 3986 reference resolution, so ``/x`` replaces the base path and ``x`` replaces its last segment.
    An absolute URL in ``path`` wins either way.
    """
    if path and isinstance(path[0], str) and _SCHEME.match(path[0]):
        return path
    if path and isinstance(path[0], Hole) and (not base or (len(path) > 1 and isinstance(path[1], str)
                                                           and path[1].startswith("/"))):
        return path  # (an unknown value in front of '/…' is an origin: the path is absolute)
    if how == "rfc":
        origin, base_path = _split_origin(base)
        if path and isinstance(path[0], str) and path[0].startswith("/"):
            return norm(origin + path)
        if not path or (isinstance(path[0], str) and path[0].startswith("?")):
            return norm(base + path)
        # relative: drop the base's last segment (everything after its last literal '/')
        for i in range(len(base_path) - 1, -1, -1):
            p = base_path[i]
            if isinstance(p, str) and "/" in p:
                kept = base_path[:i] + (p[: p.rindex("/") + 1],)
                return norm(origin + kept + path)
        return norm(origin + ("/",) + path)
    left = base
    right = path
    if right and isinstance(right[0], Hole):
        return norm(left + (JOIN,) + right)  # (the slash is settled once the value is known: ``settle``)
    if left and isinstance(left[-1], str) and left[-1].endswith("/"):
        if right and isinstance(right[0], str) and right[0].startswith("/"):
            right = norm((right[0].lstrip("/") or "",) + right[1:]) if right[0].strip("/") or len(right) > 1 else ()
            if right and isinstance(right[0], str) and not right[0]:
                right = right[1:]
        return norm(left + right)
    if right and isinstance(right[0], str) and (right[0].startswith(("/", "?"))):
        return norm(left + right)
    if not right:
        return left
    return norm(left + ("/",) + right)


JOIN = "\x01"  # one slash between a base URL and a path not known yet (axios, Laravel, resty join them so)


def settle(s: Str) -> Str:
    """The value with each ``JOIN`` mark made exactly one slash (the text on both sides losing theirs)."""
    if not any(isinstance(p, str) and JOIN in p for p in s):
        return s
    out: list[Part] = []
    pending = False
    for p in s:
        if isinstance(p, str) and JOIN in p:
            pieces = p.split(JOIN)
            for i, piece in enumerate(pieces):
                if i > 0:
                    if out and isinstance(out[-1], str):
                        out[-1] = out[-1].rstrip("/")
                    out.append("/")
                    pending = True
                if pending and piece:
                    piece = piece.lstrip("/")
                    pending = False
                if piece:
                    out.append(piece)
            continue
        if pending and isinstance(p, str):
            p = p.lstrip("/")
            pending = bool(not p)
        else:
            pending = False
        out.append(p)
    return norm(out)


def _split_origin(s: Str) -> tuple[Str, Str]:
    """``(scheme://host, rest)`` of a URL value; a leading unknown value counts as the origin."""
    if not s:
        return (), ()
    first = s[0]
    if isinstance(first, str):
        m = _SCHEME.match(first)
        if not m:
            return (), s
        # the host runs to the first '/', '?' or '#' after the scheme, across parts
        out: list[Part] = []
        for i, p in enumerate(s):
            if isinstance(p, str):
                start = m.end() if i == 0 else 0
                cut = _host_end(p, start)
                if cut is not None:
                    return norm(out + [p[:cut]]), norm((p[cut:],) + s[i + 1:])
            out.append(p)
        return tuple(out), ()
    i = 0
    while i < len(s) and isinstance(s[i], Hole):
        i += 1
    return s[:i], s[i:]


def _host_end(text: str, start: int) -> int | None:
    for j in range(start, len(text)):
        if text[j] in "/?#":
            return j
    return None


def path_of(s: Str) -> Str:
    """The value without its origin, starting with ``/`` (a relative path gets one)."""
    _, rest = _split_origin(s)
    if rest and isinstance(rest[0], str) and not rest[0].startswith(("/", "?")):
        rest = norm(("/",) + rest)
    elif rest and isinstance(rest[0], Hole):
        rest = norm(("/",) + rest)
    return rest


def param_in_path_position(s: Str, key: str) -> bool:
    """Whether a parameter of ``key`` stands where the path (or the action name) is chosen.

    ``$this->base . $path``, ``"/api/" + action``, ``'…&action=' . $action`` are helpers whose callers
    say which call it is; ``'/adressen/' . $id`` is a call with a stand-in id.
    """
    s = settle(s)
    _, rest = _split_origin(s)
    origin_params = any(isinstance(p, Hole) and p.param is not None and p.param[0] == key for p in _split_origin(s)[0])
    if origin_params and not any(isinstance(p, str) and p.strip("/") for p in rest):
        return True
    before = ""
    for p in rest:
        if isinstance(p, Hole):
            if p.param is not None and p.param[0] == key and not p.query:
                if _ROOT_ONLY.match(before) or before.endswith(("action=", "?", "&", "path=")):
                    return True
            before += "\x00"
        else:
            before += p
    return False


def build(s: Str) -> Url | None:
    """The URL a string value sends, or None when there is no path in it."""
    origin, rest = _split_origin(settle(s))
    host = None
    if origin and isinstance(origin[0], str):
        host = "".join(p if isinstance(p, str) else "{" + p.name + "}" for p in origin)
        host = _SCHEME.sub("", host)
    if not rest:
        return None
    if isinstance(rest[0], str) and not rest[0].startswith(("/", "?")):
        rest = norm(("/",) + rest)
    elif isinstance(rest[0], Hole):
        return None  # (two unknown values in a row at the front: nothing known of the path)
    path_parts: list[Part] = []
    query_parts: list[Part] = []
    in_query = False
    for p in rest:
        if in_query:
            query_parts.append(p)
        elif isinstance(p, str) and "?" in p:
            head, _, tail = p.partition("?")
            path_parts.append(head)
            query_parts.append(tail)
            in_query = True
        elif isinstance(p, str) and "#" in p:
            path_parts.append(p.split("#", 1)[0])
            break
        elif isinstance(p, Hole) and p.query:
            break
        else:
            path_parts.append(p)
    segments = _segments(path_parts)
    if segments is None:
        return None
    query = _query(query_parts)
    text = "/".join(segments)
    if query:
        text += "?" + "&".join(k if v is None else f"{k}={v}" for k, v in query)
    return Url(text, host, tuple(segments), tuple(query))


def _segments(parts: list[Part]) -> list[str] | None:
    segs: list[list[Part]] = [[]]
    for p in parts:
        if isinstance(p, Hole):
            segs[-1].append(p)
            continue
        pieces = p.split("/")
        segs[-1].append(pieces[0])
        for piece in pieces[1:]:
            segs.append([piece])
    out: list[str] = []
    last = len(segs) - 1
    for i, seg in enumerate(segs):
        seg = [x for x in seg if x != ""]
        holes = [x for x in seg if isinstance(x, Hole)]
        if not holes:
            out.append("".join(x for x in seg if isinstance(x, str)))
            continue
        if i == last and isinstance(seg[0], str) and all(isinstance(x, Hole) for x in seg[1:]) and i > 0:
            out.append(seg[0])  # 'customers' + ${qs}: the unknown tail is a query built at runtime
            continue
        out.append("{" + holes[0].name + "}")
    if not out or out[0] != "":
        return None
    return out


def _query(parts: list[Part]) -> list[tuple[str, str | None]]:
    pairs: list[list[Part]] = [[]]
    for p in parts:
        if isinstance(p, Hole):
            pairs[-1].append(p)
            continue
        pieces = p.split("&")
        pairs[-1].append(pieces[0])
        for piece in pieces[1:]:
            pairs.append([piece])
    out: list[tuple[str, str | None]] = []
    for pair in pairs:
        pair = [x for x in pair if x != ""]
        if not pair or not isinstance(pair[0], str):
            continue  # a query built at runtime, or a name not known: nothing to add
        first = pair[0]
        if "=" in first:
            name, _, value = first.partition("=")
            rest = [value] + pair[1:] if value else pair[1:]
        else:
            if len(pair) > 1:
                continue  # 'na' + $me: the name itself is not known
            name, rest = first, None
        if not name or "#" in name:
            continue
        if rest is None:
            out.append((name, None))
            continue
        holes = [x for x in rest if isinstance(x, Hole)]
        if holes:
            out.append((name, "{" + holes[0].name + "}"))
        else:
            out.append((name, "".join(x for x in rest if isinstance(x, str))))
    return out


def is_xentral(url: Url, actions_lower: dict[str, str], roots: frozenset[str], hinted: bool) -> bool:
    """Whether the URL is a Xentral API call (a malformed one included: ``/api//v1/…``, a trailing slash).

    ``hinted``: the value mentions Xentral (a host like ``acme.xentral.biz``, a setting ``XENTRAL_URL``).
    """
    segs = list(url.segments[1:])
    if segs and segs[0].lower() == "www":
        segs = segs[1:]
    host_foreign = url.host is not None and "xentral" not in url.host.lower() and "{" not in url.host and not hinted
    if not segs:
        return False
    if segs[0] == "index.php" or (segs[0] == "api" and len(segs) > 1 and segs[1] == "index.php"):
        qd = dict(url.query)
        if len(segs) > 2 if segs[0] == "api" else len(segs) > 1:
            rest = segs[2:] if segs[0] == "api" else segs[1:]
            return bool(rest) and _VERSION.fullmatch(rest[0]) is not None and len(rest) > 1 and _is_literal(rest[1])
        action = qd.get("action")
        if qd.get("module") == "api" and action and _is_literal(action):
            return not host_foreign or action.lower() in actions_lower
        path = qd.get("path")
        return bool(path) and path.startswith("/v")
    if segs[0] == "api":
        rest = segs[1:]
        while rest and rest[0] == "":
            rest = rest[1:]  # ('/api//v1/…' is malformed, but it is a Xentral call)
        if not rest or not _is_literal(rest[0]):
            return False
        head = rest[0]
        if _VERSION.fullmatch(head):
            rest = [head] + [r for r in rest[1:2] if r] + rest[2:] if len(rest) > 1 and rest[1] else \
                [head] + [r for r in rest[1:] if r][:1]  # ('/api/v1//adressen' too: malformed, still a call)
            if len(rest) < 2 or not _is_literal(rest[1]) or not rest[1]:
                return False
            return not host_foreign or f"{head}/{rest[1]}" in roots
        if head in UNVERSIONED_ROOTS:
            return True
        if head.lower() in actions_lower and len(rest) == 1:
            return True
        # the historic unversioned form (/api/deliveryNotes, XENTRAL-FACTS §URL forms) only where the value says
        # Xentral: a project's own backend has /api/invoices too
        xentral_host = url.host is not None and "xentral" in url.host.lower()
        return f"v1/{head}" in roots and (hinted or xentral_host)
    if _VERSION.fullmatch(segs[0]):
        if len(segs) < 2 or not _is_literal(segs[1]) or not segs[1]:
            return False
        known = f"{segs[0]}/{segs[1]}" in roots
        return known and not host_foreign or (hinted and url.host is None)
    if segs[0] in UNVERSIONED_ROOTS and len(segs) > 1:
        return not host_foreign
    return False


def _is_literal(segment: str) -> bool:
    return not segment.startswith("{")
