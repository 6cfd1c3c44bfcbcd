"""Java to the program form of ``ir``.

    private static final String BASE = "/api/v1";       → Assign(Attr(Name('this'), 'BASE'), Lit('/api/v1'), '=')
    HttpRequest.newBuilder().uri(URI.create(base + p)).PUT(…).build()
                                                         → nested Calls on Attr(…, 'uri'/'PUT'/'build')
    String.format("%s/artikel/%d", base, id)             → Fmt('printf', …)

Fields (static or not) and constants of interfaces are class members; an enum constant with one string
argument (``ORDERS("/v1/salesOrders")``) is that string; ``List.of``/``Arrays.asList``/``Map.of`` are
literal lists and maps; ``switch`` (statement, expression, rules) is a switch.
"""
from __future__ import annotations

from typing import Any

from registry.inputs.source.ir import (
    Assign, Attr, Branches, Call, ClassDef, Concat, Cond, Expr, ExprStmt, Fmt, Func, FuncDef, Import, Index, Lit, Loop,
    Module, Name, New, Num, Obj, Param, Return, Stmt, Switch, Unknown,
)
from registry.inputs.source.syntax import Converter, count_errors, parse

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0"}


def read_java(text: str, path: str, *, line_offset: int = 0) -> Module:
    """The program form of a Java file."""
    tree = parse("java", text.encode("utf-8"))
    conv = _Java(path, line_offset)
    body = conv.stmts(tree.root_node)
    return Module(path, "java", tuple(body), conv.package, count_errors(tree.root_node))


