"""Every page in one language, in a real browser: an English walk must show no Spanish word
from a list of known leaks, and a Spanish walk no English one.

The walk reads the page list from ``dashboard/app.py`` (every entry of ``PAGES``, pages
added later included), switches the language once in the sidebar and then follows the
navigation links, so that one browser session walks every page as a reader would. On each
page it opens the expanders and reads the visible text, the chosen value of every
selectbox, the charts' and maps' SVG text (legends, axes) and the tables' headers and cells.

The lists name phrases that have leaked before or could (labels, table headers, method
and class names, internal ids); they avoid words that occur in place names (Alta and Baja
Verapaz). Every leak of every page is reported at once.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.support import idle, page_stems

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Ids and column names that must never reach a reader, in either language.
INTERNAL = (
    "gradient_boosting",
    "random_forest",
    "source_id",
    "label_es",
    "label_en",
    "unit_es",
    "unit_en",
    "description_es",
    "in_default",
    "pesos_iguales",
    "inform_geometrico",
    "residual_class",
    "spatial_lag",
    "moran_i",
    "p_sim",
    "muni_code",
    "dept_code",
    "NaN",
    "None",
    "nan",
)
#: Spanish that has shown, or could show, through the English interface.
SPANISH = (
    "sin dato",
    "Sin dato",
    "muy alta",
    "muy baja",
    "promedio nacional",
    "nacional",  # institutions keep their names: «Instituto Nacional de Estadística»
    "Pesos iguales",
    "Guiado por la migración",
    "geométrica",
    "según lo esperado",
    "de la esperada",
    "No significativo",
    "Alto rodeado",
    "Bajo rodeado",
    "mayoría indígena",
    "urbana",
    "Descargar",
    "Calculando",
    "Cargando",
    "Nivel territorial",
    "Indicador",
    "indicador",
    "Escenario",
    "escenario",
    "Conglomerado",
    "Grupo",
    "Territorios",
    "territorios",
    "territorio",
    "Municipio",
    "municipios",
    "Departamento",
    "Nombre",
    "Posición",
    "posición",
    "Cobertura",
    "puntaje",
    "Puntaje",
    "Perfil",
    "Fuente",
    "Región",
    "Valor",
    "valor",
    "Año",
    "Datos:",
    "censo",
    "pobreza",
    "migración",
    "Sí",
)
#: English that has shown, or could show, through the Spanish interface.
ENGLISH = (
    "No data",
    "no data",
    "Download",
    "Loading",
    "Computing",
    "Choose an option",
    "Municipality",
    "municipality",
    "Department",
    "department",
    "Score",
    "score",
    "Rank",
    "Scenario",
    "Equal weights",
    "Indicator",
    "Value",
    "Group",
    "Cluster",
    "Territory",
    "territory",
    "Region",
    "Coverage",
    "Source",
    "national",
    "Year",
    "Weight",
    "High among",
    "Low among",
    "Not significant",
    "as expected",
    "than expected",
    "Standardised",
    "Very high",
    "very high",
)
#: A page that has not settled by then is reported (and the walk goes on).
SETTLE_MS = 180_000
LANGUAGE_LABEL = "Idioma / Language"
LANGUAGE_NAMES = {"es": "Español", "en": "English"}
TEXT_SCRIPT = """() => {
  const parts = [];
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  parts.push(main.innerText);
  const side = document.querySelector('[data-testid="stSidebar"]');
  if (side) parts.push(side.innerText);
  for (const node of document.querySelectorAll("svg text")) parts.push(node.textContent);
  for (const node of document.querySelectorAll('[role="columnheader"], [role="gridcell"]'))
    parts.push(node.textContent);
  for (const box of document.querySelectorAll('input[role="combobox"]')) parts.push(box.value);
  return parts.join("\\n");
}"""


def leaks(text: str, phrases: tuple[str, ...]) -> list[str]:
    """Phrases of ``phrases`` found in ``text`` as whole words, each with some context.

    >>> leaks("Grupo 1 · Alta Verapaz", ("Grupo", "alta"))
    ['Grupo: «Grupo 1 · Alta Verapaz»']
    """
    found = []
    for phrase in phrases:
        match = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
        if match:
            start, end = max(match.start() - 30, 0), match.end() + 30
            context = " ".join(text[start:end].split())
            found.append(f"{phrase}: «{context}»")
    return found


def choose_language(page, language: str) -> None:
    page.get_by_role("combobox", name=LANGUAGE_LABEL).click()
    page.get_by_role("option", name=LANGUAGE_NAMES[language], exact=True).click()
    idle(page)


def open_by_menu(page, stem: str, first: bool) -> None:
    """Follow the sidebar link of ``stem`` (the same browser session keeps the language)."""
    more = page.locator('[data-testid="stSidebarNavViewButton"]')
    if more.count() and "more" in more.first.inner_text().lower():
        more.first.click()  # Streamlit folds a long menu after ten entries
    links = page.locator('[data-testid="stSidebarNav"] a')
    for index in range(links.count()):
        href = (links.nth(index).get_attribute("href") or "").rstrip("/")
        if href.endswith("/" + stem) or (first and index == 0):
            links.nth(index).click()
            idle(page, SETTLE_MS)
            return
    raise AssertionError(f"no sidebar link to {stem}")


def open_expanders(page) -> None:
    summaries = page.locator('[data-testid="stExpander"] summary')
    for index in range(summaries.count()):
        try:
            summaries.nth(index).click(timeout=5_000)
        except Exception:  # noqa: BLE001 - an expander that re-rendered is simply skipped
            continue
    idle(page, SETTLE_MS)


def walk(browser, server: str, language: str) -> dict[str, list[str]]:
    """Leaks of the other language (and internal ids) on every page, by page stem."""
    phrases = (SPANISH if language == "en" else ENGLISH) + INTERNAL
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    page = context.new_page()
    page.set_default_timeout(SETTLE_MS)
    found: dict[str, list[str]] = {}
    try:
        page.goto(server)
        page.wait_for_selector('[data-testid="stAppViewContainer"]')
        idle(page)
        choose_language(page, language)
        for position, stem in enumerate(page_stems()):
            try:
                open_by_menu(page, stem, first=position == 0)
                open_expanders(page)
            except PlaywrightTimeout:
                found.setdefault(stem, []).append(f"still running after {SETTLE_MS // 1000} s")
                continue
            if page.locator('[data-testid="stException"]').count():
                found.setdefault(stem, []).append("exception shown")
            problems = leaks(page.evaluate(TEXT_SCRIPT), phrases)
            if problems:
                found.setdefault(stem, []).extend(problems)
    finally:
        context.close()
    return found


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_speaks_one_language(shared_browser, shared_server, language):
    found = walk(shared_browser, shared_server, language)
    report = "\n".join(f"{stem}: {'; '.join(items)}" for stem, items in found.items())
    assert not found, f"leaks in the {language} walk:\n{report}"


def test_switching_language_keeps_every_choice_and_relabels_it(shared_browser, shared_server):
    """A page's radios and selectboxes, chosen in Spanish, still show their choice (now
    in English) after the language is switched on that very page."""
    context = shared_browser.new_context(viewport={"width": 1400, "height": 1200})
    page = context.new_page()
    page.set_default_timeout(SETTLE_MS)
    try:
        page.goto(f"{shared_server}/tipologias")
        page.wait_for_selector('[data-testid="stAppViewContainer"]')
        idle(page, SETTLE_MS)
        page.get_by_text("Ward (jerárquico)").click()
        idle(page, SETTLE_MS)
        choose_language(page, "en")
        radios = page.locator('[data-testid="stRadio"] input')
        checked = [radios.nth(i).is_checked() for i in range(radios.count())]
        assert checked == [True, False, False, True]  # Municipality · Ward
        selects = [box.input_value() for box in page.get_by_role("combobox").all()]
        assert any("Automatic" in text for text in selects), selects
        assert not leaks("\n".join(selects), SPANISH), selects
    finally:
        context.close()
