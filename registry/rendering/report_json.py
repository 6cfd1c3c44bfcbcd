"""The migration report as JSON: the view model itself, stable keys, ``format_version`` first.

The schema is ``registry/rendering/report.schema.json``; a test validates every report against it::

    json.loads(render_json(view))["format_version"]   # 1
"""
from __future__ import annotations

import json
from typing import Any, Mapping


def render_json(view: Mapping[str, Any]) -> str:
    """Indented JSON with keys in the documented order and a trailing newline."""
    return json.dumps(view, indent=2, ensure_ascii=False) + "\n"
