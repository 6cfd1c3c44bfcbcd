"""JavaScript, TypeScript, TSX and Google Apps Script (``.gs``) to the program form of ``ir``.

    const api = axios.create({ baseURL: `${host}/api/v1` });   → Assign(Name('api'), Call(Attr(Name('axios'), 'create'), …))
    await api.get(`/salesOrders/${id}`);                        → ExprStmt(Call(Attr(Name('api'), 'get'), (Concat(…),) …))

Type aliases, interfaces and other type-only declarations are dropped (a union of route strings is a
type, not a call); a parameter typed with a union of string literals (``kind: 'invoices' | 'creditNotes'``,
also through a type alias of the same file) carries those values. Enums become classes whose members
are the enum's values. ``import``/``require`` (ES modules and CommonJS, ``module.exports``/``exports.X``)
become ``Import``s and module-level names.
"""
from __future__ import annotations

from typing import Any

from registry.inputs.source.ir import (
    Assign, Attr, Branches, Call, ClassDef, Concat, Cond, Expr, ExprStmt, Func, FuncDef, Import, Index, Lit, Loop,
    Module, Name, New, Num, Obj, Param, Return, Stmt, Switch, Unknown,
)
from registry.inputs.source.syntax import Converter, count_errors, parse

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "`": "`", "/": "/", "$": "$", "0": "\0"}
_TYPE_WRAPPERS = ("as_expression", "satisfies_expression", "non_null_expression", "type_assertion", "await_expression")


def read_js(text: str, path: str, lang: str = "javascript", *, line_offset: int = 0) -> Module:
    """The program form of a JavaScript (``lang`` javascript), TypeScript (typescript) or TSX (tsx) file."""
    tree = parse(lang, text.encode("utf-8"))
    conv = _Js(path, line_offset)
    conv.collect_aliases(tree.root_node)
    body = conv.stmts(tree.root_node)
    # a union of string literals as a type alias, for parameters typed with it in other files
    body += [Assign(Name(n), Obj(tuple((None, Lit(c)) for c in cs), line), "=", line) for n, cs, line in conv.exported_aliases]
    return Module(path, "javascript" if lang == "javascript" else "typescript", tuple(body), "", count_errors(tree.root_node))


