"""Layout checks in headless Chromium (through the DevTools protocol), shared by the report and site tests.

``viewport(browser, 390)`` lays the page out as a phone of that width, ``dark(browser)`` asks for the dark
colour scheme, ``printing(browser)`` lays it out as it prints on A4; each undoes itself on exit, so the
session's browser stays as the other tests expect it.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

#: A4 (210 mm) less the reports' 12 mm side margins, in CSS pixels (96 per inch): the width of the page box.
A4_CONTENT_PX = round((210 - 2 * 12) / 25.4 * 96)

OVERFLOW = """
const width = document.documentElement.clientWidth;
const out = [];
function contained(el) {  // inside a box that scrolls or clips (a visually hidden table head): not the page's width
  for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (s.overflowX !== 'visible' || s.clip !== 'auto') return true;
  }
  return false;
}
for (const el of document.querySelectorAll('body *')) {
  if (contained(el)) continue;
  const r = el.getBoundingClientRect();
  if (r.width > 0 && r.right > width + 0.5) {
    out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + el.className : '')
             + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
  const style = getComputedStyle(el);
  if (style.display !== 'inline' && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1
      && style.overflowX === 'visible' && style.clip === 'auto') {
    out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' content ' + el.scrollWidth + ' > box ' + el.clientWidth);
  }
}
return {page: document.documentElement.scrollWidth, window: width, offenders: out.slice(0, 8)};
"""


@contextmanager
def viewport(browser: Any, width: int, height: int = 900) -> Iterator[None]:
    mobile = width < 600
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    try:
        yield
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@contextmanager
def dark(browser: Any) -> Iterator[None]:
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        yield
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


@contextmanager
def printing(browser: Any) -> Iterator[None]:
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        with viewport(browser, A4_CONTENT_PX, 1123):
            yield
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def overflow(browser: Any) -> dict[str, Any]:
    """How wide the page is against its window, and the elements that stick out of it or out of their box
(leaving out what sits in a scrolling or clipping box)."""
    return browser.execute_script(OVERFLOW)


def background(browser: Any, selector: str = "body") -> tuple[int, int, int]:
    """The computed background colour of the first element matching ``selector`` (r, g, b)."""
    text = browser.execute_script("return getComputedStyle(document.querySelector(arguments[0])).backgroundColor", selector)
    r, g, b = (int(float(x)) for x in text[text.index("(") + 1:text.index(")")].split(",")[:3])
    return r, g, b


def luminance(rgb: tuple[int, int, int]) -> float:
    """Relative luminance (0 black .. 1 white), WCAG's formula."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
