"""A missing PostgreSQL skips the PostgreSQL half of the store tests, or fails under
``RAICES_REQUIRE_POSTGRES=1`` (what ``make test`` and CI set): it is never silently ignored."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TARGET = "tests/records/test_records_core.py::test_a_new_store_has_no_account[postgresql]"


def _run(*, require: bool) -> subprocess.CompletedProcess[str]:
    """Run one PostgreSQL test in a session where PostgreSQL cannot be found."""
    environment = {**os.environ, "RAICES_PG_BIN": "/nonexistent/postgresql/bin"}
    environment.pop("RAICES_REQUIRE_POSTGRES", None)
    if require:
        environment["RAICES_REQUIRE_POSTGRES"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", TARGET],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.mark.slow
def test_missing_postgres_skips_or_fails_as_required():
    relaxed = _run(require=False)
    assert relaxed.returncode == 0 and "1 skipped" in relaxed.stdout, relaxed.stdout
    strict = _run(require=True)
    assert strict.returncode != 0, strict.stdout
    assert "RAICES_REQUIRE_POSTGRES=1" in strict.stdout
