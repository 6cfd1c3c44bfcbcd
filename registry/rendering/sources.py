"""Sources as a reader sees them: a link with a short title instead of a raw URL.

One rule for the report and the site, read off the URL itself (no lookup, no network)::

    source_link("https://help.xentral.com/hc/de/articles/6575192352796-Personal-Access-Token-erstellen-Legacy")
    -> {'href': 'https://help.xentral.com/hc/de/articles/…', 'title': 'Help Center (de): Personal Access Token erstellen Legacy'}
    source_link("OpenXE-org/OpenXE:classes/Modules/Api/Engine/ApiApplication.php")
    -> {'href': 'https://github.com/OpenXE-org/OpenXE/blob/HEAD/classes/…/ApiApplication.php',
        'title': 'OpenXE-org/OpenXE: ApiApplication.php'}

A source that is neither a URL nor ``owner/repo:path`` (a file name, free text) keeps its text as the
title and gets no link (``href`` is empty).
"""
from __future__ import annotations

import re
from typing import TypedDict
from urllib.parse import unquote, urlsplit


class SourceLink(TypedDict):
    """A source ready to lay out: where it points and what to call it."""

    href: str
    title: str


_REPO_PATH = re.compile(r"^([\w.-]+/[\w.-]+):(\S+)$")
_HELP_CENTER = re.compile(r"^/hc/([\w-]+)/articles/\d+-?([^/]*)")


def source_link(source: str) -> SourceLink:
    """The link and short title of one source (a URL, or ``owner/repo:path`` of a GitHub repository)."""
    m = _REPO_PATH.match(source)
    if m and "://" not in source:
        repo, path = m.groups()
        return {"href": f"https://github.com/{repo}/blob/HEAD/{path}", "title": f"{repo}: {path.rsplit('/', 1)[-1]}"}
    if not re.match(r"^https?://", source):
        return {"href": "", "title": source}
    url = urlsplit(source)
    host = url.hostname or ""
    path = unquote(url.path).rstrip("/")
    parts = [p for p in path.split("/") if p]
    title = host + (f": {'/'.join(parts)}" if parts else "")
    if host == "help.xentral.com":
        hc = _HELP_CENTER.match(path)
        if hc:
            title = f"Help Center ({hc.group(1)}): {hc.group(2).replace('-', ' ') or 'article'}"
    elif host == "developer.xentral.com" and parts:
        version = parts[0] if re.fullmatch(r"v\d[\w.]*", parts[0]) else ""
        rest = parts[1:] if version else parts
        kind = {"reference": "Developer docs", "changelog": "Developer changelog"}.get(rest[0] if rest else "", "Developer docs")
        topic = " / ".join(rest[1:]) if rest and rest[0] in ("reference", "changelog") else " / ".join(rest)
        title = f"{kind}{' ' + version if version else ''}: {topic or 'home'}"
    elif host == "github.com" and len(parts) >= 2:
        repo = "/".join(parts[:2])
        rest = parts[2:]
        if len(rest) >= 2 and rest[0] == "commit":
            title = f"{repo}: commit {rest[1]}"
        elif len(rest) >= 3 and rest[0] == "commits":
            title = f"{repo}: history of {rest[-1]}"
        elif rest:
            title = f"{repo}: {rest[-1]}"
        else:
            title = repo
    return {"href": source, "title": title}


class SourceIndex:
    """Numbers sources in the order they are first referred to, for a list of sources at the end.

    ::

        idx = SourceIndex()
        idx.refs(["https://a.example/x", "https://b.example/y"])   # [1, 2]
        idx.refs(["https://c.example/z", "https://a.example/x"])   # [1, 3]
        idx.entries()   # [{'n': 1, 'href': …, 'title': …, 'source': …}, …]
    """

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}

    def refs(self, sources: list[str] | tuple[str, ...]) -> list[int]:
        out = []
        for s in sources:
            n = self._numbers.setdefault(s, len(self._numbers) + 1)
            if n not in out:
                out.append(n)
        return sorted(out)

    def entries(self) -> list[dict[str, object]]:
        return [{"n": n, "source": s, **source_link(s)} for s, n in self._numbers.items()]
