"""Shared AppTest fixtures: the dashboard frame on the session's real build."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st

from tests.dashboard.apptest import APP, TIMEOUT


@pytest.fixture(scope="module")
def dashboard_db(built_db: Path) -> Path:
    """The real build, with the dashboard's caches emptied so they read this build."""
    st.cache_data.clear()
    st.cache_resource.clear()
    return built_db


@pytest.fixture
def app(dashboard_db: Path):
    """A fresh AppTest of the frame (one browser session)."""
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(APP), default_timeout=TIMEOUT)
