"""End to end in headless Chromium: an analyst uploads a table, checks it, stores it, removes it.

The user layer of this browser session lives in a temporary folder (``RAICES_DATA``);
the published build is the session's real one (``RAICES_DB``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "userdata"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
TIMEOUT_MS = 180_000

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(built_db: Path, tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("no hay Chromium en /usr/bin/chromium (scripts/install_browser.sh)")
    data_root = tmp_path_factory.mktemp("datos_usuario")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    env = dict(os.environ, RAICES_DB=str(built_db), RAICES_DATA=str(data_root))
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
            "--server.headless", "true", "--server.port", str(port),
            "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
        ],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    yield f"http://127.0.0.1:{port}", data_root / "user"
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 1600})
        tab.set_default_timeout(TIMEOUT_MS)
        yield tab
        browser.close()


def _idle(page) -> None:
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT_MS
    )
    page.wait_for_timeout(300)


def _type(page, label: str, text: str) -> None:
    page.get_by_role("textbox", name=label, exact=True).fill(text)
    page.keyboard.press("Tab")
    _idle(page)


def test_upload_check_store_and_remove(page, server):
    url, user_dir = server
    page.goto(url + "/datos_propios")
    page.wait_for_selector('[data-testid="stAppViewContainer"]')
    _idle(page)
    page.get_by_text("Todavía no hay indicadores propios.").wait_for(state="visible")
    page.locator("input[type=file]").set_input_files(str(FIXTURES / "names_latin1.csv"))
    _idle(page)
    page.get_by_text("codificación cp1252").wait_for(state="visible")
    for label, text in (
        ("Identificador", "tasa_prueba"),
        ("Nombre del indicador", "Tasa (prueba)"),
        ("Unidad", "por 100 000 hab."),
        ("Año", "2024"),
        ("Fuente", "tabla de prueba escrita a mano"),
    ):
        _type(page, label, text)
    page.get_by_role("button", name="Revisar el emparejamiento").click()
    _idle(page)
    matched = page.locator('[data-testid="stMetricValue"]').first.inner_text()
    assert matched == "5"
    assert not (user_dir / "tasa_prueba.json").exists()
    page.get_by_role("button", name="Guardar en la capa de usuario").click()
    _idle(page)
    page.get_by_text("Se guardó «tasa_prueba» con 5 municipios.").wait_for(state="visible")
    assert (user_dir / "tasa_prueba.json").is_file()
    page.get_by_role("button", name="Eliminar").click()
    _idle(page)
    page.get_by_text("Se eliminó «tasa_prueba».").wait_for(state="visible")
    assert not (user_dir / "tasa_prueba.json").exists()
    assert not page.locator('[data-testid="stException"]').count()
