"""The migration report as Markdown, for a ticket or a pull request.

Every value a template prints is escaped for Markdown by ``registry.escaping`` (the Jinja ``finalize``
hook plays the part of autoescape): ``<script>`` becomes ``\\<script\\>``, a ``|`` cannot break a table, and a control
character prints as its escape (ESC as ``\\x1b``), so a report shown in a terminal cannot drive it.
``|code`` prints a code span instead (paths, URLs, ids)::

    render_markdown(view).splitlines()[0]   # '# Migration report: pat on the xentral API'
"""
from __future__ import annotations

from typing import Any, Mapping

from registry.escaping import MdSafe, md_code, md_text

#: The ``finalize`` hook of the Markdown templates: ``registry.escaping.md_text`` (one escaping path).
md_escape = md_text

__all__ = ["MdSafe", "md_code", "md_escape", "render_markdown"]


def render_markdown(view: Mapping[str, Any]) -> str:
    """The report view (``registry.rendering.report.report_view``) as Markdown."""
    from registry.rendering.report import template_env

    return template_env("md").get_template("report.md.j2").render(r=view)