class _Js(Converter):
    def __init__(self, path: str, line_offset: int) -> None:
        super().__init__(path, line_offset)
        self.aliases: dict[str, tuple[str, ...]] = {}
        self.exported_aliases: list[tuple[str, tuple[str, ...], int]] = []

    def collect_aliases(self, root: Any) -> None:
        """``type Kind = 'a' | 'b'`` of this file, for parameters typed ``Kind``."""
        for node in self.named(root):
            target = node
            if node.type == "export_statement":
                decl = node.child_by_field_name("declaration")
                if decl is None:
                    continue
                target = decl
            if target.type == "type_alias_declaration":
                name = target.child_by_field_name("name")
                value = target.child_by_field_name("value")
                choices = self._literal_union(value)
                if name is not None and choices:
                    self.aliases[self.text(name)] = choices
                    self.exported_aliases.append((self.text(name), choices, self.line(target)))

    def _literal_union(self, node: Any) -> tuple[str, ...]:
        if node is None:
            return ()
        if node.type == "type_annotation":
            kids = self.named(node)
            return self._literal_union(kids[0]) if kids else ()
        if node.type == "literal_type":
            kids = self.named(node)
            if kids and kids[0].type == "string":
                lit = self.e_string(kids[0])
                return (lit.text,) if isinstance(lit, Lit) else ()
            return ()
        if node.type == "union_type":
            out: list[str] = []
            for k in self.named(node):
                got = self._literal_union(k)
                if not got:
                    return ()
                out.extend(got)
            return tuple(out)
        if node.type in ("type_identifier",):
            return self.aliases.get(self.text(node), ())
        if node.type == "parenthesized_type":
            kids = self.named(node)
            return self._literal_union(kids[0]) if kids else ()
        return ()

    # -- statements ------------------------------------------------------------------------------
    def s_program(self, node: Any) -> list[Stmt]:
        return self.stmt_default(node)

    def s_comment(self, node: Any) -> list[Stmt]:
        return []

    def s_hash_bang_line(self, node: Any) -> list[Stmt]:
        return []

    for _t in ("type_alias_declaration", "interface_declaration", "ambient_declaration", "module",
               "internal_module", "import_alias", "abstract_method_signature", "index_signature",
               "function_signature", "debugger_statement", "empty_statement", "break_statement", "continue_statement"):
        locals()["s_" + _t] = lambda self, node: []
    del _t

    def s_import_statement(self, node: Any) -> list[Stmt]:
        source = node.child_by_field_name("source")
        src = self._string_value(source)
        names: list[tuple[str, str]] = []
        for clause in self.named(node):
            if clause.type != "import_clause":
                continue
            for c in self.named(clause):
                if c.type == "identifier":
                    names.append(("default", self.text(c)))
                elif c.type == "namespace_import":
                    ids = [k for k in self.named(c) if k.type == "identifier"]
                    if ids:
                        names.append(("*", self.text(ids[0])))
                elif c.type == "named_imports":
                    for spec in self.named(c):
                        if spec.type != "import_specifier":
                            continue
                        name = spec.child_by_field_name("name")
                        alias = spec.child_by_field_name("alias")
                        if name is not None:
                            names.append((self.text(name), self.text(alias) if alias is not None else self.text(name)))
        return [Import(src, tuple(names), self.line(node))]

    def _string_value(self, node: Any) -> str:
        if node is None:
            return ""
        e = self.expr(node)
        return e.text if isinstance(e, Lit) else ""

    def s_export_statement(self, node: Any) -> list[Stmt]:
        decl = node.child_by_field_name("declaration")
        if decl is not None:
            return self.stmts(decl)
        value = node.child_by_field_name("value")
        if value is not None:  # export default <expr>
            if value.type in ("class", "class_declaration"):
                return self.stmts(value)
            return [Assign(Name("default"), self.expr(value), "=", self.line(node))]
        out: list[Stmt] = []
        for c in self.named(node):
            if c.type in ("class_declaration", "function_declaration", "lexical_declaration", "variable_declaration"):
                out.extend(self.stmts(c))
            elif c.type not in ("export_clause", "string", "comment"):
                out.append(Assign(Name("default"), self.expr(c), "=", self.line(node)))
        source = node.child_by_field_name("source")
        if source is not None:  # export { a } from './x'
            names = []
            for clause in self.named(node):
                if clause.type == "export_clause":
                    for spec in self.named(clause):
                        n = spec.child_by_field_name("name")
                        a = spec.child_by_field_name("alias")
                        if n is not None:
                            names.append((self.text(n), self.text(a) if a is not None else self.text(n)))
            out.append(Import(self._string_value(source), tuple(names), self.line(node)))
        return out

    def s_lexical_declaration(self, node: Any) -> list[Stmt]:
        out: list[Stmt] = []
        for d in self.named(node):
            if d.type == "variable_declarator":
                out.extend(self._declarator(d))
        return out

    s_variable_declaration = s_lexical_declaration

    def _declarator(self, d: Any) -> list[Stmt]:
        name = d.child_by_field_name("name")
        value = d.child_by_field_name("value")
        line = self.line(d)
        if value is None:
            return []
        val = self._unwrap(value)
        if val.type == "call_expression":
            fn = val.child_by_field_name("function")
            if fn is not None and fn.type == "identifier" and self.text(fn) == "require":
                args = [self.expr(a) for a in self.named(val.child_by_field_name("arguments"))]
                src = args[0].text if args and isinstance(args[0], Lit) else ""
                if name is not None and name.type == "identifier":
                    return [Import(src, (("*", self.text(name)),), line)]
                if name is not None and name.type == "object_pattern":
                    return [Import(src, tuple(self._pattern_names(name)), line)]
        if name is None:
            return []
        if name.type == "identifier":
            return [Assign(Name(self.text(name)), self.expr(value), "=", line)]
        if name.type in ("object_pattern", "array_pattern"):
            return [Assign(self._pattern(name), self.expr(value), "=", line)]
        return [ExprStmt(self.expr(value), line)]

    def _pattern_names(self, node: Any) -> list[tuple[str, str]]:
        out = []
        for c in self.named(node):
            if c.type == "shorthand_property_identifier_pattern":
                out.append((self.text(c), self.text(c)))
            elif c.type == "pair_pattern":
                k, v = c.child_by_field_name("key"), c.child_by_field_name("value")
                if k is not None and v is not None and v.type == "identifier":
                    out.append((self.text(k), self.text(v)))
        return out

    def _pattern(self, node: Any) -> Expr:
        items: list[tuple[Expr | None, Expr]] = []
        for c in self.named(node):
            if c.type in ("shorthand_property_identifier_pattern", "identifier"):
                key = Lit(self.text(c)) if node.type == "object_pattern" else None
                items.append((key, Name(self.text(c))))
            elif c.type == "pair_pattern":
                k, v = c.child_by_field_name("key"), c.child_by_field_name("value")
                if k is not None and v is not None and v.type == "identifier":
                    items.append((Lit(self.text(k).strip("'\"")), Name(self.text(v))))
            elif c.type == "object_assignment_pattern":
                left = c.child_by_field_name("left")
                if left is not None:
                    items.append((Lit(self.text(left)), Name(self.text(left))))
        return Obj(tuple(items))

    def s_expression_statement(self, node: Any) -> list[Stmt]:
        out: list[Stmt] = []
        for c in self.named(node):
            out.extend(self._expression_stmt(c))
        return out

    def _expression_stmt(self, node: Any) -> list[Stmt]:
        node = self._unwrap(node)
        line = self.line(node)
        if node.type == "assignment_expression":
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            target = self._target(left)
            value = self.expr(right)
            out: list[Stmt] = [Assign(target, value, "=", line)]
            if isinstance(target, Name) and target.name == "module.exports" and isinstance(value, Obj):
                for k, v in value.items:
                    if isinstance(k, Lit):
                        out.append(Assign(Name(k.text), v, "=", line))
            return out
        if node.type == "augmented_assignment_expression":
            op = node.child_by_field_name("operator")
            op_text = self.text(op) if op is not None else "+="
            kind = "+=" if op_text == "+=" else "?=" if op_text in ("??=", "||=") else "="
            value = self.expr(node.child_by_field_name("right"))
            if kind == "=":
                value = Unknown("value", (value,))
            return [Assign(self._target(node.child_by_field_name("left")), value, kind, line)]
        if node.type == "sequence_expression":
            return [s for c in self.named(node) for s in self._expression_stmt(c)]
        return [ExprStmt(self.expr(node), line)]

    def _target(self, node: Any) -> Expr:
        if node is None:
            return Unknown("value")
        if node.type == "member_expression":
            obj = node.child_by_field_name("object")
            prop = node.child_by_field_name("property")
            if obj is not None and prop is not None:
                if self.text(obj) in ("exports", "module.exports"):
                    return Name(self.text(prop))
                if self.text(obj) == "module" and self.text(prop) == "exports":
                    return Name("module.exports")
        if node.type in ("object_pattern", "array_pattern"):
            return self._pattern(node)
        return self.expr(node)

    def s_return_statement(self, node: Any) -> list[Stmt]:
        kids = self.named(node)
        return [Return(self.expr(kids[0]) if kids else None, self.line(node))]

    def s_throw_statement(self, node: Any) -> list[Stmt]:
        return [ExprStmt(Unknown("throw", tuple(self.expr(k) for k in self.named(node))), self.line(node))]

    def s_statement_block(self, node: Any) -> list[Stmt]:
        return self.stmt_default(node)

    def _body(self, node: Any) -> tuple[Stmt, ...]:
        if node is None:
            return ()
        if node.type == "statement_block":
            return tuple(self.stmt_default(node))
        if node.type == "else_clause":
            kids = self.named(node)
            return tuple(s for k in kids for s in self.stmts(k))
        return tuple(self.stmts(node))

    def s_if_statement(self, node: Any) -> list[Stmt]:
        pre: list[Stmt] = [ExprStmt(self.expr(node.child_by_field_name("condition")), self.line(node))]
        yes = self._body(node.child_by_field_name("consequence"))
        no = self._body(node.child_by_field_name("alternative"))
        return pre + [Branches((yes, no))]

    def s_switch_statement(self, node: Any) -> list[Stmt]:
        subject = self.expr(node.child_by_field_name("value"))
        body = node.child_by_field_name("body")
        cases: list[tuple[tuple[Expr, ...], tuple[Stmt, ...]]] = []
        pending: list[Expr] = []
        for case in self.named(body) if body is not None else []:
            if case.type not in ("switch_case", "switch_default"):
                continue
            value = case.child_by_field_name("value")
            stmts = [s for b in case.children_by_field_name("body") for s in self.stmts(b)]
            if case.type == "switch_case":
                pending.append(self.expr(value))
                if not stmts:
                    continue
                cases.append((tuple(pending), tuple(stmts)))
            else:
                cases.append(((), tuple(stmts)))
            pending = []
        return [Switch(subject, tuple(cases))]

    def s_for_in_statement(self, node: Any) -> list[Stmt]:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        op = node.child_by_field_name("operator")
        target = self._target(left) if left is not None else None
        iterable = self.expr(right)
        body = self._body(node.child_by_field_name("body"))
        if op is not None and self.text(op) == "in":
            return [Loop(None, iterable, body, target)]
        return [Loop(target, iterable, body)]

    def s_for_statement(self, node: Any) -> list[Stmt]:
        init = node.child_by_field_name("initializer")
        pre = self.stmts(init) if init is not None else []
        return pre + [Loop(None, None, self._body(node.child_by_field_name("body")))]

    def s_while_statement(self, node: Any) -> list[Stmt]:
        return [ExprStmt(self.expr(node.child_by_field_name("condition")), self.line(node)),
                Loop(None, None, self._body(node.child_by_field_name("body")))]

    def s_do_statement(self, node: Any) -> list[Stmt]:
        return [Loop(None, None, self._body(node.child_by_field_name("body")))]

    def s_try_statement(self, node: Any) -> list[Stmt]:
        out = list(self._body(node.child_by_field_name("body")))
        handler = node.child_by_field_name("handler")
        if handler is not None:
            out.append(Branches((self._body(handler.child_by_field_name("body")), ())))
        final = node.child_by_field_name("finalizer")
        if final is not None:
            out.extend(self._body(final.child_by_field_name("body")))
        return out

    def s_labeled_statement(self, node: Any) -> list[Stmt]:
        return [s for c in self.named(node) if c.type != "statement_identifier" for s in self.stmts(c)]

    def s_function_declaration(self, node: Any) -> list[Stmt]:
        return [self._function(node, "function")]

    s_generator_function_declaration = s_function_declaration

    def _function(self, node: Any, kind: str, name: str | None = None) -> FuncDef:
        if name is None:
            n = node.child_by_field_name("name")
            name = self.text(n) if n is not None else "function"
        params, promoted = self._params(node.child_by_field_name("parameters") or node.child_by_field_name("parameter"))
        body_node = node.child_by_field_name("body")
        if body_node is not None and body_node.type != "statement_block":
            body: list[Stmt] = [Return(self.expr(body_node), self.line(body_node))]
        else:
            body = list(self._body(body_node))
        if kind == "constructor":
            body = [Assign(Attr(Name("this"), p), Name(p), "=", self.line(node)) for p in promoted] + body
        static = any(c.type == "static" or self.text(c) == "static" for c in node.children if not c.is_named)
        return FuncDef(name, tuple(params), tuple(body), self.line(node), kind, static)

    def _params(self, node: Any) -> tuple[list[Param], list[str]]:
        params: list[Param] = []
        promoted: list[str] = []
        if node is None:
            return params, promoted
        if node.type == "identifier":  # x => …
            return [Param(self.text(node))], promoted
        for p in self.named(node):
            t = p.type
            if t == "identifier":
                params.append(Param(self.text(p)))
            elif t == "assignment_pattern":
                left, right = p.child_by_field_name("left"), p.child_by_field_name("right")
                params.append(Param(self.text(left) if left is not None else "arg", self.expr(right)))
            elif t in ("required_parameter", "optional_parameter"):
                pat = p.child_by_field_name("pattern")
                value = p.child_by_field_name("value")
                type_node = p.child_by_field_name("type")
                pname = self.text(pat) if pat is not None and pat.type == "identifier" else "options"
                if pat is not None and pat.type == "this":
                    continue
                ptype = None
                if type_node is not None:
                    ids = [k for k in self.named(type_node) if k.type in ("type_identifier", "generic_type", "nested_type_identifier")]
                    if ids:
                        ptype = self.text(ids[0]).split("<", 1)[0].rsplit(".", 1)[-1]
                params.append(Param(pname, self.expr(value) if value is not None else None, ptype,
                                    self._literal_union(type_node)))
                if any(c.type == "accessibility_modifier" or c.type == "readonly" for c in p.children):
                    promoted.append(pname)
            elif t in ("rest_pattern", "object_pattern", "array_pattern"):
                params.append(Param("options"))
        return params, promoted

    def s_class_declaration(self, node: Any) -> list[Stmt]:
        return [self._class(node)]

    s_abstract_class_declaration = s_class_declaration
    s_class = s_class_declaration

    def _class(self, node: Any) -> ClassDef:
        name_node = node.child_by_field_name("name")
        name = self.text(name_node) if name_node is not None else "class"
        bases: list[str] = []
        for c in self.named(node):
            if c.type == "class_heritage":
                for h in self.named(c):
                    if h.type == "extends_clause":
                        v = h.child_by_field_name("value")
                        if v is not None:
                            bases.append(self.text(v).split("<", 1)[0].rsplit(".", 1)[-1])
                    elif h.type not in ("implements_clause",) and h.type in ("identifier", "member_expression"):
                        bases.append(self.text(h).rsplit(".", 1)[-1])  # (JavaScript: extends X)
        members: list[Stmt] = []
        body = node.child_by_field_name("body")
        for m in self.named(body) if body is not None else []:
            if m.type == "method_definition":
                mname_node = m.child_by_field_name("name")
                mname = self.text(mname_node) if mname_node is not None else "method"
                kind = "constructor" if mname == "constructor" else "method"
                members.append(self._function(m, kind, mname))
            elif m.type in ("public_field_definition", "field_definition"):
                fname = m.child_by_field_name("name") or m.child_by_field_name("property")
                value = m.child_by_field_name("value")
                if fname is None:
                    continue
                pname = self.text(fname)
                if value is not None and value.type in ("arrow_function", "function_expression", "function"):
                    members.append(self._function(value, "method", pname))
                elif value is not None:
                    members.append(Assign(Attr(Name("this"), pname), self.expr(value), "=", self.line(m)))
                else:
                    type_node = m.child_by_field_name("type")
                    if type_node is not None:
                        ids = [k for k in self.named(type_node) if k.type in ("type_identifier", "generic_type")]
                        if ids:
                            t = self.text(ids[0]).split("<", 1)[0]
                            members.append(Assign(Attr(Name("this"), pname), Unknown(f"type:{t}"), "?=", self.line(m)))
        return ClassDef(name, tuple(bases), tuple(members), self.line(node))

    def s_enum_declaration(self, node: Any) -> list[Stmt]:
        name = node.child_by_field_name("name")
        body = node.child_by_field_name("body")
        members: list[Stmt] = []
        for m in self.named(body) if body is not None else []:
            if m.type == "enum_assignment":
                n, v = m.child_by_field_name("name"), m.child_by_field_name("value")
                if n is not None and v is not None:
                    members.append(Assign(Attr(Name("this"), self.text(n).strip("'\"")), self.expr(v), "=", self.line(m)))
        return [ClassDef(self.text(name) if name is not None else "enum", (), tuple(members), self.line(node))]

    # -- expressions -----------------------------------------------------------------------------
    def _unwrap(self, node: Any) -> Any:
        while node is not None and (node.type in _TYPE_WRAPPERS or node.type == "parenthesized_expression"):
            kids = self.named(node)
            if not kids:
                break
            node = kids[0]
        return node

    def e_string(self, node: Any) -> Expr:
        out = ""
        for c in node.named_children:
            if c.type == "string_fragment":
                out += self.text(c)
            elif c.type == "escape_sequence":
                raw = self.text(c)
                out += _ESCAPES.get(raw[1:], raw[1:]) if len(raw) == 2 else raw
        return Lit(out)

    def e_template_string(self, node: Any) -> Expr:
        parts: list[Expr] = []
        buf = ""
        for c in node.named_children:
            if c.type == "string_fragment":
                buf += self.text(c)
            elif c.type == "escape_sequence":
                raw = self.text(c)
                buf += _ESCAPES.get(raw[1:], raw[1:]) if len(raw) == 2 else raw
            elif c.type == "template_substitution":
                if buf:
                    parts.append(Lit(buf))
                    buf = ""
                kids = self.named(c)
                parts.append(self.expr(kids[0]) if kids else Unknown("value"))
        if buf or not parts:
            parts.append(Lit(buf))
        return parts[0] if len(parts) == 1 else Concat(tuple(parts))

    def e_number(self, node: Any) -> Expr:
        return Num(self.text(node))

    def e_identifier(self, node: Any) -> Expr:
        return Name(self.text(node))

    e_shorthand_property_identifier = e_identifier
    e_property_identifier = e_identifier

    def e_this(self, node: Any) -> Expr:
        return Name("this")

    def e_super(self, node: Any) -> Expr:
        return Name("parent")

    def e_true(self, node: Any) -> Expr:
        return Name("true")

    def e_false(self, node: Any) -> Expr:
        return Name("false")

    def e_null(self, node: Any) -> Expr:
        return Name("null")

    def e_undefined(self, node: Any) -> Expr:
        return Name("undefined")

    def e_member_expression(self, node: Any) -> Expr:
        obj = node.child_by_field_name("object")
        prop = node.child_by_field_name("property")
        if prop is None:
            return Unknown(self.hint(node))
        return Attr(self.expr(obj), self.text(prop))

    def e_subscript_expression(self, node: Any) -> Expr:
        return Index(self.expr(node.child_by_field_name("object")), self.expr(node.child_by_field_name("index")))

    def e_parenthesized_expression(self, node: Any) -> Expr:
        kids = self.named(node)
        return self.expr(kids[-1]) if kids else Unknown("value")

    def _wrapper(self, node: Any) -> Expr:
        kids = self.named(node)
        return self.expr(kids[0]) if kids else Unknown("value")

    e_as_expression = _wrapper
    e_satisfies_expression = _wrapper
    e_non_null_expression = _wrapper
    e_await_expression = _wrapper
    e_type_assertion = _wrapper

    def e_binary_expression(self, node: Any) -> Expr:
        op = node.child_by_field_name("operator")
        op_text = self.text(op) if op is not None else ""
        if op_text == "+":
            return self.concat_of(node, "+")
        left = self.expr(node.child_by_field_name("left"))
        right = self.expr(node.child_by_field_name("right"))
        if op_text == "+":
            lp = left.parts if isinstance(left, Concat) else (left,)
            rp = right.parts if isinstance(right, Concat) else (right,)
            return Concat(lp + rp)
        if op_text in ("??", "||"):
            return Cond((left, right))
        if op_text == "&&":
            return Cond((right,))
        return Unknown(self.hint(node), (left, right))

    def e_ternary_expression(self, node: Any) -> Expr:
        self.expr(node.child_by_field_name("condition"))
        return Cond((self.expr(node.child_by_field_name("consequence")), self.expr(node.child_by_field_name("alternative"))))

    def _args(self, node: Any) -> tuple[tuple[Expr, ...], bool]:
        if node is None:
            return (), False
        if node.type == "template_string":
            return (self.expr(node),), False
        args: list[Expr] = []
        spread = False
        for a in self.named(node):
            if a.type == "spread_element":
                spread = True
                kids = self.named(a)
                args.append(Unknown("args", tuple(self.expr(k) for k in kids)))
            else:
                args.append(self.expr(a))
        return tuple(args), spread

    def e_call_expression(self, node: Any) -> Expr:
        fn = self._unwrap(node.child_by_field_name("function"))
        args, spread = self._args(node.child_by_field_name("arguments"))
        line = self.line(node)
        if fn is not None and fn.type == "member_expression":
            prop = fn.child_by_field_name("property")
            obj = fn.child_by_field_name("object")
            if prop is not None and self.text(prop) == "join" and obj is not None and self.text(obj) in ("path", "posix"):
                pass
        return Call(self.expr(fn), args, (), line, spread)

    def e_new_expression(self, node: Any) -> Expr:
        ctor = node.child_by_field_name("constructor")
        args, _ = self._args(node.child_by_field_name("arguments"))
        name = self.text(ctor) if ctor is not None else "object"
        return New(name.split("<", 1)[0], args, (), self.line(node))

    def e_object(self, node: Any) -> Expr:
        items: list[tuple[Expr | None, Expr]] = []
        for c in self.named(node):
            if c.type == "pair":
                k, v = c.child_by_field_name("key"), c.child_by_field_name("value")
                items.append((self._key(k), self.expr(v)))
            elif c.type == "shorthand_property_identifier":
                items.append((Lit(self.text(c)), Name(self.text(c))))
            elif c.type == "method_definition":
                n = c.child_by_field_name("name")
                f = self._function(c, "method")
                items.append((Lit(self.text(n)) if n is not None else None, Func(f.params, f.body, f.line)))
            elif c.type == "spread_element":
                kids = self.named(c)
                if kids:
                    inner = self.expr(kids[0])
                    if isinstance(inner, Obj):
                        items.extend(inner.items)
                    else:
                        items.append((Lit("..."), inner))  # (options not known here: any key may come from it)
        return Obj(tuple(items), self.line(node))

    def _key(self, k: Any) -> Expr | None:
        if k is None:
            return None
        if k.type in ("property_identifier", "identifier"):
            return Lit(self.text(k))
        if k.type == "computed_property_name":
            kids = self.named(k)
            return self.expr(kids[0]) if kids else None
        if k.type == "number":
            return Num(self.text(k))
        return self.expr(k)

    def e_array(self, node: Any) -> Expr:
        return Obj(tuple((None, self.expr(c)) for c in self.named(node) if c.type != "spread_element"), self.line(node))

    def e_arrow_function(self, node: Any) -> Expr:
        f = self._function(node, "function", "arrow")
        return Func(f.params, f.body, f.line)

    e_function_expression = e_arrow_function
    e_function = e_arrow_function
    e_generator_function = e_arrow_function

    def e_assignment_expression(self, node: Any) -> Expr:
        return Call(Name("(assign)"), (self._target(node.child_by_field_name("left")),
                                       self.expr(node.child_by_field_name("right"))), (), self.line(node))

    def e_class(self, node: Any) -> Expr:
        return Unknown("class")

    def e_regex(self, node: Any) -> Expr:
        pattern = node.child_by_field_name("pattern")
        return Lit(self.text(pattern) if pattern is not None else "")

    def e_sequence_expression(self, node: Any) -> Expr:
        kids = self.named(node)
        return self.expr(kids[-1]) if kids else Unknown("value")
