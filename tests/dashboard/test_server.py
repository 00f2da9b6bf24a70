"""The dashboard's server entry point prepares modules and shared caches, never fails on
what it cannot prepare, and starts Streamlit on the frame."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from dashboard import server


def test_every_prepared_module_exists():
    missing = [name for name in server.PREPARED_MODULES if importlib.util.find_spec(name) is None]
    assert missing == []


def test_preparation_reports_what_it_could_not_do_and_goes_on():
    failed = server.prepare(modules=("dashboard.state", "raices_no_such_module"), warm=False)
    assert failed == ["raices_no_such_module"]
    assert "dashboard.state" in sys.modules


def test_preparation_fills_the_shared_caches(dashboard_db):
    from dashboard import data

    assert server.prepare(modules=(), warm=True) == []
    # the base scenario is now a cache hit: the same object comes back
    text = data.base_scenario_text("municipio")
    assert data.scenario_run(text, 0) is data.scenario_run(text, 0)


def test_a_failing_computation_is_logged_and_skipped(monkeypatch, caplog):
    def broken():
        raise OSError("sin base de datos")

    monkeypatch.setattr(server, "_warm_steps", lambda: [("roto", broken), ("bien", lambda: 1)])
    assert server.prepare(modules=(), warm=True) == ["roto"]
    assert "sin base de datos" in caplog.text


@pytest.mark.slow
def test_the_entry_point_runs_streamlit_on_the_frame():
    out = subprocess.run(
        [sys.executable, "-m", "dashboard.server", "--help"],
        capture_output=True, text=True, timeout=120, check=False,
        env={"RAICES_PREPARE": "0", "PATH": ""},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "streamlit run" in out.stdout.lower() or "usage" in out.stdout.lower()
