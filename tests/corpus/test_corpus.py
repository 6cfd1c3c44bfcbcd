"""The source-reader corpus: how well ``read_inputs`` finds the Xentral calls of real-looking client projects.

Each folder here is one client project as a user would point ``xreg advise`` at it; its truth table
``<project>.truth.yaml`` lies beside the folder (so the reader never reads it). The contract between the
corpus and the reader is ``/work/CORPUS-CONTRACT.md``; in short:

- The reader runs as ``read_inputs([project_dir])`` with default options (test folders left out); only
  ``Observation`` rows of ``kind == "source"`` count, each located at ``file:line``.
- Paths are compared after ``comparable_path``: scheme and host dropped (also a host the reader left as a
  placeholder before the mount, ``{base}/api/v1/x``), each placeholder segment (``{id}``, ``{}``,
  ``${x}``, ``:id``, ``<id>``, ``$ID``) made ``{}``, the query reduced to its parameter names in order;
  ``module`` and ``action`` keep their values, because for the Standard API form
  (``/index.php?module=api&action=AuftragCreate``) they name the endpoint.
- Methods compare case-insensitively; ``UNKNOWN``, ``unknown``, ``ANY`` (and no method) are all
  "unknown". Auth compares after ``comparable_auth``: ``None`` is "unknown", and ``pat``/``pat-legacy``
  count as ``bearer`` (the same Authorization header; the reader may name a Bearer token sent to a legacy
  API a legacy PAT).
- A truth call and a row pair when file, method and path are equal and the lines are at most 3 apart;
  greedily, nearest lines first, each side used once. Recall = paired / truth calls, precision =
  paired / rows, per language and overall.
- A decoy is hit when any row lies on its line (±0) in its file. A row from a test file (``tests/``,
  ``__tests__/``, ``*.test.ts``, ``*_test.go``, ``*Test.php``, ``test_*.py``, fixtures, mocks …) is
  counted separately and must not exist.

Conventions of the truth tables (where the contract leaves a choice):

- The line of a call is the line where the expression that hands the URL to the HTTP client starts:
  the client call (``$this->client->get(``, ``fetch(``, ``requests.get(``), the call of a project helper
  that takes the path (``this.request('POST', '/v1/…')``), or, for clients configured in steps, the
  request object that receives the URL (``curl_init($url)`` or ``CURLOPT_URL``,
  ``HttpRequest.newBuilder()``, ``new Request.Builder()``, ``http.NewRequest``, ``urllib.request.Request``,
  ``new HttpRequestMessage``, ``new RestRequest``). In Markdown, the ``METHOD /path`` line or the ``curl`` line.
- A query passed as a separate argument (Guzzle ``query``, ``params=``, axios ``params``, n8n ``qs``,
  ``URLSearchParams``) is built at runtime as far as the path is concerned: only query text written into
  the URL itself gives parameter names.
- Auth is what the code sets up for the client that sends the call; a project that sets none has
  ``unknown``. Projects mixing kinds keep each kind to its own files and clients.

Run ``pytest tests/corpus -s`` to see the table; it is also in the assertion message.
"""
from __future__ import annotations

import fnmatch
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

CORPUS = Path(__file__).resolve().parent
LANGUAGES = ("php", "javascript", "typescript", "python", "go", "java", "csharp", "appsscript", "markdown")
AUTHS = ("digest", "bearer", "basic", "hash", "unknown")
BAR = 0.95
LINE_SLACK = 3
MIN_CALLS_PER_LANGUAGE = 15  # a language with fewer truth calls would make its percentages meaningless

TEST_DIRS = {"test", "tests", "__tests__", "spec", "specs", "fixtures", "__fixtures__", "mocks", "__mocks__", "testdata"}
TEST_NAMES = ("*.test.*", "*.spec.*", "*_test.go", "*_test.py", "test_*.py", "*Test.php", "*Test.java", "*Tests.cs")

_SCHEME_HOST = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*")
_PLACEHOLDER = r"(?:\{[^/?#]*\}|\$\{[^/?#]*\}|:[A-Za-z_]\w*|<[^/?#<>]*>|\$[A-Za-z_]\w*)"
_PLACEHOLDER_SEGMENT = re.compile(rf"^{_PLACEHOLDER}$")
_LEADING_PLACEHOLDERS = re.compile(rf"^(?:{_PLACEHOLDER})+")
_BARE_HOST = re.compile(r"^[\w-]+(?:\.[\w-]+)+(?::\d+)?$")
_KEEP_VALUE = ("module", "action")


