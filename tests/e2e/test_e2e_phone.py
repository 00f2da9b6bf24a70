"""On a 390 px wide phone the maps show the whole country: every one of the 340 municipios
is drawn and lies inside the map's visible extent (the western highlands included), and
the country fills the map instead of being a speck on a world view.

The visible extent is read from the MapLibre map inside the plotly chart
(``map.getBounds()``) and compared with the extent of the boundaries in the build; for
the overview's SVG map (dashboard/components/svg_map.py) the drawn territories' box is
compared with the map's visible box on the screen.
"""

from __future__ import annotations

import pytest

from tests.e2e.support import TIMEOUT_MS, idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
#: Degrees of slack when comparing extents (≈ 1 km, well under one pixel at this zoom).
TOLERANCE = 0.01
MAP_SCRIPT = """() => {
  const graph = [...document.querySelectorAll(".js-plotly-plot")]
    .find((g) => g._fullLayout && g._fullLayout.map && g._fullLayout.map._subplot);
  if (!graph) return null;
  const map = graph._fullLayout.map._subplot.map;
  const bounds = map.getBounds();
  const codes = new Set();
  for (const trace of graph._fullData)
    if (trace.type === "choroplethmap" && trace.visible === true)
      for (const code of trace.locations || []) codes.add(String(code));
  const box = map.getContainer().getBoundingClientRect();
  return {
    view: [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()],
    drawn: codes.size,
    width: box.width,
  };
}"""


SVG_SCRIPT = """() => {
  const host = [...document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')]
    .find((h) => h.shadowRoot && h.shadowRoot.querySelector(".raices-map[data-painted]"));
  if (!host) return null;
  const svg = host.shadowRoot.querySelector(".raices-map svg");
  const paths = [...svg.querySelectorAll("path.territory")];
  const screen = svg.getBoundingClientRect();
  let box = null;
  for (const path of paths) {
    const r = path.getBoundingClientRect();
    box = box ? [Math.min(box[0], r.left), Math.min(box[1], r.top),
                 Math.max(box[2], r.right), Math.max(box[3], r.bottom)]
              : [r.left, r.top, r.right, r.bottom];
  }
  return {drawn: paths.length, width: screen.width,
          view: [screen.left, screen.top, screen.right, screen.bottom], box};
}"""


def test_phone_overview_map_shows_all_340_municipios(shared_browser, shared_server):
    """The overview's SVG map: 340 territories, all inside the map's box on the screen, and
    the country spanning the map's width (not a speck)."""
    context = shared_browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(shared_server)
        page.wait_for_selector(".raices-map[data-painted]", state="attached")
        idle(page)
        state = page.evaluate(SVG_SCRIPT)
        assert state is not None, "no map on the page"
        assert state["drawn"] == 340
        assert state["width"] <= PHONE["width"]
        view, box = state["view"], state["box"]
        slack = 1.0  # px
        assert box[0] >= view[0] - slack and box[2] <= view[2] + slack, (box, view)
        assert box[1] >= view[1] - slack and box[3] <= view[3] + slack, (box, view)
        assert (box[2] - box[0]) / (view[2] - view[0]) > 0.9  # the country fills the width
    finally:
        context.close()


@pytest.fixture(scope="module")
def country(built_db):
    """``(west, south, east, north)`` of the municipal boundaries of the build."""
    from analysis import store

    west, south, east, north = store.load_boundaries("municipio", db_path=built_db).total_bounds
    return float(west), float(south), float(east), float(north)


def fills(view, extent) -> float:
    """Share of the view's width or height (the larger) that the country spans: a map left
    on the whole world also "contains" the country, but only as a speck."""
    return max(
        (extent[2] - extent[0]) / (view[2] - view[0]), (extent[3] - extent[1]) / (view[3] - view[1])
    )


def contains(view, extent) -> bool:
    west, south, east, north = view
    return (
        west <= extent[0] + TOLERANCE
        and south <= extent[1] + TOLERANCE
        and east >= extent[2] - TOLERANCE
        and north >= extent[3] - TOLERANCE
    )


@pytest.mark.parametrize("stem", ["mapa", "patrones_espaciales"])
def test_phone_map_shows_all_340_municipios(shared_browser, shared_server, country, stem):
    context = shared_browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(f"{shared_server}/{stem}")
        page.wait_for_selector("canvas.maplibregl-canvas", state="attached")
        idle(page)
        state = None
        for _ in range(40):  # the view settles once the browser has fitted it
            state = page.evaluate(MAP_SCRIPT)
            if state and contains(state["view"], country) and fills(state["view"], country) > 0.6:
                break
            page.wait_for_timeout(250)
        assert state is not None, "no map on the page"
        assert state["width"] <= PHONE["width"]
        assert state["drawn"] == 340
        assert contains(state["view"], country), (
            f"visible {state['view']} does not contain the country {country}"
        )
        assert fills(state["view"], country) > 0.6, f"the country is a speck in {state['view']}"
    finally:
        context.close()
