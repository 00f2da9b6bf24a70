"""How the dashboard is served: ``python -m dashboard.server [streamlit options]``.

It runs ``streamlit run dashboard/app.py`` with the options given, and prepares what a
visitor's first view would otherwise wait for:

* before the server listens, the modules the overview (the home page) imports
  (:data:`OVERVIEW_MODULES`, about a second): its first run would import them anyway;
* as soon as it listens, in a background thread, what almost every first view reads (the
  base tables, the municipal boundaries, the base scenario): a browser spends its first
  half second loading Streamlit's code before it asks for a page, and the server would
  otherwise be idle then;
* after that, in the same thread, the modules of the other pages (scikit-learn and
  statsmodels take about a second each) and the computations their first views share (the
  other boundaries, the scenario Priorización opens with, the default typology).

The later work keeps out of a visitor's way: each step (one module or one computation)
waits until no page has run for :data:`QUIET_SECONDS` (the frame marks each run,
:func:`page_run`), since on a small machine preparing while a page loads only slows that
page. A page that needs something being prepared waits for it instead of computing it a
second time (Streamlit's cache computes each value once).

``RAICES_PREPARE=0`` turns the preparation off (every cache then fills on first use, as
under ``streamlit run dashboard/app.py``).
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"

#: What the frame and the overview's map import, before the server listens.
OVERVIEW_MODULES: tuple[str, ...] = (
    "pandas",
    "dashboard.i18n",
    "dashboard.state",
    "dashboard.components",
    "dashboard.components.svg_map",
    "dashboard.figures",
    "dashboard.data.base",
    "dashboard.data.geometry",
    "dashboard.data.indicators",
    "dashboard.data.exports",
)

#: The other pages' modules, prepared in the background in the order pages are visited
#: most: the priority engine first, the causes pages and the stores after.
PREPARED_MODULES: tuple[str, ...] = (
    "dashboard.data.scenarios",
    "dashboard.data.ranking",
    "dashboard.data.profile",
    "dashboard.scenario_state",
    "scipy.stats",
    "scipy.optimize",
    "analysis.priority.comparison",
    "dashboard.data.causes",
    "analysis.causes.model_store",
    "analysis.causes.spatial.patterns",
    "analysis.causes.typology",
    "analysis.causes.trends",
    "analysis.causes.lenses",
    "dashboard.figures.causes",
    "dashboard.data.userdata",
    "dashboard.data.monitoring",
    "dashboard.data.consultation",
    "dashboard.data.returnees",
    "dashboard.login",
    "analysis.records.database",
    "analysis.consultation.consequences",
    # computing a spatial pattern not stored yet (reading a stored one needs neither)
    "analysis.causes.spatial.weights",
    "analysis.causes.spatial.smoothing",
    "analysis.causes.regions",
)


#: Seconds without any page running before the background preparation does its next step.
QUIET_SECONDS = 3.0

_running = 0
_last_activity = time.monotonic()
_running_lock = threading.Lock()


@contextmanager
def page_run() -> Iterator[None]:
    """Mark a visitor's script run (the frame wraps each run in it): preparation waits."""
    global _running, _last_activity
    with _running_lock:
        _running += 1
        _last_activity = time.monotonic()
    try:
        yield
    finally:
        with _running_lock:
            _running -= 1
            _last_activity = time.monotonic()


def _wait_until_quiet(quiet: float, poll: float = 0.1, patience: float = 120.0) -> None:
    # Bounded: a page stuck for two minutes must not stop the preparation for good.
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline and (_running or time.monotonic() - _last_activity < quiet):
        time.sleep(poll)


def _first_steps() -> list[tuple[str, Callable[[], object]]]:
    """What almost every first view reads, done as soon as the server listens.

    A browser spends its first half second or so loading Streamlit's code before it asks
    for a page, and the server is idle meanwhile; these steps use that time.
    """
    from dashboard import data
    from dashboard.data import base

    return [
        ("base tables", lambda: (base.build_info(), base.catalog(), base.territories(),
                                 base.indicators(), base.national_values(), base.sources())),
        ("boundaries", lambda: data.geojson_source("municipio")),
        ("base scenario", lambda: data.scenario_run(data.base_scenario_text("municipio"), 0)),
    ]  # fmt: skip


