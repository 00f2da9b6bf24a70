"""Shared fixtures: the real pipeline built once per test session from the mirrored data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analysis import paths

FIXTURES = Path(__file__).parent / "fixtures"

# conftest files hold fixtures, not doctests: collecting them as doctest modules
# (--doctest-modules) re-imports them under the shared basename "conftest" and pytest
# then reports an import-file mismatch between the nested ones.
collect_ignore_glob = ["*conftest.py"]


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


# --- operational store (analysis.records): SQLite and a throwaway PostgreSQL cluster ---------


@pytest.fixture(scope="session", autouse=True)
def _isolated_operational_store(tmp_path_factory: pytest.TempPathFactory):
    """Point the default operational store at a session folder: tests never touch data/."""
    previous = os.environ.get("RAICES_SEGUIMIENTO_URL")
    folder = tmp_path_factory.mktemp("seguimiento")
    os.environ["RAICES_SEGUIMIENTO_URL"] = f"sqlite:///{folder / 'raices.sqlite'}"
    yield
    if previous is None:
        os.environ.pop("RAICES_SEGUIMIENTO_URL", None)
    else:
        os.environ["RAICES_SEGUIMIENTO_URL"] = previous


@pytest.fixture(scope="session")
def postgres_server():
    """Base URL of a PostgreSQL cluster started for this test session (``None`` if absent).

    ``initdb`` + ``pg_ctl`` from Debian's ``postgresql`` package, run as the ``postgres``
    system user when the tests run as root, in a temporary folder, listening only on a unix
    socket there; stopped and removed at the end of the session. With
    ``RAICES_REQUIRE_POSTGRES=1`` a missing server fails the tests instead of skipping them.
    """
    from tests.records.postgres import start_cluster

    cluster = start_cluster()
    if cluster is None:
        if os.environ.get("RAICES_REQUIRE_POSTGRES") == "1":
            pytest.fail("RAICES_REQUIRE_POSTGRES=1 pero no se pudo arrancar PostgreSQL")
        yield None
        return
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of an empty operational store: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'raices.sqlite'}"
    cluster = request.getfixturevalue("postgres_server")
    if cluster is None:
        pytest.skip("PostgreSQL no disponible (instálelo o use make test)")
    return cluster.new_database()


@pytest.fixture
def store_engine(store_url: str):
    """Engine of an operational store migrated to the newest revision."""
    from analysis.records.database import engine_for, upgrade

    engine = engine_for(store_url)
    upgrade(engine)
    yield engine
    engine.dispose()
