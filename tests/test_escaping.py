"""Hostile evidence and hostile data are shown, never run: proven in headless Chromium.

A log, a HAR file, a Postman collection and source files carry three payloads (a ``<script>``, an
attribute break-out ``"><img src=x onerror=…>`` and a ``javascript:`` URL) in paths, query values,
user agents, request and folder names and file names. ``xreg advise … --format html`` renders
them; the report is opened in Chromium with a trap: every payload would set ``window.__xss``. After
the page and its images have loaded the trap must be untouched, and clicking every link must not run
a ``javascript:`` URL. The same for a dataset whose endpoint notes carry the payloads, built with
``xreg site``.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
XREG = Path(sys.executable).parent / "xreg"

SCRIPT = "<script>window.__xss=1</script>"
BREAKOUT = '"><img src=x onerror="window.__xss=1">'
BREAKOUT_NOSPACE = '"><img/src=x/onerror=window.__xss=1>'  # fits where a space would end the field
JS_URL = "javascript:window.__xss=1"
PAYLOADS = (SCRIPT, BREAKOUT, BREAKOUT_NOSPACE, JS_URL)


def write_inputs(folder: Path) -> list[Path]:
    """One log, HAR, Postman collection and two source files, every one of them hostile."""
    folder.mkdir()
    log = folder / "access.log"
    ua = BREAKOUT.replace('"', '\\"')
    log.write_text(
        f'203.0.113.9 - - [10/Oct/2025:13:55:36 +0200] "GET /api/v1/adressen/{SCRIPT} HTTP/1.1" 404 5 "-" "{ua}"\n'
        f'203.0.113.9 - - [10/Oct/2025:13:55:37 +0200] "GET /api/v1/products?q={BREAKOUT_NOSPACE} HTTP/1.1" 200 5 "{JS_URL}" "{SCRIPT}"\n'
        f'203.0.113.9 - - [10/Oct/2025:13:55:38 +0200] "POST /api/{BREAKOUT_NOSPACE} HTTP/1.1" 404 5 "-" "x"\n'
        f'203.0.113.9 - - [10/Oct/2025:13:55:39 +0200] "GET {JS_URL} HTTP/1.1" 400 5 "-" "x"\n'
    )
    har = folder / "session.har"
    entries = [
        {"startedDateTime": SCRIPT, "request": {"method": "GET", "url": f"https://shop.xentral.biz/api/v1/products/{SCRIPT}",
                                                "headers": [{"name": "User-Agent", "value": BREAKOUT}]},
         "response": {"status": 200}},
        {"request": {"method": "GET", "url": JS_URL}, "response": {"status": 0}},
        {"request": {"method": "POST", "url": f"https://shop.xentral.biz/api/shopimport/syncstorage/{BREAKOUT}"},
         "response": {"status": 200}},
        {"request": {"method": "GET", "url": f"https://shop.xentral.biz/api/v1/adressen/5?x={BREAKOUT}&y={JS_URL}"}},
    ]
    har.write_text(json.dumps({"log": {"version": "1.2", "entries": entries}}))
    postman = folder / f"{BREAKOUT_NOSPACE.replace('/', ' ')}.postman_collection.json"
    postman.write_text(json.dumps({
        "info": {"name": SCRIPT, "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "evil", "value": SCRIPT}],
        "item": [{"name": BREAKOUT, "item": [
            {"name": SCRIPT, "request": {"method": "GET", "url": "{{base}}/api/v1/salesOrders/{{evil}}"}},
            {"name": JS_URL, "request": {"method": "POST", "url": JS_URL}},
            {"name": "q", "request": {"method": "GET", "url": f"/api/v1/products?{BREAKOUT}={{{{{SCRIPT}}}}}"}},
        ]}],
    }))
    src = folder / "src"
    src.mkdir()
    (src / f"{BREAKOUT}.php").write_text(
        f"<?php\n$c->get('/api/v1/adressen/{SCRIPT}');\n$c->post('{JS_URL}');\n$c->get('/api/v1/products?q={BREAKOUT}');\n"
    )
    (src / "<svg onload=window.__xss=1>.js").write_text(f"fetch('/api/v3/salesOrders/{BREAKOUT}', {{method: 'PATCH'}})\n")
    return [log, har, postman, src]


def assert_inert(browser: Any, page: Path) -> int:
    """Load ``page``; no payload may run on load or on any link click. Returns the number of links."""
    url = page.resolve().as_uri()
    browser.get(url)
    wait_loaded(browser)
    assert browser.execute_script("return typeof window.__xss") == "undefined", f"a payload ran on load: {page}"
    hrefs = browser.execute_script("return Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))")
    bad = [h for h in hrefs if h.strip().lower().replace("\t", "").replace("\n", "").startswith(("javascript:", "data:", "vbscript:"))]
    assert bad == [], f"script URLs in links of {page}"
    for i in range(len(hrefs)):
        if browser.current_url.split("#")[0] != url:
            browser.get(url)
            wait_loaded(browser)
        browser.execute_script(
            "const a = document.querySelectorAll('a[href]')[arguments[0]]; if (a) { a.removeAttribute('target'); a.click(); }", i)
        if browser.current_url.split("#")[0] == url:
            assert browser.execute_script("return typeof window.__xss") == "undefined", f"link {i} ran a payload: {hrefs[i]}"
    return len(hrefs)


def wait_loaded(browser: Any) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 20).until(lambda d: d.execute_script(
        "return document.readyState === 'complete' && Array.from(document.images).every(i => i.complete)"))
    # an onerror handler of a broken image runs in the task after the image completes: yield once to it
    browser.execute_async_script("const done = arguments[0]; setTimeout(() => setTimeout(done, 0), 0);")


def test_hostile_evidence_in_the_html_report_does_not_run(browser: Any, tmp_path: Path) -> None:
    inputs = write_inputs(tmp_path / "evidence")
    report = tmp_path / "report.html"
    done = subprocess.run([str(XREG), "advise", *map(str, inputs), "--format", "html", "-o", str(report)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    html = report.read_text().replace("<wbr>", "")  # the line-break hints the report puts into URLs
    assert SCRIPT not in html and "<img src=x" not in html and "<img/src=x" not in html and "<svg onload" not in html
    # the payloads are shown (escaped), not dropped: the report still tells the user what was called
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html or "%3Cscript%3E" in html
    links = assert_inert(browser, report)
    assert links >= 1


def test_hostile_notes_in_the_site_do_not_run(browser: Any, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "data-mini", data)
    file = data / "rest" / "adressen.yaml"
    text = file.read_text()
    notes = f"{SCRIPT} {BREAKOUT} see {JS_URL} and [x]({JS_URL})"
    text = text.replace("        notes: Some fields are ignored.", f"        notes: {json.dumps(notes)}")
    text = text.replace("    permission: list_addresses\n", f"    permission: list_addresses\n    notes: {json.dumps(notes)}\n", 1)
    assert text.count(SCRIPT) == 2
    file.write_text(text)
    out = tmp_path / "site"
    done = subprocess.run([str(XREG), "site", "--data", str(data), "-o", str(out)], capture_output=True, text=True,
                          env={"XREG_NO_CACHE": "1", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    pages = sorted(out.rglob("*.html"))
    shown = [p for p in pages if "__xss" in p.read_text()]
    assert shown, "the hostile notes should appear (escaped) on some page"
    for page in pages:
        html = page.read_text()
        assert SCRIPT not in html and "<img src=x" not in html
    for page in shown:
        assert_inert(browser, page)


@pytest.mark.parametrize(
    "body",
    [SCRIPT, BREAKOUT[2:], '<a href="#top" onclick="window.__xss=1">x</a>'],
    ids=["script", "img-onerror", "onclick-link"],
)
def test_the_trap_catches_a_payload_that_runs(browser: Any, tmp_path: Path, body: str) -> None:
    """Control: the same check on a page that does embed a payload raw must fail."""
    page = tmp_path / "raw.html"
    page.write_text(f"<!doctype html><title>raw</title><p>{body}</p>")
    with pytest.raises(AssertionError, match="ran"):
        assert_inert(browser, page)


def test_the_link_check_refuses_a_javascript_url(browser: Any, tmp_path: Path) -> None:
    page = tmp_path / "raw.html"
    page.write_text(f'<!doctype html><title>raw</title><a href="{JS_URL}">x</a>')
    with pytest.raises(AssertionError, match="script URLs in links"):
        assert_inert(browser, page)


# -- issue 17 items 6 and 9: one Markdown escaping path, one control-character rule ----------------
BACKTICK = "`<img src=x onerror=window.__xss=2>`"  # closes a code span the writer opened
MD_PAYLOADS = (SCRIPT, BREAKOUT, BREAKOUT_NOSPACE, f"[x]({JS_URL})", f"<{JS_URL}>", BACKTICK)
MD_PAYLOAD = " ".join(MD_PAYLOADS)
CONTROLS = "\x1b[2J\x1b]0;pwned\x07\u202egnp.exe"  # clear screen, window title, bell, right-to-left override


def hostile_dataset(tmp_path: Path, text: str) -> Path:
    """The shipped dataset with ``text`` in an endpoint's notes, permission and support statement (notes and a
    source), an API name, a migration reason and a current-API endpoint's scopes."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    q = json.dumps(text)  # a JSON string is a YAML double-quoted scalar; \u escapes carry control characters
    source = json.dumps("https://x.test/" + text.replace(" ", "").replace("\x07", "").replace("\u202e", ""))

    def edit(rel: str, old: str, new: str) -> None:
        file = data / rel
        content = file.read_text()
        assert old in content, (rel, old)
        file.write_text(content.replace(old, new, 1))

    edit("rest/adressen.yaml", "  handler: listAction\n  permission: list_addresses\n",
         f"  handler: listAction\n  permission: {q}\n  notes: {q}\n  support:\n    pat-legacy:\n      support: 'no'\n"
         f"      basis: documented\n      notes: {q}\n      sources: [{source}]\n")
    edit("apis.yaml", "name: Legacy REST API", f"name: {q}")
    edit("migrations/rest.yaml", "  reason: legacy addresses hold every role; the current API lists customers here, suppliers "
         "at GET /api/v3/suppliers and employees\n    at GET /api/v1/employees (v3 customers is beta; stable v1 alternative "
         "GET /api/v1/customers)\n", f"  reason: {q}\n")
    edit("xentral/salesOrders.yaml", "scopes: ['salesOrder:read']", f"scopes: ['salesOrder:read', {q}]")
    return data


