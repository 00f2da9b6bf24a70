"""Shared fixtures: the real pipeline built once per test session from the mirrored data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analysis import paths

FIXTURES = Path(__file__).parent / "fixtures"


def mirror_or_skip() -> Path:
    mirror = paths.default_mirror()
    if mirror is None or not mirror.is_dir():
        pytest.skip("no hay espejo de fuentes (../shared/data/raw o RAICES_MIRROR)")
    return mirror


@pytest.fixture(scope="session")
def mirror() -> Path:
    """The mirror folder of raw sources (skips when this machine has none)."""
    return mirror_or_skip()


@pytest.fixture(scope="session")
def data_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder (raw/ + processed/) for the session, fetched from the mirror."""
    from analysis.sources.fetch import fetch

    mirror = mirror_or_skip()
    root = tmp_path_factory.mktemp("data")
    fetch(mirror=mirror, raw=root / "raw", download=False)
    return root


@pytest.fixture(scope="session")
def built_db(data_root: Path) -> Path:
    """Path of ``raices.duckdb`` built from the real mirrored sources.

    Sets ``RAICES_DATA`` and ``RAICES_DB`` for the rest of the session so that every
    store call, CLI command and AppTest reads this build (and the user layer lives in the
    session's temporary folder, never in the repository).
    """
    from analysis.pipeline.build import build

    build(raw=data_root / "raw", out=data_root / "processed")
    database = data_root / "processed" / "raices.duckdb"
    previous = {key: os.environ.get(key) for key in ("RAICES_DATA", "RAICES_DB")}
    os.environ["RAICES_DATA"] = str(data_root)
    os.environ["RAICES_DB"] = str(database)
    yield database
    for key, value in previous.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
