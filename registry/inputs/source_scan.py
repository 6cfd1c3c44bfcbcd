"""Find Xentral API calls and hard-coded credentials in source code (PHP, JS/TS, Python, Go, Java, C#).

Input → output (``src/Client.php``)::

    12  $res = $http->post('/api/v1/belege/auftraege/' . $id . '/positionen');
    13  $r = $client->request('POST', 'index.php?module=api&action=AuftragCreate&hash=' . $hash);
    14  const TOKEN = "Bearer 17|cUTh4kPqs9VbYm2xWf8r";
    →  Observation('POST', '/api/v1/belege/auftraege/1/positionen', 'src/Client.php:12', kind='source')
       Observation('POST', 'index.php?module=api&action=AuftragCreate&hash=REDACTED', 'src/Client.php:13', kind='source')
       SecretFinding('src/Client.php:14', 'xentral-pat')

What is found, per string literal (comments are skipped; adjacent literals joined by ``.`` or ``+``
with at most one simple expression between them form one string):

- paths under ``/api/`` whose next segment is a version (``v1``), ``index.php``, a known root
  (``shopimport``, ``opentrans``) or a Standard API action — with or without scheme and host;
- relative paths that *start* the string and begin with a known root: ``v1/belege/auftraege``,
  ``/v2/adressen``, ``v3/salesOrders`` (``<version>/<group>`` from the dataset), ``shopimport/…``,
  ``opentrans/…``; they are reported as ``/api/<path>`` (the legacy REST API is mounted at ``/api``);
- ``index.php?…action=<Action>`` URLs (kept as written) and ``action=<Action>`` elsewhere;
- a string that is exactly a Standard API action name (``'AuftragCreate'``), reported as
  ``/api/<Action>``. Only names from the dataset's closed action list count, and a bare string must
  be CamelCase with at least two capitals, so the actions ``Custom`` and ``shopimages`` are found only
  in a URL or after ``action=`` (they are ordinary words otherwise).

Interpolations (``${id}``, ``{$id}``, ``$id``, f-string/C# ``{id}``, ``%d``/``%s`` format verbs,
``{id}`` templates) and the expression in a concatenation become the stand-in ``1``, so
``"/api/v3/salesOrders/${id}"`` is reported as ``/api/v3/salesOrders/1`` — a concrete path the matcher
resolves like a real request. Text before the path (a base URL variable) is dropped; a concatenation
ending in ``/`` or ``=`` followed by ``. $x``/``+ x`` gets ``1`` appended.

The method comes from the same line when a call names it (``->post(``, ``requests.get(``,
``axios.put(``, ``PostAsync(``, ``http.Get(``), else from strong hints within 3 lines before or 6 after
that don't cross another found call (``'method' => 'POST'``, ``method: "PATCH"``,
``CURLOPT_CUSTOMREQUEST => 'PUT'``, ``CURLOPT_POST``, ``http.MethodPost``, ``HttpMethod.Delete``,
``new HttpPut(``, ``request('POST'``, ``NewRequest("GET"``, ``setRequestMethod("POST")``); when
no hint or more than one method is found, the method is ``ANY``.

Credentials (``SecretFinding``: location and kind, never the value), on any line including comments:
``bearer-token`` (``Bearer <value>`` with a token-like value), ``xentral-pat`` (a ``<digits>|<secret>``
literal, the PAT shape of DEV-CL2253), ``api-token`` (a token-like literal of 12+ characters assigned
to a name containing token, pat, apikey/api_key, secret, bearer, initkey), ``password`` (a literal
of 6+ characters assigned to a name containing password/passwd/pwd), ``basic-credentials``
(``CURLOPT_USERPWD``/``user:password@`` with a literal password), ``standard-api-hash`` (``hash=``
followed by 32–40 hex digits). Values that look like placeholders (``{{…}}``, ``<…>``, ``${…}``,
``%s``, ``xxx``, ``your…``, ``changeme``) are not reported.
"""
from __future__ import annotations

import bisect
import os
import re
import stat
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from registry.inputs.base import Observation, ReadStats, SecretFinding
from registry.inputs.redact import redact_url

