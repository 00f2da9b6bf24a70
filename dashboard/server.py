"""How the dashboard is served: ``python -m dashboard.server [streamlit options]``.

It runs ``streamlit run dashboard/app.py`` with the options given and, in a background
thread started with the server, prepares what a first visitor's page would otherwise wait
for: the modules the pages import (SciPy's statistics alone take about half a second,
PySAL, scikit-learn and statsmodels about a second each), then the computations every
visitor's first view shares (the boundaries, the base scenario of the overview, the
scenario Priorización opens with, the default typology). The server listens at once: preparing runs while the browser is still loading
Streamlit's own page, and a page that needs something being prepared waits for it instead
of computing it a second time (Streamlit's cache computes each value once).

``RAICES_PREPARE=0`` turns the preparation off (every cache then fills on first use, as
under ``streamlit run dashboard/app.py``).
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"

#: Modules imported before any page asks for them, in the order pages are visited most:
#: the overview and the priority engine first, the causes pages and the stores after.
PREPARED_MODULES: tuple[str, ...] = (
    "dashboard.i18n",
    "dashboard.state",
    "dashboard.components",
    "dashboard.figures",
    "dashboard.data.base",
    "dashboard.data.geometry",
    "dashboard.data.indicators",
    "dashboard.data.exports",
    "dashboard.data.scenarios",
    "dashboard.data.ranking",
    "dashboard.data.profile",
    "dashboard.scenario_state",
    "scipy.stats",
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


def _warm_steps() -> list[tuple[str, Callable[[], object]]]:
    """The shared computations, each one cached call a page makes with the same arguments."""
    from analysis.defaults import LEVELS
    from dashboard import data
    from dashboard.data import causes
    from dashboard.scenario_state import first_view_text

    def typology() -> object:
        # the arguments exactly as Tipologías passes them on its first view
        features = "scenario:" + causes.scenario_choices()[0]
        return causes.typology_result("municipio", features, method="kmeans", n_groups=None,
                                      lens=None, group=None, language="es")  # fmt: skip

    return [
        ("boundaries", lambda: [data.geojson_source(level) for level in LEVELS]),
        ("base scenario", lambda: data.scenario_run(data.base_scenario_text("municipio"), 0)),
        ("priority page", lambda: data.scenario_run(first_view_text(), robust=False)),
        ("typology", typology),
    ]


def prepare(*, modules: Sequence[str] = PREPARED_MODULES, warm: bool = True) -> list[str]:
    """Import ``modules`` and fill the shared caches; return what could not be prepared.

    A failure is logged and skipped, never raised: preparing only saves time, and the page
    that needs the module or value reports any real problem to its reader.
    """
    log = logging.getLogger("raices.server")
    failed: list[str] = []
    for name in modules:
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
    for label, step in steps:
        try:
            step()
        except Exception as problem:  # noqa: BLE001
            log.warning("no se pudo preparar %s: %s", label, problem)
            failed.append(label)
    return failed


def main(argv: Sequence[str] | None = None) -> int:
    """Start the preparation thread, then Streamlit's server (which runs until stopped)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if os.environ.get("RAICES_PREPARE", "1") != "0":
        # Cached calls made outside a page say so once per call; that is expected here.
        for name in (
            "streamlit.runtime.scriptrunner_utils.script_run_context",
            "streamlit.runtime.caching.cache_data_api",
        ):
            logging.getLogger(name).setLevel(logging.ERROR)
        threading.Thread(target=prepare, name="raices-prepare", daemon=True).start()
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
