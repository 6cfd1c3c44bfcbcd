"""Untrusted text made safe for every output: one control-character rule, one Markdown escaping path.

Everything ``xreg`` prints may carry text from a spec, the dataset, a log, a HAR file or a Postman
collection, so every writer (terminal tables, messages, Markdown, the HTML report and the site pages)
passes it through these functions and no writer escapes on its own. Imports nothing from the package.

**Control characters** (``escape_controls``), the same rule everywhere: every character of ``CONTROLS``
is written as a visible escape, ``\\xNN`` below U+0100 and ``\\uNNNN`` above; every other character,
non-ASCII included, stays as it is::

    escape_controls("a\\x1b[31mb\\u202ec\\nd")    # 'a\\\\x1b[31mb\\\\u202ec\\\\x0ad'

``CONTROLS`` holds C0 (tab and line feed included: a value is one field, a line break in it would start
a new table row or Markdown block), DEL, C1, the line and paragraph separators, and the invisible
characters that reorder or hide text (bidirectional marks, embeddings, overrides and isolates, the
Arabic letter mark, zero-width space, joiners and the byte order mark). JSON output needs no rule: the
JSON encoder escapes control characters by itself.

**Markdown** (``md_text``, ``md_code``, ``md_table``, ``md_fence``): text is control-escaped first,
then every character Markdown or inline HTML could read as syntax is backslash-escaped, so the result
shows the text and nothing else, also in a renderer with raw HTML on (``<`` cannot open a tag, ``[``
a link, ``&`` an entity, ``|`` a table cell)::

    md_text('<img src=x onerror=alert(1)> [a](javascript:x)')
    # '\\\\<img src=x onerror=alert(1)\\\\> \\\\[a\\\\](javascript:x)'
    md_code("GET /a`b|c")      # '``GET /a`b\\\\|c``'  (a code span that holds any text)
    md_table(["id", "notes"], [["x.y", "<b>"]])   # '| id | notes |\\n|---|---|\\n| x.y | \\\\<b\\\\> |'

``MdSafe`` marks text that is already Markdown (the output of ``md_code``): the other functions leave it
as it is. **HTML** goes through Jinja's autoescape; ``html_finalize`` is the ``finalize`` hook of every
HTML template environment, so that control characters are escaped there by the same rule.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Sequence

#: The characters ``escape_controls`` writes as escapes (see the module docstring).
CONTROLS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]"
)
#: ASCII punctuation that Markdown (CommonMark, GFM tables and strikethrough) or inline HTML could read as
#: syntax inside a line: code, emphasis, links and images (``[``), tags and autolinks (``<``), entities (``&``)
#: and table cells (``|``). Block syntax (``#``, ``>``, lists) needs a line start, which a value never gets.
_MD_SPECIAL = re.compile(r"([\\`*_~\[\]<>|&])")


def escape_controls(text: str) -> str:
    """``text`` with every character of ``CONTROLS`` written as ``\\xNN`` / ``\\uNNNN`` (the one rule)."""
    if text.isprintable():  # (no control, format or separator character at all: the common case)
        return text
    return CONTROLS.sub(_escape_control, text)


def _escape_control(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clip(text: str, limit: int = 200) -> str:
    """``text`` cut to ``limit`` characters with ``…`` (for quotes in messages: a value may be megabytes)."""
    return text if len(text) <= limit else text[:limit] + "…"


def quote(value: Any, limit: int = 80) -> str:
    """A value to quote in a message: control characters escaped, cut to ``limit`` characters."""
    text = str(value)
    if len(text) > limit * 4:
        text = text[: limit * 4]  # (escaping may lengthen it; a huge value is never copied whole)
    return clip(escape_controls(text), limit)


class MdSafe(str):
    """Text that is already Markdown (made by this module); ``md_text`` and ``md_table`` leave it alone."""


def md_text(value: Any) -> str:
    """A value as Markdown text that shows exactly the value (also inside a table cell); ``None`` is ``-``."""
    if isinstance(value, MdSafe):
        return value
    if value is None:
        return "-"
    return _MD_SPECIAL.sub(r"\\\1", escape_controls(str(value)))


def md_code(value: Any) -> MdSafe:
    """A code span holding any text: backticks get a longer fence, ``|`` is escaped so a table cell holds it
    (GFM reads ``\\|`` in a cell's code span as ``|``), control characters are escaped; ``None`` is ``-``."""
    if value is None:
        return MdSafe("-")
    text = escape_controls(str(value)).replace("|", "\\|")
    ticks = max((len(m) for m in re.findall(r"`+", text)), default=0) + 1
    fence = "`" * ticks
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return MdSafe(f"{fence}{pad}{text}{pad}{fence}")


def md_table(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """A GitHub-flavoured Markdown table; every cell goes through ``md_text`` (``MdSafe`` cells as they are)."""
    out = ["| " + " | ".join(md_text(h) for h in headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(md_text(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def md_fence(text: str) -> str:
    """A fenced code block showing ``text`` (lines kept, control characters of each line escaped); the
    fence is longer than any run of backticks inside, so the text cannot close it."""
    body = "\n".join(escape_controls(line) for line in text.split("\n"))
    ticks = max(3, max((len(m) for m in re.findall(r"`{3,}", body)), default=0) + 1)
    fence = "`" * ticks
    return f"{fence}text\n{body}\n{fence}"


def text_cell(value: Any) -> str:
    """A value for a terminal table or a plain text line: ``None`` as ``""``, control characters escaped."""
    return "" if value is None else escape_controls(str(value))


def html_finalize(value: Any) -> Any:
    """Jinja ``finalize`` hook for HTML templates: a string gets the control-character rule before Jinja's
    autoescape; markup built on purpose (``Markup``) and other values pass as they are."""
    if type(value) is str:
        return escape_controls(value)
    return value