# ---------------------------------------------------------------------------------------------------
# comparison rules


def comparable_path(url: str) -> str:
    """The request path of ``url`` as the truth tables write it (see the module docstring)."""
    text = url.strip().split("#", 1)[0]
    path, _, query = text.partition("?")
    path = _SCHEME_HOST.sub("", path, count=1)
    if path.startswith("//"):  # scheme-relative: //host/path
        path = "/" + path[2:].partition("/")[2]
    elif not path.startswith("/"):
        path = _LEADING_PLACEHOLDERS.sub("", path, count=1)  # a host the reader could not know
        first, sep, rest = path.partition("/")
        if sep and _BARE_HOST.match(first) and not first.lower().endswith(".php"):
            path = "/" + rest  # host written without a scheme
        if not path.startswith("/"):
            path = "/" + path
    segments = ["{}" if _PLACEHOLDER_SEGMENT.match(s) else s for s in path.split("/")]
    names = []
    for item in query.split("&") if query else []:
        name, eq, value = item.partition("=")
        name = unquote(name)
        if not name or _PLACEHOLDER_SEGMENT.match(name) or name == "{}":
            continue  # a runtime query string left as a stand-in
        names.append(f"{name}={value}" if name in _KEEP_VALUE and eq else name)
    return "/".join(segments) + ("?" + "&".join(names) if names else "")


def comparable_method(method: str | None) -> str:
    upper = (method or "").strip().upper()
    return "unknown" if upper in ("", "UNKNOWN", "ANY") else upper


def comparable_auth(auth: str | None) -> str:
    if auth is None:
        return "unknown"
    lower = auth.strip().lower()
    return "bearer" if lower in ("pat", "pat-legacy") else lower


def is_test_file(rel: str) -> bool:
    """Whether a project-relative path is test code the reader leaves out by default."""
    parts = rel.replace("\\", "/").split("/")
    if any(d in TEST_DIRS for d in parts[:-1]):
        return True
    return any(fnmatch.fnmatchcase(parts[-1], pattern) for pattern in TEST_NAMES)


# ---------------------------------------------------------------------------------------------------
# truth tables and rows


@dataclass(frozen=True)
class Call:
    file: str
    line: int
    method: str
    path: str
    auth: str


@dataclass(frozen=True)
class Decoy:
    file: str
    line: int
    text: str


@dataclass(frozen=True)
class Row:
    file: str
    line: int
    method: str
    path: str
    auth: str
    url: str  # as the reader wrote it, for messages


@dataclass
class Truth:
    project: str
    language: str
    about: str
    calls: list[Call]
    decoys: list[Decoy]


def load_truth(path: Path) -> Truth:
    """One truth table; a malformed one raises ``ValueError`` naming the file and the entry."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = path.name
    if not isinstance(data, dict) or set(data) != {"project", "language", "about", "calls", "decoys"}:
        raise ValueError(f"{where}: expected the keys project, language, about, calls, decoys")
    if data["project"] + ".truth.yaml" != path.name:
        raise ValueError(f"{where}: project {data['project']!r} does not match the file name")
    if data["language"] not in LANGUAGES:
        raise ValueError(f"{where}: language {data['language']!r} (expected one of {', '.join(LANGUAGES)})")
    calls = []
    for n, c in enumerate(data["calls"] or [], 1):
        if set(c) != {"file", "line", "method", "path", "auth"}:
            raise ValueError(f"{where}: call {n}: expected the keys file, line, method, path, auth")
        if c["method"] != "unknown" and c["method"] != str(c["method"]).upper():
            raise ValueError(f"{where}: call {n}: method {c['method']!r} (expected upper case or unknown)")
        if c["auth"] not in AUTHS:
            raise ValueError(f"{where}: call {n}: auth {c['auth']!r} (expected one of {', '.join(AUTHS)})")
        if not str(c["path"]).startswith("/") or comparable_path(c["path"]) != c["path"]:
            raise ValueError(f"{where}: call {n}: path {c['path']!r} is not in comparable form")
        calls.append(Call(c["file"], int(c["line"]), comparable_method(c["method"]), c["path"], c["auth"]))
    decoys = []
    for n, d in enumerate(data["decoys"] or [], 1):
        if set(d) != {"file", "line", "text"}:
            raise ValueError(f"{where}: decoy {n}: expected the keys file, line, text")
        decoys.append(Decoy(d["file"], int(d["line"]), str(d["text"])))
    return Truth(data["project"], data["language"], data["about"], calls, decoys)


def truth_tables() -> list[Truth]:
    return [load_truth(p) for p in sorted(CORPUS.glob("*.truth.yaml"))]


def _relative(location_file: str, project_dir: Path) -> str:
    p = Path(location_file)
    if not p.is_absolute():
        p = Path.cwd() / p
    return Path(os.path.relpath(p.resolve(), project_dir.resolve())).as_posix()


def read_rows(project_dir: Path) -> list[Row]:
    """What today's source reader reports for one project, in comparable form."""
    from registry.inputs.base import Observation
    from registry.inputs.detect import read_inputs

    items, _stats = read_inputs([str(project_dir)])
    rows = []
    for item in items:
        if not isinstance(item, Observation) or item.kind != "source":
            continue
        file, _, line = item.location.rpartition(":")
        if not file or not line.isdigit():
            file, line = item.location, "0"  # an unparsable location pairs with nothing
        rows.append(
            Row(_relative(file, project_dir), int(line), comparable_method(item.method), comparable_path(item.url),
                comparable_auth(item.auth), item.url)
        )
    return rows


