"""Go to the program form of ``ir``.

    c := &Client{baseURL: base + "/api/v1"}                  → Assign(Name('c'), New('Client', (), (('baseURL', …),)))
    req, err := http.NewRequest(http.MethodGet, url, nil)    → Assign(Name('req'), Call(Attr(Name('http'), 'NewRequest'), …))
    func (c *Client) Orders() { … c.baseURL … }              → FuncDef('Orders', receiver='Client'), ``c`` is ``this``

A struct type is a class (its fields typed, so a field of type ``*resty.Client`` is a client); struct
literals of it are its constructions. Package-level constants and variables are shared by the files of
one folder (the analyzer looks them up there); interfaces and other types are dropped.
"""
from __future__ import annotations

from typing import Any

from registry.inputs.source.ir import (
    Assign, Attr, Branches, Call, ClassDef, Concat, Cond, Expr, ExprStmt, Fmt, Func, FuncDef, Import, Index, Lit, Loop,
    Module, Name, New, Num, Obj, Param, Return, Stmt, Switch, Unknown,
)
from registry.inputs.source.syntax import Converter, count_errors, parse

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0"}
_FORMATS = {"Sprintf": "printf", "Errorf": "printf"}


def read_go(text: str, path: str, *, line_offset: int = 0) -> Module:
    """The program form of a Go file."""
    tree = parse("go", text.encode("utf-8"))
    conv = _Go(path, line_offset)
    body = conv.stmts(tree.root_node)
    return Module(path, "go", tuple(body), conv.package, count_errors(tree.root_node))


