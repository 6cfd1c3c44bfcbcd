"""PHP (``.php``, ``.phtml``, ``.inc``) to the program form of ``ir``.

    $this->url = $this->host . '/api/v1';              → Assign(Attr(Name('this'), 'url'), Concat(…), '=')
    define('XENTRAL_URL', getenv('X') ?: 'https://…');  → Assign(Name('XENTRAL_URL'), Cond(…), '=')
    sprintf('%s/belege/%d', $this->url, $id)            → Fmt('printf', Lit('%s/belege/%d'), …)

Class constants and properties (with their initial values), constructor property promotion, ``match``,
``switch``, ``foreach ($list as $k => $v)``, closures and arrow functions are kept; doc comments,
attributes and type declarations are not.
"""
from __future__ import annotations

from typing import Any

from registry.inputs.source.ir import (
    Assign, Attr, Branches, Call, ClassDef, Concat, Cond, Expr, ExprStmt, Fmt, Func, FuncDef, Import, Index, Lit,
    Loop, Module, Name, New, Num, Obj, Param, Return, Stmt, Switch, Unknown,
)
from registry.inputs.source.syntax import Converter, count_errors, parse

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "$": "$", '"': '"', "'": "'", "/": "/", "0": "\0", "e": "\x1b"}
_FORMATS = {"sprintf": "printf", "vsprintf": "printf"}
_SCOPES = {"self": "self", "static": "self", "parent": "parent"}


def read_php(text: str, path: str, *, line_offset: int = 0, bare: bool = False) -> Module:
    """The program form of a PHP file (``bare``: code without the opening ``<?php`` tag)."""
    tree = parse("php-only" if bare else "php", text.encode("utf-8"))
    conv = _Php(path, line_offset)
    body = conv.stmts(tree.root_node)
    return Module(path, "php", tuple(body), conv.namespace, count_errors(tree.root_node))


def _short(name: str) -> str:
    return name.rsplit("\\", 1)[-1]


