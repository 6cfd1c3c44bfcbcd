"""Find the Xentral calls of a whole project: follow values to the HTTP client calls that send them.

    rows = Analyzer(modules, vocabulary).run()      # modules: ``ir.Module`` per parsed file

How it reads a project:

- Every module's top-level code, every class (its fields, then its constructor: the property values
  every method sees) and every function and method is run once per round over the values of
  ``values``: statements in order, both sides of an ``if`` merged, a ``switch`` case per value, a loop
  over a literal list once per item.
- A parameter is a stand-in that remembers whose parameter it is. When a request's path *is* a
  parameter (``$this->base . $path``, ``"/api/" + action``) or its method is one, the function is a
  helper: its requests are kept as a template (``Summary``), and each call of the helper sends them with
  the call's arguments, at the call's line. A parameter elsewhere (``'/adressen/' . $id``) is a call
  of its own with the stand-in ``{id}``. What a function returns is kept the same way, so a function
  that builds a URL or a configured client (``$this->http()->get(…)``) is followed too.
- The values objects of the project are built with (``new Documents($this->client, …)``, Go struct
  literals) reach the class the next round; rounds repeat until nothing new is learned (at most
  ``MAX_ROUNDS``), then a last round reports the calls.
- Auth: the client or request the call goes through, else the one kind the call's class, else its
  file, else the project sets up; a ``hash=`` parameter is the Standard API hash.
"""
from __future__ import annotations

import itertools
import os
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from registry.inputs.source import clients
from registry.inputs.source.ir import (
    Assign, Attr, Branches, Call, ClassDef, Concat, Cond, Expr, ExprStmt, Fmt, Func, FuncDef, Import, Index, Lit,
    Loop, Module, Name, New, Num, Obj, Param, Return, Stmt, Switch, Unknown,
)
from registry.inputs.source.urls import build, is_xentral, param_in_path_position
from registry.inputs.source.values import (
    Auth, AuthV, ClassV, ClientV, FuncV, Hole, InstV, LitV, MapV, ModuleV, ReqV, Str, Vals, cap, concat, hole, lit,
    literal, norm, params_in, strings, substitute, union,
)

MAX_ROUNDS = 4
_CTOR_NAMES = frozenset({"__construct", "constructor", "__init__"})
# declared types that are HTTP clients (a property or parameter of that type is one)
_CLIENT_TYPES = {
    "ClientInterface": ("guzzle", "rfc"), "GuzzleClient": ("guzzle", "rfc"), "HttpClientInterface": ("symfony", "rfc"),
    "PendingRequest": ("laravel", "concat"), "AxiosInstance": ("axios", "concat"), "AxiosStatic": ("axios", "concat"),
    "Got": ("got", "concat"), "Session": ("python", "concat"), "AsyncClient": ("python", "concat"),
    "ClientSession": ("python", "concat"), "RestTemplate": ("resttemplate", "concat"), "WebClient": ("webclient", "concat"),
    "OkHttpClient": ("okhttp", "concat"), "RestClient": ("restsharp", "concat"), "IRestClient": ("restsharp", "concat"),
    "RestTemplateBuilder": ("resttemplate", "concat"), "Builder": ("webclient", "concat"),
    "IHttpClientFactory": ("dotnet", "rfc"), "RestClientBuilder": ("restclient", "concat"), "RestClient.Builder": ("restclient", "concat"),
    "HttpClient": ("dotnet", "rfc"), "http.Client": ("go", "concat"), "resty.Client": ("resty", "concat"),
    "resty.Request": ("resty", "concat"), "requests.Session": ("python", "concat"), "httpx.Client": ("python", "concat"),
    "httpx.AsyncClient": ("python", "concat"), "aiohttp.ClientSession": ("python", "concat"),
}


@dataclass
class Row:
    """One call found: where, method (upper case or ``UNKNOWN``), the URL as the report shows it, the auth."""

    path: str
    line: int
    method: str
    url: str
    auth: Auth | None


@dataclass
class Send:
    """A request a helper sends, in terms of its parameters; ``ctx`` is the (file, class) it is sent from."""

    url: Str
    method: Vals | None
    auth: Auth | None
    ctx: tuple[str, str]
    line: int


@dataclass
class Summary:
    sends: list[Send] = field(default_factory=list)
    returns: Vals = ()


class ModInfo:
    def __init__(self, mod: Module, index: int) -> None:
        self.mod = mod
        self.path = mod.path
        self.lang = mod.lang
        self.dir = posixpath.dirname(mod.path.split("#", 1)[0])
        self.stem = os.path.splitext(posixpath.basename(mod.path.split("#", 1)[0]))[0]
        self.index = index
        self.imports: dict[str, tuple[str, str]] = {}
        self.functions: dict[str, FuncInfo] = {}
        self.classes: dict[str, ClassInfo] = {}
        self.env: dict[str, Vals] = {}
        self.frame: Frame | None = None
        self.round = -1


class ClassInfo:
    def __init__(self, node: ClassDef, mi: ModInfo) -> None:
        self.name = node.name
        self.node = node
        self.mi = mi
        self.bases = node.bases
        self.methods: dict[str, FuncInfo] = {}
        self.props: dict[str, Vals] = {}
        self.late: dict[str, Vals] = {}
        self.types: dict[str, str] = {}
        self.fields = {m.target.name for m in node.members
                       if isinstance(m, Assign) and isinstance(m.target, Attr) and isinstance(m.target.obj, Name)}
        self.round = -1
        self.running = False


class FuncInfo:
    def __init__(self, node: FuncDef, mi: ModInfo, ci: ClassInfo | None) -> None:
        self.node = node
        self.mi = mi
        self.ci = ci
        self.name = node.name
        owner = ci.name + "." if ci else ""
        self.key = f"{mi.path}:{node.line}:{owner}{node.name}"


class Frame:
    _ids = itertools.count(1)

    def __init__(self, an: Analyzer, mi: ModInfo, ci: ClassInfo | None, fi: FuncInfo | None, parent: Frame | None,
                 *, init: bool = False, key: str | None = None) -> None:
        self.an = an
        self.mi = mi
        self.ci = ci
        self.fi = fi
        self.key = key
        self.parent = parent
        self.env: dict[str, Vals] = {}
        self.this: dict[str, Vals] = ci.props if (init and ci is not None) else {}
        self.init = init
        self.reqs: list[ReqV] = []
        self.returns: list[Vals] = []
        self.deferred: list[FuncInfo] = []
        self.id = next(Frame._ids)

    @property
    def ctx(self) -> tuple[str, str]:
        return (self.mi.path, self.ci.name if self.ci else "")


