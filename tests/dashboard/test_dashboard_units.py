"""Pure parts of the dashboard: classification, figures, i18n, exports, share links."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.classify import classify
from dashboard import figures, i18n

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "dashboard"


# --------------------------------------------------------------------------- classification
@pytest.mark.parametrize("k", [3, 5, 7])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_classification_matches_mapclassify(k, seed):
    mapclassify = pytest.importorskip("mapclassify")
    values = np.random.default_rng(seed).gamma(2.0, size=340)
    for scheme, reference in (
        ("quantiles", mapclassify.Quantiles),
        ("natural_breaks", mapclassify.FisherJenks),
        ("equal_interval", mapclassify.EqualInterval),
    ):
        breaks, classes = classify(values, scheme, k)
        np.testing.assert_allclose(breaks, reference(values, k=k).bins, err_msg=scheme)
        assert classes.min() == 0 and classes.max() == k - 1


def test_classification_missing_values_and_few_distinct():
    breaks, classes = classify([1.0, 1.0, 2.0, np.nan], "quantiles", 5)
    assert breaks.tolist() == [1.0, 2.0]
    assert classes.tolist() == [0, 0, 1, -1]
    breaks, classes = classify([np.nan, np.nan], "natural_breaks", 5)
    assert breaks.size == 0 and classes.tolist() == [-1, -1]
    with pytest.raises(ValueError):
        classify([1.0], "kmeans", 3)


def test_legend_labels_are_contiguous_ranges():
    labels = figures.legend_labels(np.array([2.5, 4.0]), 1.0, "es")
    assert labels == ["1,00 – 2,50", "2,50 – 4,00"]


# --------------------------------------------------------------------------- map figure
def _squares(n: int) -> dict:
    features = []
    for i in range(n):
        ring = [[i, 0], [i + 1, 0], [i + 1, 1], [i, 1], [i, 0]]
        features.append(
            {
                "type": "Feature",
                "id": 100 + i,
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def test_choropleth_one_legend_entry_per_class_missing_and_highlight():
    frame = pd.DataFrame(
        {
            "name": ["a", "b", "c", "d"],
            "value": [1.0, 2.0, np.nan, 4.0],
            "rank_text": ["3", "2", "–", "1"],
        },
        index=[100, 101, 102, 103],
    )
    style = figures.MapStyle(k=3, highlight=(101,), legend_title="t", highlight_label="Piloto")
    figure = figures.choropleth_map(_squares(4), frame, style)
    *classes, missing, outline = figure.data
    assert len(classes) == 3
    assert sorted(int(c) for trace in classes for c in trace.locations) == [100, 101, 103]
    assert [trace.name for trace in classes] == [
        "1,00 – 1,00",
        "1,00 – 2,00",
        "2,00 – 4,00",
    ] or all("–" in trace.name for trace in classes)
    assert list(missing.locations) == [102] and missing.name == "sin dato"
    assert list(outline.locations) == [101] and outline.name == "Piloto"
    assert all(trace.showlegend for trace in figure.data)
    assert int(classes[0].customdata[0][0]) == 100  # the code a click selection returns
    assert figure.layout.map.style == figures.BLANK_STYLE  # no tile fetch: works offline
    # fitted by the browser to the territories drawn, whatever the map's width
    assert figure.layout.map.fitbounds == "locations" and figure.layout.map.zoom is None
    assert figure.layout.legend.orientation == "h" and figure.layout.legend.yanchor == "top"


def test_reverse_palette_puts_dark_on_high_values():
    frame = pd.DataFrame(
        {"name": list("abcde"), "value": [1.0, 2.0, 3.0, 4.0, 5.0]}, index=range(100, 105)
    )
    normal = figures.choropleth_map(_squares(5), frame, figures.MapStyle(k=5)).data
    flipped = figures.choropleth_map(_squares(5), frame, figures.MapStyle(k=5, reverse=True)).data
    assert normal[0].colorscale[0][1] == flipped[-1].colorscale[0][1]


def test_map_legend_writes_numbers_for_the_reader():
    frame = pd.DataFrame({"name": list("ab"), "value": [0.25, 0.75]}, index=[100, 101])
    spanish = (
        figures.choropleth_map(_squares(2), frame, figures.MapStyle(k=2, language="es"))
        .data[0]
        .name
    )
    english = (
        figures.choropleth_map(_squares(2), frame, figures.MapStyle(k=2, language="en"))
        .data[0]
        .name
    )
    assert "0,250" in spanish and "0.250" in english


def test_rank_bands_and_slope_chart_build():
    table = pd.DataFrame(
        {
            "name": ["a", "b"],
            "rank": [1, 2],
            "rank_low": [1, 1],
            "rank_high": [3, 5],
            "selected": [True, False],
        }
    )
    bands = figures.rank_bands(
        table, selected_label="Piloto", other_label="Fuera", band_label="Banda",
        number=lambda v: f"{v:.1f}".replace(".", ","),
    )  # fmt: skip
    rows = re.findall(r'<div title="([^"]*)" data-rank="(\d+)"', bands)
    assert [rank for _, rank in rows] == ["1", "2"]  # best rank on top
    assert rows[1][0] == "b: rank 2,0 · Banda 1,0–5,0"  # the reader's decimal mark
    assert "#d62728" in bands.split('data-rank="1"')[1].split("</div>")[0]  # a: selected, red
    assert "Piloto" in bands and "Fuera" in bands and "entre" not in bands
    with_methods = table.assign(method_rank_min=[1, 1], method_rank_max=[9, 4])
    assert "m 1–9" in figures.rank_bands(with_methods, method_label="m")
    # names are text: markup typed into a name is shown, never run
    assert "<b>" not in figures.rank_bands(table.assign(name=["<b>x</b>", "y"]))
    slope = figures.rank_changes(
        pd.DataFrame({"name": ["a", "b"], "x": [1, 2], "y": [2, 1]}), columns=["x", "y"]
    )
    assert len(slope.data) == 2


# --------------------------------------------------------------------------- i18n
def test_every_string_has_spanish_and_english():
    for key, (spanish, english) in i18n.STRINGS.items():
        assert spanish.strip() and english.strip(), key
        assert set(re.findall(r"{(\w+)", spanish)) == set(re.findall(r"{(\w+)", english)), key


def _used_keys() -> set[str]:
    keys = set()
    for path in DASHBOARD.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) in {"t", "translate"}
                and (
                    node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                    # i18n keys are "<domain>.<name>"; a page's own local t("title") is not one
                    and "." in node.args[0].value
                )
            ):
                keys.add(node.args[0].value)
    return keys


def test_every_literal_key_used_in_the_dashboard_exists():
    missing = sorted(k for k in _used_keys() if k not in i18n.STRINGS)
    assert not missing, missing


def test_register_refuses_to_overwrite():
    with pytest.raises(KeyError):
        i18n.register({"app.title": ("x", "y")})
    i18n.register({"test.unit.only": ("hola", "hello")})
    try:
        assert i18n.translate("test.unit.only", "en") == "hello"
    finally:
        i18n.STRINGS.pop("test.unit.only")


def test_analysis_never_imports_streamlit_and_figures_neither():
    for path in [
        *(ROOT / "analysis").rglob("*.py"),
        *(DASHBOARD / "figures").rglob("*.py"),
        *(DASHBOARD / "i18n").rglob("*.py"),
    ]:
        assert "import streamlit" not in path.read_text(encoding="utf-8"), path


def test_series_lines_leave_unpublished_years_as_gaps():
    from dashboard.figures.causes import series_lines

    series = pd.DataFrame({"code": [0, 0, 0], "year": [2017, 2018, 2022], "value": [1.0, 2.0, 3.0]})
    trace = series_lines(series, names={0: "Nacional"}, y_title="y", x_title="x").data[0]
    assert list(trace.x) == [2017, 2018, 2019, 2020, 2021, 2022]
    assert np.isnan(trace.y[2:5]).all() and trace.connectgaps is False