def _warm_steps() -> list[tuple[str, Callable[[], object]]]:
    """The shared computations, each one cached call a page makes with the same arguments."""
    from analysis.defaults import LEVELS
    from dashboard import data
    from dashboard.data import causes
    from dashboard.scenario_state import first_view_text

    return [
        ("boundaries", lambda: [data.geojson_source(level) for level in LEVELS]),
        ("priority page", lambda: data.scenario_run(first_view_text(), robust=False)),
        ("typology", causes.first_typology),
    ]


def prepare(
    *, modules: Sequence[str] = PREPARED_MODULES, warm: bool = True, quiet: float = 0.0
) -> list[str]:
    """Import ``modules`` and fill the shared caches; return what could not be prepared.

    Each step waits until no page has run for ``quiet`` seconds (and none runs).

    A failure is logged and skipped, never raised: preparing only saves time, and the page
    that needs the module or value reports any real problem to its reader.
    """
    log = logging.getLogger("raices.server")
    failed: list[str] = []
    for name in modules:
        _wait_until_quiet(quiet)
        try:
            importlib.import_module(name)
        except Exception as problem:  # noqa: BLE001 - the page will say it properly
            log.warning("no se pudo preparar %s: %s", name, problem)
            failed.append(name)
    if not warm:
        return failed
    try:
        steps = _warm_steps()
    except Exception as problem:  # noqa: BLE001 - e.g. no database built yet
        log.warning("no se pudieron preparar los cálculos: %s", problem)
        return [*failed, "warm"]
    return [*failed, *_run_steps(steps, quiet=quiet)]


def _run_steps(steps: list[tuple[str, Callable[[], object]]], *, quiet: float) -> list[str]:
    failed = []
    for label, step in steps:
        _wait_until_quiet(quiet)
        try:
            step()
        except Exception as problem:  # noqa: BLE001
            logging.getLogger("raices.server").warning("no se pudo preparar %s: %s", label, problem)
            failed.append(label)
    return failed


def _prepare_when_serving() -> None:
    from streamlit.runtime import Runtime, RuntimeState

    # Not while the server starts, nor while a visitor's page loads or runs: on a small
    # machine that only slows them (measured: benchmarks/bench_pages.py).
    global _last_activity
    while not Runtime.exists() or Runtime.instance().state == RuntimeState.INITIAL:
        time.sleep(0.05)
    started = time.monotonic()
    failed = _run_steps(_first_steps(), quiet=0.0)
    with _running_lock:
        _last_activity = time.monotonic()  # quiet counts from the moment it serves
    failed += prepare(quiet=QUIET_SECONDS)
    logging.getLogger("raices.server").info(
        "preparación terminada en %.1f s%s",
        time.monotonic() - started,
        f" (sin preparar: {', '.join(failed)})" if failed else "",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Prepare the overview's modules, start the background preparation, then Streamlit's
    server (which runs until stopped)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if os.environ.get("RAICES_PREPARE", "1") != "0":
        # Cached calls made outside a page say so once per call; that is expected here.
        for name in (
            "streamlit.runtime.scriptrunner_utils.script_run_context",
            "streamlit.runtime.caching.cache_data_api",
        ):
            logging.getLogger(name).setLevel(logging.ERROR)
        # The operator sees in the terminal when the pages are prepared (or what was not).
        log = logging.getLogger("raices.server")
        if not log.handlers:
            log.addHandler(logging.StreamHandler())
            log.setLevel(logging.INFO)
        prepare(modules=OVERVIEW_MODULES, warm=False)
        threading.Thread(target=_prepare_when_serving, name="raices-prepare", daemon=True).start()
    from streamlit.web import cli

    options = list(sys.argv[1:] if argv is None else argv)
    sys.argv = ["streamlit", "run", str(APP), *options]
    try:
        cli.main(prog_name="streamlit")
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