LANGUAGES = {
    ".php": "php", ".phtml": "php", ".inc": "php",
    ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "js", ".ts": "js", ".tsx": "js", ".mts": "js", ".cts": "js",
    ".py": "python",
    ".go": "go",
    ".java": "java",
    ".cs": "csharp",
}
MARK = "\x00"  # stands for an interpolation or concatenated expression until it becomes "1"
STAND_IN = "1"
# Legacy REST route groups without a version segment (route table REF-ROUTES: /shopimport/*, /opentrans/*).
UNVERSIONED_ROOTS = frozenset({"shopimport", "opentrans"})


@dataclass(frozen=True)
class Vocabulary:
    """What counts as Xentral in code: Standard API action names and ``<version>/<group>`` roots."""

    actions: frozenset[str]
    roots: frozenset[str] = field(default_factory=frozenset)  # "v1/adressen", "v3/salesOrders", "shopimport"

    @classmethod
    def from_registry(cls, reg: object) -> Vocabulary:
        """Build from a loaded ``Registry``: the closed action list and the first path segments."""
        actions = frozenset(ep.action for ep in reg.select(api=["standard"]) if ep.action)  # type: ignore[attr-defined]
        roots = set(UNVERSIONED_ROOTS)
        for ep in reg.endpoints.values():  # type: ignore[attr-defined]
            if not ep.path:
                continue
            segs = [s for s in ep.path.split("/") if s]
            if segs and segs[0] == "api":
                segs = segs[1:]
            if len(segs) >= 2 and re.fullmatch(r"v\d+", segs[0]) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", segs[1]):
                roots.add(f"{segs[0]}/{segs[1]}")
        return cls(actions=actions, roots=frozenset(roots))


def default_vocabulary() -> Vocabulary:
    """The vocabulary of the shipped dataset (loads it: pass your own to avoid that)."""
    import registry

    return Vocabulary.from_registry(registry.load())


# -- lexing ----------------------------------------------------------------------------------------
_C_COMMENTS = r"//[^\n]*|/\*.*?\*/"
_LEXERS = {
    "php": re.compile(
        r"(?P<c>//[^\n]*|\#(?!\[)[^\n]*|/\*.*?\*/)"
        r"|(?P<s>'(?:[^'\\]|\\.)*')"
        r"|(?P<d>\"(?:[^\"\\]|\\.)*\")",
        re.S,
    ),
    "js": re.compile(
        rf"(?P<c>{_C_COMMENTS})"
        r"|(?P<s>'(?:[^'\\\n]|\\.)*')"
        r"|(?P<s2>\"(?:[^\"\\\n]|\\.)*\")"
        r"|(?P<t>`(?:[^`\\]|\\.)*`)",
        re.S,
    ),
    "python": re.compile(
        r"(?P<c>\#[^\n]*)"
        r"|(?P<p>(?i:[rbuf]{0,2}))(?P<q>'''|\"\"\"|'|\")",
        re.S,
    ),
    "go": re.compile(
        rf"(?P<c>{_C_COMMENTS})"
        r"|(?P<s>\"(?:[^\"\\\n]|\\.)*\")"
        r"|(?P<r>`[^`]*`)"
        r"|(?P<rune>'(?:[^'\\\n]|\\.)*')",
        re.S,
    ),
    "java": re.compile(
        rf"(?P<c>{_C_COMMENTS})"
        r"|(?P<tb>\"\"\".*?\"\"\")"
        r"|(?P<s>\"(?:[^\"\\\n]|\\.)*\")"
        r"|(?P<rune>'(?:[^'\\\n]|\\.)*')",
        re.S,
    ),
    "csharp": re.compile(
        rf"(?P<c>{_C_COMMENTS})"
        r"|(?P<v>\$?@\$?\"(?:[^\"]|\"\")*\")"
        r"|(?P<i>\$\"(?:[^\"\\\n]|\\.)*\")"
        r"|(?P<s>\"(?:[^\"\\\n]|\\.)*\")"
        r"|(?P<rune>'(?:[^'\\\n]|\\.)*')",
        re.S,
    ),
}
_PHP_INTERP = re.compile(r"\{\$[^}]*\}|\$\{[^}]*\}|\$[A-Za-z_]\w*(?:->\w+|\[[^\]]*\])*")
_JS_INTERP = re.compile(r"\$\{(?:[^{}]|\{[^{}]*\})*\}")
_BRACE_INTERP = re.compile(r"\{(?!\{)[^{}\n]{1,80}\}")
_FORMAT_VERB = re.compile(r"%[-+# 0]*\d*(?:\.\d+)?[sdvqxXiu]")


