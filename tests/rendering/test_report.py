"""The migration report in its four formats: JSON against its schema, Markdown, SARIF 2.1.0 and HTML.

The plan comes from the real advisor on the shipped dataset with a handful of calls, two of them
hostile (markup and Markdown syntax in the path). The HTML report is opened in headless Chromium.
"""
from __future__ import annotations

import json
import random
import re

import pytest

from registry.advising import advise
from registry.inputs.base import Observation, ReadStats, SecretFinding
from registry.rendering.report import SCHEMA_PATH, report_view
from registry.rendering.report_html import render_html
from registry.rendering.report_json import render_json
from registry.rendering.report_markdown import md_code, md_escape, render_markdown
from registry.rendering.report_sarif import render_sarif

HOSTILE = '/api/v1/<script>document.title="owned"</script>'
HOSTILE_MD = "/api/v1/a|b`c`*d*"
ITEMS = [
    Observation("POST", "/api/shopimport/syncstorage/SKU-1", "src/Client.php:51", "source"),
    Observation("POST", "/api/shopimport/syncstorage/SKU-2", "logs/access.log:7", "access-log", count=18),
    Observation("GET", "/api/v1/reports/latest", "logs/access.log:9", "access-log", count=2, statuses={404: 2}),
    Observation("GET", "/api/v1/reports/5/download", "src/Client.php:77", "source"),
    Observation("GET", "/api/v1/adressen?page=1", "logs/access.log:3", "access-log", count=12),
    Observation("GET", HOSTILE, "logs/access.log:11", "access-log"),
    Observation("GET", HOSTILE_MD, "src/Client.php:90", "source"),
    SecretFinding("src/Client.php:12", "bearer-token"),
]
STATS = [ReadStats("logs/access.log", read=40, skipped=2), ReadStats("src", unit="files", read=3)]


@pytest.fixture(scope="module")
def view(registry_data):
    return report_view(advise(registry_data, ITEMS, auth="pat-legacy", inputs=STATS))


# -- JSON -----------------------------------------------------------------------------------------
def test_json_report_is_valid_against_its_schema(view):
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    doc = json.loads(render_json(view))
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert doc["format_version"] == 1
    assert list(doc)[0] == "format_version"


def test_json_report_rows_and_blockers(view):
    doc = json.loads(render_json(view))
    blocked = [(c["method"], c["url"], c["endpoint"]["id"] if c["endpoint"] else None, c["origin"])
               for c in doc["calls"] if c["verdict"] == "blocked"]
    assert blocked == [
        ("GET", "/api/v1/reports/latest", None, "list:pat-legacy-unavailable"),
        ("GET", "/api/v1/reports/5/download", "rest.reports.get-v1-id-download", "list:pat-legacy-unavailable"),
        ("POST", "/api/shopimport/syncstorage/SKU-1", "rest.shopimport.post-syncstorage-articlenumber",
         "list:pat-legacy-unavailable"),
    ]
    assert doc["blockers"] == ["call-1", "call-2", "call-3"]
    shop = doc["calls"][2]
    assert (shop["requests"], shop["evidence"]["locations"], shop["evidence"]["source_locations"]) == (
        19, ["src/Client.php:51", "logs/access.log:7"], ["src/Client.php:51"])
    assert doc["findings"] == [{"location": "src/Client.php:12", "kind": "bearer-token"}]
    assert doc["inputs"] == [
        {"source": "logs/access.log", "format": None, "unit": "lines", "read": 40, "skipped": 2,
         "summary": "logs/access.log: read 40 of 42 lines, skipped 2", "notes": [], "given": None},
        {"source": "src", "format": None, "unit": "files", "read": 3, "skipped": 0,
         "summary": "src: read 3 of 3 files, skipped 0", "notes": [], "given": None},
    ]
    verdicts = doc["summary"]["verdicts"]
    assert sum(v["calls"] for v in verdicts.values()) == len(doc["calls"]) == 6
    assert sum(v["requests"] for v in verdicts.values()) == doc["summary"]["requests"] == 36


