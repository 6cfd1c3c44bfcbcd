"""Python to the program form of ``ir``.

    self.base = f"{host}/api/v1"                     → Assign(Attr(Name('this'), 'base'), Concat(…), '=')
    requests.get(url=self.base + "/adressen", …)     → Call(Attr(Name('requests'), 'get'), (), (('url', …), …))
    "{}/x".format(kind), "%s/x" % kind               → Fmt('brace', …), Fmt('printf', …)

A method's first parameter (``self``) is ``this`` (``cls`` of a classmethod is the class); docstrings,
type hints and comments are dropped; ``with … as x`` binds ``x``; ``match`` is a switch.
"""
from __future__ import annotations

from typing import Any

from registry.inputs.source.ir import (
    Assign, Attr, Branches, Call, ClassDef, Concat, Cond, Expr, ExprStmt, Fmt, Func, FuncDef, Import, Index, Lit, Loop,
    Module, Name, Num, Obj, Param, Return, Stmt, Switch, Unknown,
)
from registry.inputs.source.syntax import Converter, count_errors, parse

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0"}


def read_python(text: str, path: str, *, line_offset: int = 0) -> Module:
    """The program form of a Python file."""
    tree = parse("python", text.encode("utf-8"))
    conv = _Python(path, line_offset)
    body = conv.stmts(tree.root_node)
    return Module(path, "python", tuple(body), "", count_errors(tree.root_node))