@dataclass
class _Literal:
    start: int
    end: int
    line: int
    text: str  # content with interpolations replaced by MARK


def _unescape(text: str) -> str:
    return text.replace("\\/", "/").replace('\\"', '"').replace("\\'", "'")


def _python_string(source: str, m: re.Match[str]) -> tuple[int, str]:
    """End offset and content of a Python string starting at the quote of ``m``."""
    quote = m.group("q")
    prefix = m.group("p").lower()
    i = m.end()
    n = len(source)
    raw = "r" in prefix
    while i < n:
        ch = source[i]
        if ch == "\\" and not raw:
            i += 2
            continue
        if ch == "\\" and raw:
            i += 2
            continue
        if source.startswith(quote, i):
            body = source[m.end() : i]
            if "f" in prefix:
                body = _BRACE_INTERP.sub(MARK, body.replace("{{", "(").replace("}}", ")"))
            return i + len(quote), body
        if ch == "\n" and len(quote) == 1:
            return i, source[m.end() : i]  # unterminated: stop at the line end
        i += 1
    return n, source[m.end() :]


def _literals(source: str, lang: str, comments: list[tuple[int, int]] | None = None) -> list[_Literal]:
    """String literals of ``source`` in order; comment spans are appended to ``comments`` when given."""
    lexer = _LEXERS[lang]
    out: list[_Literal] = []
    starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
    pos = 0
    n = len(source)
    while pos < n:
        m = lexer.search(source, pos)
        if m is None:
            break
        if m.group("c") is not None:
            if comments is not None:
                comments.append((m.start(), m.end()))
            pos = m.end()
            continue
        start = m.start()
        if lang == "python":
            if not m.group("q"):
                pos = m.end() + 1
                continue
            end, body = _python_string(source, m)
        else:
            kind = m.lastgroup
            end = m.end()
            token = m.group(0)
            if kind == "rune":
                pos = end
                continue
            if kind == "tb":
                body = token[3:-3]
            elif kind == "v":
                q = token.index('"')
                body = token[q + 1 : -1].replace('""', '"')
                if "$" in token[:q]:
                    body = _BRACE_INTERP.sub(MARK, body.replace("{{", "(").replace("}}", ")"))
            elif kind == "i":
                body = _BRACE_INTERP.sub(MARK, token[2:-1].replace("{{", "(").replace("}}", ")"))
            else:
                body = token[1:-1]
                if lang == "php" and kind == "d":
                    body = _PHP_INTERP.sub(MARK, body)
                elif kind == "t":
                    body = _JS_INTERP.sub(MARK, body)
        body = _unescape(body)
        body = _FORMAT_VERB.sub(MARK, body)
        body = _BRACE_INTERP.sub(MARK, body)
        out.append(_Literal(start, end, bisect.bisect_right(starts, start), body))
        pos = end
    return out


_JOIN_DIRECT = re.compile(r"\s*[.+]?\s*")
_JOIN_EXPR = re.compile(r"\s*[.+]\s*[\w$>\-.\[\]():]{1,80}\s*[.+]\s*")
_TRAILING_EXPR = re.compile(r"\s*[.+]\s*[\w$(]")


