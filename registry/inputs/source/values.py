"""The values the tracker follows through a program: strings with stand-ins, maps, clients, requests.

A string value is a tuple of parts, each a literal ``str`` or a ``Hole`` (a value not known in the code:
a runtime id, a user setting, a parameter of the function being read)::

    $this->url . '/adressen/' . $id      with $this->url = $host . '/api/v1'
    →  (Hole('host'), '/api/v1/adressen/', Hole('id'))

An expression evaluates to a tuple of *alternatives* (``Vals``): ``'a' if x else 'b'``, a variable set in
each case of a ``switch``, or the values of a literal array a loop walks through each give one more.
Alternatives are capped (``MAX_ALTERNATIVES``) so a long chain of choices cannot explode.

Besides strings: ``MapV`` (object, dict and array literals), ``ClientV`` (an HTTP client with its base URL
and auth), ``ReqV`` (a request being built: a curl handle, a request builder), ``InstV``/``ClassV``
(an instance of, or the class itself, of a class of the project), ``FuncV`` (a function value),
``ModuleV`` (an imported module) and ``AuthV`` (an auth object such as ``HTTPDigestAuth(u, p)``).
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Union

MAX_ALTERNATIVES = 24


@dataclass(frozen=True, slots=True)
class Hole:
    """A value not known in the code; ``name`` is what the stand-in segment is called (``{id}``).

    ``param`` is set while a function is read on its own: ``(function key, position)`` of the parameter
    it stands for, so a call of the function can put its argument in. ``query`` marks a query string
    built at runtime (``http_build_query(…)``, ``URLSearchParams``): it adds nothing to the path.
    """

    name: str
    param: tuple[str, int] | None = None
    query: bool = False
    lstrip: str = ""  # characters the code strips from the value's start (``path.lstrip('/')``), once known
    rstrip: str = ""


Part = Union[str, Hole]
Str = tuple[Part, ...]


@dataclass(frozen=True, slots=True)
class Auth:
    """An auth the code sets up: ``kind`` is digest | bearer | basic | hash; ``where`` is ``file:line``."""

    kind: str
    where: str
    weak: bool = False  # only a user and password (curl's CURLOPT_USERPWD): basic unless something says more


@dataclass(slots=True)
class MapV:
    """An object/dict/array literal: ``items`` in order, list items under their position."""

    items: list[tuple[Any, Vals]]

    def get(self, key: Any) -> Vals | None:
        for k, v in self.items:
            if k == key:
                return v
        return None

    def get_ci(self, *keys: str) -> Vals | None:
        """The value under the first of ``keys`` present, compared case-insensitively."""
        wanted = [k.lower() for k in keys]
        for want in wanted:
            for k, v in self.items:
                if isinstance(k, str) and k.lower() == want:
                    return v
        return None

    def values(self) -> Vals:
        out: list[Any] = []
        for _, v in self.items:
            out.extend(v)
        return cap(out)

    def keys(self) -> Vals:
        return cap([(str(k),) for k, _ in self.items])


@dataclass(slots=True)
class ClientV:
    """An HTTP client (or a configured request factory): library, base URL, how paths join it, auth."""

    lib: str
    base: Vals | None = None
    join: str = "concat"  # concat (axios, Laravel, httpx, resty…) | rfc (Guzzle, Symfony, .NET, Java URI.resolve)
    auth: Auth | None = None
    method: str | None = None  # a request factory that already knows its method (WebClient.get())

    def but(self, **changes: Any) -> ClientV:
        data = {"lib": self.lib, "base": self.base, "join": self.join, "auth": self.auth, "method": self.method}
        data.update(changes)
        return ClientV(**data)


@dataclass(slots=True, eq=False)
class ReqV:
    """A request being built (curl handle, request builder, ``HttpRequestMessage``); sent or emitted once."""

    lib: str
    url: Vals | None = None
    line: int = 0
    method: Vals | None = None
    auth: Auth | None = None
    base: Vals | None = None
    join: str = "concat"
    done: bool = False
    owner: int = 0  # id of the frame that made it (emitted when that frame ends, if not sent before)
    post_data: bool = False  # (curl: CURLOPT_POSTFIELDS makes it a POST unless a method is set)
    explicit_method: bool = False


@dataclass(frozen=True, slots=True)
class InstV:
    """An instance of a class of the project (by its name)."""

    cls: str


@dataclass(frozen=True, slots=True)
class ClassV:
    """A class of the project itself (``Routes::ORDERS``, ``Config.BASE``)."""

    cls: str


@dataclass(frozen=True, slots=True)
class ModuleV:
    """A module of the project imported as a whole (``import config``, ``import * as cfg``)."""

    path: str


@dataclass(slots=True, eq=False)
class FuncV:
    """A function value: a project function (``key``) or a closure (``node`` with its defining frame)."""

    key: str | None = None
    node: Any = None
    frame: Any = None
    bound: Any = None  # the instance a method was taken from


@dataclass(frozen=True, slots=True)
class AuthV:
    """An auth object: ``HTTPDigestAuth(u, p)``, ``new DigestAuthenticator(…)``, ``Credentials.basic(…)``."""

    auth: Auth


@dataclass(frozen=True, slots=True)
class LitV:
    """A non-string constant the call table looks at: a method enum (``HttpMethod.Put``), ``true``, ``CURLAUTH_DIGEST``."""

    name: str


Value = Union[Str, MapV, ClientV, ReqV, InstV, ClassV, ModuleV, FuncV, AuthV, LitV]
Vals = tuple[Value, ...]

EMPTY: Vals = ()


def hole(name: str, **kw: Any) -> Vals:
    return ((Hole(_hole_name(name), **kw),),)


def lit(text: str) -> Vals:
    return ((text,),)


def _hole_name(name: str) -> str:
    name = name.rsplit(".", 1)[-1].rsplit("->", 1)[-1].lstrip("$")
    name = re.sub(r"[^A-Za-z0-9_]", "", name)
    return name or "value"


def cap(values: Iterable[Value]) -> Vals:
    """Alternatives without duplicates, at most ``MAX_ALTERNATIVES``."""
    if type(values) is tuple and len(values) <= 1:  # (the common case: one value, nothing to check)
        return values  # type: ignore[return-value]
    out: list[Value] = []
    seen: set[Any] = set()
    for v in values:
        key: Any = v if isinstance(v, tuple) else id(v)
        if isinstance(v, (InstV, ClassV, ModuleV, LitV, AuthV)):
            key = v
        if key in seen:
            continue
        seen.add(key)
        out.append(v)
        if len(out) >= MAX_ALTERNATIVES:
            break
    return tuple(out)


def union(*groups: Vals) -> Vals:
    return cap(itertools.chain.from_iterable(groups))


def norm(parts: Iterable[Part]) -> Str:
    """Adjacent literals merged, empty literals dropped."""
    out: list[Part] = []
    for p in parts:
        if isinstance(p, str):
            if not p:
                continue
            if out and isinstance(out[-1], str):
                out[-1] = out[-1] + p
                continue
        out.append(p)
    return tuple(out)


def strings(vals: Vals) -> list[Str]:
    """The string alternatives of ``vals``; any other value stands as a hole."""
    out: list[Str] = []
    for v in vals:
        if isinstance(v, tuple):
            out.append(v)
        elif isinstance(v, LitV):
            out.append((Hole(_hole_name(v.name)),))
        else:
            out.append((Hole("value"),))
    return out


def concat(groups: list[Vals]) -> Vals:
    """Every combination of the alternatives of each part, joined in order (capped)."""
    combos: list[Str] = [()]
    for g in groups:
        options = strings(g) if g else [(Hole("value"),)]
        nxt: list[Str] = []
        for base in combos:
            for opt in options:
                nxt.append(norm(base + opt))
                if len(nxt) >= MAX_ALTERNATIVES:
                    break
            if len(nxt) >= MAX_ALTERNATIVES:
                break
        combos = nxt
    return cap(combos)


def literal(vals: Vals) -> str | None:
    """The one literal text of ``vals``, or None when it is not a single fully known string."""
    if len(vals) != 1 or not isinstance(vals[0], tuple):
        return None
    v = vals[0]
    if not v:
        return ""
    if len(v) == 1 and isinstance(v[0], str):
        return v[0]
    return None


def literals(vals: Vals) -> list[str] | None:
    """All alternatives as literal texts, or None when any is not fully known."""
    out = []
    for v in vals:
        if not isinstance(v, tuple) or any(not isinstance(p, str) for p in v):
            return None
        out.append("".join(v))  # type: ignore[arg-type]
    return out


def first_hole(vals: Vals) -> Hole | None:
    for v in vals:
        if isinstance(v, tuple):
            for p in v:
                if isinstance(p, Hole):
                    return p
    return None


def text_of(s: Str) -> str:
    """A string value as readable text: holes as ``{name}``."""
    return "".join(p if isinstance(p, str) else "{" + p.name + "}" for p in s)


def map_str(vals: Vals, fn: Any) -> Vals:
    """Apply ``fn`` (Str -> Str) to every string alternative; others pass unchanged."""
    return cap(fn(v) if isinstance(v, tuple) else v for v in vals)


def strip_end(s: Str, chars: str) -> Str:
    if s and isinstance(s[-1], str):
        return norm(s[:-1] + (s[-1].rstrip(chars),))
    if s and isinstance(s[-1], Hole):
        h = s[-1]
        return s[:-1] + (Hole(h.name, h.param, h.query, h.lstrip, h.rstrip + chars),)
    return s


def strip_start(s: Str, chars: str) -> Str:
    if s and isinstance(s[0], str):
        return norm((s[0].lstrip(chars),) + s[1:])
    if s and isinstance(s[0], Hole):
        h = s[0]
        return (Hole(h.name, h.param, h.query, h.lstrip + chars, h.rstrip),) + s[1:]
    return s


def params_in(vals: Vals) -> set[tuple[str, int]]:
    """The parameters (of functions being read on their own) these values still depend on."""
    out: set[tuple[str, int]] = set()
    for v in vals:
        _params_of(v, out, 0)
    return out


def _params_of(v: Any, out: set[tuple[str, int]], depth: int) -> None:
    if depth > 4:
        return
    if isinstance(v, tuple):
        for p in v:
            if isinstance(p, Hole) and p.param is not None:
                out.add(p.param)
    elif isinstance(v, MapV):
        for _, vals in v.items:
            for x in vals:
                _params_of(x, out, depth + 1)
    elif isinstance(v, ReqV):
        for vals in (v.url, v.method, v.base):
            for x in vals or ():
                _params_of(x, out, depth + 1)
    elif isinstance(v, ClientV):
        for x in v.base or ():
            _params_of(x, out, depth + 1)


@dataclass
class Binding:
    """What a function's parameters are bound to at one call: argument values by position."""

    values: dict[int, Vals] = field(default_factory=dict)
    names: dict[str, int] = field(default_factory=dict)


