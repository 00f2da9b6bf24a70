"""Session-wide browser fixtures: one dashboard server and one Chromium for the walks.

Test modules that need their own server keep their module fixtures; the language and
phone walks share these, so that the whole walk starts one server and one browser.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.support import CHROMIUM_ARGS, TIMEOUT_MS, chromium_or_skip, dashboard_server


@pytest.fixture(scope="session")
def shared_server(built_db: Path):
    """A real ``streamlit run`` of the dashboard on the session build."""
    chromium_or_skip()
    with dashboard_server(built_db, built_db.parent.parent) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """The session's one headless Chromium.

    Playwright's sync API runs one event loop per thread, so a second ``sync_playwright()``
    while another is open fails: every browser test shares this instance and opens its
    own context (own cookies, own session) through :func:`new_tab`.
    """
    from playwright.sync_api import sync_playwright

    executable = chromium_or_skip()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def shared_browser(shared_server, chromium):
    """The shared Chromium, once the shared server is up (for the walks)."""
    return chromium


@pytest.fixture
def new_tab(chromium):
    """Open a tab in a fresh browser context (``new_tab(viewport=…)``); closed afterwards."""
    contexts = []

    def open_tab(**options):
        context = chromium.new_context(**options)
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(TIMEOUT_MS)
        return tab

    yield open_tab
    for context in contexts:
        context.close()
