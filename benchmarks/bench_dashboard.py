"""Dashboard benchmark, measured in a real browser (headless Debian Chromium, Playwright).

Run from the project root after ``raices build``::

    .venv/bin/python benchmarks/bench_dashboard.py              # everything
    .venv/bin/python benchmarks/bench_dashboard.py --repeats 9

Measures (results in ``benchmarks/results/dashboard.json``)
-----------------------------------------------------------
first map after a fresh server start
    A new ``python -m dashboard.server`` process (static serving on, as in ``.streamlit/config.toml``)
    opened in Chromium: seconds from launching the server to the overview's map drawn
    (its territories painted; target ≤ 3 s), and to the whole overview idle.
perceived time of one weight change on Priorización
    In the same browser: one theme-weight slider moved one stop with the keyboard (the
    form holds it, nothing reruns), then «Aplicar cambios» clicked; the clock runs in the page from
    the click until the new scenario fingerprint is shown, no element is stale and the
    app is idle. Every repeat applies a weight never seen before (nothing comes from the
    result cache). Target ≤ 0.3 s median.
map figure size
    Bytes of the plotly JSON sent per rerun for the municipal map (boundaries served once
    as a browser-cached static file) and with the boundaries embedded.
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

from tests.e2e.support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - the browser tests' own

RESULTS = Path(__file__).parent / "results" / "dashboard.json"
FINGERPRINT = "Huella del escenario: "
SETTLED = """(old) => {
    const caption = [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
        .map(e => e.innerText).find(text => text.startsWith('FINGERPRINT'));
    const stale = document.querySelector('[data-stale="true"], .stale-element');
    const running = document.querySelector('[data-testid="stStatusWidget"]');
    if (caption && caption !== old && !stale && !running) {
        window.__settled = window.__settled || performance.now();
        return true;
    }
    // a theme without indicators in the scenario leaves the fingerprint as it was
    return !stale && !running && performance.now() - window.__clicked > 5000;
}""".replace("FINGERPRINT", FINGERPRINT)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable, "-m", "dashboard.server",
            "--server.headless", "true", "--server.port", str(port),
            "--server.address", "127.0.0.1", "--server.enableStaticServing", "true",
            "--browser.gatherUsageStats", "false",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def idle(page, timeout_ms: int = 180_000) -> None:
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
    )


def fingerprint(page) -> str:
    return page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=\"stCaptionContainer\"]')]"
        f".map(e => e.innerText).find(t => t.startsWith('{FINGERPRINT}'))"
    )


def browser_measures(repeats: int, timeout: float = 180.0) -> dict[str, object]:
    """First map after a fresh start, then the perceived time of ``repeats`` weight changes."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    started = time.perf_counter()
    server = start_server(port)
    out: dict[str, object] = {}
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
                    time.sleep(0.1)
            # the overview's map is the in-place SVG map (dashboard/components/svg_map.py)
            page.wait_for_selector(
                ".raices-map[data-painted]", state="attached", timeout=timeout * 1000
            )
            out["first_map_after_start_seconds"] = time.perf_counter() - started
            page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                timeout=timeout * 1000,
            )
            out["overview_idle_after_start_seconds"] = time.perf_counter() - started

            page.goto(f"http://127.0.0.1:{port}/priorizacion", timeout=timeout * 1000)
            # Priorización's map is the in-place SVG map (dashboard/svg_map.py)
            page.wait_for_selector(".raices-map[data-painted]", state="attached")
            idle(page)
            sliders = page.locator('[data-testid="stSlider"] input[type="range"]')
            apply = page.get_by_role("button", name="Aplicar cambios")
            times = []
            for repeat in range(repeats):
                old = fingerprint(page)
                # one theme weight up by one stop, a different theme each time: every
                # repeat is a weight combination never computed before
                sliders.nth(repeat % 6).focus()
                page.keyboard.press("ArrowRight")  # held by the form: no rerun yet
                page.wait_for_timeout(200)
                handle = apply.element_handle()
                page.evaluate(
                    "(button) => { window.__settled = 0; window.__clicked = performance.now();"
                    " button.click(); }",
                    handle,
                )
                page.wait_for_function(SETTLED, arg=old, polling="raf", timeout=timeout * 1000)
                if page.evaluate("() => window.__settled"):
                    times.append(
                        page.evaluate("() => (window.__settled - window.__clicked) / 1000")
                    )
                idle(page)
            out["weight_change_perceived_seconds"] = times
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return out


def map_figure_bytes() -> dict[str, int]:
    """JSON bytes of the maps sent to the browser: with the boundaries embedded in the
    figure (no static serving) and with them served once as a cached static file."""
    from dashboard import data, figures

    sizes = {}
    for level in ("municipio", "departamento"):
        frame = data.indicator_map_frame(level, "pobreza")
        style = figures.MapStyle(highlight=(int(frame.index[0]),))
        embedded = figures.choropleth_map(data.geojson(level), frame, style)
        linked = figures.choropleth_map(f"./app/static/{level}.geojson", frame, style)
        sizes[f"{level}_embedded"] = figures.figure_json_size(embedded)
        sizes[f"{level}_static"] = figures.figure_json_size(linked)
        sizes[f"{level}_geojson_file"] = len(json.dumps(data.geojson(level), separators=(",", ":")))
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="weight changes to time")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)

    results: dict[str, object] = {"load_average_1min_before": os.getloadavg()[0]}
    sizes = map_figure_bytes()
    results["map_figure_bytes"] = sizes
    print(
        f"municipal map: {sizes['municipio_static'] / 1e6:.3f} MB per rerun "
        f"(+ {sizes['municipio_geojson_file'] / 1e6:.3f} MB GeoJSON once, browser-cached)"
    )
    if not CHROMIUM.exists():
        print("no /usr/bin/chromium: browser measures skipped")
    else:
        results.update(browser_measures(args.repeats))
        first = results["first_map_after_start_seconds"]
        times = results["weight_change_perceived_seconds"]
        results["weight_change_median_seconds"] = statistics.median(times)  # type: ignore[arg-type]
        print(f"first map after a fresh server start: {first:.2f} s (target ≤ 3 s)")
        print(
            f"one weight change on Priorización, perceived: median "
            f"{statistics.median(times):.3f} s, max {max(times):.3f} s over {len(times)} "
            "(target ≤ 0.3 s median)"
        )
    results["load_average_1min_after"] = os.getloadavg()[0]
    results["cpu_count"] = os.cpu_count()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