class _Java(Converter):
    def __init__(self, path: str, line_offset: int) -> None:
        super().__init__(path, line_offset)
        self.package = ""

    def s_program(self, node: Any) -> list[Stmt]:
        return self.stmt_default(node)

    for _t in ("line_comment", "block_comment", "break_statement", "continue_statement", "empty_statement",
               "annotation_type_declaration", "module_declaration", "marker_annotation", "annotation"):
        locals()["s_" + _t] = lambda self, node: []
    del _t

    def s_package_declaration(self, node: Any) -> list[Stmt]:
        kids = self.named(node)
        self.package = self.text(kids[0]) if kids else ""
        return []

    def s_import_declaration(self, node: Any) -> list[Stmt]:
        kids = [k for k in self.named(node) if k.type in ("scoped_identifier", "identifier")]
        if not kids:
            return []
        full = self.text(kids[0])
        static = any(self.text(c) == "static" for c in node.children if not c.is_named)
        if static:
            owner, _, member = full.rpartition(".")
            return [Import(owner, ((member, member),), self.line(node))]
        short = full.rsplit(".", 1)[-1]
        return [Import(full, ((short, short),), self.line(node))]

    def s_class_declaration(self, node: Any) -> list[Stmt]:
        return [self._class(node)]

    s_record_declaration = s_class_declaration
    s_interface_declaration = s_class_declaration

    def s_enum_declaration(self, node: Any) -> list[Stmt]:
        cls = self._class(node)
        members = list(cls.members)
        body = node.child_by_field_name("body")
        for c in self.named(body) if body is not None else []:
            if c.type == "enum_constant":
                name = c.child_by_field_name("name")
                args = c.child_by_field_name("arguments")
                values = [self.expr(a) for a in self.named(args)] if args is not None else []
                strings = [v for v in values if isinstance(v, (Lit, Concat))]
                value = strings[0] if strings else Lit(self.text(name))
                members.append(Assign(Attr(Name("this"), self.text(name)), value, "=", self.line(c)))
        return [ClassDef(cls.name, cls.bases, tuple(members), cls.line)]

    def _class(self, node: Any) -> ClassDef:
        name = self.text(node.child_by_field_name("name"))
        bases: list[str] = []
        sup = node.child_by_field_name("superclass")
        if sup is not None:
            bases.extend(self.text(k).split("<", 1)[0].rsplit(".", 1)[-1] for k in self.named(sup))
        members: list[Stmt] = []
        body = node.child_by_field_name("body")
        for m in self.named(body) if body is not None else []:
            if m.type == "enum_body_declarations":
                for mm in self.named(m):
                    members.extend(self._member(mm, name))
            else:
                members.extend(self._member(m, name))
        return ClassDef(name, tuple(bases), tuple(members), self.line(node))

    def _member(self, m: Any, cls: str) -> list[Stmt]:
        if m.type in ("field_declaration", "constant_declaration"):
            out: list[Stmt] = []
            tname = self._type(m.child_by_field_name("type"))
            for d in m.children_by_field_name("declarator"):
                n = d.child_by_field_name("name")
                v = d.child_by_field_name("value")
                if n is None:
                    continue
                if v is not None:
                    out.append(Assign(Attr(Name("this"), self.text(n)), self.expr(v), "=", self.line(d)))
                elif tname:
                    out.append(Assign(Attr(Name("this"), self.text(n)), Unknown(f"type:{tname}"), "?=", self.line(d)))
            return out
        if m.type == "method_declaration":
            static = any(self.text(c) == "static" for mod in self.named(m) if mod.type == "modifiers" for c in mod.children)
            return [self._function(m, "method", static)]
        if m.type in ("constructor_declaration", "compact_constructor_declaration"):
            return [self._function(m, "constructor")]
        if m.type in ("static_initializer", "block"):
            return []
        return []

    def _type(self, node: Any) -> str | None:
        if node is None:
            return None
        return self.text(node).split("<", 1)[0].rsplit(".", 1)[-1]

    def _function(self, node: Any, kind: str, static: bool = False) -> FuncDef:
        name = self.text(node.child_by_field_name("name")) if node.child_by_field_name("name") is not None else "method"
        params: list[Param] = []
        pnode = node.child_by_field_name("parameters")
        for p in self.named(pnode) if pnode is not None else []:
            if p.type in ("formal_parameter", "spread_parameter"):
                n = p.child_by_field_name("name")
                pname = self.text(n) if n is not None else self.text(self.named(p)[-1])
                params.append(Param(pname, None, self._type(p.child_by_field_name("type"))))
        body = node.child_by_field_name("body")
        return FuncDef(name, tuple(params), tuple(self.stmt_default(body)) if body is not None else (), self.line(node),
                       kind, static)

    # -- statements ------------------------------------------------------------------------------
    def s_block(self, node: Any) -> list[Stmt]:
        return self.stmt_default(node)

    s_constructor_body = s_block

    def _body(self, node: Any) -> tuple[Stmt, ...]:
        if node is None:
            return ()
        return tuple(self.stmt_default(node)) if node.type == "block" else tuple(self.stmts(node))

    def s_local_variable_declaration(self, node: Any) -> list[Stmt]:
        out: list[Stmt] = []
        for d in node.children_by_field_name("declarator"):
            n, v = d.child_by_field_name("name"), d.child_by_field_name("value")
            if n is not None and v is not None:
                out.append(Assign(Name(self.text(n)), self.expr(v), "=", self.line(d)))
        return out

    def s_expression_statement(self, node: Any) -> list[Stmt]:
        out: list[Stmt] = []
        for c in self.named(node):
            if c.type == "assignment_expression":
                op = c.child_by_field_name("operator")
                op_text = self.text(op) if op is not None else "="
                value = self.expr(c.child_by_field_name("right"))
                kind = "+=" if op_text == "+=" else "=" if op_text == "=" else "x"
                if kind == "x":
                    kind, value = "=", Unknown("value", (value,))
                out.append(Assign(self.expr(c.child_by_field_name("left")), value, kind, self.line(c)))
            else:
                out.append(ExprStmt(self.expr(c), self.line(c)))
        return out

    def s_return_statement(self, node: Any) -> list[Stmt]:
        kids = self.named(node)
        return [Return(self.expr(kids[0]) if kids else None, self.line(node))]

    s_yield_statement = s_return_statement

    def s_throw_statement(self, node: Any) -> list[Stmt]:
        return [ExprStmt(Unknown("throw", tuple(self.expr(k) for k in self.named(node))), self.line(node))]

    def s_if_statement(self, node: Any) -> list[Stmt]:
        pre: list[Stmt] = [ExprStmt(self.expr(node.child_by_field_name("condition")), self.line(node))]
        return pre + [Branches((self._body(node.child_by_field_name("consequence")),
                                self._body(node.child_by_field_name("alternative"))))]

    def s_switch_expression(self, node: Any) -> list[Stmt]:
        subject = self.expr(node.child_by_field_name("condition"))
        body = node.child_by_field_name("body")
        cases: list[tuple[tuple[Expr, ...], tuple[Stmt, ...]]] = []
        pending: list[Expr] = []
        for g in self.named(body) if body is not None else []:
            if g.type not in ("switch_block_statement_group", "switch_rule"):
                continue
            labels = [k for k in self.named(g) if k.type == "switch_label"]
            rest = [k for k in self.named(g) if k.type != "switch_label"]
            is_default = any(not self.named(lab) for lab in labels)
            for lab in labels:
                pending.extend(self.expr(v) for v in self.named(lab))
            stmts = [s for k in rest for s in self.stmts(k)]
            if not stmts and not is_default:
                continue
            cases.append(((), tuple(stmts)) if is_default else (tuple(pending), tuple(stmts)))
            pending = []
        return [Switch(subject, tuple(cases))]

    s_switch_statement = s_switch_expression

    def s_enhanced_for_statement(self, node: Any) -> list[Stmt]:
        n = node.child_by_field_name("name")
        return [Loop(Name(self.text(n)) if n is not None else None, self.expr(node.child_by_field_name("value")),
                     self._body(node.child_by_field_name("body")))]

    def s_for_statement(self, node: Any) -> list[Stmt]:
        pre = [s for i in node.children_by_field_name("init") for s in self.stmts(i)]
        return pre + [Loop(None, None, self._body(node.child_by_field_name("body")))]

    def s_while_statement(self, node: Any) -> list[Stmt]:
        return [Loop(None, None, self._body(node.child_by_field_name("body")))]

    s_do_statement = s_while_statement

    def s_try_statement(self, node: Any) -> list[Stmt]:
        out: list[Stmt] = []
        res = node.child_by_field_name("resources")
        for r in self.named(res) if res is not None else []:
            n, v = r.child_by_field_name("name"), r.child_by_field_name("value")
            if n is not None and v is not None:
                out.append(Assign(Name(self.text(n)), self.expr(v), "=", self.line(r)))
        out.extend(self._body(node.child_by_field_name("body")))
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

    s_try_with_resources_statement = s_try_statement

    # -- expressions -----------------------------------------------------------------------------
    def e_string_literal(self, node: Any) -> Expr:
        out = ""
        kids = node.named_children
        if not kids:  # (a text block or an empty string)
            raw = self.text(node)
            return Lit(raw[3:-3].strip() if raw.startswith('"""') else raw[1:-1])
        for c in kids:
            if c.type in ("string_fragment", "multiline_string_fragment"):
                out += self.text(c)
            elif c.type == "escape_sequence":
                raw = self.text(c)
                out += _ESCAPES.get(raw[1:], raw) if len(raw) == 2 else raw
        if self.text(node).startswith('"""'):
            out = "\n".join(line.strip() for line in out.strip().splitlines())
        return Lit(out)

    def e_text_block(self, node: Any) -> Expr:
        raw = self.text(node)
        return Lit("\n".join(line.strip() for line in raw[3:-3].strip().splitlines()))

    def _number(self, node: Any) -> Expr:
        return Num(self.text(node).rstrip("lLfFdD"))

    e_decimal_integer_literal = _number
    e_hex_integer_literal = _number
    e_decimal_floating_point_literal = _number

    def e_identifier(self, node: Any) -> Expr:
        return Name(self.text(node))

    e_type_identifier = e_identifier

    def e_this(self, node: Any) -> Expr:
        return Name("this")

    def e_super(self, node: Any) -> Expr:
        return Name("parent")

    def e_true(self, node: Any) -> Expr:
        return Name("true")

    def e_false(self, node: Any) -> Expr:
        return Name("false")

    def e_null_literal(self, node: Any) -> Expr:
        return Name("null")

    def e_field_access(self, node: Any) -> Expr:
        return Attr(self.expr(node.child_by_field_name("object")), self.text(node.child_by_field_name("field")))

    def e_scoped_identifier(self, node: Any) -> Expr:
        return Attr(self.expr(node.child_by_field_name("scope")), self.text(node.child_by_field_name("name")))

    def e_array_access(self, node: Any) -> Expr:
        return Index(self.expr(node.child_by_field_name("array")), self.expr(node.child_by_field_name("index")))

    def e_parenthesized_expression(self, node: Any) -> Expr:
        kids = self.named(node)
        return self.expr(kids[0]) if kids else Unknown("value")

    def e_cast_expression(self, node: Any) -> Expr:
        return self.expr(node.child_by_field_name("value"))

    def e_binary_expression(self, node: Any) -> Expr:
        op = node.child_by_field_name("operator")
        if op is not None and self.text(op) == "+":
            return self.concat_of(node, "+")
        left = self.expr(node.child_by_field_name("left"))
        right = self.expr(node.child_by_field_name("right"))
        if op is not None and self.text(op) == "+":
            return Concat((left.parts if isinstance(left, Concat) else (left,)) + (right.parts if isinstance(right, Concat) else (right,)))
        return Unknown(self.hint(node), (left, right))

    def e_ternary_expression(self, node: Any) -> Expr:
        return Cond((self.expr(node.child_by_field_name("consequence")), self.expr(node.child_by_field_name("alternative"))))

    def _args(self, node: Any) -> tuple[Expr, ...]:
        return tuple(self.expr(a) for a in self.named(node)) if node is not None else ()

    def e_method_invocation(self, node: Any) -> Expr:
        obj = node.child_by_field_name("object")
        name = self.text(node.child_by_field_name("name"))
        args = self._args(node.child_by_field_name("arguments"))
        line = self.line(node)
        if obj is not None:
            otext = self.text(obj)
            if otext == "String" and name == "format" and args:
                return Fmt("printf", args[0], args[1:])
            if otext == "MessageFormat" and name == "format" and args:
                return Fmt("brace", args[0], args[1:])
            if otext in ("List", "Set", "Arrays", "Stream", "Collections") and name in ("of", "asList", "copyOf", "unmodifiableList"):
                return Obj(tuple((None, a) for a in args), line)
            if otext == "Map" and name == "of":
                return Obj(tuple((args[i], args[i + 1]) for i in range(0, len(args) - 1, 2)), line)
            if name == "formatted":
                return Fmt("printf", self.expr(obj), args)
            return Call(Attr(self.expr(obj), name), args, (), line)
        return Call(Name(name), args, (), line)

    def e_object_creation_expression(self, node: Any) -> Expr:
        t = node.child_by_field_name("type")
        args = self._args(node.child_by_field_name("arguments"))
        name = self.text(t).split("<", 1)[0] if t is not None else "object"
        body = [c for c in self.named(node) if c.type == "class_body"]
        if body:  # an anonymous class: its methods are code of this place
            for m in self.named(body[0]):
                if m.type == "method_declaration":
                    f = self._function(m, "method")
                    args = args + (Func(f.params, f.body, f.line),)
        return New(name, args, (), self.line(node))

    def e_array_creation_expression(self, node: Any) -> Expr:
        for c in self.named(node):
            if c.type == "array_initializer":
                return self.expr(c)
        return Unknown("array")

    def e_array_initializer(self, node: Any) -> Expr:
        return Obj(tuple((None, self.expr(c)) for c in self.named(node)), self.line(node))

    def e_lambda_expression(self, node: Any) -> Expr:
        params: list[Param] = []
        pnode = node.child_by_field_name("parameters")
        if pnode is not None:
            if pnode.type == "identifier":
                params.append(Param(self.text(pnode)))
            else:
                for p in self.named(pnode):
                    n = p.child_by_field_name("name") if p.type != "identifier" else p
                    if n is not None:
                        params.append(Param(self.text(n)))
        body = node.child_by_field_name("body")
        stmts: tuple[Stmt, ...] = (self._body(body) if body is not None and body.type == "block"
                                   else (Return(self.expr(body), self.line(node)),))
        return Func(tuple(params), stmts, self.line(node))

    def e_assignment_expression(self, node: Any) -> Expr:
        return Call(Name("(assign)"), (self.expr(node.child_by_field_name("left")), self.expr(node.child_by_field_name("right"))),
                    (), self.line(node))

    def e_class_literal(self, node: Any) -> Expr:
        return Unknown("class")

    def e_switch_expression(self, node: Any) -> Expr:
        options: list[Expr] = []
        for st in self.s_switch_expression(node):
            if isinstance(st, Switch):
                for _, body in st.cases:
                    for s in body:
                        if isinstance(s, (ExprStmt, Return)) and s.expr is not None:
                            options.append(s.expr)
        return Cond(tuple(options)) if options else Unknown("switch")