def test_json_report_is_the_same_bytes_for_the_same_inputs_in_any_order(registry_data, view):
    shuffled = list(ITEMS)
    random.Random(3).shuffle(shuffled)
    again = report_view(advise(registry_data, shuffled, auth="pat-legacy", inputs=STATS))
    assert render_json(again) == render_json(view)
    assert json.loads(render_json(view))["generated"] is None


# -- Markdown -------------------------------------------------------------------------------------
def test_markdown_report_key_lines(view):
    md = render_markdown(view)
    lines = md.splitlines()
    assert lines[0] == "# Migration report: pat on the xentral API"
    assert f"**Summary:** {view['summary']['line']}" in lines
    assert "## Blockers" in lines and "## Work plan" in lines and "## Token recipe (pat)" in lines
    row = next(line for line in lines if line.startswith("| `POST /api/shopimport/syncstorage/SKU-1` |"))
    cells = [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]
    assert cells[:3] == ["`POST /api/shopimport/syncstorage/SKU-1`", "pat-legacy",
                         "`rest.shopimport.post-syncstorage-articlenumber`"]
    assert cells[4] == "https://help.xentral.com/hc/de/articles/6575192352796-Personal-Access-Token-erstellen-Legacy"
    assert "| `src/Client.php:12` | bearer-token |" in lines


def test_markdown_hostile_paths_stay_code(view):
    md = render_markdown(view)
    outside_code = re.sub(r"(`+).*?\1", "", md)
    assert re.search(r"(?<!\\)[<>]", outside_code) is None  # every < and > outside code is escaped
    assert "``GET /api/v1/a\\|b`c`*d*``" in md  # pipe escaped for the table, backticks fenced


@pytest.mark.parametrize("text, escaped", [
    ("<b>x</b>", "\\<b\\>x\\</b\\>"),
    ("a|b", "a\\|b"),
    ("[link](x)", "\\[link\\](x)"),
    ("two\nlines", "two\\\\x0alines"),  # the one control-character rule (registry.escaping), as everywhere
    (None, "-"),
    ("a\x1b]0;pwned\x07b", "a\\\\x1b\\]0;pwned\\\\x07b"),
    ("x\u202ey\tz", "x\\\\u202ey\\\\x09z"),
], ids=["html", "pipe", "link", "newline", "none", "terminal-title", "direction-override-and-tab"])
def test_md_escape(text, escaped):
    assert md_escape(text) == escaped


def test_md_code_fences_backticks():
    assert md_code("a`b") == "``a`b``"
    assert md_code("`x`") == "`` `x` ``"


def test_md_code_escapes_control_characters():
    assert md_code("GET /a\x1b[31m|b\x07") == "`GET /a\\x1b[31m\\|b\\x07`"


# -- SARIF ----------------------------------------------------------------------------------------
def test_sarif_has_the_required_2_1_0_structure(view):
    log = json.loads(render_sarif(view))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "xreg"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert rule_ids == ["xreg/blocked", "xreg/migrate", "xreg/unknown", "xreg/unmatched", "xreg/ready",
                        "xreg/hard-coded-token"]
    for rule in driver["rules"]:
        assert set(rule) >= {"id", "shortDescription"} and rule["shortDescription"]["text"]
    for result in run["results"]:
        assert result["message"]["text"]
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("none", "note", "warning", "error")
        [loc] = result["locations"]
        phys = loc["physicalLocation"]
        assert isinstance(phys["artifactLocation"]["uri"], str)
        assert isinstance(phys["region"]["startLine"], int) and phys["region"]["startLine"] >= 1
    got = [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]]
    # only source-code locations: the access log's lines are not code
    assert got == [
        ("xreg/hard-coded-token", "src/Client.php", 12),
        ("xreg/blocked", "src/Client.php", 51),
        ("xreg/blocked", "src/Client.php", 77),
        ("xreg/unmatched", "src/Client.php", 90),
    ]


