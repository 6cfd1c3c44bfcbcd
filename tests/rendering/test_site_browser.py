"""The compatibility docs in headless Chromium, opened from ``file://`` like a reader of the repository.

The filter narrows the table to exactly the rows the dataset predicts, a ``#<endpoint id>`` deep link
lands on its row even when a filter would hide it, and no page logs a console error.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import registry
from registry.rendering.site import build_site, write_site

pytestmark = pytest.mark.browser

VISIBLE_IDS = "return Array.from(document.querySelectorAll('#endpoints tbody tr[id]')).filter(r => !r.hidden).map(r => r.id)"
IN_VIEW = """
const el = document.getElementById(arguments[0]);
const r = el.getBoundingClientRect();
return {hidden: el.hidden, top: r.top, bottom: r.bottom, height: window.innerHeight,
        target: document.querySelector(':target') ? document.querySelector(':target').id : null};
"""


@pytest.fixture(scope="module")
def reg() -> registry.Registry:
    return registry.load()


@pytest.fixture(scope="module")
def site(reg: registry.Registry, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    write_site(build_site(reg), out)
    return out


def open_page(browser: Any, site: Path, page: str) -> None:
    browser.get((site / page).as_uri() if "?" not in page and "#" not in page else site.as_uri() + "/" + page)
    browser.get_log("browser")  # drop what an earlier page logged


def severe(browser: Any) -> list[dict[str, Any]]:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def type_filter(browser: Any, text: str) -> None:
    from selenium.webdriver.common.by import By

    box = browser.find_element(By.ID, "f-q")
    box.clear()
    box.send_keys(text)


def test_typing_narrows_the_table_to_the_matching_rows(browser: Any, site: Path, reg: registry.Registry) -> None:
    open_page(browser, site, "api-rest.html")
    rest = [ep for ep in reg.endpoints.values() if ep.api == "rest"]
    assert len(browser.execute_script(VISIBLE_IDS)) == len(rest)
    type_filter(browser, "syncstorage")
    assert browser.execute_script(VISIBLE_IDS) == ["rest.shopimport.post-syncstorage-articlenumber"]
    type_filter(browser, "v1/adressen/")
    expected = [ep.id for ep in rest if "/v1/adressen/" in (ep.path or "")]
    assert browser.execute_script(VISIBLE_IDS) == expected
    assert len(expected) >= 2
    count = browser.execute_script("return document.getElementById('f-count').textContent")
    assert count == f"Showing {len(expected)} of {len(rest)} rows."
    type_filter(browser, "no-such-endpoint-anywhere")
    assert browser.execute_script(VISIBLE_IDS) == []
    assert browser.execute_script("return document.querySelector('tr.empty').hidden") is False
    assert severe(browser) == []


def test_auth_and_support_selects_narrow_to_the_dataset_statements(browser: Any, site: Path, reg: registry.Registry) -> None:
    from selenium.webdriver.support.ui import Select
    from selenium.webdriver.common.by import By

    open_page(browser, site, "api-rest.html")
    Select(browser.find_element(By.ID, "f-auth")).select_by_value("pat-legacy")
    Select(browser.find_element(By.ID, "f-support")).select_by_value("no")
    expected = [ep.id for ep in reg.endpoints.values()
                if ep.api == "rest" and reg.statements[(ep.id, "pat-legacy")].statement.support == "no"]
    assert browser.execute_script(VISIBLE_IDS) == expected
    assert len(expected) == 13 + 10  # the documented list, and the routes commented out in the route table
    Select(browser.find_element(By.ID, "f-resource")).select_by_value("Reports")
    assert browser.execute_script(VISIBLE_IDS) == ["rest.reports.get-v1-id-download"]
    browser.find_element(By.CSS_SELECTOR, "form.filter button[type=reset]").click()
    assert len(browser.execute_script(VISIBLE_IDS)) == sum(1 for ep in reg.endpoints.values() if ep.api == "rest")


@pytest.mark.parametrize("api_id", ["xentral", "rest", "standard"])
def test_matrix_links_open_the_filtered_list(browser: Any, site: Path, reg: registry.Registry, api_id: str) -> None:
    for auth in reg.auth:
        for value in ("yes", "no", "unknown"):
            expected = [ep.id for ep in reg.endpoints.values()
                        if ep.api == api_id and reg.statements[(ep.id, auth)].statement.support == value]
            if not expected:
                continue
            open_page(browser, site, f"api-{api_id}.html?auth={auth}&support={value}")
            assert browser.execute_script(VISIBLE_IDS) == expected, (auth, value)


def test_deep_link_lands_on_its_row(browser: Any, site: Path, reg: registry.Registry) -> None:
    api_id = "xentral" if any(ep.api == "xentral" for ep in reg.endpoints.values()) else "rest"
    last = [ep.id for ep in reg.endpoints.values() if ep.api == api_id][-1]
    open_page(browser, site, f"api-{api_id}.html#{last}")
    where = browser.execute_script(IN_VIEW, last)
    assert where["target"] == last
    assert not where["hidden"] and where["height"] > 0
    assert 0 <= where["top"] and where["bottom"] <= where["height"]
    background = browser.execute_script(
        "return getComputedStyle(document.getElementById(arguments[0]).cells[1]).backgroundColor", last)
    plain = browser.execute_script(
        "return getComputedStyle(document.querySelector('#endpoints tbody tr:not(:target)').cells[1]).backgroundColor")
    assert background != plain  # :target is styled


def test_deep_link_shows_a_row_the_filter_would_hide(browser: Any, site: Path) -> None:
    open_page(browser, site, "api-rest.html?q=syncstorage#rest.adressen.get-v1")
    where = browser.execute_script(IN_VIEW, "rest.adressen.get-v1")
    assert not where["hidden"] and where["target"] == "rest.adressen.get-v1"
    assert 0 <= where["top"] and where["bottom"] <= where["height"]
    assert browser.execute_script("return document.getElementById('f-q').value") == ""


def test_no_page_logs_a_console_error(browser: Any, site: Path) -> None:
    pages = sorted(p.name for p in site.glob("*.html"))
    assert len(pages) >= 12
    errors = {}
    for page in pages:
        open_page(browser, site, page)
        browser.get(browser.current_url)  # reload after the log was cleared, so this page's messages count
        found = severe(browser)
        if found:
            errors[page] = found
    assert errors == {}


def test_filter_is_keyboard_usable(browser: Any, site: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, site, "api-standard.html")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    for _ in range(40):
        if browser.switch_to.active_element.get_attribute("id") == "f-q":
            break
        browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("id") == "f-q"
    outline = browser.execute_script("return getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    browser.switch_to.active_element.send_keys("AuftragCreate")
    # (the wrapper-only BelegCreate's notes say it creates a sales order as AuftragCreate does)
    assert browser.execute_script(VISIBLE_IDS) == ["standard.actions.AuftragCreate", "standard.actions.BelegCreate"]


# -- layout: widths, dark mode, print ------------------------------------------------------------------
def test_no_page_is_wider_than_the_window_at_1280_and_390_px(browser: Any, site: Path) -> None:
    """Every page at a desktop width and a phone's: as wide as the window, nothing sticking out of it.
    (Before: api-rest.html 1,380 px from long source paths, auth-pat-legacy.html 599 px on a phone.)"""
    from page_layout import overflow, viewport

    pages = sorted(p.name for p in site.glob("*.html"))
    wider = {}
    for width in (1280, 390):
        with viewport(browser, width):
            for page in pages:
                open_page(browser, site, page)
                got = overflow(browser)
                if got["page"] != got["window"] or got["offenders"] or not width - 20 <= got["window"] <= width:
                    wider[(page, width)] = got
    assert wider == {}


def test_every_page_follows_dark_mode(browser: Any, site: Path) -> None:
    from page_layout import background, dark, luminance

    pages = sorted(p.name for p in site.glob("*.html"))
    with dark(browser):
        shades = {}
        for page in pages:
            open_page(browser, site, page)
            shades[page] = (luminance(background(browser)) < 0.05, luminance(background(browser, "header.top")) < 0.05)
    assert shades == {page: (True, True) for page in pages}
    open_page(browser, site, "index.html")
    assert luminance(background(browser)) > 0.9


@pytest.mark.parametrize("page", ["api-rest.html", "api-xentral.html", "migrations.html", "list-pat-legacy-unavailable.html"])
def test_wide_pages_print_inside_the_a4_page_box(browser: Any, site: Path, page: str) -> None:
    """Printed, the long tables stay inside the page (no clipped path): the endpoint tables as one card per
    endpoint (as on a phone: the notes get the page's width), the others as tables; the folded per-auth
    notes are printed."""
    from page_layout import overflow, printing

    with printing(browser):
        open_page(browser, site, page)
        got = overflow(browser)
        display = browser.execute_script("return getComputedStyle(document.querySelector('table.eps tbody tr, table.cards tbody tr')).display")
        folded = browser.execute_script(
            "return Array.from(document.querySelectorAll('details.exc p')).filter(p => p.getBoundingClientRect().height === 0).length")
    assert (got["page"], got["offenders"]) == (got["window"], [])
    assert display == ("block" if page.startswith("api-") else "table-row") and folded == 0


def test_per_auth_notes_fold_behind_one_toggle(browser: Any, site: Path, reg: registry.Registry) -> None:
    """An inactive route says once, behind one toggle, what all four auth methods share."""
    from selenium.webdriver.common.by import By

    inactive = next(ep.id for ep in reg.endpoints.values() if ep.api == "rest" and ep.status == "inactive")
    open_page(browser, site, "api-rest.html")
    row = browser.find_element(By.ID, inactive)
    [toggle] = row.find_elements(By.CSS_SELECTOR, "details.exc")
    note = toggle.find_element(By.TAG_NAME, "p")
    assert not note.is_displayed()
    toggle.find_element(By.TAG_NAME, "summary").click()
    assert note.is_displayed()
    statements = [reg.statements[(inactive, a)].statement for a in reg.auth]
    st = statements[0]
    assert all((s.support, s.notes, s.sources) == (st.support, st.notes, st.sources) for s in statements)
    assert st.support == "no" and st.sources == ["OpenXE-org/OpenXE:classes/Modules/Api/Engine/ApiApplication.php"]
    assert note.text == f"pat, pat-legacy, digest, hash: no. {' '.join(st.notes.split())} OpenXE-org/OpenXE: ApiApplication.php"