def substitute(vals: Vals, key: str, args: dict[int, Vals], depth: int = 0, keep: bool = False) -> Vals:
    """``vals`` with the holes of ``key``'s parameters replaced by the call's argument values (a parameter
    without one becomes a plain stand-in, or stays a parameter with ``keep``)."""
    if depth > 4:
        return vals
    out: list[Value] = []
    for v in vals:
        if isinstance(v, tuple):
            if not any(isinstance(p, Hole) and p.param is not None and p.param[0] == key for p in v):
                out.append(v)
                continue
            groups: list[Vals] = []
            for p in v:
                if isinstance(p, Hole) and p.param is not None and p.param[0] == key:
                    arg = args.get(p.param[1])
                    if arg and (p.lstrip or p.rstrip):
                        arg = map_str(arg, lambda x, h=p: strip_end(strip_start(x, h.lstrip), h.rstrip)
                                      if h.lstrip and h.rstrip else strip_start(x, h.lstrip) if h.lstrip else strip_end(x, h.rstrip))
                    groups.append(arg if arg else ((p if keep else Hole(p.name, None, p.query),),))
                else:
                    groups.append(((p,),))
            for combo in concat(groups):
                out.append(combo)
        elif isinstance(v, MapV):
            out.append(MapV([(k, substitute(x, key, args, depth + 1)) for k, x in v.items]))
        elif isinstance(v, ReqV):
            r = ReqV(v.lib, substitute(v.url, key, args, depth + 1) if v.url else v.url, v.line,
                     substitute(v.method, key, args, depth + 1) if v.method else v.method, v.auth,
                     substitute(v.base, key, args, depth + 1) if v.base else v.base, v.join, v.done, v.owner,
                     v.post_data, v.explicit_method)
            out.append(r)
        elif isinstance(v, ClientV):
            out.append(v.but(base=substitute(v.base, key, args, depth + 1)) if v.base else v)
        elif isinstance(v, Hole):  # (never: holes live inside strings)
            out.append(v)
        else:
            out.append(v)
    return cap(out)
