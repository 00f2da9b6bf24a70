"""Screenshots of every dashboard page in headless Chromium → docs/screenshots/*.png.

Run from the project root after ``raices build``::

    .venv/bin/python scripts/take_screenshots.py [pages …]

Starts the dashboard itself (``python -m dashboard.server``) (the browser tests' server helper),
drives Debian's Chromium through Playwright (``executable_path=/usr/bin/chromium``), and
does on each page what a person would do before showing it (pick a municipio, set a
constraint). Every page of
``dashboard/app.py`` ``PAGES`` is shot in Spanish at desktop width (``<page>.png``); the
overview, the map, Priorización and the spatial patterns also at phone width (``<page>_telefono.png``,
390 px) and the overview and the typologies in English (``<page>_en.png``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import paths  # noqa: E402
from tests.e2e.support import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    SVG_MAPS_PAINTED,
    dashboard_server,
    idle,
    page_stems,
)

OUT = ROOT / "docs" / "screenshots"
DESKTOP = {"width": 1440, "height": 1500}
PHONE = {"width": 390, "height": 2600}
#: Taller shots for long pages (desktop height in px).
HEIGHTS = {"priorizacion": 2300, "perfil": 2300, "tipologias": 2400, "factores": 3500}
PHONE_PAGES = ("panorama", "mapa", "priorizacion", "patrones_espaciales")
ENGLISH_PAGES = ("panorama", "tipologias")


MAPS_DRAWN = """() => [...document.querySelectorAll(".js-plotly-plot")]
  .map((g) => g._fullLayout && g._fullLayout.map && g._fullLayout.map._subplot)
  .filter(Boolean)
  .every((s) => s.map.loaded() && !s.map.isMoving())"""


def settle(page, settle_ms: int = 2500) -> None:
    """Wait for the app to finish its run, then for charts and maps to draw."""
    idle(page)
    page.wait_for_timeout(settle_ms)
    page.wait_for_function(MAPS_DRAWN, timeout=60_000)
    page.wait_for_function(SVG_MAPS_PAINTED, timeout=60_000)
    page.wait_for_timeout(500)


def pick(page, label: str, text: str) -> None:
    page.get_by_role("combobox", name=label).click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    settle(page)


def constrain(page) -> None:
    """Set «máximo por departamento» to 3 so that the cost of a constraint shows."""
    field = page.get_by_role("spinbutton", name="Máximo por departamento")
    if field.count():
        field.fill("3")
        field.press("Enter")
        settle(page)


def english(page) -> None:
    page.get_by_role("combobox", name="Idioma / Language").click()
    page.get_by_role("option", name="English", exact=True).click()
    settle(page)


ACTIONS: dict[str, Callable] = {
    "mapa": lambda page: pick(page, "Elija un territorio", "Cuilco"),
    "perfil": lambda page: pick(page, "Elija un territorio", "Cuilco"),
    "priorizacion": constrain,
}


def shoot(page, url: str, stem: str, path: Path, viewport: dict, *, language: str = "es") -> None:
    page.set_viewport_size(viewport)
    page.goto(url + ("" if stem == "panorama" else f"/{stem}"))
    page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=180_000)
    settle(page)
    if language == "en":
        english(page)
    action = ACTIONS.get(stem)
    if action and language == "es":
        try:
            action(page)
        except Exception as error:  # noqa: BLE001 - a shot without the action is still useful
            print(f"  ({stem}: {error.__class__.__name__}; shot without the action)")
    if viewport is DESKTOP:
        page.set_viewport_size({"width": DESKTOP["width"], "height": HEIGHTS.get(stem, 1500)})
    settle(page, 3000)
    page.screenshot(path=str(path))
    print(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="page file stems (default: every page)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    stems = args.pages or page_stems()
    with (
        dashboard_server(paths.database_path(), paths.data_dir()) as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for stem in stems:
            shots = [(f"{stem}.png", DESKTOP, "es", {})]
            if stem in PHONE_PAGES:
                shots.append((f"{stem}_telefono.png", PHONE, "es", {"is_mobile": True}))
            if stem in ENGLISH_PAGES:
                shots.append((f"{stem}_en.png", DESKTOP, "en", {}))
            for file, viewport, language, options in shots:
                page = browser.new_page(**options)
                shoot(page, url, stem, OUT / file, viewport, language=language)
                page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
