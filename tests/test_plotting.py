"""Static figures: classes, missing values, footer stamp and safe saving."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
from matplotlib.colors import to_hex
from shapely.geometry import box

from analysis import plotting
from analysis.errors import RaicesError


@pytest.fixture
def strip() -> gpd.GeoDataFrame:
    """Six unit squares in a row with one missing value."""
    values = [1.0, 2.0, 3.0, 4.0, 5.0, math.nan]
    return gpd.GeoDataFrame(
        {"valor": values},
        geometry=[box(i, 0, i + 1, 1) for i in range(6)],
        index=[101, 102, 103, 104, 105, 106],
        crs="EPSG:4326",
    )


def _legend_labels(figure) -> list[str]:
    return [text.get_text() for text in figure.legends[0].get_texts()]


def test_choropleth_counts_missing_and_classes(strip):
    figure = plotting.choropleth(strip, "valor", k=3, title="t")
    labels = _legend_labels(figure)
    assert labels[-1] == "sin dato  (1)"
    counts = [int(label.rsplit("(", 1)[1].rstrip(")")) for label in labels[:-1]]
    assert sum(counts) == 5
    assert len(counts) == 3


def test_choropleth_missing_territory_is_grey(strip):
    figure = plotting.choropleth(strip, "valor", k=2)
    collection = figure.axes[0].collections[0]
    faces = [to_hex(c) for c in collection.get_facecolor()]
    assert faces[5] == plotting.MISSING_COLOR
    assert faces[0] != plotting.MISSING_COLOR
    # Higher values get a darker class than lower ones with a sequential colormap.
    assert faces[0] != faces[4]


def test_choropleth_few_distinct_values_uses_one_class_each(strip):
    strip["valor"] = [1.0, 1.0, 2.0, 2.0, 2.0, np.nan]
    labels = _legend_labels(plotting.choropleth(strip, "valor", k=5, decimals=0))
    assert labels[:2] == ["1  (2)", "2  (3)"]


def test_choropleth_all_missing_draws_note(strip):
    strip["valor"] = np.nan
    figure = plotting.choropleth(strip, "valor")
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert "Sin datos para este indicador" in texts
    assert _legend_labels(figure) == ["sin dato  (6)"]


def test_choropleth_highlight_and_footer(strip):
    footer = plotting.footer_text(scenario_hash="0123456789abcdefff", data_vintage="2026-11-29")
    figure = plotting.choropleth(strip, "valor", highlight=[103], footer=footer)
    assert "selección" in _legend_labels(figure)
    assert footer in [t.get_text() for t in figure.texts]
    assert "escenario 0123456789ab" in footer


def test_choropleth_errors_name_the_column(strip):
    with pytest.raises(RaicesError, match="no_existe"):
        plotting.choropleth(strip, "no_existe")
    with pytest.raises(RaicesError, match="clasificación"):
        plotting.choropleth(strip, "valor", scheme="magia")


def test_contribution_bars_sorted_and_labelled():
    figure = plotting.contribution_bars(
        {"a": 0.1, "b": 0.5, "c": float("nan")}, labels={"b": "Bee"}, decimals=1
    )
    ticks = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert ticks == ["c", "a", "Bee"]
    assert "sin dato" in [t.get_text() for t in figure.axes[0].texts]
    assert "0,5" in [t.get_text() for t in figure.axes[0].texts]


def test_save_writes_png_and_svg_without_leftovers(strip, tmp_path):
    figure = plotting.choropleth(strip, "valor")
    written = plotting.save(figure, tmp_path / "mapa.png", formats=["png", "svg"])
    assert [p.name for p in written] == ["mapa.png", "mapa.svg"]
    assert written[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in written[1].read_bytes()[:500]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mapa.png", "mapa.svg"]
    with pytest.raises(RaicesError, match="formato"):
        plotting.save(figure, tmp_path / "mapa.gif")


def test_png_bytes_is_png(strip):
    assert plotting.to_png_bytes(plotting.choropleth(strip, "valor"))[:4] == b"\x89PNG"
