"""Shared fixtures: the real reference files, the shipped dataset, a headless Chromium.

Tests that need ``../shared/reference`` or Chromium skip with the reason when those are missing
(a user's own clone); CI sets ``XREG_REQUIRE_REFERENCE=1`` and ``XREG_REQUIRE_BROWSER=1`` so that
there they fail instead of skipping.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The dataset cache of this test run lives in a fresh folder, never in the user's ~/.cache, and so does
# the cache's signing key (never in the user's ~/.local/state).
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="xreg-test-cache-")
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="xreg-test-state-")


def _missing(what: str, env: str) -> None:
    if os.environ.get(env) == "1":
        pytest.fail(f"{what} ({env}=1 requires it)")
    pytest.skip(what)


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """``../shared/reference`` beside the checkout: the real specs, route table and action list."""
    if not (REFERENCE / "legacy-rest-routes.tsv").is_file():
        _missing(f"reference files not found at {REFERENCE}", "XREG_REQUIRE_REFERENCE")
    return REFERENCE


@pytest.fixture(scope="session")
def registry_data():
    """The shipped dataset, loaded once per test session."""
    import registry

    return registry.load()


@pytest.fixture(scope="session")
def chromium_paths() -> tuple[str, str]:
    """Paths of Debian's chromium and chromedriver."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not browser or not driver:
        _missing("headless Chromium not installed (Debian packages chromium and chromium-driver)", "XREG_REQUIRE_BROWSER")
    try:
        import selenium  # noqa: F401
    except ImportError:
        _missing("selenium is not installed (pip install -e '.[test]')", "XREG_REQUIRE_BROWSER")
    return browser, driver  # type: ignore[return-value]


@pytest.fixture(scope="session")
def browser(chromium_paths: tuple[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A headless Chromium driven by selenium; console messages via ``browser.get_log('browser')``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = chromium_paths
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,900",
                 "--allow-file-access-from-files"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()
