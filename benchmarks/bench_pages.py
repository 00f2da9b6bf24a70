"""First view of every dashboard page after a cold server start, in a real browser.

Run from the project root after ``raices build``::

    .venv/bin/python benchmarks/bench_pages.py            # every page of dashboard/app.py
    .venv/bin/python benchmarks/bench_pages.py factores mapa

For each page a fresh ``python -m dashboard.server`` process is started (the browser
tests' server helper, ``tests/e2e/support.py``): empty caches and nothing imported by the
app yet, the server's background preparation of modules and shared computations starting
with it (:mod:`dashboard.server`; ``RAICES_PREPARE=0`` measures without it) and,
once it listens, headless Chromium (Debian's ``/usr/bin/chromium``) opens the page's URL. The first view is the time from that
navigation until the page has settled: its title is drawn, the app is no longer running,
no spinner shows, every chart and map has drawn, and all of that has held for half a second (the
half second is not counted). Target ≤ 3 s per page.

What is on disk counts as a cold start finds it: the GeoJSON file of the boundaries and
the factors models and spatial patterns stored beside the database
(:mod:`analysis.causes.model_store`) are written by the first visit after a build; a
warm-up pass opens the pages that write them once before measuring, as a deployment's
first visitor would have.

Results go to ``benchmarks/results/pages.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import paths  # noqa: E402
from tests.e2e.support import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    SVG_MAPS_PAINTED,
    dashboard_server,
    page_stems,
)

RESULTS = Path(__file__).parent / "results" / "pages.json"
TARGET_SECONDS = 3.0
KEEP_RUNS = 5
#: Pages whose first visit after a build writes something later visits read.
WARM_UP = ("mapa", "factores", "patrones_espaciales")
#: True once the page has drawn and stayed still for STABLE_MS; ``window.raicesSettled``
#: keeps the moment (ms since navigation) it became still.
SETTLED = """(stableMs) => {
  const main = document.querySelector('[data-testid="stMain"]');
  const ready = main && main.querySelector("h1")
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-testid="stSpinner"]')
    && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
         .every((chart) => chart.querySelector(".main-svg, canvas"))
    && (SVG_MAPS_PAINTED)();
  const now = performance.now();
  if (!ready) { window.raicesSettled = null; return false; }
  if (window.raicesSettled == null) window.raicesSettled = now;
  return now - window.raicesSettled >= stableMs;
}""".replace("SVG_MAPS_PAINTED", SVG_MAPS_PAINTED)
STABLE_MS = 500


def first_view(browser, url: str, timeout_ms: int = 300_000) -> float:
    """Seconds from navigating to ``url`` until the page settled (see module docstring)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function(SETTLED, arg=STABLE_MS, polling=50, timeout=timeout_ms)
        # performance.now() counts from the navigation that opened this document
        return float(page.evaluate("() => window.raicesSettled")) / 1000.0
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="page file stems (default: every page)")
    parser.add_argument("--no-warm-up", action="store_true", help="skip the warm-up pass")
    parser.add_argument(
        "--wait",
        type=float,
        default=0.0,
        help="seconds to leave the server alone before opening the page (a visitor who "
        "comes after the server's preparation, dashboard/server.py, instead of at once)",
    )
    args = parser.parse_args()
    if not CHROMIUM.exists():
        raise SystemExit("no Chromium at /usr/bin/chromium (scripts/install_browser.sh)")
    from playwright.sync_api import sync_playwright

    stems = args.pages or page_stems()
    database, data_root = paths.database_path(), paths.data_dir()
    results: dict[str, dict[str, float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            if not args.no_warm_up:
                with dashboard_server(database, data_root) as url:
                    for stem in WARM_UP:
                        first_view(browser, f"{url}/{stem}")
            for stem in stems:
                started = time.perf_counter()
                with dashboard_server(database, data_root) as url:
                    listening = time.perf_counter() - started
                    time.sleep(args.wait)
                    seconds = first_view(browser, f"{url}/{stem}")
                results[stem] = {
                    "first_view_seconds": round(seconds, 3),
                    "server_start_seconds": round(listening, 3),
                }
                mark = "ok" if seconds <= TARGET_SECONDS else "SLOW"
                print(f"{stem:24s} {seconds:6.2f} s  ({mark}; server up in {listening:.1f} s)")
        finally:
            browser.close()
    views = [r["first_view_seconds"] for r in results.values()]
    summary = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average_1min": os.getloadavg()[0],
        "cpus": os.cpu_count(),
        "target_seconds": TARGET_SECONDS,
        "warm_up": not args.no_warm_up and list(WARM_UP),
        "wait_after_start_seconds": args.wait,
        "median_seconds": round(statistics.median(views), 3) if views else None,
        "max_seconds": max(views) if views else None,
        "over_target": sorted(s for s, r in results.items() if r["first_view_seconds"] > 3.0),
        "pages": results,
    }
    if not args.pages or args.wait:
        # Runs are kept side by side (the last KEEP_RUNS): on a shared machine the load
        # average of each run says how far its numbers can be trusted.
        runs = json.loads(RESULTS.read_text()).get("runs", []) if RESULTS.exists() else []
        document = {"runs": [*runs, summary][-KEEP_RUNS:]}
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        print(f"→ {RESULTS}")
    print(json.dumps({k: v for k, v in summary.items() if k != "pages"}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