# -- HTML -----------------------------------------------------------------------------------------
def test_html_is_self_contained_and_escaped(view):
    html = render_html(view)
    assert not re.search(r"<(script|link|img|iframe|object)\b", html)
    assert "&lt;script&gt;document.title=&#34;owned&#34;&lt;/script&gt;" in html.replace("<wbr>", "")
    assert "default-src 'none'" in html


@pytest.mark.browser
def test_html_report_opens_cleanly_in_chromium(view, browser, tmp_path):
    from selenium.webdriver.common.by import By

    page = tmp_path / "report.html"
    page.write_text(render_html(view), encoding="utf-8")
    browser.get(page.as_uri())
    assert browser.title == "Migration report: pat on the xentral API"
    summary = browser.find_element(By.ID, "summary-line")
    assert summary.is_displayed() and summary.text == view["summary"]["line"]
    rows = browser.find_elements(By.CSS_SELECTOR, "#blockers tbody tr")
    assert [r.find_element(By.TAG_NAME, "code").text for r in rows] == [
        "GET /api/v1/reports/latest", "GET /api/v1/reports/5/download", "POST /api/shopimport/syncstorage/SKU-1"]
    hostile = browser.find_element(By.XPATH, "//section[@id='calls']//td/code[contains(., 'document.title')]")
    assert hostile.text == "GET " + HOSTILE
    assert browser.execute_script("return document.scripts.length") == 0
    assert browser.title != "owned"
    recipe = browser.find_element(By.ID, "token-recipe")
    assert recipe.is_displayed()
    assert browser.get_log("browser") == []