def hostile_specs(tmp_path: Path, text: str) -> tuple[Path, Path]:
    """Two specs whose changed operation carries ``text`` in its path, operationId and x-scopes."""
    old = json.loads((ROOT / "tests" / "fixtures" / "openapi" / "fixture-1.0.openapi.json").read_text())
    new = json.loads(json.dumps(old))
    new["info"]["title"] = text
    new["paths"]["/api/v1/things"]["get"]["x-scopes"] = [text]
    new["paths"]["/api/v1/things"]["get"]["operationId"] = text
    new["paths"]["/api/v1/" + text.replace("/", "")] = {"get": {"operationId": "x" + text, "responses": {}}}
    paths = tmp_path / "old.json", tmp_path / "new.json"
    paths[0].write_text(json.dumps(old))
    paths[1].write_text(json.dumps(new))
    return paths


def xreg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(XREG), *args], capture_output=True, text=True, env={**os.environ, "XREG_NO_CACHE": "1"})


def markdown_outputs(tmp_path: Path, text: str) -> dict[str, str]:
    """The Markdown of every writer (check, diff, endpoints, scope-index, show, advise) given ``text``."""
    data = str(hostile_dataset(tmp_path, text))
    old, new = hostile_specs(tmp_path, text)
    evidence = tmp_path / "evidence.txt"
    evidence.write_text(f"GET /api/v1/adressen/{text.replace(' ', '%20')}\nGET /api/v1/adressen\n")
    runs = {
        "check-match": ["check", "GET", "/api/v1/adressen", "--data", data],
        "check-raw": ["check", "GET", f"/api/v1/x/{text}", "--data", data],
        "check-encoded": ["check", "GET", "/api/v1/x/" + quote(text, safe=""), "--data", data],
        "endpoints": ["endpoints", "--api", "rest", "--auth", "pat-legacy", "--data", data],
        "scope-index": ["scope-index", "--data", data],
        "show": ["show", "rest.adressen.get-v1", "--data", data],
        "diff": ["diff", str(old), str(new)],
        "advise": ["advise", str(evidence), "--auth", "pat-legacy", "--data", data],
    }
    out = {}
    for name, args in runs.items():
        done = xreg(*args, "--format", "md")
        assert done.returncode in (0, 3), (name, done.stderr)
        out[name] = done.stdout
    return out


