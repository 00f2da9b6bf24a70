"""Dashboard benchmark: cold start to first map, rerun after a weight change, map size.

Run from the project root after ``raices build``::

    .venv/bin/python benchmarks/bench_dashboard.py            # all three measures
    .venv/bin/python benchmarks/bench_dashboard.py --no-browser

Measures
--------
cold start
    A fresh ``streamlit run`` process, opened in headless Chromium: seconds from launching
    the server to the first map drawn on the overview page (MapLibre canvas present and
    the app idle). Skipped without ``/usr/bin/chromium``.
rerun after a weight change
    Server time of the prioritisation page's script run after moving one theme-weight
    slider to a value not seen before (so nothing comes from the result cache): re-rank,
    Monte-Carlo bands, pilot selection, map and table. Target ≤ 0.5 s.
map figure size
    Bytes of the plotly JSON sent to the browser for the municipal map. Target ≤ 1.5 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


RESULTS = Path(__file__).parent / "results" / "dashboard.json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cold_start_seconds(timeout: float = 180.0) -> float | None:
    """Seconds from launching the server to the first map drawn in Chromium."""
    if not CHROMIUM.exists():
        return None
    from playwright.sync_api import sync_playwright

    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
            "--server.headless", "true", "--server.port", str(port),
            "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            deadline = started + timeout
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}/", timeout=5000)
                    break
                except Exception:  # noqa: BLE001 - server not listening yet
                    if time.perf_counter() > deadline:
                        raise
                    time.sleep(0.2)
            page.wait_for_selector(
                "canvas.maplibregl-canvas", state="attached", timeout=timeout * 1000
            )
            page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                timeout=timeout * 1000,
            )
            elapsed = time.perf_counter() - started
            browser.close()
            return elapsed
    finally:
        server.terminate()
        server.wait(timeout=30)


def rerun_seconds(repeats: int = 6) -> list[float]:
    """Script-run seconds of the prioritisation page after new weight values."""
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    # as in .streamlit/config.toml: boundaries served as a static file, not in the figure
    config.set_option("server.enableStaticServing", True)
    app = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=300)
    app.switch_page("views/priorizacion.py")
    app.run()
    if app.exception:
        raise RuntimeError(app.exception[0].value)
    times = []
    values = [1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 0.5][:repeats]
    for value in values:
        app.slider(key="prior.theme.migracion").set_value(value)
        start = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - start)
        if app.exception:
            raise RuntimeError(app.exception[0].value)
    return times


def map_figure_bytes() -> dict[str, int]:
    """JSON bytes of the maps sent to the browser: with the boundaries embedded in the
    figure (no static serving) and with them served once as a cached static file."""
    from dashboard import data, figures

    sizes = {}
    for level in ("municipio", "departamento"):
        frame = data.indicator_map_frame(level, "pobreza")
        embedded = figures.choropleth_map(data.geojson(level), frame, highlight=[frame.index[0]])
        linked = figures.choropleth_map(
            f"./app/static/{level}.geojson", frame, highlight=[frame.index[0]]
        )
        sizes[f"{level}_embedded"] = figures.figure_json_size(embedded)
        sizes[f"{level}_static"] = figures.figure_json_size(linked)
        sizes[f"{level}_geojson_file"] = len(json.dumps(data.geojson(level), separators=(",", ":")))
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true", help="skip the cold-start measure")
    parser.add_argument("--repeats", type=int, default=6)
    args = parser.parse_args()
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)

    results: dict[str, object] = {"load_average_1min": os.getloadavg()[0]}
    sizes = map_figure_bytes()
    results["map_figure_bytes"] = sizes
    for level in ("municipio", "departamento"):
        print(
            f"map figure, {level}s: {sizes[f'{level}_static'] / 1e6:.3f} MB per rerun "
            f"(+ {sizes[f'{level}_geojson_file'] / 1e6:.3f} MB GeoJSON once, browser-cached); "
            f"{sizes[f'{level}_embedded'] / 1e6:.3f} MB with the boundaries embedded (target ≤ 1.5 MB)"
        )
    times = rerun_seconds(args.repeats)
    results["rerun_seconds"] = times
    print(
        f"rerun after a weight change (prioritisation): median {statistics.median(times):.3f} s, "
        f"max {max(times):.3f} s over {len(times)} new weights (target ≤ 0.5 s)"
    )
    if not args.no_browser:
        cold = cold_start_seconds()
        results["cold_start_seconds"] = cold
        print(
            "cold start to first rendered map: "
            + (f"{cold:.1f} s" if cold is not None else "skipped (no /usr/bin/chromium)")
        )
    print(json.dumps(results))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
