"""End to end in headless Chromium: an institution's editor records an action in two
municipios and sees it on the need-against-response map; the secretariat publishes it; the
public sees it, without contact data.

The test makes its own fictitious store and accounts in a temporary folder
(``RAICES_SEGUIMIENTO_URL``); the published build is the session's real one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.records.institutions import create_institution
from analysis.records.users import create_user
from tests.e2e.support import idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "clave-ficticia-e2e-123"
CONTACT = "contacto@e2e-ficticia.example"
TITLE = "Charla ficticia sobre riesgos de la ruta"
MUNICIPIOS = {1319: "Colotenango", 1320: "San Sebastián Huehuetenango"}

MAP_DETAIL = """() => {
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    const out = {};
    for (const plot of plots) {
        for (const trace of plot.data || []) {
            for (const row of trace.customdata || []) { out[String(parseInt(row[0]))] = row[3]; }
        }
    }
    return out;
}"""


def _seed(session, admin) -> None:
    institution = create_institution(
        session, admin, name="Institución Ficticia E2E", acronym="IFE", sector="estado",
        official_delegation=True, contact_name="Persona Ficticia", contact_email=CONTACT,
        contact_phone="+502 0000 0001",
    )  # fmt: skip
    create_user(session, admin, username="secretaria.e2e", password=PASSWORD, role="secretaria")
    create_user(
        session, admin, username="editor.e2e", password=PASSWORD, role="editor",
        institution_id=institution.id,
    )  # fmt: skip


@pytest.fixture(scope="module")
def server(server_on_store) -> str:
    """The dashboard on a store of its own, with one fictitious institution and accounts."""
    return server_on_store(_seed).address


@pytest.fixture
def page(server, new_tab):
    return new_tab(viewport={"width": 1400, "height": 1800}, accept_downloads=True)


def _go(page, title: str) -> None:
    """Open a page from the sidebar (same browser session, so the sign-in is kept)."""
    nav = page.locator('[data-testid="stSidebarNav"]')
    more = nav.locator('[data-testid="stSidebarNavViewButton"]')
    if not nav.get_by_text(title, exact=True).is_visible() and more.count():
        more.first.click()  # the navigation shows the first pages only until «View more»
    nav.get_by_text(title, exact=True).click()
    idle(page)


def _sign_in(page, username: str) -> None:
    page.get_by_text("Iniciar sesión (instituciones)").click()
    page.get_by_label("Usuario", exact=True).fill(username)
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    idle(page)
    page.get_by_text("Sesión iniciada como").wait_for(state="visible")


def _sign_out(page) -> None:
    page.get_by_role("button", name="Cerrar sesión").click()
    page.get_by_text("Iniciar sesión (instituciones)").wait_for(state="visible")
    idle(page)


def _pick(page, testid: str, label: str, option: str) -> None:
    widget = page.locator(f'[data-testid="{testid}"]').filter(has_text=label).first
    widget.locator("input").first.click()
    widget.locator("input").first.fill(option)
    page.get_by_role("option", name=option).first.click()
    page.keyboard.press("Escape")  # close the list so that it does not cover what follows
    idle(page)


def test_editor_records_secretariat_publishes_public_sees(page, server):
    page.goto(server + "/seguimiento")
    page.wait_for_selector('[data-testid="stAppViewContainer"]')
    idle(page)
    page.get_by_text("Inicie sesión en la barra lateral").wait_for(state="visible")

    # --- an institution's editor records an action in two municipios
    _sign_in(page, "editor.e2e")
    page.get_by_label("Título", exact=True).first.fill(TITLE)
    for name in MUNICIPIOS.values():
        _pick(page, "stMultiSelect", "Municipios", name)
    _pick(page, "stSelectbox", "Causa (tema)", "Migración")
    page.get_by_role("button", name="Guardar").first.click()
    idle(page)
    page.get_by_text("Guardado: Acción").wait_for(state="visible")
    assert not page.locator('[data-testid="stException"]').count()

    # ... and sees it on the need-against-response map (its own draft)
    _go(page, "Tablero de seguimiento")
    page.wait_for_selector(".js-plotly-plot")
    idle(page)
    detail = page.evaluate(MAP_DETAIL)
    for code in MUNICIPIOS:
        assert detail[str(code)].endswith("acciones: 1"), detail.get(str(code))
    _sign_out(page)

    # --- the secretariat publishes it
    _go(page, "Registro de acciones")
    _sign_in(page, "secretaria.e2e")
    page.get_by_role("tab", name="Revisar y publicar").click()
    idle(page)
    _pick(page, "stMultiSelect", "Registros a publicar", f"Acción 1 · {TITLE}")
    page.get_by_role("button", name="Publicar los seleccionados").click()
    idle(page)
    page.get_by_text("Publicados: 1").wait_for(state="visible")
    _sign_out(page)

    # --- the public sees it, with no contact data
    _go(page, "Rendición de cuentas")
    page.wait_for_selector(".js-plotly-plot")
    idle(page)
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Acciones").first
    assert metric.locator('[data-testid="stMetricValue"]').inner_text() == "1"
    detail = page.evaluate(MAP_DETAIL)
    for code in MUNICIPIOS:
        assert detail[str(code)].endswith("acciones: 1")
    text = page.locator('[data-testid="stAppViewContainer"]').inner_text()
    assert CONTACT not in text and "Persona Ficticia" not in text
    with page.expect_download() as download_info:
        page.get_by_role(
            "button", name="Descargar las acciones publicadas (CSV con etiquetas HXL)"
        ).click()
    csv_text = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert TITLE in csv_text and "#adm2+code" in csv_text
    assert CONTACT not in csv_text and "+502" not in csv_text
    for code in MUNICIPIOS:
        assert f"GT{code:04d}" in csv_text
    assert not page.locator('[data-testid="stException"]').count()