class _Php(Converter):
    def __init__(self, path: str, line_offset: int) -> None:
        super().__init__(path, line_offset)
        self.namespace = ""

    # -- statements ------------------------------------------------------------------------------
    def s_program(self, node: Any) -> list[Stmt]:
        return self.stmt_default(node)

    def s_text(self, node: Any) -> list[Stmt]:
        return []

    def s_comment(self, node: Any) -> list[Stmt]:
        return []

    def s_namespace_definition(self, node: Any) -> list[Stmt]:
        name = node.child_by_field_name("name")
        if name is not None:
            self.namespace = self.text(name)
        body = node.child_by_field_name("body")
        return self.stmts(body) if body is not None else []

    def s_namespace_use_declaration(self, node: Any) -> list[Stmt]:
        out: list[Stmt] = []
        for clause in self.named(node):
            if clause.type != "namespace_use_clause":
                continue
            alias = clause.child_by_field_name("alias")
            kids = [c for c in self.named(clause) if c.type in ("qualified_name", "name")]
            if not kids:
                continue
            full = self.text(kids[0]).lstrip("\\")
            local = self.text(alias) if alias is not None else _short(full)
            out.append(Import(full, ((_short(full), local),), self.line(node)))
        return out

    def s_expression_statement(self, node: Any) -> list[Stmt]:
        out: list[Stmt] = []
        for child in self.named(node):
            out.extend(self._expression_stmt(child))
        return out

    def _expression_stmt(self, node: Any) -> list[Stmt]:
        t = node.type
        line = self.line(node)
        if t == "assignment_expression" or t == "reference_assignment_expression":
            return [Assign(self.expr(node.child_by_field_name("left")), self.expr(node.child_by_field_name("right")), "=", line)]
        if t == "augmented_assignment_expression":
            op = node.child_by_field_name("operator")
            op_text = self.text(op) if op is not None else "="
            kind = "+=" if op_text in (".=", "+=") else "?=" if op_text == "??=" else "="
            value = self.expr(node.child_by_field_name("right"))
            if kind == "=":  # (other arithmetic: the value is not followed)
                value = Unknown(self.hint(node.child_by_field_name("left")), (value,))
            return [Assign(self.expr(node.child_by_field_name("left")), value, kind, line)]
        if t in ("require_expression", "require_once_expression", "include_expression", "include_once_expression"):
            kids = self.named(node)
            return [Import(self.text(kids[0]) if kids else "", (), line)]
        if t == "function_call_expression":
            fn = node.child_by_field_name("function")
            if fn is not None and self.text(fn).lower() == "define":
                args = self._args(node.child_by_field_name("arguments"))[0]
                if len(args) >= 2 and isinstance(args[0], Lit):
                    return [Assign(Name(args[0].text), args[1], "=", line)]
        return [ExprStmt(self.expr(node), line)]

    def s_echo_statement(self, node: Any) -> list[Stmt]:
        return []  # (output, not a request)

    def s_return_statement(self, node: Any) -> list[Stmt]:
        kids = self.named(node)
        return [Return(self.expr(kids[0]) if kids else None, self.line(node))]

    def s_compound_statement(self, node: Any) -> list[Stmt]:
        return self.stmt_default(node)

    def s_if_statement(self, node: Any) -> list[Stmt]:
        branches: list[tuple[Stmt, ...]] = []
        pre = [ExprStmt(self.expr(node.child_by_field_name("condition")), self.line(node))]
        branches.append(self._body(node.child_by_field_name("body")))
        has_else = False
        for alt in node.children_by_field_name("alternative"):
            if alt.type == "else_if_clause":
                pre.append(ExprStmt(self.expr(alt.child_by_field_name("condition")), self.line(alt)))
                branches.append(self._body(alt.child_by_field_name("body")))
            else:
                has_else = True
                branches.append(self._body(alt.child_by_field_name("body")))
        if not has_else:
            branches.append(())
        return pre + [Branches(tuple(branches))]

    def _body(self, node: Any) -> tuple[Stmt, ...]:
        if node is None:
            return ()
        if node.type in ("compound_statement", "colon_block"):
            return tuple(self.stmt_default(node))
        return tuple(self.stmts(node))

    def s_colon_block(self, node: Any) -> list[Stmt]:
        return self.stmt_default(node)

    def s_switch_statement(self, node: Any) -> list[Stmt]:
        subject = self.expr(node.child_by_field_name("condition"))
        cases: list[tuple[tuple[Expr, ...], tuple[Stmt, ...]]] = []
        body = node.child_by_field_name("body")
        pending: list[Expr] = []
        for case in self.named(body) if body is not None else []:
            if case.type == "case_statement":
                value = case.child_by_field_name("value")
                stmts = [s for c in self.named(case)[1:] for s in self.stmts(c)]
                pending.append(self.expr(value))
            elif case.type == "default_statement":
                stmts = [s for c in self.named(case) for s in self.stmts(c)]
            else:
                continue
            if not stmts and case.type == "case_statement":
                continue  # falls through to the next case
            cases.append((tuple(pending) if case.type == "case_statement" else (), tuple(stmts)))
            pending = []
        return [Switch(subject, tuple(cases))]

    def s_break_statement(self, node: Any) -> list[Stmt]:
        return []

    def s_continue_statement(self, node: Any) -> list[Stmt]:
        return []

    def s_foreach_statement(self, node: Any) -> list[Stmt]:
        kids = [c for c in self.named(node) if c.type != "compound_statement" and c != node.child_by_field_name("body")]
        iterable = self.expr(kids[0]) if kids else None
        target: Expr | None = None
        key: Expr | None = None
        if len(kids) >= 2:
            spec = kids[1]
            if spec.type == "pair":
                pk = self.named(spec)
                key, target = self.expr(pk[0]), self.expr(pk[-1])
            else:
                target = self.expr(spec)
        return [Loop(target, iterable, self._body(node.child_by_field_name("body")), key)]

    def s_for_statement(self, node: Any) -> list[Stmt]:
        body = node.child_by_field_name("body")
        head = [s for c in self.named(node) if c != body for s in self._expression_stmt(c)] if body is not None else []
        return head + [Loop(None, None, self._body(body))]

    def s_while_statement(self, node: Any) -> list[Stmt]:
        return [ExprStmt(self.expr(node.child_by_field_name("condition")), self.line(node)),
                Loop(None, None, self._body(node.child_by_field_name("body")))]

    def s_do_statement(self, node: Any) -> list[Stmt]:
        return [Loop(None, None, self._body(node.child_by_field_name("body"))),
                ExprStmt(self.expr(node.child_by_field_name("condition")), self.line(node))]

    def s_try_statement(self, node: Any) -> list[Stmt]:
        body = self._body(node.child_by_field_name("body"))
        out: list[Stmt] = list(body)
        handlers: list[tuple[Stmt, ...]] = []
        final: tuple[Stmt, ...] = ()
        for c in self.named(node):
            if c.type == "catch_clause":
                handlers.append(self._body(c.child_by_field_name("body")))
            elif c.type == "finally_clause":
                final = self._body(c.child_by_field_name("body"))
        if handlers:
            out.append(Branches(tuple(handlers) + ((),)))
        return out + list(final)

    def s_function_definition(self, node: Any) -> list[Stmt]:
        return [self._function(node, "function")]

    def _function(self, node: Any, kind: str, static: bool = False) -> FuncDef:
        name = self.text(node.child_by_field_name("name"))
        params, promoted = self._params(node.child_by_field_name("parameters"))
        body = list(self._body(node.child_by_field_name("body")))
        if name.lower() == "__construct":
            kind = "constructor"
            body = [Assign(Attr(Name("this"), p), Name("$" + p), "=", self.line(node)) for p in promoted] + body
        return FuncDef(name, tuple(params), tuple(body), self.line(node), kind, static)

    def _params(self, node: Any) -> tuple[list[Param], list[str]]:
        params: list[Param] = []
        promoted: list[str] = []
        for p in self.named(node) if node is not None else []:
            if p.type not in ("simple_parameter", "property_promotion_parameter", "variadic_parameter"):
                continue
            name_node = p.child_by_field_name("name")
            name = self.text(name_node).lstrip("&.") if name_node is not None else "$arg"
            default = p.child_by_field_name("default_value")
            type_node = p.child_by_field_name("type")
            params.append(Param(name, self.expr(default) if default is not None else None, self._type(type_node)))
            if p.type == "property_promotion_parameter":
                promoted.append(name.lstrip("$"))
        return params, promoted

    def _type(self, node: Any) -> str | None:
        if node is None:
            return None
        names = [self.text(n) for n in _walk(node) if n.type in ("name", "qualified_name")]
        return _short(names[-1]) if names else None

    def s_class_declaration(self, node: Any) -> list[Stmt]:
        return [self._class(node)]

    def s_trait_declaration(self, node: Any) -> list[Stmt]:
        return [self._class(node)]

    def s_interface_declaration(self, node: Any) -> list[Stmt]:
        return []  # (types only)

    def s_enum_declaration(self, node: Any) -> list[Stmt]:
        return [self._class(node)]

    def _class(self, node: Any) -> ClassDef:
        name_node = node.child_by_field_name("name")
        name = self.text(name_node) if name_node is not None else "class"
        bases: list[str] = []
        for c in self.named(node):
            if c.type in ("base_clause", "class_interface_clause"):
                bases.extend(_short(self.text(n)) for n in self.named(c))
        members: list[Stmt] = []
        body = node.child_by_field_name("body")
        for m in self.named(body) if body is not None else []:
            line = self.line(m)
            if m.type == "method_declaration":
                static = any(self.text(c) == "static" for c in m.children if c.type == "static_modifier")
                members.append(self._function(m, "method", static))
            elif m.type == "const_declaration":
                for el in self.named(m):
                    if el.type == "const_element":
                        ek = self.named(el)
                        if len(ek) >= 2:
                            members.append(Assign(Attr(Name("this"), self.text(ek[0])), self.expr(ek[-1]), "=", line))
            elif m.type == "property_declaration":
                for el in self.named(m):
                    if el.type == "property_element":
                        pname = self.text(el.child_by_field_name("name")).lstrip("$")
                        default = el.child_by_field_name("default_value")
                        if default is not None:
                            members.append(Assign(Attr(Name("this"), pname), self.expr(default), "=", line))
                        else:
                            ptype = self._type(m.child_by_field_name("type"))
                            if ptype:
                                members.append(Assign(Attr(Name("this"), pname), Unknown(f"type:{ptype}"), "?=", line))
            elif m.type == "enum_case":
                kids = self.named(m)
                if len(kids) >= 2:
                    members.append(Assign(Attr(Name("this"), self.text(kids[0])), self.expr(kids[-1]), "=", line))
        return ClassDef(name, tuple(bases), tuple(members), self.line(node))

    def s_const_declaration(self, node: Any) -> list[Stmt]:
        out: list[Stmt] = []
        for el in self.named(node):
            if el.type == "const_element":
                ek = self.named(el)
                if len(ek) >= 2:
                    out.append(Assign(Name(self.text(ek[0])), self.expr(ek[-1]), "=", self.line(el)))
        return out

    def s_global_declaration(self, node: Any) -> list[Stmt]:
        return []

    # -- expressions -----------------------------------------------------------------------------
    def e_encapsed_string(self, node: Any) -> Expr:
        return self._interpolated(node)

    def e_heredoc(self, node: Any) -> Expr:
        body = node.child_by_field_name("value")
        return self._interpolated(body) if body is not None else Lit("")

    def e_nowdoc(self, node: Any) -> Expr:
        body = node.child_by_field_name("value")
        return Lit(self.text(body) if body is not None else "")

    def _interpolated(self, node: Any) -> Expr:
        parts: list[Expr] = []
        buf = ""
        for c in node.children:
            if not c.is_named:
                continue
            if c.type in ("string_content", "string_value", "nowdoc_string"):
                buf += self.text(c)
            elif c.type == "escape_sequence":
                raw = self.text(c)
                buf += _ESCAPES.get(raw[1:], raw) if len(raw) == 2 else raw
            elif c.type in ("heredoc_body",):
                inner = self._interpolated(c)
                parts.extend([Lit(buf)] if buf else [])
                buf = ""
                parts.append(inner)
            else:
                if buf:
                    parts.append(Lit(buf))
                    buf = ""
                parts.append(self.expr(c))
        if buf or not parts:
            parts.append(Lit(buf))
        return parts[0] if len(parts) == 1 else Concat(tuple(parts))

    def e_string(self, node: Any) -> Expr:
        out = ""
        for c in node.children:
            if c.type == "string_content" or c.type == "string_value":
                out += self.text(c)
            elif c.type == "escape_sequence":
                raw = self.text(c)
                out += raw[1:] if raw in ("\\'", "\\\\") else raw
        return Lit(out)

    def e_integer(self, node: Any) -> Expr:
        return Num(self.text(node))

    def e_float(self, node: Any) -> Expr:
        return Num(self.text(node))

    def e_variable_name(self, node: Any) -> Expr:
        name = self.text(node)
        return Name("this") if name == "$this" else Name(name)

    def e_name(self, node: Any) -> Expr:
        return Name(self.text(node))

    def e_qualified_name(self, node: Any) -> Expr:
        return Name(_short(self.text(node)))

    def e_binary_expression(self, node: Any) -> Expr:
        op_node = node.child_by_field_name("operator")
        op = self.text(op_node) if op_node is not None else ""
        if op == ".":
            return self.concat_of(node, ".")
        left = self.expr(node.child_by_field_name("left"))
        right = self.expr(node.child_by_field_name("right"))
        if op == ".":
            return Concat(_flat(left) + _flat(right))
        if op in ("??", "?:", "or", "||"):
            return Cond((left, right))
        if op == "+" and isinstance(left, Obj) and isinstance(right, Obj):
            return Obj(right.items + left.items, left.line)
        return Unknown(self.hint(node), (left, right))

    def e_conditional_expression(self, node: Any) -> Expr:
        body = node.child_by_field_name("body")
        cond = self.expr(node.child_by_field_name("condition"))
        alt = self.expr(node.child_by_field_name("alternative"))
        return Cond((self.expr(body) if body is not None else cond, alt))

    def e_parenthesized_expression(self, node: Any) -> Expr:
        kids = self.named(node)
        return self.expr(kids[0]) if kids else Unknown("value")

    def e_cast_expression(self, node: Any) -> Expr:
        value = self.expr(node.child_by_field_name("value"))
        return Call(Name("(cast)"), (value,), (), self.line(node))

    def e_member_access_expression(self, node: Any) -> Expr:
        name = node.child_by_field_name("name")
        obj = self.expr(node.child_by_field_name("object"))
        if name is None or name.type != "name":
            return Unknown(self.hint(node), (obj,))
        return Attr(obj, self.text(name))

    e_nullsafe_member_access_expression = e_member_access_expression

    def _scope(self, node: Any) -> Expr:
        if node is None:
            return Unknown("class")
        text = self.text(node)
        if node.type == "relative_scope" or text in _SCOPES:
            return Name(_SCOPES.get(text, "self"))
        return self.expr(node)

    def e_class_constant_access_expression(self, node: Any) -> Expr:
        kids = self.named(node)
        if len(kids) < 2:
            return Unknown(self.hint(node))
        if self.text(kids[-1]) == "class":
            return Lit(_short(self.text(kids[0])))
        return Attr(self._scope(kids[0]), self.text(kids[-1]))

    def e_scoped_property_access_expression(self, node: Any) -> Expr:
        name = node.child_by_field_name("name")
        return Attr(self._scope(node.child_by_field_name("scope")), self.text(name).lstrip("$") if name is not None else "?")

    def e_subscript_expression(self, node: Any) -> Expr:
        kids = self.named(node)
        if len(kids) < 2:
            return Unknown(self.hint(node), tuple(self.expr(k) for k in kids))
        return Index(self.expr(kids[0]), self.expr(kids[1]))

    def _args(self, node: Any) -> tuple[tuple[Expr, ...], tuple[tuple[str, Expr], ...], bool]:
        args: list[Expr] = []
        kwargs: list[tuple[str, Expr]] = []
        spread = False
        for a in self.named(node) if node is not None else []:
            if a.type == "variadic_placeholder":
                continue
            if a.type != "argument":
                args.append(self.expr(a))
                continue
            name = a.child_by_field_name("name")
            kids = [k for k in self.named(a) if k != name]
            value = self.expr(kids[-1]) if kids else Unknown("value")
            if any(c.type == "..." or self.text(c) == "..." for c in a.children if not c.is_named):
                spread = True
            if name is not None:
                kwargs.append((self.text(name), value))
            else:
                args.append(value)
        return tuple(args), tuple(kwargs), spread

    def e_function_call_expression(self, node: Any) -> Expr:
        fn_node = node.child_by_field_name("function")
        args, kwargs, spread = self._args(node.child_by_field_name("arguments"))
        line = self.line(node)
        if fn_node is not None and fn_node.type in ("name", "qualified_name"):
            fname = _short(self.text(fn_node))
            style = _FORMATS.get(fname.lower())
            if style and args:
                rest = args[1:]
                if fname.lower() == "vsprintf" and len(rest) == 1 and isinstance(rest[0], Obj):
                    rest = tuple(v for _, v in rest[0].items)
                return Fmt(style, args[0], rest)
            return Call(Name(fname), args, kwargs, line, spread)
        return Call(self.expr(fn_node), args, kwargs, line, spread)

    def e_member_call_expression(self, node: Any) -> Expr:
        obj = self.expr(node.child_by_field_name("object"))
        name = node.child_by_field_name("name")
        args, kwargs, spread = self._args(node.child_by_field_name("arguments"))
        if name is None or name.type != "name":
            return Unknown(self.hint(node), (obj,) + args)
        return Call(Attr(obj, self.text(name)), args, kwargs, self.line(node), spread)

    e_nullsafe_member_call_expression = e_member_call_expression

    def e_scoped_call_expression(self, node: Any) -> Expr:
        scope = self._scope(node.child_by_field_name("scope"))
        name = node.child_by_field_name("name")
        args, kwargs, spread = self._args(node.child_by_field_name("arguments"))
        return Call(Attr(scope, self.text(name) if name is not None else "?"), args, kwargs, self.line(node), spread)

    def e_object_creation_expression(self, node: Any) -> Expr:
        cls = "object"
        args: tuple[Expr, ...] = ()
        kwargs: tuple[tuple[str, Expr], ...] = ()
        for c in self.named(node):
            if c.type in ("name", "qualified_name"):
                cls = _short(self.text(c))
            elif c.type == "arguments":
                args, kwargs, _ = self._args(c)
        return New(cls, args, kwargs, self.line(node))

    def e_array_creation_expression(self, node: Any) -> Expr:
        items: list[tuple[Expr | None, Expr]] = []
        for el in self.named(node):
            if el.type != "array_element_initializer":
                continue
            kids = self.named(el)
            if len(kids) >= 2:
                items.append((self.expr(kids[0]), self.expr(kids[-1])))
            elif kids:
                items.append((None, self.expr(kids[0])))
        return Obj(tuple(items), self.line(node))

    def e_anonymous_function(self, node: Any) -> Expr:
        params, _ = self._params(node.child_by_field_name("parameters"))
        return Func(tuple(params), self._body(node.child_by_field_name("body")), self.line(node))

    e_anonymous_function_creation_expression = e_anonymous_function

    def e_arrow_function(self, node: Any) -> Expr:
        params, _ = self._params(node.child_by_field_name("parameters"))
        body = node.child_by_field_name("body")
        return Func(tuple(params), (Return(self.expr(body), self.line(body)),), self.line(node))

    def e_match_expression(self, node: Any) -> Expr:
        options: list[Expr] = []
        body = node.child_by_field_name("body")
        for arm in self.named(body) if body is not None else []:
            ret = arm.child_by_field_name("return_expression")
            if ret is not None:
                options.append(self.expr(ret))
        return Cond(tuple(options)) if options else Unknown("match")

    def e_assignment_expression(self, node: Any) -> Expr:
        return Call(Name("(assign)"), (self.expr(node.child_by_field_name("left")), self.expr(node.child_by_field_name("right"))),
                    (), self.line(node))

    def e_boolean(self, node: Any) -> Expr:
        return Name(self.text(node).lower())

    def e_null(self, node: Any) -> Expr:
        return Name("null")

    def e_throw_expression(self, node: Any) -> Expr:
        kids = self.named(node)
        return Unknown("throw", tuple(self.expr(k) for k in kids))


def _flat(e: Expr) -> tuple[Expr, ...]:
    return e.parts if isinstance(e, Concat) else (e,)


def _walk(node: Any) -> list[Any]:
    out = []
    stack = [node]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(reversed(n.children))
    return out