def render_markdown_page(md: str, page: Path) -> None:
    """The Markdown rendered with raw HTML on (as many wikis and ticket systems do), as a page."""
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(md)
    page.write_text(f"<!doctype html><meta charset=utf-8><title>md</title><body>{html}</body>", encoding="utf-8")


def test_item6_markdown_of_every_writer_shows_payloads_as_text(browser: Any, tmp_path: Path) -> None:
    # issue 17 item 6: check (the URL, also percent-encoded), diff (spec fields), endpoints, scope-index and
    # show (dataset fields) emitted HTML that ran in an HTML-enabled Markdown renderer; advise escaped correctly
    outputs = markdown_outputs(tmp_path, MD_PAYLOAD)
    for name, md in outputs.items():
        page = tmp_path / f"{name}.html"
        render_markdown_page(md, page)
        assert_inert(browser, page)
        found = browser.execute_script(
            "return Array.from(document.querySelectorAll('script, img, svg, iframe, [onerror], [onload], [onclick]'),"
            " e => e.outerHTML)")
        assert found == [], (name, found)
        shown = browser.execute_script("return document.body.innerText")
        assert SCRIPT in shown or quote(SCRIPT, safe="") in shown, f"{name}: the payload should be shown as text"


def test_item6_the_markdown_page_check_catches_raw_html(browser: Any, tmp_path: Path) -> None:
    """Control: Markdown with raw HTML, rendered the same way, does run (so the test above can fail)."""
    page = tmp_path / "raw.html"
    render_markdown_page(f"| a |\n|---|\n| {BREAKOUT[2:]} |\n", page)
    with pytest.raises(AssertionError, match="ran"):
        assert_inert(browser, page)