class _Python(Converter):
    def __init__(self, path: str, line_offset: int) -> None:
        super().__init__(path, line_offset)
        self.self_names: list[str | None] = [None]

    # -- statements ------------------------------------------------------------------------------
    def s_module(self, node: Any) -> list[Stmt]:
        return self.stmt_default(node)

    def s_comment(self, node: Any) -> list[Stmt]:
        return []

    for _t in ("pass_statement", "break_statement", "continue_statement", "global_statement", "nonlocal_statement",
               "future_import_statement", "type_alias_statement"):
        locals()["s_" + _t] = lambda self, node: []
    del _t

    def s_import_statement(self, node: Any) -> list[Stmt]:
        out: list[Stmt] = []
        for n in node.children_by_field_name("name"):
            if n.type == "aliased_import":
                full = self.text(n.child_by_field_name("name"))
                local = self.text(n.child_by_field_name("alias"))
            else:
                full = self.text(n)
                local = full.split(".", 1)[0]
            out.append(Import(full, (("*", local),), self.line(node)))
        return out

    def s_import_from_statement(self, node: Any) -> list[Stmt]:
        mod = node.child_by_field_name("module_name")
        source = self.text(mod) if mod is not None else ""
        names: list[tuple[str, str]] = []
        for n in node.children_by_field_name("name"):
            if n.type == "aliased_import":
                names.append((self.text(n.child_by_field_name("name")), self.text(n.child_by_field_name("alias"))))
            else:
                names.append((self.text(n), self.text(n)))
        return [Import(source, tuple(names), self.line(node))]

    def s_expression_statement(self, node: Any) -> list[Stmt]:
        out: list[Stmt] = []
        for c in self.named(node):
            if c.type == "string":  # a docstring or a bare string: not code
                continue
            out.extend(self._expression_stmt(c))
        return out

    def _expression_stmt(self, node: Any) -> list[Stmt]:
        line = self.line(node)
        if node.type == "assignment":
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if right is None:
                return []
            value = self.expr(right)
            if left is not None and left.type in ("pattern_list", "tuple_pattern") and right.type in ("expression_list", "tuple"):
                targets = self.named(left)
                values = self.named(right)
                if len(targets) == len(values):
                    return [Assign(self.expr(t), self.expr(v), "=", line) for t, v in zip(targets, values)]
            if right.type == "assignment":  # a = b = value
                inner = self._expression_stmt(right)
                last = inner[-1]
                return inner + ([Assign(self.expr(left), last.value, "=", line)] if isinstance(last, Assign) else [])
            return [Assign(self.expr(left), value, "=", line)]
        if node.type == "augmented_assignment":
            op = node.child_by_field_name("operator")
            value = self.expr(node.child_by_field_name("right"))
            kind = "+=" if op is not None and self.text(op) == "+=" else "="
            if kind == "=":
                value = Unknown("value", (value,))
            return [Assign(self.expr(node.child_by_field_name("left")), value, kind, line)]
        return [ExprStmt(self.expr(node), line)]

    def s_return_statement(self, node: Any) -> list[Stmt]:
        kids = self.named(node)
        return [Return(self.expr(kids[0]) if kids else None, self.line(node))]

    def s_raise_statement(self, node: Any) -> list[Stmt]:
        return [ExprStmt(Unknown("raise", tuple(self.expr(k) for k in self.named(node))), self.line(node))]

    def s_block(self, node: Any) -> list[Stmt]:
        return self.stmt_default(node)

    def _body(self, node: Any) -> tuple[Stmt, ...]:
        if node is None:
            return ()
        return tuple(self.stmt_default(node)) if node.type == "block" else tuple(self.stmts(node))

    def s_if_statement(self, node: Any) -> list[Stmt]:
        pre: list[Stmt] = [ExprStmt(self.expr(node.child_by_field_name("condition")), self.line(node))]
        branches = [self._body(node.child_by_field_name("consequence"))]
        has_else = False
        for alt in node.children_by_field_name("alternative"):
            if alt.type == "elif_clause":
                pre.append(ExprStmt(self.expr(alt.child_by_field_name("condition")), self.line(alt)))
                branches.append(self._body(alt.child_by_field_name("consequence")))
            else:
                has_else = True
                branches.append(self._body(alt.child_by_field_name("body")))
        if not has_else:
            branches.append(())
        return pre + [Branches(tuple(branches))]

    def s_for_statement(self, node: Any) -> list[Stmt]:
        left = node.child_by_field_name("left")
        target = self._pattern(left)
        return [Loop(target, self.expr(node.child_by_field_name("right")), self._body(node.child_by_field_name("body")))]

    def _pattern(self, node: Any) -> Expr | None:
        if node is None:
            return None
        if node.type in ("pattern_list", "tuple_pattern", "list_pattern"):
            return Obj(tuple((None, self.expr(k)) for k in self.named(node)))
        return self.expr(node)

    def s_while_statement(self, node: Any) -> list[Stmt]:
        return [ExprStmt(self.expr(node.child_by_field_name("condition")), self.line(node)),
                Loop(None, None, self._body(node.child_by_field_name("body")))]

    def s_try_statement(self, node: Any) -> list[Stmt]:
        out = list(self._body(node.child_by_field_name("body")))
        handlers: list[tuple[Stmt, ...]] = []
        for c in self.named(node):
            if c.type in ("except_clause", "except_group_clause"):
                blocks = [k for k in self.named(c) if k.type == "block"]
                handlers.append(self._body(blocks[0]) if blocks else ())
            elif c.type == "else_clause":
                out.extend(self._body(c.child_by_field_name("body")))
            elif c.type == "finally_clause":
                blocks = [k for k in self.named(c) if k.type == "block"]
                if blocks:
                    handlers.append(())
                    out.append(Branches(tuple(handlers)))
                    handlers = []
                    out.extend(self._body(blocks[0]))
        if handlers:
            out.append(Branches(tuple(handlers) + ((),)))
        return out

    def s_with_statement(self, node: Any) -> list[Stmt]:
        out: list[Stmt] = []
        for clause in self.named(node):
            if clause.type != "with_clause":
                continue
            for item in self.named(clause):
                value = item.child_by_field_name("value")
                if value is None:
                    continue
                if value.type == "as_pattern":
                    kids = self.named(value)
                    alias = value.child_by_field_name("alias")
                    target = self.named(alias)[0] if alias is not None and self.named(alias) else None
                    if kids and target is not None:
                        out.append(Assign(self.expr(target), self.expr(kids[0]), "=", self.line(item)))
                    elif kids:
                        out.append(ExprStmt(self.expr(kids[0]), self.line(item)))
                else:
                    out.append(ExprStmt(self.expr(value), self.line(item)))
        return out + list(self._body(node.child_by_field_name("body")))

    def s_match_statement(self, node: Any) -> list[Stmt]:
        subject = self.expr(node.child_by_field_name("subject"))
        cases: list[tuple[tuple[Expr, ...], tuple[Stmt, ...]]] = []
        body = node.child_by_field_name("body")
        for case in body.children_by_field_name("alternative") if body is not None else []:
            values: list[Expr] = []
            for pat in self.named(case):
                if pat.type == "case_pattern":
                    for s in _walk(pat):
                        if s.type == "string":
                            values.append(self.expr(s))
            cases.append((tuple(values), self._body(case.child_by_field_name("consequence"))))
        return [Switch(subject, tuple(cases))]

    def s_decorated_definition(self, node: Any) -> list[Stmt]:
        definition = node.child_by_field_name("definition")
        decorators = [self.text(d).lstrip("@").strip() for d in self.named(node) if d.type == "decorator"]
        if definition is None:
            return []
        if definition.type == "function_definition":
            return [self._function(definition, decorators)]
        return self.stmts(definition)

    def s_function_definition(self, node: Any) -> list[Stmt]:
        return [self._function(node, [])]

    def _function(self, node: Any, decorators: list[str], in_class: bool = False) -> FuncDef:
        name = self.text(node.child_by_field_name("name"))
        static = "staticmethod" in decorators
        classmethod = "classmethod" in decorators
        params = self._params(node.child_by_field_name("parameters"))
        self_name = None
        if in_class and not static and params:
            self_name = params[0].name
            params = params[1:]
        self.self_names.append(self_name)
        self.cls_mode = classmethod
        try:
            body = self._body(node.child_by_field_name("body"))
        finally:
            self.self_names.pop()
        kind = "constructor" if in_class and name == "__init__" else "method" if in_class else "function"
        return FuncDef(name, tuple(params), body, self.line(node), kind, static or classmethod)

    def _params(self, node: Any) -> list[Param]:
        out: list[Param] = []
        for p in self.named(node) if node is not None else []:
            t = p.type
            if t == "identifier":
                out.append(Param(self.text(p)))
            elif t in ("default_parameter", "typed_default_parameter"):
                n = p.child_by_field_name("name")
                v = p.child_by_field_name("value")
                ty = p.child_by_field_name("type")
                out.append(Param(self.text(n) if n is not None else "arg", self.expr(v) if v is not None else None,
                                 self._type(ty), self._literal_type(ty)))
            elif t == "typed_parameter":
                ids = [k for k in self.named(p) if k.type == "identifier"]
                ty = p.child_by_field_name("type")
                out.append(Param(self.text(ids[0]) if ids else "arg", None, self._type(ty), self._literal_type(ty)))
            elif t in ("list_splat_pattern", "dictionary_splat_pattern"):
                out.append(Param("args"))
        return out

    def _type(self, node: Any) -> str | None:
        if node is None:
            return None
        text = self.text(node).strip("'\"")
        return text.split("[", 1)[0].rsplit(".", 1)[-1] or None

    def _literal_type(self, node: Any) -> tuple[str, ...]:
        """``Literal['invoices', 'creditNotes']`` as a parameter's type: its values."""
        if node is None:
            return ()
        text = self.text(node)
        if not text.startswith(("Literal[", "typing.Literal[")):
            return ()
        out = []
        for s in _walk(node):
            if s.type == "string":
                e = self.e_string(s)
                if isinstance(e, Lit):
                    out.append(e.text)
        return tuple(out)

    def s_class_definition(self, node: Any) -> list[Stmt]:
        name = self.text(node.child_by_field_name("name"))
        bases: list[str] = []
        sup = node.child_by_field_name("superclasses")
        for b in self.named(sup) if sup is not None else []:
            if b.type in ("identifier", "attribute"):
                bases.append(self.text(b).rsplit(".", 1)[-1])
        members: list[Stmt] = []
        body = node.child_by_field_name("body")
        for m in self.named(body) if body is not None else []:
            if m.type == "function_definition":
                members.append(self._function(m, [], in_class=True))
            elif m.type == "decorated_definition":
                d = m.child_by_field_name("definition")
                decos = [self.text(x).lstrip("@").strip() for x in self.named(m) if x.type == "decorator"]
                if d is not None and d.type == "function_definition":
                    members.append(self._function(d, decos, in_class=True))
            elif m.type == "expression_statement":
                for st in self.s_expression_statement(m):
                    if isinstance(st, Assign) and isinstance(st.target, Name):
                        members.append(Assign(Attr(Name("this"), st.target.name), st.value, st.op, st.line))
        return [ClassDef(name, tuple(bases), tuple(members), self.line(node))]

    # -- expressions -----------------------------------------------------------------------------
    def e_identifier(self, node: Any) -> Expr:
        name = self.text(node)
        if self.self_names[-1] is not None and name == self.self_names[-1]:
            return Name("this")
        return Name(name)

    def e_string(self, node: Any) -> Expr:
        parts: list[Expr] = []
        buf = ""
        start = node.child(0)
        raw = start is not None and "r" in self.text(start).lower()
        for c in node.named_children:
            if c.type == "string_content":
                buf += self.text(c) if raw else _unescape(self.text(c))
            elif c.type == "escape_sequence":
                t = self.text(c)
                buf += _ESCAPES.get(t[1:], t) if len(t) == 2 else t
            elif c.type == "interpolation":
                if buf:
                    parts.append(Lit(buf))
                    buf = ""
                e = c.child_by_field_name("expression")
                parts.append(self.expr(e) if e is not None else Unknown("value"))
        if buf or not parts:
            parts.append(Lit(buf))
        return parts[0] if len(parts) == 1 else Concat(tuple(parts))

    def e_concatenated_string(self, node: Any) -> Expr:
        parts: list[Expr] = []
        for c in self.named(node):
            e = self.expr(c)
            parts.extend(e.parts if isinstance(e, Concat) else (e,))
        return Concat(tuple(parts))

    def e_integer(self, node: Any) -> Expr:
        return Num(self.text(node))

    e_float = e_integer

    def e_true(self, node: Any) -> Expr:
        return Name("true")

    def e_false(self, node: Any) -> Expr:
        return Name("false")

    def e_none(self, node: Any) -> Expr:
        return Name("null")

    def e_attribute(self, node: Any) -> Expr:
        return Attr(self.expr(node.child_by_field_name("object")), self.text(node.child_by_field_name("attribute")))

    def e_subscript(self, node: Any) -> Expr:
        subs = node.children_by_field_name("subscript")
        key = self.expr(subs[0]) if subs else Unknown("key")
        return Index(self.expr(node.child_by_field_name("value")), key)

    def e_parenthesized_expression(self, node: Any) -> Expr:
        kids = self.named(node)
        return self.expr(kids[0]) if kids else Unknown("value")

    def e_await(self, node: Any) -> Expr:
        kids = self.named(node)
        return self.expr(kids[0]) if kids else Unknown("value")

    def e_binary_operator(self, node: Any) -> Expr:
        op = node.child_by_field_name("operator")
        op_text = self.text(op) if op is not None else ""
        if op_text == "+":
            return self.concat_of(node, "+")
        left = self.expr(node.child_by_field_name("left"))
        right_node = node.child_by_field_name("right")
        if op_text == "%" and isinstance(left, (Lit, Concat)):
            args = tuple(self.expr(k) for k in self.named(right_node)) if right_node is not None and right_node.type == "tuple" \
                else (self.expr(right_node),)
            return Fmt("printf", left, args)
        right = self.expr(right_node)
        if op_text == "+":
            return Concat((left.parts if isinstance(left, Concat) else (left,)) + (right.parts if isinstance(right, Concat) else (right,)))
        if op_text == "/" and (isinstance(left, (Call, Name, Attr))):  # pathlib / yarl: base / "x"
            return Concat((left, Lit("/"), right))
        return Unknown(self.hint(node), (left, right))

    def e_boolean_operator(self, node: Any) -> Expr:
        op = node.child_by_field_name("operator")
        left = self.expr(node.child_by_field_name("left"))
        right = self.expr(node.child_by_field_name("right"))
        if op is not None and self.text(op) == "or":
            return Cond((left, right))
        return Cond((right,))

    def e_conditional_expression(self, node: Any) -> Expr:
        kids = self.named(node)
        if len(kids) >= 3:
            return Cond((self.expr(kids[0]), self.expr(kids[2])))
        return Unknown(self.hint(node))

    def e_call(self, node: Any) -> Expr:
        fn = node.child_by_field_name("function")
        args_node = node.child_by_field_name("arguments")
        args: list[Expr] = []
        kwargs: list[tuple[str, Expr]] = []
        spread = False
        for a in self.named(args_node) if args_node is not None else []:
            if a.type == "keyword_argument":
                kwargs.append((self.text(a.child_by_field_name("name")), self.expr(a.child_by_field_name("value"))))
            elif a.type in ("list_splat", "dictionary_splat"):
                spread = True
            else:
                args.append(self.expr(a))
        line = self.line(node)
        if fn is not None and fn.type == "attribute":
            attr = self.text(fn.child_by_field_name("attribute"))
            obj = fn.child_by_field_name("object")
            if attr == "format" and obj is not None and obj.type in ("string", "concatenated_string"):
                return Fmt("brace", self.expr(obj), tuple(args), tuple(kwargs))
        return Call(self.expr(fn), tuple(args), tuple(kwargs), line, spread)

    def e_dictionary(self, node: Any) -> Expr:
        items: list[tuple[Expr | None, Expr]] = []
        for p in self.named(node):
            if p.type == "pair":
                items.append((self.expr(p.child_by_field_name("key")), self.expr(p.child_by_field_name("value"))))
        return Obj(tuple(items), self.line(node))

    def _seq(self, node: Any) -> Expr:
        return Obj(tuple((None, self.expr(c)) for c in self.named(node)), self.line(node))

    e_list = _seq
    e_tuple = _seq
    e_set = _seq
    e_expression_list = _seq

    def e_lambda(self, node: Any) -> Expr:
        params = self._params(node.child_by_field_name("parameters"))
        body = node.child_by_field_name("body")
        return Func(tuple(params), (Return(self.expr(body), self.line(node)),), self.line(node))

    def e_named_expression(self, node: Any) -> Expr:
        return Call(Name("(assign)"), (self.expr(node.child_by_field_name("name")), self.expr(node.child_by_field_name("value"))),
                    (), self.line(node))


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            out.append(_ESCAPES.get(text[i + 1], "\\" + text[i + 1]))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _walk(node: Any) -> list[Any]:
    out = []
    stack = [node]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(reversed(n.children))
    return out