# ---------------------------------------------------------------------------------------------------
# pairing and scoring


def pair(calls: list[Call], rows: list[Row]) -> list[tuple[int, int]]:
    """Indices (call, row) paired greedily by line distance; same file, method and path, at most 3 lines apart."""
    candidates = sorted(
        (abs(c.line - r.line), ci, ri)
        for ci, c in enumerate(calls)
        for ri, r in enumerate(rows)
        if c.file == r.file and c.method == r.method and c.path == r.path and abs(c.line - r.line) <= LINE_SLACK
    )
    used_calls: set[int] = set()
    used_rows: set[int] = set()
    pairs = []
    for _dist, ci, ri in candidates:
        if ci in used_calls or ri in used_rows:
            continue
        used_calls.add(ci)
        used_rows.add(ri)
        pairs.append((ci, ri))
    return sorted(pairs)


@dataclass
class Score:
    truth: int = 0
    rows: int = 0
    paired: int = 0
    auth_right: int = 0
    decoys: int = 0
    decoys_hit: int = 0
    test_rows: int = 0
    details: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("truth", "rows", "paired", "auth_right", "decoys", "decoys_hit", "test_rows"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.details.extend(other.details)

    @property
    def recall(self) -> float:
        return self.paired / self.truth if self.truth else 1.0

    @property
    def precision(self) -> float:
        return self.paired / self.rows if self.rows else (1.0 if not self.truth else 0.0)

    def passes(self) -> bool:
        return (
            self.recall >= BAR
            and self.precision >= BAR
            and self.decoys_hit == 0
            and self.auth_right == self.paired
            and self.test_rows == 0
        )


def score(truth: Truth, rows: list[Row]) -> Score:
    s = Score(truth=len(truth.calls), rows=len(rows), decoys=len(truth.decoys))
    pairs = pair(truth.calls, rows)
    s.paired = len(pairs)
    p = truth.project
    for ci, ri in pairs:
        call, row = truth.calls[ci], rows[ri]
        if row.auth == call.auth:
            s.auth_right += 1
        else:
            s.details.append(f"{p}/{call.file}:{call.line}: auth {row.auth} (expected {call.auth}) for {call.method} {call.path}")
    paired_calls = {ci for ci, _ in pairs}
    paired_rows = {ri for _, ri in pairs}
    for ci, call in enumerate(truth.calls):
        if ci not in paired_calls:
            s.details.append(f"{p}/{call.file}:{call.line}: missed {call.method} {call.path}")
    for ri, row in enumerate(rows):
        if ri not in paired_rows:
            what = "row from a test file" if is_test_file(row.file) else "row matches no call"
            s.details.append(f"{p}/{row.file}:{row.line}: {what}: {row.method} {row.path} (reader wrote {row.url!r})")
    s.test_rows = sum(1 for r in rows if is_test_file(r.file))
    for d in truth.decoys:
        if any(r.file == d.file and r.line == d.line for r in rows):
            s.decoys_hit += 1
            s.details.append(f"{p}/{d.file}:{d.line}: decoy reported: {d.text!r}")
    return s


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def table(scores: dict[str, Score]) -> str:
    head = f"{'language':<11} {'truth':>5} {'rows':>5} {'paired':>6} {'recall':>8} {'precision':>9} {'auth right':>10} {'decoys hit':>10} {'test rows':>9}"
    lines = [head, "-" * len(head)]
    for name, s in scores.items():
        lines.append(
            f"{name:<11} {s.truth:>5} {s.rows:>5} {s.paired:>6} {_pct(s.recall):>8} {_pct(s.precision):>9} "
            f"{f'{s.auth_right}/{s.paired}':>10} {f'{s.decoys_hit}/{s.decoys}':>10} {s.test_rows:>9}"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------
# the tests


def test_comparison_rules_give_exact_values():
    """The harness's own rules, checked with exact values (so a wrong harness cannot pass a wrong reader)."""
    assert comparable_path("https://acme.xentral.biz/api/v1/adressen?page=1&items=100") == "/api/v1/adressen?page&items"
    assert comparable_path("{base}/api/v1/products/{id}") == "/api/v1/products/{}"
    assert comparable_path("${this.baseUrl}/api/v1/salesOrders/:id/actions/dispatch") == "/api/v1/salesOrders/{}/actions/dispatch"
    assert comparable_path("acme.xentral.biz/api/v3/invoices/<id>") == "/api/v3/invoices/{}"
    assert comparable_path("//acme.xentral.biz/api/v1/artikel/$ARTICLE_ID") == "/api/v1/artikel/{}"
    assert comparable_path("/api//v1/adressen/") == "/api//v1/adressen/"
    assert comparable_path("/api/v1/products?page%5Bnumber%5D=1&page%5Bsize%5D=50") == "/api/v1/products?page[number]&page[size]"
    assert comparable_path("/api/v2/customers?{qs}") == "/api/v2/customers"
    assert comparable_path("/api/v1/products/1") == "/api/v1/products/1"  # a literal value stays literal
    assert (
        comparable_path("https://x.xentral.biz/index.php?module=api&action=ArtikelGet&hash=REDACTED&api_id=REDACTED")
        == "/index.php?module=api&action=ArtikelGet&hash&api_id"
    )
    assert comparable_path("index.php?module=api&action=AuftragCreate") == "/index.php?module=api&action=AuftragCreate"
    assert comparable_path("/api/ArtikelEdit#top") == "/api/ArtikelEdit"

    assert [comparable_method(m) for m in ("get", "ANY", "UNKNOWN", "unknown", None, "Patch")] == [
        "GET", "unknown", "unknown", "unknown", "unknown", "PATCH"
    ]
    assert [comparable_auth(a) for a in (None, "Digest", "pat-legacy", "pat", "none")] == [
        "unknown", "digest", "bearer", "bearer", "none"
    ]
    assert [is_test_file(p) for p in (
        "tests/Feature/XentralServiceTest.php", "src/__tests__/client.test.ts", "src/tools/orders.test.ts",
        "xentral/client_test.go", "legacy_sync/test_settings.py", "src/test/java/de/X.java", "src/mocks/handlers.ts",
        "src/XentralClient.php", "src/latest/api.ts", "contest.py",
    )] == [True, True, True, True, True, True, True, False, False, False]

    calls = [Call("a.php", 10, "GET", "/api/v1/x", "digest"), Call("a.php", 12, "GET", "/api/v1/x", "digest"),
             Call("a.php", 30, "POST", "/api/v1/x", "digest")]
    rows = [Row("a.php", 13, "GET", "/api/v1/x", "digest", ""), Row("a.php", 11, "GET", "/api/v1/x", "digest", ""),
            Row("a.php", 30, "GET", "/api/v1/x", "digest", ""), Row("b.php", 30, "POST", "/api/v1/x", "digest", ""),
            Row("a.php", 34, "POST", "/api/v1/x", "digest", "")]
    # nearest first: (call 12, row 13) and (call 10, row 11) at distance 1; call 30 POST has no POST row within 3
    assert pair(calls, rows) == [(0, 1), (1, 0)]

    truth = Truth("p", "php", "", calls, [Decoy("a.php", 34, "x"), Decoy("a.php", 20, "y")])
    s = score(truth, rows)
    assert (s.truth, s.rows, s.paired, s.auth_right, s.decoys_hit, s.test_rows) == (3, 5, 2, 2, 1, 0)
    assert (round(s.recall, 4), round(s.precision, 4)) == (0.6667, 0.4)


def test_truth_tables_are_well_formed():
    """Every project has a truth table whose entries point at real lines (the corpus checks itself)."""
    tables = truth_tables()
    folders = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith((".", "__")))
    assert sorted(t.project for t in tables) == folders
    per_language: dict[str, int] = defaultdict(int)
    problems = []
    for t in tables:
        per_language[t.language] += len(t.calls)
        lines_of: dict[str, list[str]] = {}
        for entry in [*t.calls, *t.decoys]:
            f = CORPUS / t.project / entry.file
            if not f.is_file():
                problems.append(f"{t.project}: no file {entry.file}")
                continue
            lines_of.setdefault(entry.file, f.read_text(encoding="utf-8").split("\n"))
            if not 1 <= entry.line <= len(lines_of[entry.file]):
                problems.append(f"{t.project}/{entry.file}:{entry.line}: no such line")
        if problems:
            continue
        call_lines = {(c.file, c.line) for c in t.calls}
        for c in t.calls:
            text = lines_of[c.file][c.line - 1].strip()
            markdown = c.file.endswith(".md")
            following = lines_of[c.file][c.line].strip() if c.line < len(lines_of[c.file]) else ""
            starts_call = "(" in text or "curl" in text or following.startswith(".")  # a chain: superagent\n  .get(url)
            if markdown:
                starts_call = starts_call or text.split(" ", 1)[0] in ("GET", "POST", "PUT", "PATCH", "DELETE")
            if not text or text.startswith(("//", "#", "*", "/*")) and not markdown or not starts_call:
                problems.append(f"{t.project}/{c.file}:{c.line}: line does not start a call: {text!r}")
            if is_test_file(c.file):
                problems.append(f"{t.project}/{c.file}:{c.line}: a truth call in a test file")
        for d in t.decoys:
            if d.text not in lines_of[d.file][d.line - 1]:
                problems.append(f"{t.project}/{d.file}:{d.line}: decoy text {d.text!r} is not on the line")
            if (d.file, d.line) in call_lines:
                problems.append(f"{t.project}/{d.file}:{d.line}: a decoy on the line of a truth call")
    assert not problems, "\n".join(problems)
    assert sorted(per_language) == sorted(LANGUAGES)
    thin = {lang: n for lang, n in per_language.items() if n < MIN_CALLS_PER_LANGUAGE}
    assert not thin, f"languages with fewer than {MIN_CALLS_PER_LANGUAGE} truth calls: {thin}"


def test_a_reader_that_reports_the_truth_passes():
    """Rows equal to the truth tables pass every bar: the scoring has no blind spot that no reader could meet."""
    for t in truth_tables():
        keys = [(c.file, c.line, c.method, c.path) for c in t.calls]
        assert len(keys) == len(set(keys)), f"{t.project}: a call listed twice"
        rows = [Row(c.file, c.line, c.method, c.path, c.auth, c.path) for c in t.calls]
        s = score(t, rows)
        assert s.passes() and (s.paired, s.auth_right, s.details) == (len(t.calls), len(t.calls), []), t.project


def test_source_reader_on_corpus():
    """Recall and precision of the source reader per language and overall, decoys, auth and test files."""
    per_language: dict[str, Score] = {lang: Score() for lang in LANGUAGES}
    for t in truth_tables():
        per_language[t.language].add(score(t, read_rows(CORPUS / t.project)))
    overall = Score()
    for s in per_language.values():
        overall.add(s)
    shown = table({**per_language, "all": overall})
    print("\n" + shown)
    failing = [name for name, s in {**per_language, "all": overall}.items() if not s.passes()]
    details = overall.details
    if len(details) > 300:
        details = details[:300] + [f"… and {len(overall.details) - 300} more"]
    assert not failing, (
        f"below the bar (recall and precision >= {BAR:.0%}, every auth right, no decoy, no test-file row) "
        f"for {', '.join(failing)}:\n{shown}\n\n" + "\n".join(details)
    )


if __name__ == "__main__":  # python tests/corpus/test_corpus.py: the table alone
    pytest.main([__file__, "-q", "-s", "-k", "source_reader"])
