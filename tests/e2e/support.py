"""Shared pieces of the browser tests (and of the page benchmark and the screenshot script):
Debian's Chromium, a real `streamlit run` server, the dashboard's page list, and waiting
for the app to finish a rerun."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.app import PAGES

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 180_000
#: True when every in-place SVG map on the page (dashboard/components/svg_map.py) has
#: drawn its territories (they live in the component's shadow root).
SVG_MAPS_PAINTED = """() => [...document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')]
  .every((host) => {
    const map = host.shadowRoot && host.shadowRoot.querySelector(".raices-map");
    return !map || map.hasAttribute("data-painted");
  })"""


def chromium_or_skip() -> Path:
    """Debian's Chromium, installed by the project's script when missing (root only)."""
    if not CHROMIUM.exists():
        script = ROOT / "scripts" / "install_browser.sh"
        if script.exists() and os.access("/usr/bin/apt-get", os.X_OK):
            subprocess.run(["bash", str(script)], capture_output=True, timeout=900, check=False)
    if not CHROMIUM.exists():
        pytest.skip("no hay Chromium en /usr/bin/chromium (scripts/install_browser.sh)")
    return CHROMIUM


@contextlib.contextmanager
def dashboard_server(database: Path, data_root: Path) -> Iterator[str]:
    """Run the dashboard on a free loopback port against ``database``; yield its URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    env = dict(os.environ, RAICES_DB=str(database), RAICES_DATA=str(data_root))
    process = subprocess.Popen(
        [
            sys.executable, "-m", "dashboard.server",
            "--server.headless", "true", "--server.port", str(port),
            "--server.address", "127.0.0.1", "--server.enableStaticServing", "true",
            "--browser.gatherUsageStats", "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stdout.read().decode(errors="replace")) from None
            time.sleep(0.3)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def idle(page, timeout_ms: int = TIMEOUT_MS) -> None:
    """Wait until the app has finished running its script."""
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
    )
    page.wait_for_timeout(300)


def page_stems() -> list[str]:
    """File stems of every page of ``dashboard/app.py`` ``PAGES``, in menu order (so that
    pages added later are included)."""
    return [Path(entry.file).stem for entry in PAGES]
