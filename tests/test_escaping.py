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
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

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
