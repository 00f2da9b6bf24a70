"""The dashboard's server entry point prepares modules and shared caches, never fails on
what it cannot prepare, and starts Streamlit on the frame."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from dashboard import server


def test_every_prepared_module_exists():
    names = server.OVERVIEW_MODULES + server.PREPARED_MODULES
    missing = [name for name in names if importlib.util.find_spec(name) is None]
    assert missing == []


def test_preparation_reports_what_it_could_not_do_and_goes_on():
    failed = server.prepare(modules=("dashboard.state", "raices_no_such_module"), warm=False)
    assert failed == ["raices_no_such_module"]
    assert "dashboard.state" in sys.modules


def test_preparation_fills_the_shared_caches(dashboard_db, monkeypatch):
    from dashboard import data
    from dashboard.data import scenarios

    assert server._run_steps(server._first_steps(), quiet=0.0) == []
    assert server.prepare(modules=(), warm=True) == []

    def computed(*args, **kwargs):
        raise AssertionError("computed again instead of read from the cache")

    # what the overview and Priorización ask first is read, not computed
    monkeypatch.setattr(scenarios, "rank_territories", computed)
    data.scenario_run(data.base_scenario_text("municipio"), 0)
    from dashboard.scenario_state import first_view_text

    data.scenario_run(first_view_text(), robust=False)
    with pytest.raises(AssertionError, match="computed again"):
        data.scenario_run(data.base_scenario_text("departamento"), 0)  # never prepared


def test_preparation_waits_until_no_page_has_run_for_a_while(monkeypatch):
    clock = iter(range(0, 100_000))
    waited = []
    monkeypatch.setattr(server.time, "monotonic", lambda: float(next(clock)))
    monkeypatch.setattr(server.time, "sleep", lambda seconds: waited.append(seconds))
    monkeypatch.setattr(server, "_warm_steps", lambda: [])
    with server.page_run():  # a page is running: the step waits (patience is bounded)
        assert server.prepare(modules=("dashboard.state",), quiet=5.0) == []
    assert len(waited) > 5
    assert server._running == 0
    waited.clear()
    server.prepare(modules=("dashboard.state",), quiet=0.0)
    assert waited == []  # nobody running and no quiet asked: no waiting


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
