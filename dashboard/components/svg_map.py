"""A light choropleth, recoloured where it stands: the overview's map and Priorización's.

Why not the plotly map here (the house style's map, kept on «Mapa de causas» and the causes
pages, where zooming in matters): ``st.plotly_chart`` names its element after the figure,
so a new figure is a new element and the browser rebuilds the map from scratch, a new
WebGL context and every class's boundaries parsed and tiled again; on a phone or an old
office computer without a graphics card that is drawn in software. It was about half of
the time of one weight change on Priorización, and on a fresh start the overview waited
for plotly's 4.7 MB of code before showing its map.

This map is a Streamlit component with a fixed key drawing SVG: the boundaries are fetched
once (the same browser-cached GeoJSON file as the plotly maps) and projected once, and a
new scenario or indicator sends only a colour and a tooltip per territory
(:func:`dashboard.figures.maps.map_payload`: the same classes, colours, legend and texts as
the plotly maps). It fills the width it is given, so the whole country shows on any
screen, with its legend below. A click on a territory selects it for the session, as on
the other maps.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import data, figures, state
from dashboard.components import map_alt

SCRIPT = Path(__file__).with_name("svg_map.js")
STYLE = """
.raices-map svg { width: 100%; height: auto; display: block; }
.raices-map .territory { stroke: white; stroke-width: 0.4px; vector-effect: non-scaling-stroke;
  cursor: pointer; }
.raices-map .territory:hover { stroke: #222; stroke-width: 1.5px; }
.raices-map .outline { fill: rgba(214, 39, 40, 0.15); stroke-width: 2.5px;
  vector-effect: non-scaling-stroke; }
.raices-map .legend { display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; font-size: 0.85rem;
  margin-top: 0.4rem; font-family: var(--st-font, sans-serif); color: var(--st-text-color); }
.raices-map .legend-title { flex-basis: 100%; font-weight: 600; }
.raices-map .entry { display: inline-flex; align-items: center; gap: 0.35rem; }
.raices-map .swatch { width: 0.9rem; height: 0.9rem; display: inline-block; box-sizing: border-box; }
"""


@cache
def _component():
    # Registered on first use, not at import (nothing happens at import time).
    return st.components.v2.component(
        "raices_svg_map", css=STYLE, js=SCRIPT.read_text(encoding="utf-8")
    )


def svg_map(level: str, frame: pd.DataFrame, *, key: str, style: figures.MapStyle) -> int | None:
    """Draw the map of ``frame`` (``name``, ``value``, optional ``rank_text`` and
    ``coverage_text``) in ``style`` (:func:`dashboard.components.map_style`) and return the
    territory clicked in this interaction, if any (it is then the session's selected
    territory)."""
    payload = figures.map_payload(
        data.geojson_source(level), frame, style, label=map_alt(level, style.legend_title)
    )
    result = _component()(key=key, data=payload, on_clicked_change=lambda: None)
    clicked = getattr(result, "clicked", None)
    if clicked is None:
        return None
    try:
        code = int(clicked)
    except (TypeError, ValueError):
        return None  # only the component's own codes arrive here; anything else is ignored
    if code not in frame.index:
        return None
    state.select_territory(level, code)
    return code
