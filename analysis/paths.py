"""Every path the project uses, defined once and anchored to the repository.

Environment variables override the defaults so that tests, CI and analysts can point
Raíces at other folders without editing code:

``RAICES_MIRROR``
    Folder holding a mirror of the raw sources (default ``../shared/data/raw``).
``RAICES_DATA``
    Folder holding ``raw/`` and ``processed/`` (default ``data/`` in the repository).
``RAICES_DB``
    Path of the built DuckDB database (default ``<RAICES_DATA>/processed/raices.duckdb``).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
SQL_DIR = PACKAGE_DIR / "pipeline" / "sql"
CHECKS_DIR = PACKAGE_DIR / "pipeline" / "checks"
CATALOG_FILE = PACKAGE_DIR / "catalog.csv"
MANIFEST_FILE = PACKAGE_DIR / "sources" / "manifest.toml"


def data_dir() -> Path:
    """Folder that holds ``raw/`` and ``processed/``."""
    return Path(os.environ.get("RAICES_DATA", PROJECT_ROOT / "data")).resolve()


def raw_dir() -> Path:
    """Folder where ``raices fetch`` places the raw sources."""
    return data_dir() / "raw"


def processed_dir() -> Path:
    """Folder where ``raices build`` writes its outputs."""
    return data_dir() / "processed"


def database_path() -> Path:
    """Path of the built DuckDB database."""
    env = os.environ.get("RAICES_DB")
    return Path(env).resolve() if env else processed_dir() / "raices.duckdb"


def user_dir() -> Path:
    """Folder of the analysts' own indicators (the user layer, kept apart from sources)."""
    return data_dir() / "user"


def default_mirror() -> Path | None:
    """Mirror folder of raw sources, or ``None`` when there is none on this machine."""
    env = os.environ.get("RAICES_MIRROR")
    if env:
        return Path(env).resolve()
    candidate = (PROJECT_ROOT.parent / "shared" / "data" / "raw").resolve()
    return candidate if candidate.is_dir() else None