class Analyzer:
    """Reads a set of modules (one project) and reports its Xentral calls (``run``)."""

    def __init__(self, modules: list[Module], actions: Iterable[str], roots: frozenset[str]) -> None:
        self.mods = [ModInfo(m, i) for i, m in enumerate(modules)]
        self.actions_lower = {a.lower(): a for a in actions}
        self.roots = roots
        self.by_path = {m.path: m for m in self.mods}
        self.classes: dict[str, list[ClassInfo]] = {}
        self.global_funcs: dict[str, list[FuncInfo]] = {}
        self.methods_by_name: dict[str, list[FuncInfo]] = {}
        self.func_by_key: dict[str, FuncInfo] = {}
        self.funcs: list[FuncInfo] = []
        self.defines: dict[str, list[ModInfo]] = {}  # PHP global constants → modules that define them
        self.consts: dict[str, Vals] = {}
        self.summaries: dict[str, Summary] = {}
        self.next_summaries: dict[str, Summary] = {}
        self.ctor_args: dict[str, dict[Any, Vals]] = {}
        self.param_objs: dict[str, dict[int, Vals]] = {}
        self.choices: dict[str, dict[int, Vals]] = {}  # parameters typed with a union of literals
        self.next_ctor_args: dict[str, dict[Any, Vals]] = {}
        self.next_param_objs: dict[str, dict[int, Vals]] = {}
        self.class_ev: dict[tuple[str, str], dict[str, Auth]] = {}
        self.file_ev: dict[str, dict[str, Auth]] = {}
        self.proj_ev: dict[str, Auth] = {}
        self.rows: dict[tuple[str, int, str, str], Row] = {}
        self._relevance: dict[int, bool] = {}
        self.problems: list[str] = []  # units the tracker could not follow ("src/a.ts:12: f: not followed (…)")
        self._project_names: set[str] | None = None
        self.emitting = False
        self.applied: set[str] = set()
        self.next_applied: set[str] = set()
        self.round = 0
        self._index()

    # -- indexing ------------------------------------------------------------------------------
    def _index(self) -> None:
        for mi in self.mods:
            for st in mi.mod.body:
                self._index_stmt(st, mi)
        for mi in self.mods:  # Go methods: attach to the receiver's type
            for st in mi.mod.body:
                if isinstance(st, FuncDef) and st.receiver:
                    ci = self._class_named(st.receiver, mi)
                    if ci is None:
                        ci = ClassInfo(ClassDef(st.receiver, (), (), st.line), mi)
                        mi.classes[ci.name] = ci
                        self.classes.setdefault(ci.name, []).append(ci)
                    fi = FuncInfo(st, mi, ci)
                    ci.methods[st.name] = fi
                    self._add_func(fi, method=True)

    def _index_stmt(self, st: Stmt, mi: ModInfo) -> None:
        if isinstance(st, Import):
            for name, local in st.names:
                mi.imports[local] = (st.source, name)
        elif isinstance(st, FuncDef) and not st.receiver:
            fi = FuncInfo(st, mi, None)
            mi.functions[st.name] = fi
            self.global_funcs.setdefault(st.name, []).append(fi)
            self._add_func(fi)
        elif isinstance(st, ClassDef):
            ci = ClassInfo(st, mi)
            mi.classes[st.name] = ci
            self.classes.setdefault(st.name, []).append(ci)
            for m in st.members:
                if isinstance(m, FuncDef):
                    fi = FuncInfo(m, mi, ci)
                    ci.methods[m.name] = fi
                    self._add_func(fi, method=True)
                elif isinstance(m, Assign) and isinstance(m.target, Attr) and isinstance(m.value, Unknown) \
                        and m.value.hint.startswith("type:"):
                    ci.types[m.target.name] = m.value.hint[5:]
        elif isinstance(st, Assign) and isinstance(st.target, Name) and mi.lang == "php" and not st.target.name.startswith("$"):
            self.defines.setdefault(st.target.name, []).append(mi)
        elif isinstance(st, Branches):
            for b in st.branches:
                for s in b:
                    self._index_stmt(s, mi)

    def _add_func(self, fi: FuncInfo, method: bool = False) -> None:
        self.func_by_key[fi.key] = fi
        if method:
            self.methods_by_name.setdefault(fi.name, []).append(fi)
        if not (method and fi.node.kind == "constructor") and not (fi.ci and fi.name in _CTOR_NAMES):
            self.funcs.append(fi)

    def _class_named(self, name: str, mi: ModInfo | None = None) -> ClassInfo | None:
        short = name.rsplit(".", 1)[-1].rsplit("\\", 1)[-1].lstrip("*&")
        found = self.classes.get(short)
        if not found:
            return None
        if mi is not None:
            for ci in found:
                if ci.mi is mi:
                    return ci
            for ci in found:
                if ci.mi.dir == mi.dir:
                    return ci
        return found[0]

    # -- rounds --------------------------------------------------------------------------------
    def run(self) -> list[Row]:
        """Every call found, sorted by file and line."""
        for r in range(MAX_ROUNDS + 1):
            self.rows = {}
            self._round(r, emit=True)
            if r == MAX_ROUNDS:
                break
            changed = (_sig_summaries(self.next_summaries) != _sig_summaries(self.summaries)
                       or _sig_bind(self.next_ctor_args) != _sig_bind(self.ctor_args)
                       or _sig_bind(self.next_param_objs) != _sig_bind(self.param_objs))
            self.summaries = self.next_summaries
            self.ctor_args = self.next_ctor_args
            self.param_objs = self.next_param_objs
            if not changed and r > 0:
                break  # (this round read with what it learned itself: its calls are the answer)
        return sorted(self.rows.values(), key=lambda x: (x.path, x.line, x.method, x.url))

    def _round(self, r: int, emit: bool) -> None:
        self.round = r
        self.emitting = emit
        self.next_summaries = {}
        self.next_ctor_args = {}
        self.next_param_objs = {}
        self.applied, self.next_applied = self.next_applied, set()
        for mi in self.mods:
            self.run_module(mi)
        for fi in list(self.funcs):
            self.analyze(fi)
        for cls_list in list(self.classes.values()):
            for ci in cls_list:
                self.class_props(ci)
        if emit:  # a helper nobody in the project calls: its requests where it sends them, as far as known
            for key, summ in self.next_summaries.items():
                if key in self.applied or key not in self.func_by_key:
                    continue
                for s in summ.sends:
                    m = s.method[0] if s.method else None
                    self._emit(s.ctx[0], s.url, m, s.auth, s.line, s.ctx)

    def run_module(self, mi: ModInfo) -> Frame:
        if mi.round == self.round and mi.frame is not None:
            return mi.frame
        mi.round = self.round
        frame = Frame(self, mi, None, None, None)
        mi.frame = frame
        mi.env = frame.env
        self._guarded(mi.path, 1, "the file's top level", lambda: (self.exec_block(mi.mod.body, frame), self.finish(frame)))
        if self.emitting:
            for method, url, line, kind in mi.mod.extra_calls:
                auth = Auth(kind, f"{mi.path}:{line}") if kind else None
                self._emit(mi.path, (url,), (method,), auth or Auth("none", ""), line, ("", ""))
        return frame

    def class_props(self, ci: ClassInfo) -> dict[str, Vals]:
        if ci.round == self.round or ci.running:
            return ci.props
        ci.running = True
        ci.round = self.round
        ci.props = {}
        ci.late = {}
        try:
            parent = self.run_module(ci.mi)
            ctor = next((f for f in ci.methods.values() if f.node.kind == "constructor" or f.name in _CTOR_NAMES), None)
            frame = Frame(self, ci.mi, ci, ctor, parent, init=True, key=None)
            for name, vals in self.ctor_args.get(ci.name, {}).items():
                if isinstance(name, str) and name.startswith("."):
                    ci.props[name[1:]] = vals
            for m in ci.node.members:
                if isinstance(m, Assign):
                    self.exec_stmt(m, frame)
            if ctor is not None:
                bound = self.ctor_args.get(ci.name, {})
                for i, p in enumerate(ctor.node.params):
                    vals: Vals = bound.get(i) or bound.get(p.name.lstrip("$")) or ()
                    default = self.eval(p.default, parent) if p.default is not None else ()
                    own = self._typed(p, ci.mi) or hole(p.name)
                    frame.env[p.name] = union(vals, default, own) if (vals or default) else own
                self._guarded(ci.mi.path, ctor.node.line, f"{ci.name}.{ctor.name}",
                              lambda: self.exec_block(ctor.node.body, frame))  # type: ignore[union-attr]
            self.finish(frame)
        finally:
            ci.running = False
        return ci.props

    def analyze(self, fi: FuncInfo, parent: Frame | None = None) -> None:
        if not self._relevant(fi.node):
            return  # (nothing in it can make or send a request: no string built, no call of a client or the project)
        if parent is None:
            parent = self.run_module(fi.mi)
        if fi.ci is not None:
            self.class_props(fi.ci)
        self._guarded(fi.mi.path, fi.node.line, fi.name, lambda: self._analyze(fi, parent))  # type: ignore[arg-type]

    def _guarded(self, path: str, line: int, what: str, work: Callable[[], Any]) -> None:
        """Run one unit of reading; code the tracker cannot follow (too deep, or a case it does not handle)
        costs that unit only, named in ``problems``, never the whole scan."""
        try:
            work()
        except (RecursionError, ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
            note = f"{path}:{line}: {what}: not followed ({type(exc).__name__}); the rest is read"
            if note not in self.problems:
                self.problems.append(note)

    def _analyze(self, fi: FuncInfo, parent: Frame) -> None:
        frame = Frame(self, fi.mi, fi.ci, fi, parent, key=fi.key)
        objs = self.param_objs.get(fi.key, {})
        for i, p in enumerate(fi.node.params):
            own = self._typed(p, fi.mi) or hole(p.name, param=(fi.key, i))
            frame.env[p.name] = union(own, objs[i]) if i in objs else own
            choices = p.choices or self._alias_choices(p, frame)
            if choices:
                self.choices.setdefault(fi.key, {})[i] = tuple((c,) for c in choices)
        self.exec_block(fi.node.body, frame)
        self.finish(frame)

    def _alias_choices(self, p: Param, frame: Frame) -> tuple[str, ...]:
        """A parameter typed with a type alias of another file (``kind: DocumentKind``) that is a union of literals."""
        if not p.type or frame.mi.lang != "typescript":
            return ()
        imp = frame.mi.imports.get(p.type)
        if imp is None:
            return ()
        got = self._imported(frame.mi, imp[0], imp[1]) or ()
        for v in got:
            if isinstance(v, MapV) and v.items and all(isinstance(k, int) for k, _ in v.items):
                texts = [literal(x) for _, x in v.items]
                if all(t is not None for t in texts):
                    return tuple(t for t in texts if t is not None)
        return ()

    def _relevant(self, node: Any) -> bool:
        """Whether a function holds anything a request could come from: a URL-like or method literal, a string
        built from parts, a call of a client, of a verb or of the project's own functions, an object made."""
        key = id(node)
        got = self._relevance.get(key)
        if got is None:
            if self._project_names is None:
                self._project_names = {n.lower() for n in itertools.chain(self.global_funcs, self.methods_by_name)}
            got = self._relevance[key] = _mentions_request(node, self._project_names)
        return got

    def _typed(self, p: Param, mi: ModInfo) -> Vals | None:
        if not p.type:
            return None
        if "." in p.type and p.type in _CLIENT_TYPES:
            known = _CLIENT_TYPES[p.type]
            return (ClientV(known[0], join=known[1]),)
        if self._class_named(p.type, mi) is not None:
            return (InstV(self._class_named(p.type, mi).name),)  # type: ignore[union-attr]
        known = _CLIENT_TYPES.get(p.type)
        if known:
            return (ClientV(known[0], join=known[1]),)
        return None

    def finish(self, frame: Frame) -> None:
        for fi in frame.deferred:
            self.analyze(fi, frame)
        for req in frame.reqs:  # (built here and never sent here: a request all the same, once, where it is built)
            if not req.done:
                self.send_req(frame, req)
        if frame.fi is not None and frame.key is not None:
            s = self.next_summaries.setdefault(frame.key, Summary())
            s.returns = union(s.returns, *frame.returns)

    # -- statements ----------------------------------------------------------------------------
    def exec_block(self, stmts: Iterable[Stmt], frame: Frame) -> None:
        for st in stmts:
            self.exec_stmt(st, frame)

    def exec_stmt(self, st: Stmt, frame: Frame) -> None:
        if isinstance(st, ExprStmt):
            self.eval(st.expr, frame)
        elif isinstance(st, Assign):
            self.assign(st.target, st.value, st.op, frame)
        elif isinstance(st, Return):
            if st.expr is not None:
                frame.returns.append(self.eval(st.expr, frame))
        elif isinstance(st, Branches):
            self._branches([list(b) for b in st.branches], frame)
        elif isinstance(st, Switch):
            subject = self.eval(st.subject, frame)
            branches: list[list[Stmt]] = []
            narrow: list[tuple[str, Vals] | None] = []
            has_default = False
            for values, body in st.cases:
                branches.append(list(body))
                if not values:
                    has_default = True
                    narrow.append(None)
                elif isinstance(st.subject, Name):
                    narrow.append((st.subject.name, union(*(self.eval(v, frame) for v in values))))
                else:
                    narrow.append(None)
            if not has_default:
                branches.append([])
                narrow.append(None)
            del subject
            self._branches(branches, frame, narrow)
        elif isinstance(st, Loop):
            self._loop(st, frame)
        elif isinstance(st, FuncDef):
            fi = FuncInfo(st, frame.mi, frame.ci if frame.fi is not None else None)
            if frame.fi is None and frame.ci is None and frame.parent is None:
                fi = frame.mi.functions.get(st.name, fi)
                frame.env[st.name] = (FuncV(key=fi.key),)
                return  # (module-level: read in the function pass)
            self.func_by_key[fi.key] = fi
            frame.env[st.name] = (FuncV(key=fi.key),)
            frame.deferred.append(fi)
        elif isinstance(st, ClassDef):
            frame.env[st.name] = (ClassV(st.name),)
        elif isinstance(st, Import):
            return

    def _branches(self, branches: list[list[Stmt]], frame: Frame, narrow: list[Any] | None = None) -> None:
        before_env = dict(frame.env)
        before_this = dict(frame.this)
        results: list[tuple[dict[str, Vals], dict[str, Vals]]] = []
        for i, b in enumerate(branches):
            frame.env.clear()
            frame.env.update(before_env)
            if not frame.init:
                frame.this = dict(before_this)
            else:
                frame.this.clear()
                frame.this.update(before_this)
            if narrow and narrow[i] is not None:
                frame.env[narrow[i][0]] = narrow[i][1]
            self.exec_block(b, frame)
            if narrow and narrow[i] is not None and frame.env.get(narrow[i][0]) is narrow[i][1]:
                frame.env[narrow[i][0]] = before_env.get(narrow[i][0], narrow[i][1])
            results.append((dict(frame.env), dict(frame.this)))
        frame.env.clear()
        frame.env.update(_merge([r[0] for r in results], before_env))
        merged_this = _merge([r[1] for r in results], before_this)
        if frame.init:
            frame.this.clear()
            frame.this.update(merged_this)
        else:
            frame.this = merged_this

    def _loop(self, st: Loop, frame: Frame) -> None:
        items: Vals = ()
        keys: Vals = ()
        if st.iterable is not None:
            it = self.eval(st.iterable, frame)
            for v in it:
                if isinstance(v, MapV):
                    items = union(items, v.values())
                    keys = union(keys, v.keys())
        before = dict(frame.env)
        if st.target is not None:
            self._bind_target(st.target, items or hole(_target_name(st.target)), frame)
        if st.key is not None:
            self._bind_target(st.key, keys or hole(_target_name(st.key)), frame)
        self.exec_block(st.body, frame)
        frame.env.update(_merge([dict(frame.env)], before))

    def _bind_target(self, target: Expr, vals: Vals, frame: Frame) -> None:
        if isinstance(target, Name):
            frame.env[target.name] = vals
        elif isinstance(target, Obj):  # destructuring: [a, b] / {a, b}
            for i, (k, v) in enumerate(target.items):
                if isinstance(v, Name):
                    got: Vals = ()
                    for m in vals:
                        if isinstance(m, MapV):
                            key = literal(self.eval(k, frame)) if k is not None else None
                            got = union(got, m.get(key if key is not None else i) or ())
                    frame.env[v.name] = got or hole(v.name)
        else:
            self.assign(target, None, "=", frame, vals)

    def assign(self, target: Expr, value: Expr | None, op: str, frame: Frame, vals: Vals | None = None) -> Vals:
        if vals is None:
            vals = self.eval(value, frame) if value is not None else ()
        if op == "+=":
            old = self.eval(target, frame)
            vals = concat([old, vals]) if any(isinstance(v, tuple) for v in old) else vals
        if isinstance(target, Name) and frame.ci is not None and frame.mi.lang in ("java", "csharp") \
                and self._has_field(frame.ci, target.name) and not _local(frame, target.name):
            target = Attr(Name("this"), target.name)
        if isinstance(target, Name):
            if op == "?=" and target.name in frame.env:
                return frame.env[target.name]
            if frame.fi is None and frame.ci is None and frame.parent is None and frame.mi.lang == "php" \
                    and not target.name.startswith("$"):
                self.consts[target.name] = vals
            frame.env[target.name] = vals
        elif isinstance(target, Attr):
            obj = target.obj
            if isinstance(obj, Name) and obj.name in ("this", "self") and frame.ci is not None:
                if op == "?=" and (target.name in frame.this or target.name in frame.ci.props):
                    return vals
                frame.this[target.name] = vals
                if not frame.init:
                    frame.ci.late[target.name] = union(frame.ci.late.get(target.name, ()), vals)
                return vals
            holder = self.eval(obj, frame)
            for h in holder:
                if isinstance(h, ReqV):
                    self._set_request_field(h, target.name, vals, frame)
                elif isinstance(h, MapV):
                    h.items = [(k, v) for k, v in h.items if k != target.name] + [(target.name, vals)]
                elif isinstance(h, ClientV):
                    new = self._set_client_field(h, target.name, vals, frame)
                    if new is not h:
                        self.assign(obj, None, "=", frame, (new,))
            self._auth_from_assignment(target.name, vals, frame)
        elif isinstance(target, Index):
            holder = self.eval(target.obj, frame)
            key = literal(self.eval(target.key, frame))
            for h in holder:
                if isinstance(h, MapV) and key is not None:
                    h.items = [(k, v) for k, v in h.items if k != key] + [(key, vals)]
            if key is not None:
                self._auth_from_assignment(key, vals, frame)
        elif isinstance(target, Obj):
            self._bind_target(target, vals, frame)
        return vals

    def _auth_from_assignment(self, name: str, vals: Vals, frame: Frame) -> None:
        low = name.lower()
        for v in vals:
            if isinstance(v, AuthV):
                return
        if low in ("authorization", "auth", "credentials", "authenticator"):
            clients.auth_of_header(self, frame, vals, 0)

    def _set_request_field(self, req: ReqV, name: str, vals: Vals, frame: Frame) -> None:
        low = name.lower()
        if low in ("method",):
            req.method = clients.method_vals(vals) or hole("method")
        elif low in ("requesturi", "url", "uri", "resource"):
            req.url = vals
        elif low in ("authorization", "auth", "credentials"):
            for v in vals:
                if isinstance(v, AuthV):
                    req.auth = v.auth

    def _set_client_field(self, cv: ClientV, name: str, vals: Vals, frame: Frame) -> ClientV:
        low = name.lower()
        if low in ("baseaddress", "base_url", "baseurl", "base_uri", "prefixurl"):
            return cv.but(base=vals)
        if low in ("auth", "authenticator", "credentials", "authorization"):
            for v in vals:
                if isinstance(v, AuthV):
                    return cv.but(auth=v.auth)
            if any(isinstance(v, MapV) for v in vals):
                return cv.but(auth=self.note(frame, "basic", 0))
        return cv

    # -- expressions ---------------------------------------------------------------------------
    def eval(self, e: Expr | None, frame: Frame) -> Vals:
        if e is None:
            return hole("value")
        t = type(e)
        if t is Lit:
            return ((e.text,),) if e.text else ((),)  # type: ignore[union-attr]
        if t is Num:
            return ((e.text,),)  # type: ignore[union-attr]
        if t is Concat:
            return concat([self.eval(p, frame) for p in e.parts])  # type: ignore[union-attr]
        if t is Name:
            return self.lookup(e.name, frame)  # type: ignore[union-attr]
        if t is Attr:
            return self.attr(e, frame)  # type: ignore[arg-type]
        if t is Call:
            return self.call(e, frame)  # type: ignore[arg-type]
        if t is Index:
            return self.index(e, frame)  # type: ignore[arg-type]
        if t is Obj:
            items: list[tuple[Any, Vals]] = []
            pos = 0
            for k, v in e.items:  # type: ignore[union-attr]
                if k is None:
                    items.append((pos, self.eval(v, frame)))
                    pos += 1
                else:
                    key = self._key(k, frame)
                    val = self.eval(v, frame)
                    items.append((key, val))
                    if isinstance(key, str) and key.lower() == "authorization":  # a header the code sets up
                        clients.auth_of_header(self, frame, val, e.line)  # type: ignore[union-attr]
            return (MapV(items),)
        if t is Cond:
            return union(*(self.eval(o, frame) for o in e.options))  # type: ignore[union-attr]
        if t is New:
            return self.new(e, frame)  # type: ignore[arg-type]
        if t is Fmt:
            return self.fmt(e, frame)  # type: ignore[arg-type]
        if t is Func:
            return self.closure(e, frame)  # type: ignore[arg-type]
        if t is Unknown:
            for inner in e.inner:  # type: ignore[union-attr]
                self.eval(inner, frame)
            return hole(e.hint)  # type: ignore[union-attr]
        return hole("value")

    def _key(self, k: Expr, frame: Frame) -> Any:
        if isinstance(k, Lit):
            return k.text
        if isinstance(k, Num):
            try:
                return int(k.text)
            except ValueError:
                return k.text
        if isinstance(k, Name):
            v = self.lookup(k.name, frame)
            text = literal(v)
            if text is not None:
                return text
            return k.name
        if isinstance(k, Attr):
            v = self.attr(k, frame)
            text = literal(v)
            return text if text is not None else k.name
        return literal(self.eval(k, frame))

    def lookup(self, name: str, frame: Frame) -> Vals:
        f: Frame | None = frame
        while f is not None:
            if name in f.env:
                return f.env[name]
            f = f.parent
        if name == "this":
            if frame.ci is not None:
                return (InstV(frame.ci.name),)
            return hole("this")
        if frame.ci is not None and frame.mi.lang in ("java", "csharp"):
            if self._has_field(frame.ci, name):
                return self.this_attr(name, frame)
            fi = self._find_method(frame.ci, name)
            if fi is not None:
                return (FuncV(key=fi.key, bound=InstV(frame.ci.name)),)
        if name in ("self", "static") and frame.ci is not None:
            return (ClassV(frame.ci.name),)
        if name == "parent" and frame.ci is not None and frame.ci.bases:
            return (ClassV(frame.ci.bases[0]),)
        mi = frame.mi
        if mi.frame is not None and name in mi.env:
            return mi.env[name]
        if name in mi.functions:
            return (FuncV(key=mi.functions[name].key),)
        if name in mi.classes:
            return (ClassV(name),)
        imp = mi.imports.get(name)
        if imp is not None:
            got = self._imported(mi, imp[0], imp[1])
            if got is not None:
                return got
        if mi.lang == "php":
            if name in self.consts:
                return self.consts[name]
            for other in self.defines.get(name, ()):
                if other.round != self.round:
                    self.run_module(other)
            if name in self.consts:
                return self.consts[name]
        shared = mi.lang == "go" or mi.path.endswith(".gs")
        if shared:  # Go: a package is its folder; Apps Script: every .gs file shares one global scope
            for other in self.mods:
                if other is mi or other.lang != mi.lang:
                    continue
                if (mi.lang == "go" and other.dir == mi.dir) or (mi.lang != "go" and other.path.endswith(".gs")):
                    env = self.run_module(other).env
                    if name in env:
                        return env[name]
                    if name in other.functions:
                        return (FuncV(key=other.functions[name].key),)
        if name in self.classes:
            return (ClassV(name),)
        funcs = self.global_funcs.get(name)
        if funcs and (mi.lang in ("php", "go") or len(funcs) == 1):
            return (FuncV(key=funcs[0].key),)
        if name in ("true", "false", "null", "None", "True", "False", "nil", "undefined"):
            return (LitV(name.lower()),)
        if name.startswith("$"):
            return hole(name)
        return (LitV(name),)

    def _imported(self, mi: ModInfo, source: str, name: str) -> Vals | None:
        target = self.resolve_module(mi, source)
        if target is None:
            if name != "*" and name in self.classes:
                return (ClassV(name),)
            return None
        if name == "*":
            return (ModuleV(target.path),)
        env = self.run_module(target).env
        if name in env:
            return env[name]
        if name in target.functions:
            return (FuncV(key=target.functions[name].key),)
        if name in target.classes:
            return (ClassV(name),)
        if name == "default" and "module.exports" in env:
            return env["module.exports"]
        for ci in target.classes.values():  # Java: import static com.acme.Config.BASE
            if name in self.class_props(ci):
                return ci.props[name]
            if ci.name == target.stem and mi.lang == "java":
                return (ClassV(ci.name),) if name == ci.name else None
        return None

    def resolve_module(self, mi: ModInfo, source: str) -> ModInfo | None:
        src = source.strip().strip("'\"")
        if not src:
            return None
        if mi.lang == "python":
            dots = len(src) - len(src.lstrip("."))
            rel = src.lstrip(".").replace(".", "/")
            if dots:
                base = mi.dir
                for _ in range(dots - 1):
                    base = posixpath.dirname(base)
                cands = [posixpath.join(base, rel) if rel else base]
            else:
                cands = [rel]
            for c in cands:
                for p in (c + ".py", posixpath.join(c, "__init__.py")):
                    hit = self.by_path.get(p) or self._suffix(p)
                    if hit:
                        return hit
            return None
        if src.startswith("."):
            base = posixpath.normpath(posixpath.join(mi.dir, src))
            if base.endswith((".js", ".mjs", ".cjs", ".jsx")) and base not in self.by_path:
                base = base.rsplit(".", 1)[0]  # (TypeScript imports './config.js' for './config.ts')
            for ext in ("", ".ts", ".tsx", ".js", ".mjs", ".cjs", ".jsx", ".gs", ".php", "/index.ts", "/index.js", "/index.tsx"):
                hit = self.by_path.get(base + ext)
                if hit:
                    return hit
            return None
        tail = src.lstrip("@~/").replace("\\", "/")
        for ext in (".ts", ".tsx", ".js", ".mjs", ".py", ".php", ".go", ".java", ".cs"):
            hit = self._suffix(tail + ext)
            if hit:
                return hit
        return None

    def _suffix(self, tail: str) -> ModInfo | None:
        tail = tail.lstrip("./")
        for m in self.mods:
            if m.path == tail or m.path.endswith("/" + tail):
                return m
        return None

    def this_attr(self, name: str, frame: Frame) -> Vals:
        f: Frame | None = frame
        while f is not None:
            if name in f.this:
                return f.this[name]
            if f.ci is not None and f.init:
                break
            f = f.parent
        ci = frame.ci
        if ci is None:
            return hole(name)
        return self.member(ci, name, frame)

    def member(self, ci: ClassInfo, name: str, frame: Frame, seen: int = 0) -> Vals:
        props = self.class_props(ci)
        if name in props:
            return props[name]
        if name in ci.late:
            return ci.late[name]
        if name in ci.methods:
            return (FuncV(key=ci.methods[name].key, bound=InstV(ci.name)),)
        getter = ci.methods.get(f"get_{name}")  # (a C# property with a get body)
        if getter is not None:
            return self.apply(frame, getter, [], {}, getter.node.line)
        if seen < 5:
            for b in ci.bases:
                base = self._class_named(b, ci.mi)
                if base is not None and base is not ci:
                    got = self.member(base, name, frame, seen + 1)
                    if not (len(got) == 1 and isinstance(got[0], tuple) and len(got[0]) == 1 and isinstance(got[0][0], Hole)):
                        return got
        t = ci.types.get(name)
        if t:
            typed = self._typed(Param(name, None, t), ci.mi)
            if typed:
                return typed
        return hole(name)

    def attr(self, e: Attr, frame: Frame) -> Vals:
        obj = e.obj
        if isinstance(obj, Name) and obj.name == "this" and frame.ci is not None:
            return self.this_attr(e.name, frame)
        if isinstance(obj, Name) and obj.name in ("self", "static") and frame.ci is not None and "self" not in frame.env:
            return self.this_attr(e.name, frame)
        base = self.eval(obj, frame)
        out: list[Any] = []
        for v in base:
            if isinstance(v, (InstV, ClassV)):
                ci = self._class_named(v.cls, frame.mi)
                out.extend(self.member(ci, e.name, frame) if ci else hole(e.name))
            elif isinstance(v, ModuleV):
                target = self.by_path.get(v.path)
                if target is not None:
                    env = self.run_module(target).env
                    if e.name in env:
                        out.extend(env[e.name])
                    elif e.name in target.functions:
                        out.append(FuncV(key=target.functions[e.name].key))
                    elif e.name in target.classes:
                        out.append(ClassV(e.name))
                    else:
                        out.extend(hole(e.name))
            elif isinstance(v, MapV):
                got = v.get(e.name)
                out.extend(got if got is not None else hole(e.name))
            elif isinstance(v, LitV):
                if v.name in ("process.env", "os.environ", "ENV"):
                    out.extend(hole(e.name))
                else:
                    out.append(LitV(f"{v.name}.{e.name}"))
            elif isinstance(v, (ClientV, ReqV)):
                out.append(v)
            else:
                out.extend(hole(e.name))
        return cap(out)

    def index(self, e: Index, frame: Frame) -> Vals:
        base = self.eval(e.obj, frame)
        keyv = self.eval(e.key, frame)
        key = literal(keyv)
        name = key if key is not None else _hint(e.key)
        out: list[Any] = []
        for v in base:
            if isinstance(v, MapV):
                if key is not None:
                    got = v.get(key)
                    if got is None and key.isdigit():
                        got = v.get(int(key))
                    out.extend(got if got is not None else hole(name))
                else:
                    out.extend(v.values() or hole(name))
            elif isinstance(v, LitV) and v.name in ("process.env", "os.environ", "$_ENV", "$_SERVER", "ENV"):
                out.extend(hole(name))
            else:
                out.extend(hole(name))
        return cap(out)

    def new(self, e: New, frame: Frame) -> Vals:
        args = [self.eval(a, frame) for a in e.args]
        kwargs = {k: self.eval(v, frame) for k, v in e.kwargs}
        short = e.cls.rsplit(".", 1)[-1].rsplit("\\", 1)[-1]
        if short in ("self", "static") and frame.ci is not None:
            short = frame.ci.name
        ci = self._class_named(short, frame.mi)
        imported = frame.mi.imports.get(short, ("", ""))[0]
        qualifier = e.cls.split(".", 1)[0] if "." in e.cls else ""
        if qualifier and ((qualifier in frame.mi.imports and self.resolve_module(frame.mi, frame.mi.imports[qualifier][0]) is None)
                          or (frame.mi.lang == "go" and qualifier not in frame.mi.imports)):
            ci = None  # (http.Client of Go's net/http is not the project's own Client)
            imported = frame.mi.imports.get(qualifier, (qualifier, ""))[0] + "." + short
        if ci is not None and not (imported and "\\" in imported and ci.mi.mod.package
                                   and not imported.startswith(ci.mi.mod.package)):
            return self.construct(ci, args, kwargs)
        got = clients.construct(self, frame, e.cls, args, kwargs, e.line, imported)
        if got is not None:
            return got
        return hole(short)

    def construct(self, ci: ClassInfo, args: list[Vals], kwargs: dict[str, Vals]) -> Vals:
        bound = self.next_ctor_args.setdefault(ci.name, {})
        ctor = next((f for f in ci.methods.values() if f.node.kind == "constructor" or f.name in _CTOR_NAMES), None)
        names = [p.name.lstrip("$") for p in ctor.node.params] if ctor else []
        for i, a in enumerate(args):
            bound[i] = union(bound.get(i, ()), _plain(a))
        for k, v in kwargs.items():
            if k.lstrip("$") in names:
                i = names.index(k.lstrip("$"))
                bound[i] = union(bound.get(i, ()), _plain(v))
            else:
                bound["." + k] = union(bound.get("." + k, ()), _plain(v))
        return (InstV(ci.name),)

    def fmt(self, e: Fmt, frame: Frame) -> Vals:
        templates = self.eval(e.template, frame)
        args = [self.eval(a, frame) for a in e.args]
        kwargs = {k: self.eval(v, frame) for k, v in e.kwargs}
        out: list[Any] = []
        for t in strings(templates):
            groups = _format(t, e.style, args, kwargs)
            out.extend(concat(groups))
        return cap(out)

    def closure(self, e: Func, frame: Frame, bind: dict[int, Vals] | None = None) -> Vals:
        child = Frame(self, frame.mi, frame.ci, frame.fi, frame, key=None)
        child.this = frame.this
        for i, p in enumerate(e.params):
            child.env[p.name] = (bind or {}).get(i) or hole(p.name)
        self.exec_block(e.body, child)
        self.finish(child)
        return (FuncV(node=e, frame=frame),)

    # -- calls ---------------------------------------------------------------------------------
    def call(self, c: Call, frame: Frame) -> Vals:
        func = c.func
        if isinstance(func, Name):
            if func.name == "(assign)":
                return self.assign(c.args[0], c.args[1], "=", frame)
            if func.name == "(cast)":
                v = self.eval(c.args[0], frame)
                return clients._encoded(v, _hint(c.args[0]))
            if func.name.lower() in ("array_map",) and len(c.args) >= 2 and isinstance(c.args[0], Func):
                items = self.eval(c.args[1], frame)
                self.closure(c.args[0], frame, {0: union(*(m.values() for m in items if isinstance(m, MapV)))})
                return hole("list")
            if func.name.lower() in ("array_walk",) and len(c.args) >= 2 and isinstance(c.args[1], Func):
                items = self.eval(c.args[0], frame)
                self.closure(c.args[1], frame, {0: union(*(m.values() for m in items if isinstance(m, MapV)))})
                return hole("list")
        if isinstance(func, Attr) and func.name in ("forEach", "map", "flatMap", "each", "filter", "ForEach", "Select") \
                and c.args and isinstance(c.args[0], Func):
            items = self.eval(func.obj, frame)
            vals = union(*(m.values() for m in items if isinstance(m, MapV)))
            self.closure(c.args[0], frame, {0: vals} if vals else None)
            return hole("list")
        if isinstance(func, Attr) and func.name in ("call", "apply") and frame.mi.lang in ("javascript", "typescript") \
                and isinstance(func.obj, (Name, Attr)) and c.args:
            # f.call(thisArg, a, b) is f(a, b); f.apply(thisArg, [a, b]) too
            rest = c.args[1:]
            if func.name == "apply" and len(rest) == 1 and isinstance(rest[0], Obj):
                rest = tuple(v for _, v in rest[0].items)
            return self.call(Call(func.obj, rest, c.kwargs, c.line, c.spread), frame)
        args = [self.eval(a, frame) for a in c.args]
        kwargs = {k: self.eval(v, frame) for k, v in c.kwargs}
        has_func = any(isinstance(a, Func) for a in c.args)
        arg_names = [_hint(a) if isinstance(a, (Name, Attr, Index)) else "" for a in c.args]
        lang = frame.mi.lang
        if isinstance(func, Name):
            target = self.lookup(func.name, frame)
            fv = next((v for v in target if isinstance(v, FuncV) and v.key), None)
            if fv is not None and fv.key in self.func_by_key:
                return self.apply(frame, self.func_by_key[fv.key], args, kwargs, c.line)
            cv = next((v for v in target if isinstance(v, ClassV)), None)
            if cv is not None:
                ci = self._class_named(cv.cls, frame.mi)
                if ci is not None:
                    return self.construct(ci, args, kwargs)
            site = clients.Site(frame, c.line, func.name, None, "", args, kwargs, has_func, lang, arg_names)
            got = clients.function_call(self, site)
            if got is not None:
                return got
            if func.name[:1].isupper():
                got = clients.construct(self, frame, func.name, args, kwargs, c.line,
                                        frame.mi.imports.get(func.name, ("", ""))[0])
                if got is not None:
                    return got
            return hole(func.name)
        if isinstance(func, Attr):
            recv = self.eval(func.obj, frame)
            fi = self._method_target(func, recv, frame)
            if fi is not None:
                return self.apply(frame, fi, args, kwargs, c.line)
            site = clients.Site(frame, c.line, func.name, recv, _dotted(func.obj), args, kwargs, has_func, lang, arg_names)
            got = clients.method_call(self, site)
            if got is not None:
                return got
            helper = self._unique_helper(func.name, recv)
            if helper is not None:
                return self.apply(frame, helper, args, kwargs, c.line)
            return hole(func.name)
        self.eval(func, frame)
        return hole("value")

    def _method_target(self, func: Attr, recv: Vals, frame: Frame) -> FuncInfo | None:
        for v in recv:
            if isinstance(v, (InstV, ClassV)):
                ci = self._class_named(v.cls, frame.mi)
                fi = self._find_method(ci, func.name) if ci else None
                if fi is not None:
                    return fi
            elif isinstance(v, ModuleV):
                target = self.by_path.get(v.path)
                if target is not None and func.name in target.functions:
                    return target.functions[func.name]
            elif isinstance(v, FuncV) and v.key and func.name in ("call", "apply", "bind"):
                return self.func_by_key.get(v.key)
        return None

    def _has_field(self, ci: ClassInfo, name: str, depth: int = 0) -> bool:
        if name in ci.fields or name in ci.props:
            return True
        if depth < 5:
            for b in ci.bases:
                base = self._class_named(b, ci.mi)
                if base is not None and base is not ci and self._has_field(base, name, depth + 1):
                    return True
        return False

    def _find_method(self, ci: ClassInfo, name: str, depth: int = 0) -> FuncInfo | None:
        if name in ci.methods:
            return ci.methods[name]
        if depth < 5:
            for b in ci.bases:
                base = self._class_named(b, ci.mi)
                if base is not None and base is not ci:
                    got = self._find_method(base, name, depth + 1)
                    if got is not None:
                        return got
        return None

    def _unique_helper(self, name: str, recv: Vals) -> FuncInfo | None:
        if any(isinstance(v, (ClientV, ReqV, InstV, ClassV, ModuleV, MapV)) for v in recv):
            return None
        cands = [f for f in self.methods_by_name.get(name, ()) if self.summaries.get(f.key) and self.summaries[f.key].sends]
        if len(cands) == 1:
            return cands[0]
        return None

    def apply(self, frame: Frame, fi: FuncInfo, args: list[Vals], kwargs: dict[str, Vals], line: int) -> Vals:
        params = fi.node.params
        binding: dict[int, Vals] = {}
        for i, p in enumerate(params):
            pname = p.name.lstrip("$")
            if i < len(args):
                binding[i] = args[i]
            elif pname in kwargs or p.name in kwargs:
                binding[i] = kwargs.get(pname) or kwargs[p.name]
            elif p.default is not None:
                binding[i] = self.eval(p.default, self.run_module(fi.mi))
        objs = self.next_param_objs.setdefault(fi.key, {})
        for i, v in binding.items():
            found = tuple(x for x in v if isinstance(x, (ClientV, InstV, AuthV)))
            if found:
                objs[i] = union(objs.get(i, ()), found)
        self.next_applied.add(fi.key)
        summ = self.summaries.get(fi.key)
        if summ is None:
            return hole(fi.name)
        for s in summ.sends:
            urls = substitute((s.url,), fi.key, binding)
            method = substitute(s.method, fi.key, binding) if s.method else None
            if s.method and len(s.method) == 1 and isinstance(s.method[0], tuple) and len(s.method[0]) == 1:
                only = s.method[0][0]
                if isinstance(only, Hole) and only.param and only.param[0] == fi.key:  # the method is an argument
                    method = clients.method_vals(binding.get(only.param[1])) or hole(only.name)
            self.send(frame, urls, method, s.auth, line, ctx=s.ctx)
        if summ.returns:
            out = substitute(summ.returns, fi.key, binding)
            for v in out:
                if isinstance(v, ReqV):
                    v.done = True  # (reported where it is built, or through the helper's summary)
            return out
        return hole(fi.name)

    # -- requests ------------------------------------------------------------------------------
    def own(self, frame: Frame, req: ReqV) -> None:
        req.owner = frame.id
        frame.reqs.append(req)

    def send_req(self, frame: Frame, req: ReqV) -> None:
        if req.done:
            return
        req.done = True
        if req.url is None or not req.line:
            return
        method = clients.send_method_default(req)
        self.send(frame, req.url, method, req.auth, req.line, base=req.base, join=req.join)

    def note(self, frame: Frame, kind: str, line: int, weak: bool = False) -> Auth:
        """Record auth evidence at this place (for its class, file and the project) and return it."""
        auth = Auth(kind, f"{frame.mi.path}:{line}" if line else frame.mi.path, weak)
        tables = [self.file_ev.setdefault(frame.mi.path, {}), self.proj_ev]
        if frame.ci is not None:
            tables.append(self.class_ev.setdefault(frame.ctx, {}))
        for table in tables:
            if kind not in table or (table[kind].weak and not weak):
                table[kind] = auth
        return auth

    def send(self, frame: Frame, url: Vals | None, method: Vals | None, auth: Auth | None, line: int, *,
             base: Vals | None = None, join: str = "concat", ctx: tuple[str, str] | None = None, quiet: bool = False) -> None:
        """A request leaves here: record it for the helper it belongs to, or report it (last round)."""
        if not url:
            return
        from registry.inputs.source.urls import join as join_url

        alts = strings(url)
        if base:
            alts = [join_url(b, u, join) for b in strings(base) for u in alts][:24]
        alts = self._expand_choices(alts)
        methods: list[Any] = list(method) if method else [None]
        for u in alts:
            for m in methods:
                owner = self._helper_owner(frame, u, m)
                if owner is not None:
                    s = self.next_summaries.setdefault(owner.key, Summary())  # type: ignore[arg-type]
                    send = Send(u, (m,) if m is not None else None, auth, ctx or frame.ctx, line)
                    if not any(_same_send(send, o) for o in s.sends):
                        s.sends.append(send)
                    continue
                if self.emitting:
                    self._emit(frame.mi.path, u, m, auth, line, ctx or frame.ctx)

    def _expand_choices(self, alts: list[Str]) -> list[Str]:
        """A parameter typed with a union of literals (``kind: 'invoices' | 'creditNotes'``): one value each."""
        if not self.choices:
            return alts
        out: list[Str] = []
        for u in alts:
            keys = [k for k, _ in params_in((u,)) if k in self.choices]
            vals: Vals = (u,)
            for k in keys:
                vals = substitute(vals, k, self.choices[k], keep=True)
            out.extend(v for v in vals if isinstance(v, tuple))
        return out[:24]

    def _helper_owner(self, frame: Frame, u: Str, m: Any) -> Frame | None:
        keys = {k for k, _ in params_in(((u,) if u else ()) + ((m,) if isinstance(m, tuple) else ()))}
        if not keys:
            return None
        f: Frame | None = frame
        while f is not None:
            if f.key in keys:
                if param_in_path_position(u, f.key):
                    return f
                if isinstance(m, tuple) and any(isinstance(p, Hole) and p.param and p.param[0] == f.key for p in m):
                    return f
            f = f.parent
        return None

    def _emit(self, path: str, u: Str, m: Any, auth: Auth | None, line: int, ctx: tuple[str, str]) -> None:
        url = build(u)
        if url is None:
            return
        hinted = any(("xentral" in p.lower()) if isinstance(p, str) else ("xentral" in p.name.lower()) for p in u)
        if not is_xentral(url, self.actions_lower, self.roots, hinted):
            return
        method = "UNKNOWN"
        if isinstance(m, tuple) and len(m) == 1 and isinstance(m[0], str) and m[0].upper() in clients.METHODS:
            method = m[0].upper()
        names = {k.lower() for k, _ in url.query}
        if "hash" in names or "api_id" in names:
            auth = Auth("hash", f"{path}:{line}")
        elif auth is not None and auth.kind == "none":
            auth = None  # (a request line in a README: only what it shows)
        elif auth is None or auth.weak:
            auth = self._fallback_auth(ctx) or auth
        key = (path, line, method, url.shape)
        if key not in self.rows:
            self.rows[key] = Row(path, line, method, url.text, auth)

    def _fallback_auth(self, ctx: tuple[str, str]) -> Auth | None:
        weak: Auth | None = None
        for table in (self.class_ev.get(ctx) if ctx[1] else None, self.file_ev.get(ctx[0]), self.proj_ev):
            if not table:
                continue
            strong = [a for a in table.values() if not a.weak]
            if len(strong) == 1:
                return strong[0]
            if len(strong) > 1:
                return None
            weak = weak or next(iter(table.values()))
        return weak


# -- helpers ----------------------------------------------------------------------------------------
def _merge(envs: list[dict[str, Vals]], before: dict[str, Vals]) -> dict[str, Vals]:
    out: dict[str, Vals] = {}
    names: set[str] = set()
    for e in envs:
        names.update(e)
    for n in names:
        groups = [e[n] for e in envs if n in e]
        if any(n not in e for e in envs) and n in before:
            groups.append(before[n])
        first = groups[0]
        if len(groups) == 1 or all(g is first for g in groups):
            out[n] = first  # (every branch left it as it was: nothing to join)
        else:
            out[n] = union(*groups)
    return out


_CLIENT_WORDS = frozenset({
    "request", "send", "fetch", "execute", "do", "exchange", "retrieve", "uri", "url", "newbuilder", "newrequest",
    "newrequestwithcontext", "file_get_contents", "fopen", "urlopen", "build_opener", "open", "axios", "got", "ky",
    "needle", "superagent", "create", "extend", "createforbaseuri", "withtoken", "withbasicauth", "withdigestauth",
    "baseurl", "setbaseurl", "withheaders", "withoptions", "r", "newcall", "sendasync", "executeasync", "session",
    "client", "asyncclient", "clientsession", "httprequest", "httprequestwithauthentication", "call", "apply",
    "foreach", "map", "array_map", "array_walk", "each", "then", "sprintf", "format", "join", "implode", "urljoin",
})


def _mentions_request(node: Any, project: set[str]) -> bool:
    """Whether an ``ir`` tree holds anything a request could come from (see ``Analyzer._relevant``)."""
    from registry.inputs.source.clients import _VERB

    stack: list[Any] = [node]
    while stack:
        n = stack.pop()
        t = type(n)
        if t is tuple:
            stack.extend(n)
            continue
        if t is Lit:
            text = n.text
            if "/" in text or "?" in text or "=" in text or text.upper() in clients.METHODS or "api" in text.lower():
                return True
            continue
        if t in (Concat, Fmt, New):
            return True
        if t is Call:
            f = n.func
            name = f.name if isinstance(f, (Name, Attr)) else ""
            low = name.lower()
            if low.startswith("curl_") or low in _CLIENT_WORDS or low in project or _VERB.match(low) or name == "(assign)":
                return True
        slots = getattr(t, "__slots__", ())
        for attr in slots:
            v = getattr(n, attr, None)
            if v is not None and not isinstance(v, (str, int, bool)):
                stack.append(v)
    return False


def _local(frame: Frame, name: str) -> bool:
    f: Frame | None = frame
    while f is not None and (f.fi is not None or f.init):
        if name in f.env:
            return True
        f = f.parent
    return False


def _plain(vals: Vals) -> Vals:
    """Values with parameter marks dropped (they belong to the function that made them)."""
    out: list[Any] = []
    for v in vals:
        if isinstance(v, tuple):
            out.append(tuple(Hole(p.name, None, p.query) if isinstance(p, Hole) and p.param else p for p in v))
        else:
            out.append(v)
    return cap(out)


def _target_name(e: Expr) -> str:
    return _hint(e)


def _hint(e: Expr | None) -> str:
    if isinstance(e, Name):
        return e.name.lstrip("$")
    if isinstance(e, Attr):
        return e.name
    if isinstance(e, Index):
        if isinstance(e.key, Lit):
            return e.key.text
        return _hint(e.obj)
    if isinstance(e, Call):
        return _hint(e.args[0]) if e.args else _hint(e.func)
    if isinstance(e, Unknown):
        return e.hint
    return "value"


def _dotted(e: Expr) -> str:
    if isinstance(e, Name):
        return e.name
    if isinstance(e, Attr):
        inner = _dotted(e.obj)
        return f"{inner}.{e.name}" if inner else e.name
    if isinstance(e, Call):
        inner = _dotted(e.func)
        return inner + "()" if inner else ""
    return ""


_PRINTF = re.compile(r"%(?:(\d+)\$)?[-+ 0#']*\d*(?:\.\d+)?([sdiufFeEgGxXobcqvwT%])")
_BRACE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def _format(t: Str, style: str, args: list[Vals], kwargs: dict[str, Vals]) -> list[Vals]:
    groups: list[Vals] = []
    pos = 0
    for part in t:
        if not isinstance(part, str):
            groups.append(((part,),))
            continue
        last = 0
        rx = _PRINTF if style == "printf" else _BRACE
        for m in rx.finditer(part):
            groups.append(((part[last:m.start()],),) if m.start() > last else ((),))
            last = m.end()
            if style == "printf":
                if m.group(2) == "%":
                    groups.append((("%",),))
                    continue
                i = int(m.group(1)) - 1 if m.group(1) else pos
                if not m.group(1):
                    pos += 1
                groups.append(args[i] if i < len(args) else hole("value"))
            else:
                if m.group(0) in ("{{", "}}"):
                    groups.append(((m.group(0)[0],),))
                    continue
                spec = (m.group(1) or "").split(":", 1)[0].split("!", 1)[0].strip()
                if spec == "":
                    groups.append(args[pos] if pos < len(args) else hole("value"))
                    pos += 1
                elif spec.isdigit():
                    i = int(spec)
                    groups.append(args[i] if i < len(args) else hole("value"))
                else:
                    groups.append(kwargs.get(spec) or hole(spec))
        if last < len(part):
            groups.append(((part[last:],),))
    return groups


def _same_send(a: Send, b: Send) -> bool:
    return a.url == b.url and _sig_vals(a.method) == _sig_vals(b.method) and a.line == b.line and a.ctx == b.ctx


def _sig_vals(vals: Vals | None) -> tuple[Any, ...]:
    out = []
    for v in vals or ():
        if isinstance(v, tuple):
            out.append(v)
        elif isinstance(v, MapV):
            out.append(("map", tuple((k, _sig_vals(x)) for k, x in v.items)))
        elif isinstance(v, ClientV):
            out.append(("client", v.lib, _sig_vals(v.base), v.auth))
        elif isinstance(v, ReqV):
            out.append(("req", v.lib, _sig_vals(v.url), _sig_vals(v.method), v.line))
        else:
            out.append(repr(v) if not isinstance(v, FuncV) else ("func", v.key))
    return tuple(sorted(out, key=repr))


def _sig_summaries(s: dict[str, Summary]) -> Any:
    return sorted((k, sorted(repr((x.url, _sig_vals(x.method), x.line)) for x in v.sends), _sig_vals(v.returns))
                  for k, v in s.items())


def _sig_bind(b: dict[str, dict[Any, Vals]]) -> Any:
    return sorted((k, sorted((repr(i), _sig_vals(v)) for i, v in d.items())) for k, d in b.items())


__all__ = ["Analyzer", "Row", "Callable"]