def _strings(source: str, lits: list[_Literal], lang: str) -> Iterator[tuple[int, int, str]]:
    """Join concatenated literals: ``(line, offset, text)`` per joined string."""
    i = 0
    while i < len(lits):
        first = lits[i]
        text = first.text
        j = i
        while j + 1 < len(lits):
            gap = source[lits[j].end : lits[j + 1].start]
            if "\n\n" in gap or len(gap) > 120:
                break
            if _JOIN_DIRECT.fullmatch(gap) and ("." in gap or "+" in gap or gap.strip() == ""):
                if gap.strip() == "" and "\n" in gap and lang != "python":
                    break  # literals on separate lines without an operator are separate strings (Python joins them)
                text += lits[j + 1].text
            elif _JOIN_EXPR.fullmatch(gap):
                text += MARK + lits[j + 1].text
            else:
                break
            j += 1
        if text.endswith(("/", "=")) and _TRAILING_EXPR.match(source, lits[j].end):
            text += MARK
        yield first.line, first.start, text
        i = j + 1


# -- what is a call --------------------------------------------------------------------------------
_API = re.compile(r"(?:(?<=[\s\x00'\"(=])|^)(?P<url>(?:https?://[^\s/\"'<>\x00]+)?(?:/www)?/?api/(?P<next>[A-Za-z0-9_.]+)[^\s\"'<>\\]*)")
_INDEX = re.compile(r"(?P<url>(?:https?://[^\s\"'<>\x00]*?)?[^\s\"'<>\x00?]*index\.php\?[^\s\"'<>\\]*)")
_ACTION_PARAM = re.compile(r"(?:^|[?&\s])action=(?P<action>[A-Za-z]+)")
_RELATIVE = re.compile(r"^\x00?/?(?P<path>(?P<first>[A-Za-z][A-Za-z0-9_-]*)(?:/(?P<second>[A-Za-z][A-Za-z0-9_-]*))?[^\s\"'<>\\]*)")
_CAMEL = re.compile(r"^[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+$")


def _calls_in(text: str, vocab: Vocabulary, lower_actions: dict[str, str]) -> list[str]:
    """The call URLs one joined string forms (MARK still in place)."""
    found: list[str] = []
    for m in _API.finditer(text):
        nxt = m.group("next")
        if (
            re.fullmatch(r"v\d+", nxt)
            or nxt == "index.php"
            or nxt in UNVERSIONED_ROOTS
            or nxt.lower() in lower_actions
            or f"v1/{nxt}" in vocab.roots  # unversioned current-API form (/api/deliveryNotes)
        ):
            url = m.group("url")
            if not url.startswith(("/", "http")):
                url = "/" + url
            found.append(url)
    if found:
        return found
    for m in _INDEX.finditer(text):
        url = m.group("url")
        action = _ACTION_PARAM.search(url)
        if "module=api" in url and action and action.group("action").lower() in lower_actions:
            found.append(url.lstrip(MARK))
    if found:
        return found
    m = _RELATIVE.match(text)
    if m:
        first, second = m.group("first"), m.group("second")
        if (second and f"{first}/{second}" in vocab.roots) or first in UNVERSIONED_ROOTS:
            return ["/api/" + m.group("path")]
    for m in _ACTION_PARAM.finditer(text):
        name = lower_actions.get(m.group("action").lower())
        if name:
            found.append(f"/api/{m.group('action')}")
    if found:
        return found
    if text in vocab.actions and _CAMEL.match(text):
        return [f"/api/{text}"]
    return []


# -- methods ---------------------------------------------------------------------------------------
_VERBS = "get|post|put|patch|delete|head|options"
_WEAK = re.compile(
    rf"(?:->|\.|::)(?P<m>{_VERBS})(?:Async|ForObject|ForEntity|Json|JsonAsync)?\s*[(<]"
    r"|\bhttp\.(?P<go>Get|Post|Head)\s*\(",
    re.I,
)
_STRONG = re.compile(
    rf"""(?:['"]?method['"]?\s*(?:=>|[:=])\s*['"](?P<a>{_VERBS})['"])"""
    rf"""|(?:CURLOPT_CUSTOMREQUEST\s*(?:=>|,)\s*['"](?P<b>{_VERBS})['"])"""
    r"|(?P<curlpost>CURLOPT_POST\b)|(?P<curlget>CURLOPT_HTTPGET\b)"
    rf"|(?:\bhttp\.Method(?P<c>{_VERBS})\b)"
    rf"|(?:\bHttpMethod\.(?P<d>{_VERBS})\b)"
    rf"|(?:\bnew\s+Http(?P<e>{_VERBS})\s*\()"
    rf"""|(?:(?:->|\.|\b)(?:request|NewRequest|NewRequestWithContext|fetch|method|setRequestMethod|send)\s*\(\s*(?:ctx\s*,\s*)?['"](?P<f>{_VERBS})['"])"""
    r"|(?:\.(?-i:(?P<g>GET|POST|PUT|PATCH|DELETE))\s*\()",
    re.I,
)


