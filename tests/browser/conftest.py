"""Fixtures for the tests that drive the real site in headless Chromium through Playwright.

The system's Chromium is used (Playwright never downloads a browser here): set CHROMIUM_PATH to use another one.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread; Django would otherwise refuse
# the ORM calls the fixtures make there (creating the content and the editor).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium():
    """CHROMIUM_PATH when set (and then only it), else Debian's Chromium, else the one on the PATH."""
    chosen = os.environ.get("CHROMIUM_PATH")
    candidates = [chosen] if chosen else ["/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    executable = find_chromium()
    if executable is None:
        chosen = os.environ.get("CHROMIUM_PATH")
        where = f"CHROMIUM_PATH={chosen} is not an executable" if chosen else "no Chromium found"
        pytest.skip(f"{where}: install Chromium, e.g. apt-get install chromium, or set CHROMIUM_PATH to its executable")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser):
    # An English-speaking browser: the admin must still speak French.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def artifacts():
    """The git-ignored folder where the browser tests leave their screenshots."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
