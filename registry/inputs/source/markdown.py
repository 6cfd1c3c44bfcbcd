"""Markdown (READMEs, docs): code examples parsed as code, request lines and curl commands read as a list.

    ```php                                   → parsed as PHP (the block's lines keep the file's numbers)
    $client->post('/api/v1/adressen', …);
    ```
    POST /api/ArtikelEdit                    → ('POST', '/api/ArtikelEdit', line)   (text, ``http``, ``sh`` …)
    curl -X PUT https://x.xentral.biz/api/v1/artikel/7 -H 'Authorization: Bearer …'
                                             → ('PUT', 'https://x.xentral.biz/api/v1/artikel/7', line, 'bearer')

A request line is a line that is only ``METHOD URL`` (list bullets and backticks around it allowed), so a
path in prose ("the list is at /api/v1/belege") is not a call. A curl command may continue over lines
ending in ``\\``; its method is ``-X``/``--request``, else POST with ``-d``/``--data``/``-F``, HEAD with
``-I``, else GET; ``--digest`` is Digest auth, an ``Authorization: Bearer``/``Basic`` header the same.
"""
from __future__ import annotations

import re
import shlex

from registry.inputs.source.ir import Module

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^\s`{]*)")
_LANGS = {
    "php": "php", "js": "javascript", "javascript": "javascript", "node": "javascript", "jsx": "javascript",
    "mjs": "javascript", "gs": "javascript", "appsscript": "javascript", "ts": "typescript", "typescript": "typescript",
    "tsx": "tsx", "py": "python", "python": "python", "python3": "python", "go": "go", "golang": "go",
    "java": "java", "cs": "csharp", "csharp": "csharp", "c#": "csharp",
}
_LINE = re.compile(
    r"^\s*(?:[-*+]\s+|\d+[.)]\s+|>\s*)?`?\s*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+"
    r"(https?://\S+|/\S*|index\.php\S*|api/\S*)\s*`?\s*$"
)
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


def read_markdown(text: str, path: str) -> tuple[list[Module], int]:
    """The modules of a Markdown file (one per code block in a supported language, and one for the request
    lines and curl commands) and how many blocks had syntax errors."""
    from registry.inputs.source.languages import read_module

    lines = text.split("\n")
    modules: list[Module] = []
    calls: list[tuple[str, str, int, str | None]] = []
    errors = 0
    i = 0
    plain: list[tuple[int, str]] = []
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            plain.append((i + 1, lines[i]))
            i += 1
            continue
        fence, info = m.group(1), m.group(2).lower()
        start = i + 1
        j = start
        while j < len(lines) and not lines[j].lstrip().startswith(fence[0] * len(fence)):
            j += 1
        block = lines[start:j]
        lang = _LANGS.get(info)
        if lang is not None:
            code = "\n".join(block)
            bare = lang == "php" and "<?php" not in code
            mod = read_module(code, f"{path}", lang, line_offset=start, bare=bare)
            if mod is not None:
                errors += 1 if mod.errors else 0
                modules.append(mod)
        else:
            plain.extend((start + k + 1, b) for k, b in enumerate(block))
        i = j + 1
    calls.extend(_plain_calls(plain))
    if calls:
        modules.append(Module(path, "markdown", (), "", 0, [(m, u, n, a) for m, u, n, a in calls]))
    return modules, errors


def _plain_calls(lines: list[tuple[int, str]]) -> list[tuple[str, str, int, str | None]]:
    out: list[tuple[str, str, int, str | None]] = []
    k = 0
    while k < len(lines):
        n, text = lines[k]
        m = _LINE.match(text)
        if m:
            out.append((m.group(1), m.group(2).strip("`'\"<>"), n, None))
            k += 1
            continue
        if re.search(r"(?:^|[\s$>])curl\s", text):
            command = text
            first = n
            while command.rstrip().endswith("\\") and k + 1 < len(lines):
                k += 1
                command = command.rstrip()[:-1] + " " + lines[k][1]
            got = _curl(command)
            if got is not None:
                out.append((got[0], got[1], first, got[2]))
        k += 1
    return out


def _curl(command: str) -> tuple[str, str, str | None] | None:
    start = re.search(r"(?:^|[\s$>])curl\s", command)
    if start is None:
        return None
    try:
        words = shlex.split(command[start.end():], posix=True)
    except ValueError:
        words = command[start.end():].split()
    method = None
    url = None
    data = False
    head = False
    auth = None
    user = False
    it = iter(range(len(words)))
    for idx in it:
        w = words[idx]
        nxt = words[idx + 1] if idx + 1 < len(words) else ""
        if w in ("-X", "--request"):
            method = nxt.upper()
            next(it, None)
        elif w.startswith("-X") and len(w) > 2:
            method = w[2:].upper()
        elif w in ("-d", "--data", "--data-raw", "--data-binary", "--data-urlencode", "-F", "--form", "--json"):
            data = True
            next(it, None)
        elif w in ("-I", "--head"):
            head = True
        elif w in ("-H", "--header"):
            low = nxt.lower().replace(" ", "")
            if low.startswith("authorization:bearer"):
                auth = "bearer"
            elif low.startswith("authorization:basic"):
                auth = "basic"
            next(it, None)
        elif w == "--digest":
            auth = "digest"
        elif w in ("-u", "--user"):
            user = True
            next(it, None)
        elif w.startswith("-"):
            continue
        elif url is None and ("/" in w or w.startswith("http")):
            url = w
    if url is None:
        return None
    if auth is None and user:
        auth = "basic"
    if method not in _METHODS:
        method = "HEAD" if head else "POST" if data else "GET"
    return method, url, auth
