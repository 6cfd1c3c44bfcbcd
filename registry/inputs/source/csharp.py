"""C# to the program form of ``ir``.

    _http.BaseAddress = new Uri($"{host}/api/");          → Assign(Attr(Name('_http'), 'BaseAddress'), New('Uri', …))
    await _http.GetAsync($"v1/salesOrders/{id}");         → Call(Attr(Name('_http'), 'GetAsync'), (Concat(…),) …)
    new HttpRequestMessage(HttpMethod.Put, url)           → New('HttpRequestMessage', (Attr(Name('HttpMethod'), 'Put'), …))

Fields, properties with an initial value and constants are class members; object initialisers
(``new HttpClient { BaseAddress = … }``) are named arguments, collection initialisers
(``new CredentialCache { { uri, "Digest", cred } }``) positional ones; ``string.Format`` and ``$"…"``
(also ``$@"…"``) are formats; ``switch`` statements and expressions are switches.
"""
from __future__ import annotations

from typing import Any

from registry.inputs.source.ir import (
    Assign, Attr, Branches, Call, ClassDef, Concat, Cond, Expr, ExprStmt, Fmt, Func, FuncDef, Import, Index, Lit, Loop,
    Module, Name, New, Num, Obj, Param, Return, Stmt, Switch, Unknown,
)
from registry.inputs.source.syntax import Converter, count_errors, parse

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0"}


def read_csharp(text: str, path: str, *, line_offset: int = 0) -> Module:
    """The program form of a C# file."""
    tree = parse("csharp", text.encode("utf-8"))
    conv = _CSharp(path, line_offset)
    body = conv.stmts(tree.root_node)
    return Module(path, "csharp", tuple(body), conv.namespace, count_errors(tree.root_node))


