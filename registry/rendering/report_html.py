"""The migration report as one self-contained HTML file: inline CSS, no scripts, no external assets.

A Content-Security-Policy forbids every fetch, so the page works offline and nothing in it can run;
Jinja autoescaping makes a hostile path such as ``/api/<script>`` print as text::

    render_html(view)   # '<!DOCTYPE html>\\n<html lang="en">…'
"""
from __future__ import annotations

from typing import Any


def render_html(view: dict[str, Any]) -> str:
    """The report view (``registry.rendering.report.report_view``) as an HTML page."""
    from registry.rendering.report import template_env

    return template_env("html").get_template("report.html.j2").render(r=view)