def _methods(line: str, strong_only: bool) -> set[str]:
    found: set[str] = set()
    for m in _STRONG.finditer(line):
        if m.group("curlpost"):
            found.add("POST")
        elif m.group("curlget"):
            found.add("GET")
        else:
            found.add(next(g for g in m.groups() if g and g.isalpha()).upper())
    if not strong_only:
        for m in _WEAK.finditer(line):
            found.add((m.group("m") or m.group("go")).upper())
    return found


def _method_for(lines: list[str], index: int, call_lines: set[int]) -> str:
    here = _methods(lines[index], strong_only=False)
    if len(here) == 1:
        return here.pop()
    if here:
        return "ANY"
    found: set[str] = set()
    for step, stop in ((-1, max(-1, index - 4)), (1, min(len(lines), index + 7))):
        k = index + step
        while k != stop:
            if k in call_lines:
                break
            found |= _methods(lines[k], strong_only=True)
            k += step
    return found.pop() if len(found) == 1 else "ANY"


# -- credentials -----------------------------------------------------------------------------------
_PLACEHOLDER = re.compile(r"\{\{|\}\}|<[^>]*>|\$\{|\$[A-Za-z_]|%[sd]|xxx|\*\*\*|your|example|changeme|placeholder|dummy|redacted|\.\.\.", re.I)
_SECRETS = [
    ("xentral-pat", re.compile(r"""['"`](?:Bearer\s+)?(?P<v>\d{1,12}\|[A-Za-z0-9]{16,})['"`]""")),
    ("bearer-token", re.compile(r"""\bBearer\s+(?P<v>[A-Za-z0-9._~+/=|-]{12,})""")),
    ("standard-api-hash", re.compile(r"""[?&'"]hash=(?P<v>[0-9a-fA-F]{32,40})\b""")),
    ("basic-credentials", re.compile(r"""CURLOPT_USERPWD\s*(?:=>|,)\s*['"](?P<v>[^'"\s:]+:[^'"\s]+)['"]""")),
    ("basic-credentials", re.compile(r"""['"`]https?://[^\s/:@'"]+:(?P<v>[^\s/@'"{$]+)@""")),
    ("password", re.compile(
        r"""(?i)(?:pass(?:word|wd)?|pwd)\w*['"]?\s*(?:=>|:=|[:=])\s*['"](?P<v>[^'"\s]{6,})['"]""")),
    ("api-token", re.compile(
        r"""(?i)(?:token|\bpat\b|_pat\b|api_?key|apikey|secret|bearer|init_?key)\w*['"]?\s*(?:=>|:=|[:=])\s*"""
        r"""['"](?P<v>[A-Za-z0-9._~+/=|-]{12,})['"]""")),
]