def test_item6_every_markdown_writer_uses_the_one_path() -> None:
    # issue 17 item 6: the writers import their escaping from registry.escaping and write none of their own
    import registry.cli.check
    import registry.cli.common
    import registry.rendering.report_markdown
    from registry import escaping

    assert registry.rendering.report_markdown.md_escape is escaping.md_text
    assert registry.rendering.report_markdown.md_code is escaping.md_code
    assert registry.cli.common.markdown_table(["<b>"], [["`|`"]]) == escaping.md_table(["<b>"], [["`|`"]])
    assert escaping.md_table(["<b>"], [["`|`"]]) == "| \\<b\\> |\n|---|\n| \\`\\|\\` |"


RAW_CONTROLS = ("\x1b", "\x07", "\u202e")


def assert_escaped(name: str, text: str) -> None:
    assert not any(c in text for c in RAW_CONTROLS), f"{name}: a raw control character"
    assert "\\x1b" in text and "\\u202egnp.exe" in text, f"{name}: the control characters should show as escapes"


def test_item9_control_characters_print_as_escapes_in_every_output(tmp_path: Path) -> None:
    # issue 17 item 9: ESC, BEL and U+202E from a spec, the dataset or a HAR URL reached diff and show output,
    # the site pages and the HTML report raw
    data = str(hostile_dataset(tmp_path, CONTROLS))
    old, new = hostile_specs(tmp_path, CONTROLS)
    har = tmp_path / "session.har"
    har.write_text(json.dumps({"log": {"version": "1.2", "entries": [
        {"request": {"method": "GET", "url": "https://shop.xentral.biz/api/v1/adressen/" + CONTROLS, "headers": []},
         "response": {"status": 200}}]}}))
    runs = {
        "diff table": ["diff", str(old), str(new)],
        "diff md": ["diff", str(old), str(new), "--format", "md"],
        "show": ["show", "rest.adressen.get-v1", "--data", data],
        "show md": ["show", "rest.adressen.get-v1", "--data", data, "--format", "md"],
        "endpoints": ["endpoints", "--api", "rest", "--auth", "pat-legacy", "--data", data],
        "check": ["check", "GET", "/api/v1/adressen", "--data", data],
        "scope-index": ["scope-index", "--data", data],
        "advise md": ["advise", str(har), "--data", data],
    }
    for name, args in runs.items():
        done = xreg(*args)
        assert done.returncode in (0, 3), (name, done.stderr)
        assert_escaped(name, done.stdout)
        assert not any(c in done.stderr for c in RAW_CONTROLS), name
    report = tmp_path / "report.html"
    assert xreg("advise", str(har), "--data", data, "--format", "html", "-o", str(report)).returncode == 0
    assert_escaped("report.html", report.read_text())
    site = tmp_path / "site"
    done = xreg("site", "--data", data, "-o", str(site))
    assert done.returncode == 0, done.stderr
    pages = {p.name: p.read_text() for p in site.glob("*.html")}
    for name in ("api-rest.html", "index.html", "migrations.html", "scopes.html"):
        assert_escaped(name, pages[name])
    assert not any(c in text for text in pages.values() for c in RAW_CONTROLS)


def test_item9_one_rule_for_messages_and_outputs() -> None:
    # issue 17 item 9: clean_text (messages) and escape_controls (outputs) wrote U+202E differently
    from registry.escaping import escape_controls
    from registry.inputs.redact import clean_text

    assert clean_text(CONTROLS) == escape_controls(CONTROLS) == "\\x1b[2J\\x1b]0;pwned\\x07\\u202egnp.exe"
