"""The migration report as Markdown, for a ticket or a pull request.

Every value a template prints is escaped for Markdown (the Jinja ``finalize`` hook plays the part of
autoescape): ``<script>`` becomes ``\\<script\\>``, a ``|`` cannot break a table, and a control
character prints as its escape (ESC as ``\\x1b``), so a report shown in a terminal cannot drive it.
``|code`` prints a code span instead (paths, URLs, ids)::

    render_markdown(view).splitlines()[0]   # '# Migration report: pat on the xentral API'
"""
from __future__ import annotations

import re
from typing import Any

from registry.inputs.redact import escape_controls

_SPECIAL = re.compile(r"([\\`*\[\]<>|])")


class MdSafe(str):
    """Text already formatted as Markdown; ``md_escape`` leaves it alone."""


def md_escape(value: Any) -> str:
    """Escape a value for Markdown text (also inside a table cell); ``None`` prints as ``-``."""
    if isinstance(value, MdSafe):
        return value
    if value is None:
        return "-"
    text = escape_controls(re.sub(r"\s*[\r\n]+\s*", " ", str(value)))
    return _SPECIAL.sub(r"\\\1", text)


def md_code(value: Any) -> MdSafe:
    """A code span that holds any text, including backticks and pipes (table-safe)."""
    if value is None:
        return MdSafe("-")
    text = escape_controls(re.sub(r"\s*[\r\n]+\s*", " ", str(value))).replace("|", "\\|")
    ticks = max((len(m) for m in re.findall(r"`+", text)), default=0) + 1
    fence = "`" * ticks
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return MdSafe(f"{fence}{pad}{text}{pad}{fence}")


def render_markdown(view: dict[str, Any]) -> str:
    """The report view (``registry.rendering.report.report_view``) as Markdown."""
    from registry.rendering.report import template_env

    return template_env("md").get_template("report.md.j2").render(r=view)
