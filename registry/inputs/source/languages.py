"""One entry point to the language modules: the program form of a file's text, by language."""
from __future__ import annotations

from registry.inputs.source.ir import Module


def read_module(text: str, path: str, lang: str, *, line_offset: int = 0, bare: bool = False) -> Module | None:
    """The ``ir.Module`` of ``text`` in ``lang`` (php, javascript, typescript, tsx, python, go, java, csharp)."""
    if lang == "php":
        from registry.inputs.source.php import read_php

        return read_php(text, path, line_offset=line_offset, bare=bare)
    if lang in ("javascript", "typescript", "tsx"):
        from registry.inputs.source.js import read_js

        return read_js(text, path, lang, line_offset=line_offset)
    if lang == "python":
        from registry.inputs.source.python import read_python

        return read_python(text, path, line_offset=line_offset)
    if lang == "go":
        from registry.inputs.source.go import read_go

        return read_go(text, path, line_offset=line_offset)
    if lang == "java":
        from registry.inputs.source.java import read_java

        return read_java(text, path, line_offset=line_offset)
    if lang == "csharp":
        from registry.inputs.source.csharp import read_csharp

        return read_csharp(text, path, line_offset=line_offset)
    return None
