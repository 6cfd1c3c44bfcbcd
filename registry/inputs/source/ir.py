"""The small language-neutral program form every language module turns its syntax tree into.

Each language module (``php``, ``js``, ``python``, ``go``, ``java``, ``csharp``) maps the tree-sitter
tree of one file to a ``Module``: statements (assignments, calls, returns, branches, loops, functions,
classes, imports) over expressions (literals, concatenations, names, member accesses, calls, object
literals). Types, comments and docstrings are left out on the way, so they can never become calls. The
value tracker (``values``) and the call finder (``analyze``) only ever see this form::

    $this->client->get($this->url . '/adressen/' . $id);      (PHP, line 58)
    →  ExprStmt(Call(Attr(Attr(Name('this'), 'client'), 'get'),
                     (Concat((Attr(Name('this'), 'url'), Lit('/adressen/'), Name('$id'))),), (), 58), 58)

Names: PHP variables keep their ``$``; ``$this``, ``this`` and a method's ``self`` are ``Name('this')``;
``self::X``/``static::X`` are ``Attr(Name('self'), 'X')``; ``Routes::X`` is ``Attr(Name('Routes'), 'X')``.
Every node is a plain slotted dataclass, so modules pickle cheaply between processes (``--jobs``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


# -- expressions ---------------------------------------------------------------------------------
@dataclass(slots=True)
class Lit:
    """A string literal's value (escapes resolved)."""

    text: str


@dataclass(slots=True)
class Num:
    """A number literal, kept as written (``1``, ``0x10``)."""

    text: str


@dataclass(slots=True)
class Concat:
    """Parts joined in order: ``a . b``, ``a + b``, template literals, interpolated strings, f-strings."""

    parts: tuple[Expr, ...]


@dataclass(slots=True)
class Name:
    """A reference to a variable, constant, function or class by its name."""

    name: str


@dataclass(slots=True)
class Attr:
    """A member: ``obj.name``, ``$obj->name``, ``Class::NAME``."""

    obj: Expr
    name: str


@dataclass(slots=True)
class Index:
    """A subscript: ``obj[key]``."""

    obj: Expr
    key: Expr


@dataclass(slots=True)
class Call:
    """A call; ``func`` is a ``Name``, an ``Attr`` (method call) or any other expression."""

    func: Expr
    args: tuple[Expr, ...]
    kwargs: tuple[tuple[str, Expr], ...]
    line: int
    spread: bool = False  # (an argument list with ``...args``: positions after it are not known)


@dataclass(slots=True)
class New:
    """Object construction: ``new Client([...])``, ``Client(...)`` of a known class, C# initialisers as ``kwargs``."""

    cls: str  # the short class name (last part of a qualified name)
    args: tuple[Expr, ...]
    kwargs: tuple[tuple[str, Expr], ...]
    line: int


@dataclass(slots=True)
class Obj:
    """An object, dict or array literal; list items have the key ``None``."""

    items: tuple[tuple[Expr | None, Expr], ...]
    line: int = 0


@dataclass(slots=True)
class Cond:
    """One of several values: a ternary, ``??``, ``?:``, ``||``, ``or``."""

    options: tuple[Expr, ...]


@dataclass(slots=True)
class Fmt:
    """A format call: ``sprintf``/``fmt.Sprintf``/``String.format`` (``printf``), ``str.format`` (``brace``),
    ``String.Format`` (``index``), Python ``%`` (``printf``)."""

    style: str
    template: Expr
    args: tuple[Expr, ...]
    kwargs: tuple[tuple[str, Expr], ...] = ()


@dataclass(slots=True)
class Func:
    """A function expression (closure, arrow function, lambda); its body is analysed where it stands."""

    params: tuple[Param, ...]
    body: tuple[Stmt, ...]
    line: int


@dataclass(slots=True)
class Unknown:
    """Anything the tracker does not follow; ``hint`` names it when it becomes a stand-in segment.

    ``inner`` keeps the expressions inside it, so a call within (``(string) $http->get(…)``) is still seen.
    """

    hint: str
    inner: tuple[Expr, ...] = ()


Expr = Union[Lit, Num, Concat, Name, Attr, Index, Call, New, Obj, Cond, Fmt, Func, Unknown]


# -- statements ----------------------------------------------------------------------------------
@dataclass(slots=True)
class Param:
    name: str
    default: Expr | None = None
    type: str | None = None  # the declared type's short name, when written
    choices: tuple[str, ...] = ()  # a union of string literals as its type ('invoices' | 'creditNotes')


@dataclass(slots=True)
class Assign:
    """``target op value`` with ``op`` one of ``=``, ``+=`` (also PHP ``.=``), ``?=`` (``??=``, ``||=``)."""

    target: Expr
    value: Expr
    op: str
    line: int


@dataclass(slots=True)
class ExprStmt:
    expr: Expr
    line: int


@dataclass(slots=True)
class Return:
    expr: Expr | None
    line: int


@dataclass(slots=True)
class Branches:
    """Alternatives of which one runs (``if``/``else``, ``try``/``catch``); a missing ``else`` is an empty branch."""

    branches: tuple[tuple[Stmt, ...], ...]


@dataclass(slots=True)
class Switch:
    """``switch``/``match``/``when``: per case its values and body; ``default`` has no values."""

    subject: Expr
    cases: tuple[tuple[tuple[Expr, ...], tuple[Stmt, ...]], ...]


@dataclass(slots=True)
class Loop:
    """A loop; ``target`` takes each item of ``iterable`` (``key`` each key) when it is a for-each."""

    target: Expr | None
    iterable: Expr | None
    body: tuple[Stmt, ...]
    key: Expr | None = None


@dataclass(slots=True)
class FuncDef:
    name: str
    params: tuple[Param, ...]
    body: tuple[Stmt, ...]
    line: int
    kind: str = "function"  # function | method | constructor
    static: bool = False
    receiver: str | None = None  # Go: the receiver type a method belongs to


@dataclass(slots=True)
class ClassDef:
    name: str
    bases: tuple[str, ...]
    members: tuple[Stmt, ...]  # FuncDefs, and Assigns to Attr(Name('this'), x) for fields and constants
    line: int


@dataclass(slots=True)
class Import:
    """``import {a as b} from './x'``, ``from .x import a``, ``require('./x')``, ``use App\\X``, Go/Java/C# imports.

    ``names`` pairs the imported name with the local one (``*`` imports the module as ``local``).
    """

    source: str
    names: tuple[tuple[str, str], ...]
    line: int


Stmt = Union[Assign, ExprStmt, Return, Branches, Switch, Loop, FuncDef, ClassDef, Import]


@dataclass(slots=True)
class Module:
    """One parsed file (or one fenced block of a Markdown file)."""

    path: str  # as shown in locations
    lang: str  # php | javascript | typescript | python | go | java | csharp
    body: tuple[Stmt, ...]
    package: str = ""  # Go/Java package, C#/PHP namespace
    errors: int = 0  # syntax errors tree-sitter recovered from
    # (method, url, line, auth) read as plain text: Markdown request lines and curl commands
    extra_calls: list[tuple[str, str, int, str | None]] = field(default_factory=list)