class _CSharp(Converter):
    def __init__(self, path: str, line_offset: int) -> None:
        super().__init__(path, line_offset)
        self.namespace = ""

    def s_compilation_unit(self, node: Any) -> list[Stmt]:
        return self.stmt_default(node)

    for _t in ("comment", "break_statement", "continue_statement", "empty_statement", "attribute_list",
               "extern_alias_directive", "delegate_declaration", "preprocessor_call", "goto_statement"):
        locals()["s_" + _t] = lambda self, node: []
    del _t

    def s_using_directive(self, node: Any) -> list[Stmt]:
        kids = [k for k in self.named(node) if k.type in ("qualified_name", "identifier")]
        if not kids:
            return []
        full = self.text(kids[-1])
        return [Import(full, (("*", full.rsplit(".", 1)[-1]),), self.line(node))]

    def s_namespace_declaration(self, node: Any) -> list[Stmt]:
        name = node.child_by_field_name("name")
        if name is not None:
            self.namespace = self.text(name)
        body = node.child_by_field_name("body")
        return self.stmt_default(body) if body is not None else []

    def s_file_scoped_namespace_declaration(self, node: Any) -> list[Stmt]:
        name = node.child_by_field_name("name")
        if name is not None:
            self.namespace = self.text(name)
        return [s for c in self.named(node) if c != name for s in self.stmts(c)]

    def s_declaration_list(self, node: Any) -> list[Stmt]:
        return self.stmt_default(node)

    def s_global_statement(self, node: Any) -> list[Stmt]:
        return self.stmt_default(node)

    def s_class_declaration(self, node: Any) -> list[Stmt]:
        name = self.text(node.child_by_field_name("name"))
        bases: list[str] = []
        members: list[Stmt] = []
        for c in self.named(node):
            if c.type == "base_list":
                bases.extend(self.text(k).split("<", 1)[0].rsplit(".", 1)[-1] for k in self.named(c))
            elif c.type == "parameter_list":  # a primary constructor
                members.append(FuncDef(name, tuple(self._params(c)), (), self.line(c), "constructor"))
        body = node.child_by_field_name("body")
        for m in self.named(body) if body is not None else []:
            members.extend(self._member(m, name))
        return [ClassDef(name, tuple(bases), tuple(members), self.line(node))]

    s_struct_declaration = s_class_declaration
    s_record_declaration = s_class_declaration
    s_interface_declaration = s_class_declaration

    def s_enum_declaration(self, node: Any) -> list[Stmt]:
        return []

    def _member(self, m: Any, cls: str) -> list[Stmt]:
        line = self.line(m)
        if m.type in ("field_declaration", "event_field_declaration"):
            out: list[Stmt] = []
            for vd in self.named(m):
                if vd.type != "variable_declaration":
                    continue
                tname = self._type(vd.child_by_field_name("type"))
                for d in self.named(vd):
                    if d.type != "variable_declarator":
                        continue
                    n = d.child_by_field_name("name")
                    vals = [k for k in self.named(d) if k != n and k.type != "bracketed_argument_list"]
                    if n is None:
                        continue
                    if vals:
                        out.append(Assign(Attr(Name("this"), self.text(n)), self.expr(vals[-1]), "=", line))
                    elif tname:
                        out.append(Assign(Attr(Name("this"), self.text(n)), Unknown(f"type:{tname}"), "?=", line))
            return out
        if m.type == "property_declaration":
            n = m.child_by_field_name("name")
            v = m.child_by_field_name("value")
            if n is None:
                return []
            if v is not None:
                return [Assign(Attr(Name("this"), self.text(n)), self.expr(v), "=", line)]
            tname = self._type(m.child_by_field_name("type"))
            accessors = m.child_by_field_name("accessors")
            for acc in self.named(accessors) if accessors is not None else []:  # string Url { get { return …; } }
                body = acc.child_by_field_name("body")
                if body is not None and self.text(acc).startswith("get"):
                    f = FuncDef("get_" + self.text(n), (), tuple(self.stmt_default(body)) if body.type == "block"
                                else (Return(self.expr(body), line),), line, "method")
                    return [f]
            for c in self.named(m):
                if c.type == "arrow_expression_clause":
                    kids = self.named(c)
                    if kids:
                        return [Assign(Attr(Name("this"), self.text(n)), self.expr(kids[0]), "=", line)]
            return [Assign(Attr(Name("this"), self.text(n)), Unknown(f"type:{tname}"), "?=", line)] if tname else []
        if m.type == "method_declaration":
            static = any(self.text(c) == "static" for c in self.named(m) if c.type == "modifier")
            return [self._function(m, "method", static)]
        if m.type == "constructor_declaration":
            return [self._function(m, "constructor")]
        return []

    def _type(self, node: Any) -> str | None:
        if node is None:
            return None
        return self.text(node).split("<", 1)[0].rstrip("?").rsplit(".", 1)[-1]

    def _params(self, node: Any) -> list[Param]:
        out: list[Param] = []
        for p in self.named(node) if node is not None else []:
            if p.type != "parameter":
                continue
            n = p.child_by_field_name("name")
            kids = [k for k in self.named(p) if k not in (n, p.child_by_field_name("type")) and k.type != "modifier"
                    and k.type != "attribute_list"]
            out.append(Param(self.text(n) if n is not None else "arg", self.expr(kids[-1]) if kids else None,
                             self._type(p.child_by_field_name("type"))))
        return out

    def _function(self, node: Any, kind: str, static: bool = False) -> FuncDef:
        name = self.text(node.child_by_field_name("name"))
        params = self._params(node.child_by_field_name("parameters"))
        body = node.child_by_field_name("body")
        stmts: tuple[Stmt, ...] = ()
        if body is not None:
            stmts = tuple(self.stmt_default(body)) if body.type == "block" else ()
        for c in self.named(node):
            if c.type == "arrow_expression_clause":
                kids = self.named(c)
                if kids:
                    stmts = (Return(self.expr(kids[0]), self.line(c)),)
        return FuncDef(name, tuple(params), stmts, self.line(node), kind, static)

    # -- statements ------------------------------------------------------------------------------
    def s_block(self, node: Any) -> list[Stmt]:
        return self.stmt_default(node)

    def _body(self, node: Any) -> tuple[Stmt, ...]:
        if node is None:
            return ()
        return tuple(self.stmt_default(node)) if node.type == "block" else tuple(self.stmts(node))

    def s_local_declaration_statement(self, node: Any) -> list[Stmt]:
        out: list[Stmt] = []
        for vd in _walk(node):
            if vd.type != "variable_declarator":
                continue
            n = vd.child_by_field_name("name")
            vals = [k for k in self.named(vd) if k != n]
            if n is not None and vals:
                out.append(Assign(Name(self.text(n)), self.expr(vals[-1]), "=", self.line(vd)))
        return out

    def s_using_statement(self, node: Any) -> list[Stmt]:
        return self.stmt_default(node)

    def s_variable_declaration(self, node: Any) -> list[Stmt]:
        return self.s_local_declaration_statement(node)

    def s_expression_statement(self, node: Any) -> list[Stmt]:
        out: list[Stmt] = []
        for c in self.named(node):
            if c.type == "assignment_expression":
                op = c.child_by_field_name("operator")
                op_text = self.text(op) if op is not None else "="
                value = self.expr(c.child_by_field_name("right"))
                kind = {"=": "=", "+=": "+=", "??=": "?="}.get(op_text)
                if kind is None:
                    kind, value = "=", Unknown("value", (value,))
                out.append(Assign(self.expr(c.child_by_field_name("left")), value, kind, self.line(c)))
            else:
                out.append(ExprStmt(self.expr(c), self.line(c)))
        return out

    def s_return_statement(self, node: Any) -> list[Stmt]:
        kids = self.named(node)
        return [Return(self.expr(kids[0]) if kids else None, self.line(node))]

    def s_throw_statement(self, node: Any) -> list[Stmt]:
        return [ExprStmt(Unknown("throw", tuple(self.expr(k) for k in self.named(node))), self.line(node))]

    def s_if_statement(self, node: Any) -> list[Stmt]:
        pre: list[Stmt] = [ExprStmt(self.expr(node.child_by_field_name("condition")), self.line(node))]
        return pre + [Branches((self._body(node.child_by_field_name("consequence")),
                                self._body(node.child_by_field_name("alternative"))))]

    def s_switch_statement(self, node: Any) -> list[Stmt]:
        subject = self.expr(node.child_by_field_name("value"))
        body = node.child_by_field_name("body")
        cases: list[tuple[tuple[Expr, ...], tuple[Stmt, ...]]] = []
        for sec in self.named(body) if body is not None else []:
            if sec.type != "switch_section":
                continue
            values: list[Expr] = []
            stmts: list[Stmt] = []
            for k in self.named(sec):
                if k.type in ("constant_pattern", "case_switch_label", "case_pattern_switch_label"):
                    values.extend(self.expr(x) for x in self.named(k))
                elif k.type in ("default_switch_label",):
                    continue
                else:
                    stmts.extend(self.stmts(k))
            cases.append((tuple(values), tuple(stmts)))
        return [Switch(subject, tuple(cases))]

    def s_foreach_statement(self, node: Any) -> list[Stmt]:
        left = node.child_by_field_name("left")
        return [Loop(self.expr(left) if left is not None else None, self.expr(node.child_by_field_name("right")),
                     self._body(node.child_by_field_name("body")))]

    def s_for_statement(self, node: Any) -> list[Stmt]:
        return [Loop(None, None, self._body(node.child_by_field_name("body")))]

    s_while_statement = s_for_statement
    s_do_statement = s_for_statement

    def s_try_statement(self, node: Any) -> list[Stmt]:
        out = list(self._body(node.child_by_field_name("body")))
        handlers = []
        for c in self.named(node):
            if c.type == "catch_clause":
                handlers.append(self._body(c.child_by_field_name("body")))
            elif c.type == "finally_clause":
                kids = [k for k in self.named(c) if k.type == "block"]
                if kids:
                    out.extend(self._body(kids[0]))
        if handlers:
            out.append(Branches(tuple(handlers) + ((),)))
        return out

    def s_local_function_statement(self, node: Any) -> list[Stmt]:
        return [self._function(node, "function")]

    # -- expressions -----------------------------------------------------------------------------
    def e_string_literal(self, node: Any) -> Expr:
        out = ""
        for c in node.named_children:
            if c.type == "string_literal_content":
                out += self.text(c)
            elif c.type == "escape_sequence":
                raw = self.text(c)
                out += _ESCAPES.get(raw[1:], raw) if len(raw) == 2 else raw
        return Lit(out)

    def e_verbatim_string_literal(self, node: Any) -> Expr:
        raw = self.text(node)
        return Lit(raw[2:-1].replace('""', '"'))

    def e_raw_string_literal(self, node: Any) -> Expr:
        raw = self.text(node).strip('"')
        return Lit(raw.strip())

    def e_interpolated_string_expression(self, node: Any) -> Expr:
        parts: list[Expr] = []
        verbatim = "@" in self.text(node)[:3]
        for c in node.named_children:
            if c.type in ("string_content", "interpolated_verbatim_string_content", "interpolated_string_text"):
                text = self.text(c)
                parts.append(Lit(text.replace('""', '"') if verbatim else text.replace("{{", "{").replace("}}", "}")))
            elif c.type == "escape_sequence":
                raw = self.text(c)
                parts.append(Lit(_ESCAPES.get(raw[1:], raw) if len(raw) == 2 else raw))
            elif c.type == "interpolation":
                kids = [k for k in self.named(c) if k.type not in ("interpolation_brace", "interpolation_format_clause",
                                                                   "interpolation_alignment_clause")]
                parts.append(self.expr(kids[0]) if kids else Unknown("value"))
        if not parts:
            return Lit("")
        return parts[0] if len(parts) == 1 else Concat(tuple(parts))

    def _number(self, node: Any) -> Expr:
        return Num(self.text(node).rstrip("lLuUmMdDfF"))

    e_integer_literal = _number
    e_real_literal = _number

    def e_identifier(self, node: Any) -> Expr:
        return Name(self.text(node))

    def e_predefined_type(self, node: Any) -> Expr:
        return Name(self.text(node))

    def e_this_expression(self, node: Any) -> Expr:
        return Name("this")

    e_this = e_this_expression

    def e_base_expression(self, node: Any) -> Expr:
        return Name("parent")

    def e_boolean_literal(self, node: Any) -> Expr:
        return Name(self.text(node))

    def e_null_literal(self, node: Any) -> Expr:
        return Name("null")

    def e_member_access_expression(self, node: Any) -> Expr:
        return Attr(self.expr(node.child_by_field_name("expression")), self.text(node.child_by_field_name("name")).split("<", 1)[0])

    def e_conditional_access_expression(self, node: Any) -> Expr:
        kids = self.named(node)
        return self.expr(kids[0]) if kids else Unknown("value")

    def e_generic_name(self, node: Any) -> Expr:
        kids = self.named(node)
        return Name(self.text(kids[0])) if kids else Unknown("value")

    def e_qualified_name(self, node: Any) -> Expr:
        return Attr(self.expr(node.child_by_field_name("qualifier")), self.text(node.child_by_field_name("name")))

    def e_element_access_expression(self, node: Any) -> Expr:
        sub = node.child_by_field_name("subscript")
        key = Unknown("key")
        if sub is not None:
            args = [a for a in _walk(sub) if a.type == "argument"]
            if args:
                kids = self.named(args[0])
                key = self.expr(kids[-1]) if kids else key
        return Index(self.expr(node.child_by_field_name("expression")), key)

    def e_parenthesized_expression(self, node: Any) -> Expr:
        kids = self.named(node)
        return self.expr(kids[0]) if kids else Unknown("value")

    def _inner(self, node: Any) -> Expr:
        kids = self.named(node)
        return self.expr(kids[-1]) if kids else Unknown("value")

    e_await_expression = _inner
    e_cast_expression = _inner
    e_checked_expression = _inner

    def e_postfix_unary_expression(self, node: Any) -> Expr:
        kids = self.named(node)
        return self.expr(kids[0]) if kids else Unknown("value")

    def e_binary_expression(self, node: Any) -> Expr:
        op = node.child_by_field_name("operator")
        op_text = self.text(op) if op is not None else ""
        if op_text == "+":
            return self.concat_of(node, "+")
        left = self.expr(node.child_by_field_name("left"))
        right = self.expr(node.child_by_field_name("right"))
        if op_text == "+":
            return Concat((left.parts if isinstance(left, Concat) else (left,)) + (right.parts if isinstance(right, Concat) else (right,)))
        if op_text in ("??", "||"):
            return Cond((left, right))
        return Unknown(self.hint(node), (left, right))

    def e_conditional_expression(self, node: Any) -> Expr:
        return Cond((self.expr(node.child_by_field_name("consequence")), self.expr(node.child_by_field_name("alternative"))))

    def _args(self, node: Any) -> tuple[tuple[Expr, ...], tuple[tuple[str, Expr], ...]]:
        args: list[Expr] = []
        kwargs: list[tuple[str, Expr]] = []
        for a in self.named(node) if node is not None else []:
            if a.type != "argument":
                continue
            name = a.child_by_field_name("name")
            kids = [k for k in self.named(a) if k != name]
            value = self.expr(kids[-1]) if kids else Unknown("value")
            if name is not None:
                kwargs.append((self.text(name), value))
            else:
                args.append(value)
        return tuple(args), tuple(kwargs)

    def e_invocation_expression(self, node: Any) -> Expr:
        fn = node.child_by_field_name("function")
        args, kwargs = self._args(node.child_by_field_name("arguments"))
        line = self.line(node)
        if fn is not None and fn.type == "member_access_expression":
            obj = fn.child_by_field_name("expression")
            name = self.text(fn.child_by_field_name("name")).split("<", 1)[0]
            if obj is not None and self.text(obj) in ("string", "String") and name == "Format" and args:
                return Fmt("brace", args[0], args[1:])
        return Call(self.expr(fn), args, kwargs, line)

    def e_object_creation_expression(self, node: Any) -> Expr:
        t = node.child_by_field_name("type")
        args, kwargs = self._args(node.child_by_field_name("arguments"))
        init = node.child_by_field_name("initializer")
        extra_args: list[Expr] = []
        extra_kw: list[tuple[str, Expr]] = []
        for c in self.named(init) if init is not None else []:
            if c.type == "assignment_expression":
                left = c.child_by_field_name("left")
                extra_kw.append((self.text(left), self.expr(c.child_by_field_name("right"))))
            elif c.type == "initializer_expression":
                extra_args.append(Obj(tuple((None, self.expr(k)) for k in self.named(c)), self.line(c)))
            else:
                extra_args.append(self.expr(c))
        name = self.text(t).split("<", 1)[0] if t is not None else "object"
        return New(name, args + tuple(extra_args), kwargs + tuple(extra_kw), self.line(node))

    def e_implicit_object_creation_expression(self, node: Any) -> Expr:
        return self.e_object_creation_expression(node)

    def e_initializer_expression(self, node: Any) -> Expr:
        return Obj(tuple((None, self.expr(c)) for c in self.named(node)), self.line(node))

    def e_implicit_array_creation_expression(self, node: Any) -> Expr:
        for c in self.named(node):
            if c.type == "initializer_expression":
                return self.expr(c)
        return Unknown("array")

    e_array_creation_expression = e_implicit_array_creation_expression
    e_collection_expression = e_initializer_expression

    def e_lambda_expression(self, node: Any) -> Expr:
        params = [Param(self.text(p.child_by_field_name("name") or p)) for p in self.named(node.child_by_field_name("parameters"))] \
            if node.child_by_field_name("parameters") is not None else []
        body = node.child_by_field_name("body")
        stmts: tuple[Stmt, ...] = (self._body(body) if body is not None and body.type == "block"
                                   else (Return(self.expr(body), self.line(node)),))
        return Func(tuple(params), stmts, self.line(node))

    def e_assignment_expression(self, node: Any) -> Expr:
        return Call(Name("(assign)"), (self.expr(node.child_by_field_name("left")), self.expr(node.child_by_field_name("right"))),
                    (), self.line(node))

    def e_switch_expression(self, node: Any) -> Expr:
        options = []
        for arm in self.named(node):
            if arm.type == "switch_expression_arm":
                kids = self.named(arm)
                if kids:
                    options.append(self.expr(kids[-1]))
        return Cond(tuple(options)) if options else Unknown("switch")

    def e_typeof_expression(self, node: Any) -> Expr:
        return Unknown("type")


def _walk(node: Any) -> list[Any]:
    out = []
    stack = [node]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(reversed(n.children))
    return out
