"""Tree-sitter, loaded on first use, and what every language module shares when it walks a syntax tree.

The grammars are the official wheels (``tree-sitter-php``, ``-javascript``, ``-typescript``, ``-python``,
``-go``, ``-java``, ``-c-sharp``). Nothing here is imported before a source file is read, so commands
that never read source code (``xreg check``) do not pay for loading them.
"""
from __future__ import annotations

import importlib
from typing import Any, Callable

from registry.inputs.source.ir import Concat, Expr, ExprStmt, Stmt, Unknown

# language → (module, function giving the grammar)
GRAMMARS = {
    "php": ("tree_sitter_php", "language_php"),
    "php-only": ("tree_sitter_php", "language_php_only"),  # PHP without the opening <?php (Markdown blocks)
    "javascript": ("tree_sitter_javascript", "language"),
    "typescript": ("tree_sitter_typescript", "language_typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx"),
    "python": ("tree_sitter_python", "language"),
    "go": ("tree_sitter_go", "language"),
    "java": ("tree_sitter_java", "language"),
    "csharp": ("tree_sitter_c_sharp", "language"),
}
_PARSERS: dict[str, Any] = {}


def parse(grammar: str, data: bytes) -> Any:
    """The tree-sitter tree of ``data`` (errors recovered; see ``count_errors``)."""
    parser = _PARSERS.get(grammar)
    if parser is None:
        import tree_sitter

        module, func = GRAMMARS[grammar]
        language = tree_sitter.Language(getattr(importlib.import_module(module), func)())
        parser = _PARSERS[grammar] = tree_sitter.Parser(language)
    return parser.parse(data)


def count_errors(root: Any) -> int:
    """How many ERROR or MISSING nodes the parser recovered from (0 for a clean parse)."""
    if not root.has_error:
        return 0
    count = 0
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            count += 1
            continue
        if node.has_error:
            stack.extend(node.children)
    return count


class Converter:
    """Base of the language modules: dispatch on node type, with line numbers shifted by ``line_offset``."""

    def __init__(self, path: str, line_offset: int = 0) -> None:
        self.path = path
        self.line_offset = line_offset
        self._expr: dict[str, Callable[[Any], Expr]] = {}
        self._stmt: dict[str, Callable[[Any], list[Stmt]]] = {}
        for name in dir(self):
            if name.startswith("e_"):
                self._expr[name[2:]] = getattr(self, name)
            elif name.startswith("s_"):
                self._stmt[name[2:]] = getattr(self, name)

    # -- helpers ---------------------------------------------------------------------------------
    def line(self, node: Any) -> int:
        return node.start_point[0] + 1 + self.line_offset

    @staticmethod
    def text(node: Any) -> str:
        return node.text.decode("utf-8", errors="replace")

    @staticmethod
    def named(node: Any) -> list[Any]:
        return [c for c in node.named_children if c.type not in ("comment", "line_comment", "block_comment")]

    def hint(self, node: Any) -> str:
        """A readable name for a value the tracker does not follow: the last identifier in it."""
        best = ""
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type in ("name", "identifier", "property_identifier", "field_identifier", "variable_name",
                          "shorthand_property_identifier", "simple_identifier"):
                best = self.text(n).lstrip("$")
                if n.type == "variable_name":
                    pass
            elif n.type in ("string_content", "string_fragment", "string_value"):
                txt = self.text(n).strip("'\" ")
                if txt.isidentifier():
                    best = txt
            stack.extend(reversed(n.children))
        return best or "value"

    def chain(self, node: Any, op: str) -> list[Any]:
        """The operands of a left-deep chain of one operator (``a + b + c …``) in order, walked without
        recursion, so a concatenation of thousands of parts cannot exhaust the stack."""
        operands: list[Any] = []
        cur = node
        while cur is not None and cur.type == node.type:
            o = cur.child_by_field_name("operator")
            if o is None or self.text(o) != op:
                break
            operands.append(cur.child_by_field_name("right"))
            cur = cur.child_by_field_name("left")
        operands.append(cur)
        operands.reverse()
        return operands

    def concat_of(self, node: Any, op: str) -> Expr:
        parts: list[Expr] = []
        for operand in self.chain(node, op):
            e = self.expr(operand)
            parts.extend(e.parts if isinstance(e, Concat) else (e,))
        return Concat(tuple(parts))

    # -- dispatch --------------------------------------------------------------------------------
    def expr(self, node: Any) -> Expr:
        if node is None:
            return Unknown("value")
        handler = self._expr.get(node.type)
        if handler is not None:
            return handler(node)
        return self.expr_default(node)

    def expr_default(self, node: Any) -> Expr:
        kids = self.named(node)
        if len(kids) == 1 and node.type.startswith("parenthesized"):
            return self.expr(kids[0])
        return Unknown(self.hint(node), tuple(self.expr(k) for k in kids if k.child_count))

    def stmts(self, node: Any) -> list[Stmt]:
        if node is None:
            return []
        handler = self._stmt.get(node.type)
        if handler is not None:
            return handler(node)
        return self.stmt_default(node)

    def stmt_default(self, node: Any) -> list[Stmt]:
        """Statements of an unknown construct: its children's statements (calls inside are still seen)."""
        out: list[Stmt] = []
        for child in self.named(node):
            if child.type in self._stmt:
                out.extend(self._stmt[child.type](child))
            elif child.type in self._expr:
                out.append(ExprStmt(self._expr[child.type](child), self.line(child)))
            elif child.child_count:
                out.extend(self.stmt_default(child))
        return out

    def block(self, node: Any) -> tuple[Stmt, ...]:
        return tuple(self.stmts(node))
