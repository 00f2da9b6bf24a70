"""Session-wide browser fixtures: one dashboard server and one Chromium for the walks.

Test modules that need their own server keep their module fixtures; the language and
phone walks share these, so that the whole walk starts one server and one browser.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.support import CHROMIUM_ARGS, chromium_or_skip, dashboard_server


@pytest.fixture(scope="session")
def shared_server(built_db: Path):
    """A real ``streamlit run`` of the dashboard on the session build."""
    chromium_or_skip()
    with dashboard_server(built_db, built_db.parent.parent) as url:
        yield url


@pytest.fixture(scope="session")
def shared_browser(shared_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(chromium_or_skip()), args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()
