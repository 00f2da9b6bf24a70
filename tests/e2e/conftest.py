"""Browser fixtures: one Chromium for the session, one dashboard server for the walks, and
a dashboard on an operational store of a module's own.

The language and phone walks share the session server; modules that write records (the
monitoring, consultation and own-data flows) start theirs through :func:`server_on_store`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.support import CHROMIUM_ARGS, TIMEOUT_MS, chromium_or_skip, dashboard_server

STORE_VARIABLE = "RAICES_SEGUIMIENTO_URL"


@dataclass(frozen=True)
class StoreServer:
    """A running dashboard on a fresh operational store.

    Attributes
    ----------
    address
        The dashboard's URL.
    store_url
        The store's SQLAlchemy URL (a temporary SQLite file), for checks from the test.
    data_root
        The dashboard's data folder (``RAICES_DATA``: the user layer lives in ``user/``).
    seeded
        What the module's seed function returned.
    """

    address: str
    store_url: str
    data_root: Path
    seeded: Any = None


@contextlib.contextmanager
def _environment(name: str, value: str) -> Iterator[None]:
    previous = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous


@pytest.fixture(scope="module")
def server_on_store(built_db: Path, tmp_path_factory) -> Iterator[Callable[..., StoreServer]]:
    """Start the dashboard on a store of the module's own: ``server_on_store(seed)``.

    ``seed(session, console)`` fills the new store (institutions, accounts, rounds) in one
    transaction; the server gets the store through ``RAICES_SEGUIMIENTO_URL`` and a data
    folder of its own, and stops (the variable restored) when the module ends.
    """
    from analysis.records.database import engine_for, session_scope, upgrade
    from analysis.records.users import console_principal

    with contextlib.ExitStack() as stack:

        def start(seed: Callable[[Any, Any], Any]) -> StoreServer:
            chromium_or_skip()
            url = f"sqlite:///{tmp_path_factory.mktemp('almacen_e2e') / 'raices.sqlite'}"
            engine = engine_for(url)
            try:
                upgrade(engine)
                with session_scope(engine) as session:
                    seeded = seed(session, console_principal())
            finally:
                engine.dispose()
            stack.enter_context(_environment(STORE_VARIABLE, url))
            data_root = tmp_path_factory.mktemp("datos_e2e")
            address = stack.enter_context(dashboard_server(built_db, data_root))
            return StoreServer(address, url, data_root, seeded)

        yield start


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
