"""End to end in headless Chromium: an analyst uploads a table, checks it, stores it, removes it.

A visitor may check a table for their own session; storing and removing need an editor
login (an account in a store of this test's own). The user layer lives in a temporary
folder (``RAICES_DATA``); the published build is the session's real one (``RAICES_DB``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.records.institutions import create_institution
from analysis.records.users import create_user
from tests.e2e.support import idle

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "userdata"
pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "clave-de-prueba-e2e"


def _seed(session, admin) -> None:
    institution = create_institution(
        session, admin, name="Institución Ficticia Propios", acronym="IFP", sector="estado",
        official_delegation=True, contact_name="Persona Ficticia",
        contact_email="ficticia@example.org", contact_phone="+502 0000 0002",
    )  # fmt: skip
    create_user(
        session, admin, username="editor.propios", password=PASSWORD, role="editor",
        institution_id=institution.id,
    )  # fmt: skip


@pytest.fixture(scope="module")
def server(server_on_store) -> tuple[str, Path]:
    """The dashboard with this test's own user layer and an editor account."""
    started = server_on_store(_seed)
    return started.address, started.data_root / "user"


@pytest.fixture
def page(server, new_tab):
    return new_tab(viewport={"width": 1400, "height": 1600})


def _type(page, label: str, text: str) -> None:
    page.get_by_role("textbox", name=label, exact=True).fill(text)
    page.keyboard.press("Tab")
    idle(page)


def test_upload_check_store_and_remove(page, server):
    url, user_dir = server
    page.goto(url + "/datos_propios")
    page.wait_for_selector('[data-testid="stAppViewContainer"]')
    idle(page)
    page.get_by_text("Todavía no hay indicadores propios.").wait_for(state="visible")
    page.locator("input[type=file]").set_input_files(str(FIXTURES / "names_latin1.csv"))
    idle(page)
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
    idle(page)
    matched = page.locator('[data-testid="stMetricValue"]').first.inner_text()
    assert matched == "5"
    assert not (user_dir / "tasa_prueba.json").exists()
    # a visitor checks the table but cannot store it in the shared layer
    assert not page.get_by_role("button", name="Guardar en la capa de usuario").count()
    page.get_by_text("Inicie sesión como editor o secretaría").first.wait_for(state="visible")
    page.get_by_text("Iniciar sesión (instituciones)").click()
    page.get_by_label("Usuario", exact=True).fill("editor.propios")
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    idle(page)
    page.get_by_text("Sesión iniciada como").wait_for(state="visible")
    page.get_by_role("button", name="Revisar el emparejamiento").click()
    idle(page)
    page.get_by_role("button", name="Guardar en la capa de usuario").click()
    idle(page)
    page.get_by_text("Se guardó «tasa_prueba» con 5 municipios.").wait_for(state="visible")
    assert (user_dir / "tasa_prueba.json").is_file()
    page.get_by_role("button", name="Eliminar").click()
    idle(page)
    page.get_by_text("Se eliminó «tasa_prueba».").wait_for(state="visible")
    assert not (user_dir / "tasa_prueba.json").exists()
    assert not page.locator('[data-testid="stException"]').count()