class _Go(Converter):
    def __init__(self, path: str, line_offset: int) -> None:
        super().__init__(path, line_offset)
        self.package = ""
        self.receiver: str | None = None

    def s_source_file(self, node: Any) -> list[Stmt]:
        return self.stmt_default(node)

    def s_comment(self, node: Any) -> list[Stmt]:
        return []

    def s_package_clause(self, node: Any) -> list[Stmt]:
        kids = self.named(node)
        self.package = self.text(kids[0]) if kids else ""
        return []

    for _t in ("break_statement", "continue_statement", "fallthrough_statement", "goto_statement", "empty_statement",
               "labeled_statement_label"):
        locals()["s_" + _t] = lambda self, node: []
    del _t

    def s_import_declaration(self, node: Any) -> list[Stmt]:
        out: list[Stmt] = []
        for spec in _walk(node):
            if spec.type != "import_spec":
                continue
            path_node = spec.child_by_field_name("path")
            name_node = spec.child_by_field_name("name")
            path = self._string(path_node)
            local = self.text(name_node) if name_node is not None else path.rsplit("/", 1)[-1]
            out.append(Import(path, (("*", local),), self.line(spec)))
        return out

    def s_const_declaration(self, node: Any) -> list[Stmt]:
        out: list[Stmt] = []
        for spec in self.named(node):
            if spec.type not in ("const_spec", "var_spec"):
                continue
            names = spec.children_by_field_name("name")
            value = spec.child_by_field_name("value")
            values = self.named(value) if value is not None else []
            for i, n in enumerate(names):
                if i < len(values):
                    out.append(Assign(Name(self.text(n)), self.expr(values[i]), "=", self.line(spec)))
        return out

    s_var_declaration = s_const_declaration

    def s_type_declaration(self, node: Any) -> list[Stmt]:
        out: list[Stmt] = []
        for spec in self.named(node):
            if spec.type != "type_spec":
                continue
            name = spec.child_by_field_name("name")
            t = spec.child_by_field_name("type")
            if name is None or t is None or t.type != "struct_type":
                continue
            members: list[Stmt] = []
            bases: list[str] = []
            for fd in _walk(t):
                if fd.type != "field_declaration":
                    continue
                ftype = fd.child_by_field_name("type")
                tname = self._type_name(ftype)
                fnames = fd.children_by_field_name("name")
                if not fnames and tname:
                    bases.append(tname)  # an embedded struct
                for fn in fnames:
                    if tname:
                        members.append(Assign(Attr(Name("this"), self.text(fn)), Unknown(f"type:{tname}"), "?=", self.line(fd)))
            out.append(ClassDef(self.text(name), tuple(bases), tuple(members), self.line(spec)))
        return out

    def _type_name(self, node: Any) -> str | None:
        if node is None:
            return None
        if node.type in ("pointer_type",):
            kids = self.named(node)
            return self._type_name(kids[0]) if kids else None
        if node.type == "qualified_type":
            n = node.child_by_field_name("name")
            pkg = node.child_by_field_name("package")
            if n is None:
                return None
            return f"{self.text(pkg)}.{self.text(n)}" if pkg is not None else self.text(n)
        if node.type == "type_identifier":
            return self.text(node)
        return None

    def s_function_declaration(self, node: Any) -> list[Stmt]:
        name = self.text(node.child_by_field_name("name"))
        params = self._params(node.child_by_field_name("parameters"))
        body = self._body(node.child_by_field_name("body"))
        return [FuncDef(name, tuple(params), body, self.line(node), "function")]

    def s_method_declaration(self, node: Any) -> list[Stmt]:
        name = self.text(node.child_by_field_name("name"))
        recv = node.child_by_field_name("receiver")
        recv_name, recv_type = None, None
        for p in self.named(recv) if recv is not None else []:
            if p.type == "parameter_declaration":
                n = p.child_by_field_name("name")
                recv_name = self.text(n) if n is not None else None
                recv_type = self._type_name(p.child_by_field_name("type"))
        params = self._params(node.child_by_field_name("parameters"))
        old = self.receiver
        self.receiver = recv_name
        try:
            body = self._body(node.child_by_field_name("body"))
        finally:
            self.receiver = old
        return [FuncDef(name, tuple(params), body, self.line(node), "method", False, recv_type or "value")]

    def _params(self, node: Any) -> list[Param]:
        out: list[Param] = []
        for p in self.named(node) if node is not None else []:
            if p.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                continue
            tname = self._type_name(p.child_by_field_name("type"))
            for n in p.children_by_field_name("name"):
                out.append(Param(self.text(n), None, tname))
        return out

    def _body(self, node: Any) -> tuple[Stmt, ...]:
        if node is None:
            return ()
        return tuple(self.stmt_default(node))

    def s_block(self, node: Any) -> list[Stmt]:
        return self.stmt_default(node)

    def s_statement_list(self, node: Any) -> list[Stmt]:
        return self.stmt_default(node)

    def s_expression_statement(self, node: Any) -> list[Stmt]:
        return [ExprStmt(self.expr(c), self.line(node)) for c in self.named(node)]

    def s_short_var_declaration(self, node: Any) -> list[Stmt]:
        return self._assign(node, "=")

    def s_assignment_statement(self, node: Any) -> list[Stmt]:
        op = node.child_by_field_name("operator")
        return self._assign(node, "+=" if op is not None and self.text(op) == "+=" else "=")

    def _assign(self, node: Any, op: str) -> list[Stmt]:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        targets = self.named(left) if left is not None else []
        values = self.named(right) if right is not None else []
        line = self.line(node)
        if len(targets) == len(values):
            return [Assign(self.expr(t), self.expr(v), op, line) for t, v in zip(targets, values) if self.text(t) != "_"]
        if targets and values:
            return [Assign(self.expr(targets[0]), self.expr(values[0]), op, line)]
        return [ExprStmt(self.expr(v), line) for v in values]

    def s_inc_statement(self, node: Any) -> list[Stmt]:
        return []

    s_dec_statement = s_inc_statement

    def s_return_statement(self, node: Any) -> list[Stmt]:
        kids = self.named(node)
        if kids and kids[0].type == "expression_list":
            vals = self.named(kids[0])
            return [Return(self.expr(vals[0]), self.line(node))] + [ExprStmt(self.expr(v), self.line(node)) for v in vals[1:]] if vals else []
        return [Return(self.expr(kids[0]) if kids else None, self.line(node))]

    def s_if_statement(self, node: Any) -> list[Stmt]:
        init = node.child_by_field_name("initializer")
        pre = self.stmts(init) if init is not None else []
        pre.append(ExprStmt(self.expr(node.child_by_field_name("condition")), self.line(node)))
        yes = self._body(node.child_by_field_name("consequence"))
        alt = node.child_by_field_name("alternative")
        no: tuple[Stmt, ...] = ()
        if alt is not None:
            no = tuple(self.stmts(alt)) if alt.type == "if_statement" else self._body(alt)
        return pre + [Branches((yes, no))]

    def s_for_statement(self, node: Any) -> list[Stmt]:
        body = self._body(node.child_by_field_name("body"))
        for c in self.named(node):
            if c.type == "range_clause":
                left = c.child_by_field_name("left")
                targets = self.named(left) if left is not None else []
                target = self.expr(targets[-1]) if len(targets) >= 2 else None
                key = self.expr(targets[0]) if targets else None
                if len(targets) >= 2:
                    return [Loop(target, self.expr(c.child_by_field_name("right")), body, key if self.text(targets[0]) != "_" else None)]
                return [Loop(None, self.expr(c.child_by_field_name("right")), body, key)]
            if c.type == "for_clause":
                init = c.child_by_field_name("initializer")
                return (self.stmts(init) if init is not None else []) + [Loop(None, None, body)]
        return [Loop(None, None, body)]

    def s_expression_switch_statement(self, node: Any) -> list[Stmt]:
        init = node.child_by_field_name("initializer")
        pre = self.stmts(init) if init is not None else []
        subject = self.expr(node.child_by_field_name("value")) if node.child_by_field_name("value") is not None else Unknown("switch")
        cases: list[tuple[tuple[Expr, ...], tuple[Stmt, ...]]] = []
        for c in self.named(node):
            if c.type == "expression_case":
                value = c.child_by_field_name("value")
                values = tuple(self.expr(v) for v in self.named(value)) if value is not None else ()
                stmts = tuple(s for k in self.named(c) if k != value for s in self.stmts(k))
                cases.append((values or (Unknown("case"),), stmts))
            elif c.type == "default_case":
                cases.append(((), tuple(s for k in self.named(c) for s in self.stmts(k))))
        return pre + [Switch(subject, tuple(cases))]

    def s_defer_statement(self, node: Any) -> list[Stmt]:
        return [ExprStmt(self.expr(c), self.line(node)) for c in self.named(node)]

    s_go_statement = s_defer_statement

    # -- expressions -----------------------------------------------------------------------------
    def _string(self, node: Any) -> str:
        e = self.expr(node) if node is not None else Lit("")
        return e.text if isinstance(e, Lit) else ""

    def e_interpreted_string_literal(self, node: Any) -> Expr:
        out = ""
        for c in node.named_children:
            if c.type == "interpreted_string_literal_content":
                out += self.text(c)
            elif c.type == "escape_sequence":
                raw = self.text(c)
                out += _ESCAPES.get(raw[1:], raw) if len(raw) == 2 else raw
        return Lit(out)

    def e_raw_string_literal(self, node: Any) -> Expr:
        return Lit("".join(self.text(c) for c in node.named_children))

    def e_int_literal(self, node: Any) -> Expr:
        return Num(self.text(node))

    e_float_literal = e_int_literal

    def e_identifier(self, node: Any) -> Expr:
        name = self.text(node)
        if self.receiver is not None and name == self.receiver:
            return Name("this")
        return Name(name)

    e_package_identifier = e_identifier

    def e_true(self, node: Any) -> Expr:
        return Name("true")

    def e_false(self, node: Any) -> Expr:
        return Name("false")

    def e_nil(self, node: Any) -> Expr:
        return Name("null")

    def e_selector_expression(self, node: Any) -> Expr:
        return Attr(self.expr(node.child_by_field_name("operand")), self.text(node.child_by_field_name("field")))

    def e_index_expression(self, node: Any) -> Expr:
        return Index(self.expr(node.child_by_field_name("operand")), self.expr(node.child_by_field_name("index")))

    def e_parenthesized_expression(self, node: Any) -> Expr:
        kids = self.named(node)
        return self.expr(kids[0]) if kids else Unknown("value")

    def e_unary_expression(self, node: Any) -> Expr:
        operand = node.child_by_field_name("operand")
        op = node.child_by_field_name("operator")
        if op is not None and self.text(op) in ("&", "*"):
            return self.expr(operand)
        return Unknown(self.hint(node), (self.expr(operand),))

    def e_binary_expression(self, node: Any) -> Expr:
        op = node.child_by_field_name("operator")
        if op is not None and self.text(op) == "+":
            return self.concat_of(node, "+")
        left = self.expr(node.child_by_field_name("left"))
        right = self.expr(node.child_by_field_name("right"))
        if op is not None and self.text(op) == "+":
            return Concat((left.parts if isinstance(left, Concat) else (left,)) + (right.parts if isinstance(right, Concat) else (right,)))
        return Unknown(self.hint(node), (left, right))

    def e_call_expression(self, node: Any) -> Expr:
        fn = node.child_by_field_name("function")
        args_node = node.child_by_field_name("arguments")
        args = tuple(self.expr(a) for a in self.named(args_node)) if args_node is not None else ()
        line = self.line(node)
        if fn is not None and fn.type == "selector_expression":
            operand = fn.child_by_field_name("operand")
            field = self.text(fn.child_by_field_name("field"))
            if operand is not None and self.text(operand) == "fmt" and field in _FORMATS and args:
                return Fmt(_FORMATS[field], args[0], args[1:])
        if fn is not None and fn.type == "func_literal":
            return Call(self.expr(fn), args, (), line)
        return Call(self.expr(fn), args, (), line)

    def e_composite_literal(self, node: Any) -> Expr:
        t = node.child_by_field_name("type")
        body = node.child_by_field_name("body")
        items: list[tuple[Expr | None, Expr]] = []
        keyed: list[tuple[str, Expr]] = []
        for el in self.named(body) if body is not None else []:
            if el.type == "keyed_element":
                k = el.child_by_field_name("key")
                v = el.child_by_field_name("value")
                kx = self._element(k)
                vx = self._element(v)
                if isinstance(kx, Name):
                    keyed.append((kx.name, vx))
                    items.append((Lit(kx.name), vx))
                else:
                    items.append((kx, vx))
            elif el.type in ("literal_element",):
                items.append((None, self._element(el)))
        if t is not None and t.type in ("type_identifier", "qualified_type"):
            name = self.text(t)
            return New(name, (), tuple(keyed), self.line(node))
        return Obj(tuple(items), self.line(node))

    def _element(self, node: Any) -> Expr:
        if node is None:
            return Unknown("value")
        if node.type == "literal_element":
            kids = self.named(node)
            return self.expr(kids[0]) if kids else Unknown("value")
        return self.expr(node)

    def e_literal_value(self, node: Any) -> Expr:
        return Obj(tuple((None, self._element(c)) for c in self.named(node)), self.line(node))

    def e_func_literal(self, node: Any) -> Expr:
        params = self._params(node.child_by_field_name("parameters"))
        return Func(tuple(params), self._body(node.child_by_field_name("body")), self.line(node))

    def e_type_conversion_expression(self, node: Any) -> Expr:
        operand = node.child_by_field_name("operand")
        return self.expr(operand)


def _walk(node: Any) -> list[Any]:
    out = []
    stack = [node]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(reversed(n.children))
    return out
