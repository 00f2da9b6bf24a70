"""End to end in headless Chromium: three participants answer a pairwise round through the
form (one inconsistent answer gets the revise prompt and is kept), then the secretariat
signs in, reads the agreement and the pilot across voices, and saves the consensus.

The operational store of this browser session is a temporary SQLite file
(``RAICES_SEGUIMIENTO_URL``); the published build is the session's real one.
"""

from __future__ import annotations

import pytest

from analysis.consultation import service
from analysis.consultation.spec import RoundSpec
from analysis.records import users
from analysis.records.database import engine_for, session_scope
from tests.e2e.support import TIMEOUT_MS, idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "clave-larga-de-prueba-2026"
THEMES = ("migracion", "pobreza_economia", "violencia_inseguridad")
# pairs in form order: (migración, pobreza), (migración, violencia), (pobreza, violencia);
# steps to the right of «igual» make the first theme more important (3 = two steps)
CONSISTENT = (2, 4, 2)  # 3, 5, 3
ALSO_CONSISTENT = (1, 2, 1)  # 2, 3, 2
INCONSISTENT = (8, -8, 8)  # migración ≫ pobreza ≫ violencia ≫ migración


def _seed(session, console) -> RoundSpec:
    users.create_user(
        session, console, username="secretaria.e2e", password=PASSWORD, role="secretaria"
    )
    return service.open_round(
        session,
        console,
        RoundSpec(name="Taller e2e", method="ahp", items=THEMES, date="2026-11-30"),
    )


@pytest.fixture(scope="module")
def server(server_on_store) -> tuple[str, str, RoundSpec]:
    """The dashboard on a store of its own with a secretariat account and one open round."""
    started = server_on_store(_seed)
    return started.address, started.store_url, started.seeded


@pytest.fixture
def browser(server, chromium):
    """The session's Chromium (tests/e2e/conftest.py), once this module's server is up."""
    return chromium


def _page(browser):
    page = browser.new_context(viewport={"width": 1400, "height": 1800}).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


def _answer(browser, address: str, link: str, territory: str, steps: tuple[int, ...]):
    page = _page(browser)
    page.goto(f"{address}/consulta?ronda={link}")
    page.wait_for_selector('[data-testid="stAppViewContainer"]')
    idle(page)
    page.get_by_text("Taller e2e").first.wait_for(state="visible")
    page.get_by_role("button", name="Enviar mi respuesta").wait_for(state="visible")
    page.get_by_label("Su departamento").click()
    page.get_by_role("option", name=territory, exact=True).click()
    sliders = page.locator('[data-testid="stSlider"] input[type="range"]')
    sliders.nth(2).wait_for(state="attached")
    assert sliders.count() == 3
    for i, step in enumerate(steps):
        thumb = sliders.nth(i)
        thumb.focus()
        for _ in range(abs(step)):
            thumb.press("ArrowRight" if step > 0 else "ArrowLeft")
    page.get_by_role("button", name="Enviar mi respuesta").click()
    idle(page)
    return page


def test_three_voices_then_the_secretariat_saves_the_consensus(browser, server):
    address, url, spec = server
    for territory, steps in (("Sololá", CONSISTENT), ("Huehuetenango", ALSO_CONSISTENT)):
        page = _answer(browser, address, spec.link, territory, steps)
        page.get_by_text("¡Gracias! Su respuesta quedó registrada.").wait_for(state="visible")
        page.close()
    page = _answer(browser, address, spec.link, "Quiché", INCONSISTENT)
    page.get_by_text("se contradicen bastante").wait_for(state="visible")
    page.get_by_text("frente a").first.wait_for(state="visible")
    assert not page.locator('[data-testid="stException"]').count()
    page.close()

    engine = engine_for(url)
    with session_scope(engine, readonly=True) as session:
        responses = service.round_responses(session, spec.round_id)
    engine.dispose()
    assert responses.n == 3
    assert responses.profile["consistent"].tolist() == [True, True, False]

    page = _page(browser)
    page.goto(f"{address}/consulta_resultados")
    page.wait_for_selector('[data-testid="stAppViewContainer"]')
    idle(page)
    page.get_by_text("Iniciar sesión (instituciones)").click()
    page.get_by_label("Usuario").fill("secretaria.e2e")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    idle(page)
    page.get_by_text("W de Kendall (acuerdo)").first.wait_for(state="visible")
    page.get_by_text("Elegidos por ≥ 80 % de las voces").first.wait_for(state="visible")
    page.get_by_role("tab", name="Piloto entre las voces").click()
    idle(page)
    page.get_by_text("una señal fuerte para el plenario").first.wait_for(state="visible")
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for(state="attached")
    page.get_by_role("button", name="Guardar el escenario de consenso").click()
    idle(page)
    page.get_by_text("Escenario «Consenso: Taller e2e» guardado").wait_for(state="visible")
    assert not page.locator('[data-testid="stException"]').count()
    engine = engine_for(url)
    with session_scope(engine, readonly=True) as session:
        assert list(service.consensus_scenarios(session)) == ["Consenso: Taller e2e"]
    engine.dispose()
