"""Screenshots of every dashboard page in headless Chromium → docs/screenshots/*.png.

Run from the project root after ``raices build``::

    .venv/bin/python scripts/take_screenshots.py [--port 8765]

Starts ``streamlit run dashboard/app.py`` itself, drives Debian's Chromium through
Playwright (``executable_path=/usr/bin/chromium``), and does on each page what a person
would do before showing it (pick a municipio, set a constraint).
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def idle(page, settle_ms: int = 2500) -> None:
    page.wait_for_timeout(700)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=180_000
    )
    page.wait_for_timeout(settle_ms)


def pick(page, label: str, text: str) -> None:
    page.get_by_role("combobox", name=label).click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    idle(page)


def constrain(page) -> None:
    """Set «máximo por departamento» to 3 so that the cost of a constraint shows."""
    field = page.get_by_role("spinbutton", name="Máximo por departamento")
    field.fill("3")
    field.press("Enter")
    idle(page)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    port = args.port
    if not port:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
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
    from playwright.sync_api import sync_playwright

    url = f"http://127.0.0.1:{port}"
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        time.sleep(3)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1500})
            shots = [
                ("panorama", "", None),
                ("mapa", "/mapa", lambda: pick(page, "Elija un territorio", "Cuilco")),
                ("perfil", "/perfil", lambda: pick(page, "Elija un territorio", "Cuilco")),
                ("priorizacion", "/priorizacion", lambda: constrain(page)),
                ("comparar", "/comparar", None),
                ("datos", "/datos", None),
                ("patrones_espaciales", "/patrones_espaciales", None),
                ("tipologias", "/tipologias", None),
                ("factores", "/factores", None),
                ("tendencias", "/tendencias", None),
                ("datos_propios", "/datos_propios", None),
            ]
            for name, path, action in shots:
                page.goto(url + path)
                page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=180_000)
                idle(page)
                if action:
                    action()
                height = 2300 if name in ("priorizacion", "perfil") else 1500
                page.set_viewport_size({"width": 1440, "height": height})
                idle(page, 3000)
                page.screenshot(path=str(OUT / f"{name}.png"))
                print(OUT / f"{name}.png")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