def _looks_like_token(value: str) -> bool:
    if _PLACEHOLDER.search(value):
        return False
    if len(set(value)) < 5:
        return False
    classes = sum(bool(re.search(p, value)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
    return classes >= 2


def find_secrets(line: str) -> list[str]:
    """Kinds of hard-coded credentials on one line (each kind once; a PAT is not also a bearer token)."""
    kinds: list[str] = []
    for kind, pattern in _SECRETS:
        for m in pattern.finditer(line):
            value = m.group("v")
            if kind == "password":
                ok = not _PLACEHOLDER.search(value) and len(set(value)) >= 4
            elif kind == "standard-api-hash":
                ok = True
            else:
                ok = _looks_like_token(value.split(":", 1)[-1])
            if ok:
                if kind not in kinds and not (kind in ("bearer-token", "api-token") and "xentral-pat" in kinds):
                    kinds.append(kind)
                break
    if "bearer-token" in kinds and "api-token" in kinds:
        kinds.remove("api-token")
    return kinds


def _blank(source: str, spans: list[tuple[int, int]]) -> str:
    """``source`` with the given spans replaced by spaces (newlines kept, so line numbers stay)."""
    if not spans:
        return source
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        parts.append(source[pos:start])
        parts.append("".join("\n" if ch == "\n" else " " for ch in source[start:end]))
        pos = end
    parts.append(source[pos:])
    return "".join(parts)


# -- one file --------------------------------------------------------------------------------------
def scan_text(
    source: str, location: str, lang: str, vocab: Vocabulary
) -> Iterator[Observation | SecretFinding]:
    """Calls and credentials in the text of one source file; ``location`` is the file as shown."""
    lower_actions = {a.lower(): a for a in vocab.actions}
    comments: list[tuple[int, int]] = []
    literals = _literals(source, lang, comments)
    code = _blank(source, comments)  # method hints are looked for in code, not in comments
    lines = code.split("\n")
    calls: list[tuple[int, str]] = []
    for line, _offset, text in _strings(source, literals, lang):
        for url in _calls_in(text, vocab, lower_actions):
            calls.append((line, url))
    call_lines = {line - 1 for line, _ in calls}
    for line, url in calls:
        method = _method_for(lines, line - 1, call_lines - {line - 1})
        concrete = url.replace(MARK, STAND_IN)
        yield Observation(method=method, url=redact_url(concrete), location=f"{location}:{line}", kind="source")
    for n, text in enumerate(source.split("\n"), 1):
        if len(text) > 4000:
            text = text[:4000]
        for kind in find_secrets(text):
            yield SecretFinding(location=f"{location}:{n}", kind=kind)


# -- walking a tree --------------------------------------------------------------------------------
SKIP_DIRS = frozenset({"vendor", "node_modules", ".git", ".hg", ".svn", "__pycache__", ".venv", "venv", ".tox", "bower_components"})
MAX_BYTES = 2 * 1024 * 1024
SNIFF_BYTES = 8192


def language_of(path: str) -> str | None:
    """The scanner language for a file name, by extension (``None`` when not a scanned language)."""
    return LANGUAGES.get(os.path.splitext(path)[1].lower())


def read_source_file(path: str, shown: str, stats: ReadStats) -> str | None:
    """The text of one source file (without a UTF-8 byte order mark), or ``None`` after counting it as skipped (binary, too large, unreadable)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            stats.skip(f"{shown}: skipped file: not a regular file (expected a source file, not a pipe, device or socket).")
            return None
        size = info.st_size
        if size > MAX_BYTES:
            stats.skip(f"{shown}: skipped file: {size:,} bytes (expected at most {MAX_BYTES:,}; generated or bundled code).")
            return None
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        stats.skip(f"{shown}: skipped file: cannot read: {exc.strerror or exc} (expected a readable file).")
        return None
    if b"\x00" in data[:SNIFF_BYTES]:
        stats.skip(f"{shown}: skipped file: binary content (expected text source code).")
        return None
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark is not part of the code
        data = data[3:]
    return data.decode("utf-8", errors="replace")


def read_source(
    path: str,
    stats: ReadStats,
    *,
    vocabulary: Vocabulary | None = None,
    files: Iterable[str] | None = None,
) -> Iterator[Observation | SecretFinding]:
    """Calls and credentials in a source file or every source file of a directory tree.

    ``files`` (paths below ``path``) skips the walk, e.g. when ``detect`` already walked the tree.
    The unit is files: each candidate file is read or skipped (binary, over 2 MB, unreadable).
    """
    stats.unit = "files"
    stats.format = "source"
    vocab = vocabulary or default_vocabulary()
    if files is None:
        if os.path.isdir(path):
            from registry.inputs.walk import walk_tree

            files = [f for f in walk_tree(path, stats) if language_of(f)]
        else:
            files = [path]
    for file in files:
        lang = language_of(file) or "php"
        shown = file.replace(os.sep, "/")
        text = read_source_file(file, shown, stats)
        if text is None:
            continue
        stats.read += 1
        yield from scan_text(text, shown, lang, vocab)