# -- make demo ------------------------------------------------------------------------------------
@pytest.mark.browser
def test_make_demo_writes_the_example_report_and_prints_its_summary(browser, tmp_path):
    """``make demo`` as the README gives it (the install step marked done: this venv is installed)."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    from selenium.webdriver.common.by import By

    root = Path(__file__).resolve().parents[2]
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    venv = Path(sys.executable).parent.parent
    report = tmp_path / "report.html"
    done = subprocess.run([make, "-s", "-C", str(root), "demo", f"VENV={venv}", f"DEMO_REPORT={report}",
                           "-o", f"{venv}/.demo-installed"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    summary = [line for line in done.stderr.splitlines() if " calls (" in line]
    assert summary == ["xreg: 24 calls (115 requests): 8 blocked, 10 migrate, 0 unknown, 3 unmatched, 3 ready; "
                       "8% of 114 judged requests ready for pat on the xentral API; 1 request is no API call (left out); "
                       "token needs 6 scopes"]
    assert done.stderr.splitlines()[-1] == f"xreg: wrote {report}"
    browser.get(report.as_uri())
    assert browser.find_element(By.ID, "summary-line").text == summary[0].removeprefix("xreg: ")
    assert browser.get_log("browser") == []


# -- HTML layout: widths, dark mode, print -----------------------------------------------------------
@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    """The report of the example integration (``make demo``), long URLs, sources and all."""
    from pathlib import Path

    from registry.inputs.detect import read_inputs

    import registry

    root = Path(__file__).resolve().parents[2] / "examples" / "shop-connector"
    items, stats = read_inputs([str(root)], postman_env=str(root / "postman" / "shopbridge.postman_environment.json"))
    view = report_view(advise(registry.load(), items, auth="pat-legacy", inputs=stats))
    page = tmp_path_factory.mktemp("demo") / "report.html"
    page.write_text(render_html(view), encoding="utf-8")
    return page, view


def test_html_report_reads_summary_and_recipe_first_then_contents(demo_report):
    page, view = demo_report
    html = page.read_text(encoding="utf-8")
    order = [html.index(f'id="{a}"') for a in ("summary", "token-recipe", "blockers", "work-plan", "calls", "findings",
                                               "inputs", "sources")]
    assert order == sorted(order)
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.S).group(0)
    assert re.findall(r'href="#([\w-]+)">([^<]+)<', toc) == [
        ("summary", "Summary"), ("token-recipe", "Token recipe"), ("blockers", "Blockers (8)"),
        ("work-plan", "Work plan (10 steps)"), ("calls", "Other calls (16)"), ("findings", "Hard-coded tokens (1)"),
        ("inputs", "Inputs read"), ("sources", "Sources (6)")]
    assert html.index('id="token-recipe"') < html.index("<table")  # no table before the main answer


def test_html_report_sources_are_numbered_titles_referenced_per_row(demo_report):
    page, view = demo_report
    html = page.read_text(encoding="utf-8")
    sources = re.findall(r'<li id="src-(\d+)"><a href="([^"]+)">([^<]+)</a>', html)
    assert sources[2:4] == [
        ("3", "https://help.xentral.com/hc/de/articles/6575192352796-Personal-Access-Token-erstellen-Legacy",
         "Help Center (de): Personal Access Token erstellen Legacy"),
        ("4", "https://github.com/xentral/api-spec-public/blob/HEAD/openapi/xentral-api.openapi-3.0.0.json",
         "xentral/api-spec-public: xentral-api.openapi-3.0.0.json")]
    assert [int(n) for n, _, _ in sources] == list(range(1, 7))
    row = re.search(r'<tr id="call-3" .*?</tr>', html, re.S).group(0)
    assert re.findall(r'<a href="#src-(\d+)" title="([^"]+)">\[\d+\]</a>', row) == [
        ("3", "Help Center (de): Personal Access Token erstellen Legacy")]  # (the English article lists nothing)
    assert "https://help.xentral.com" not in row  # a row refers to its sources; it does not repeat them


def test_html_report_urls_break_only_at_slash_query_and_ampersand(demo_report):
    page, _ = demo_report
    html = page.read_text(encoding="utf-8")
    url = re.search(r'<tr id="call-9" .*?<code class="url">(.*?)</code>', html, re.S).group(1)
    # (the source reader writes the page number the code does not know as the stand-in {page})
    assert url == ('<span class="m">GET</span> /<wbr>api/<wbr>v1/<wbr>adressen<wbr>?page={page}<wbr>&amp;items=100')


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_html_report_fits_the_window(demo_report, browser, width):
    from page_layout import overflow, viewport

    page, _ = demo_report
    with viewport(browser, width):
        browser.get(page.as_uri())
        got = overflow(browser)
        cards = browser.execute_script(
            "return getComputedStyle(document.querySelector('#blockers table.calls tr.blocked')).display")
    assert width - 20 <= got["window"] <= width  # less a vertical scroll bar
    assert (got["page"], got["offenders"]) == (got["window"], [])
    assert cards == ("table-row" if width == 1280 else "block")  # a phone shows each call as a card


@pytest.mark.browser
def test_html_report_follows_dark_mode(demo_report, browser):
    from page_layout import background, dark, luminance

    page, _ = demo_report
    browser.get(page.as_uri())
    light = background(browser)
    with dark(browser):
        browser.get(page.as_uri())
        night = background(browser)
        box = background(browser, "#summary")
    assert luminance(light) > 0.9 and luminance(night) < 0.05 and luminance(box) < 0.05


@pytest.mark.browser
def test_html_report_prints_on_a4_with_nothing_clipped(demo_report, browser):
    """Laid out as print media in the A4 page box: no cell reaches past the page's right edge, and the
    PDF Chromium prints from it is a handful of A4 pages (9 when this test was written), not one page per row."""
    import base64

    from page_layout import A4_CONTENT_PX, overflow, printing

    page, _ = demo_report
    with printing(browser):
        browser.get(page.as_uri())
        got = overflow(browser)
        right = browser.execute_script(
            "return Math.max(...Array.from(document.querySelectorAll('td, th')).map(c => c.getBoundingClientRect().right))")
        cards = browser.execute_script("return getComputedStyle(document.querySelector('table.calls tr')).display")
    assert A4_CONTENT_PX - 20 <= got["window"] <= A4_CONTENT_PX
    assert (got["page"], got["offenders"]) == (got["window"], [])
    assert right <= A4_CONTENT_PX and cards == "table-row"  # print keeps the table, not the phone cards
    browser.get(page.as_uri())
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {
        "paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True})["data"])
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert pdf.startswith(b"%PDF-") and 5 <= pages <= 15, pages
