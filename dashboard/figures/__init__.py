"""Pure plotly figure builders: frames in, ``go.Figure`` out; no streamlit, no data access.

Every builder takes its texts (titles, units, hover labels) as arguments so that it stays
language-neutral; pages pass strings from :mod:`dashboard.i18n` and the catalogue.

``maps`` (choropleths fitted to any viewport, legend below) · ``charts`` (bars, rank
bands, slope chart) · ``causes`` (the causes pages' figures, imported by those pages).
"""

from __future__ import annotations

from dashboard.figures.charts import (
    contribution_bars,
    figure_json_size,
    rank_bands,
    rank_changes,
)
from dashboard.figures.maps import (
    BLANK_STYLE,
    FIT_VIEW,
    GUATEMALA_CENTER,
    HIGHLIGHT_COLOR,
    LEGEND_BELOW,
    MISSING_COLOR,
    PALETTES,
    MapStyle,
    choropleth_map,
    legend_labels,
    map_payload,
)

__all__ = [
    "BLANK_STYLE",
    "FIT_VIEW",
    "GUATEMALA_CENTER",
    "HIGHLIGHT_COLOR",
    "LEGEND_BELOW",
    "MISSING_COLOR",
    "PALETTES",
    "MapStyle",
    "choropleth_map",
    "contribution_bars",
    "figure_json_size",
    "legend_labels",
    "map_payload",
    "rank_bands",
    "rank_changes",
]
