"""Compile one API's segment trie, for one HTTP method, into a Python function (as falcon's router does).

The matcher's general walk (``matcher._ApiTrie.find``) visits the trie node by node and also collects
what it needs to explain a miss (other methods, HEAD fallback, near misses). The hot path only needs
the first template *of the request's method* that matches, so for each ``(API, method)`` pair that a
request asks about, ``compile_walk`` writes that walk out as straight-line code and ``compile()``s it::

    def _walk(segs, n):
        if n > 1:
            f = _T3.get(segs[0])          # many literal children: one dictionary lookup
            if f is not None:
                r = f(segs, n)
                if r is not None:
                    return r
        return None

    def _f2(segs, n):                     # below /v1/adressen
        if n == 3:
            if segs[2].isdecimal():       # {id:\\d+}
                return _C4, {'id': segs[2]}
        ...

The code keeps the walk's order exactly: at each node the literal child, then the placeholder child,
then the spanning tails; at a leaf the candidates in precedence order. It answers ``(candidate,
params)`` or ``None``; ``None`` tells the matcher to ask the general walk, which explains the miss.
Two placeholder regexes get a cheaper test with the same answer on a path segment (which never
contains ``/``): ``[^/]+`` is "not empty", and ``\\d+`` is ``str.isdecimal`` (both mean "Unicode
category Nd", checked over every code point in ``tests/matching``). Any other check, and every
candidate whose placeholders share a segment with text or span segments, runs the same ``params``
function as the general walk.
"""
from __future__ import annotations

from typing import Any, Callable

#: ``walk(segs, len(segs))`` -> ``(candidate, params)`` of the first template that matches, or None.
Walk = Callable[[list[str], int], "tuple[Any, dict[str, str]] | None"]

_DISPATCH_AT = 5  # literal children from which a dictionary beats a chain of comparisons


def _no_walk(segs: list[str], n: int) -> None:
    """The walk of a method no template of the API has."""
    return None


def compile_walk(root: Any, method: str, params: Callable[..., dict[str, str] | None]) -> Walk:
    """The walk of ``root``'s trie restricted to ``method``'s candidates, as a compiled function.

    ``root`` is a trie node (``static`` dict, ``param`` child, ``leaf_methods`` and ``tail_methods``
    by method, candidates with ``checks`` and ``tail``); ``params(candidate, segs, None)`` is the
    general walk's constraint check, used for the candidates the generated code does not inline.
    """
    gen = _Generator(method, params)
    if not gen.has(root):
        return _no_walk
    body: list[str] = []
    gen.node(root, 0, "    ", body)
    source = "\n".join([*gen.defs, "def _walk(segs, n):", *body, "    return None", *gen.tables, ""])
    namespace: dict[str, Any] = dict(gen.consts)
    exec(compile(source, f"<walk {method}>", "exec"), namespace)  # noqa: S102 - our own generated source
    walk: Walk = namespace["_walk"]
    return walk


class _Generator:
    def __init__(self, method: str, params: Callable[..., Any]) -> None:
        self.method = method
        self.consts: dict[str, Any] = {"_params": params}
        self.defs: list[str] = []
        self.tables: list[str] = []
        self._has: dict[int, bool] = {}
        self.count = 0

    def name(self, prefix: str, value: Any = None) -> str:
        """A fresh global name for the generated module, bound to ``value`` unless it names a function."""
        self.count += 1
        key = f"_{prefix}{self.count}"
        if value is not None:
            self.consts[key] = value
        return key

    def has(self, node: Any) -> bool:
        """Whether any template of this method lies at or below ``node``."""
        known = self._has.get(id(node))
        if known is None:
            known = (self.method in node.leaf_methods or self.method in node.tail_methods
                     or any(self.has(c) for c in node.static.values())
                     or (node.param is not None and self.has(node.param)))
            self._has[id(node)] = known
        return known

    def node(self, node: Any, depth: int, ind: str, out: list[str]) -> None:
        """Code that returns the first hit at or below ``node`` (``depth`` segments consumed), else falls through."""
        leaves = node.leaf_methods.get(self.method, ())
        statics = [(text, child) for text, child in node.static.items() if self.has(child)]
        param = node.param if node.param is not None and self.has(node.param) else None
        tails = node.tail_methods.get(self.method, ())
        deeper = bool(statics or param or tails)
        if leaves:
            out.append(f"{ind}if n == {depth}:")
            self.candidates(leaves, ind + "    ", out)
            if deeper:
                out.append(f"{ind}else:")
        elif deeper:
            out.append(f"{ind}if n > {depth}:")
        if not deeper:
            return
        ind += "    "
        if len(statics) >= _DISPATCH_AT:
            table = {}
            for text, child in statics:
                body: list[str] = []
                self.node(child, depth + 1, "    ", body)
                fname = self.name("f")
                self.defs += [f"def {fname}(segs, n):", *body, "    return None"]
                table[text] = fname
            tname = self.name("T")
            self.tables.append(f"{tname} = {{{', '.join(f'{t!r}: {f}' for t, f in table.items())}}}")
            out += [f"{ind}f = {tname}.get(segs[{depth}])", f"{ind}if f is not None:",
                    f"{ind}    r = f(segs, n)", f"{ind}    if r is not None:", f"{ind}        return r"]
        elif statics:
            out.append(f"{ind}s = segs[{depth}]")
            for k, (text, child) in enumerate(statics):
                out.append(f"{ind}{'el' if k else ''}if s == {text!r}:")
                self.node(child, depth + 1, ind + "    ", out)
        if param is not None:
            self.node(param, depth + 1, ind, out)
        self.candidates(tails, ind, out)

    def candidates(self, cands: Any, ind: str, out: list[str]) -> None:
        """Try each candidate in order; an unconditional hit ends the list."""
        for cand in cands:
            c = self.name("C", cand)
            if cand.tail is not None or any(name is None for _p, _f, name, _n, _r in cand.checks):
                out += [f"{ind}p = _params({c}, segs, None)", f"{ind}if p is not None:", f"{ind}    return {c}, p"]
                continue
            tests = [self.test(pos, fullmatch, regex) for pos, fullmatch, _name, _n, regex in cand.checks]
            found = "{" + ", ".join(f"{name!r}: segs[{pos}]" for pos, _f, name, _n, _r in cand.checks) + "}"
            if not tests:
                out.append(f"{ind}return {c}, {found}")
                return
            out += [f"{ind}if {' and '.join(tests)}:", f"{ind}    return {c}, {found}"]

    def test(self, pos: int, fullmatch: Any, regex: str) -> str:
        if regex == "[^/]+":
            return f"segs[{pos}]"
        if regex == r"\d+":
            return f"segs[{pos}].isdecimal()"
        return f"{self.name('F', fullmatch)}(segs[{pos}])"
