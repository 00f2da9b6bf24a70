"""The causes pages under Streamlit's AppTest, on the real session build.

Each page renders without an exception or error box, shows its result, offers a CSV
export, and reacts to a widget.
"""

from __future__ import annotations

import inspect
import json

from dashboard import server
from dashboard.data import causes
from tests.dashboard.apptest import assert_clean, open_page, widget


def metric(app, label: str) -> str:
    return widget(app, "metric", label).value


def number(text: str) -> float:
    """A number as the page writes it in Spanish (decimal comma, thin-space thousands)."""
    return float(text.replace("\u2009", "").replace(",", "."))


def download_labels(app) -> list[str]:
    return [element.proto.label for element in app.get("download_button")]


def test_spatial_page_shows_moran_and_only_significant_clusters(app):
    open_page(app, "patrones_espaciales")
    assert app.title[0].value == "Patrones espaciales"
    moran_text = metric(app, "I de Moran")
    assert "," in moran_text  # decimal comma in Spanish
    moran = number(moran_text)
    assert 0.3 < moran < 1.0  # poverty (default) is strongly clustered
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    legend = [trace["name"] for trace in figure["data"]]
    assert "No significativo" in legend
    assert figure["layout"]["map"]["fitbounds"] == "locations"
    assert "CSV" in download_labels(app)
    widget(app, "selectbox", "Indicador").set_value("emigracion_hogar").run()
    assert_clean(app)
    assert number(metric(app, "I de Moran")) != moran


def test_spatial_page_smoothing_and_lens(app):
    open_page(app, "patrones_espaciales")
    widget(app, "selectbox", "Indicador").set_value("tasa_delitos")
    widget(app, "selectbox", "Suavizado de tasas").set_value("global").run()
    assert_clean(app)
    widget(app, "selectbox", "Desagregar por").set_value("area").run()
    assert_clean(app)
    # No group chosen yet: the whole country is mapped and Moran's I is compared by group.
    assert int(metric(app, "Territorios")) == 340
    by_group = app.dataframe[0].value
    assert set(by_group["Grupo"]) == {"Rural", "Urbana"}
    assert by_group["Territorios"].sum() == 340
    widget(app, "selectbox", "Grupo").set_value("rural").run()
    assert_clean(app)
    assert int(metric(app, "Territorios")) == 217


def test_typology_page_names_groups_and_shows_criterion(app):
    open_page(app, "tipologias")
    assert app.title[0].value == "Tipologías territoriales"
    table = app.dataframe[0].value
    assert table["Territorios"].sum() == 340
    assert table["Nombre"].str.len().min() > 5
    assert any("silueta" in m.value for m in app.markdown)
    # the missing-data policy is said: every municipio has all its theme scores
    coverage = "340 territorios agrupados; 0 sin puntaje en algún tema quedan fuera"
    assert any(c.value.startswith(coverage) for c in app.caption), [c.value for c in app.caption]
    widget(app, "selectbox", "Número de grupos").set_value(5).run()
    assert_clean(app)
    assert len(app.dataframe[0].value) == 5
    assert "CSV" in download_labels(app)


def test_the_server_prepares_the_typology_the_first_view_asks_for(app, monkeypatch):
    """dashboard.server prepares a typology so that the page's first view finds it
    computed: both must ask for exactly the same arguments."""
    real = causes.typology_result
    asked: list[dict] = []

    def spy(*args, **kwargs):
        bound = inspect.signature(real).bind(*args, **kwargs)
        bound.apply_defaults()
        asked.append(dict(bound.arguments))
        return real(*args, **kwargs)

    monkeypatch.setattr(causes, "typology_result", spy)
    open_page(app, "tipologias")
    page = list(asked)
    assert page, "the page asked for no typology"
    (prepare,) = [step for name, step in server._warm_steps() if name == "typology"]
    prepare()
    assert asked[len(page) :] == [page[0]]
    assert page[0]["level"] == "municipio" and page[0]["n_groups"] is None


def test_factors_page_warns_and_reports_cv(app):
    open_page(app, "factores")
    assert any("no causalidad" in w.value for w in app.warning)
    r2 = number(metric(app, "R² validado · flexible"))
    assert -1.0 < r2 < 1.0
    assert int(metric(app, "Pliegues (departamentos)")) == 22
    assert "CSV" in download_labels(app)


def test_trends_page_growth_and_series_switch(app):
    open_page(app, "tendencias")
    assert app.title[0].value == "Tendencias"
    assert len(app.dataframe) >= 1
    # Returnees open first; national growth from 2017.
    growth = app.dataframe[0].value
    assert int(growth["Primer año"].iloc[0]) == 2017
    widget(app, "selectbox", "Serie").set_value("poblacion_proyectada").run()
    assert_clean(app)
    widget(app, "radio", "Nivel territorial").set_value("municipio").run()
    assert_clean(app)
    growth = app.dataframe[0].value
    assert len(growth) >= 338
    growth_pct = growth["Crecimiento anual compuesto (%)"]  # written for the reader: «1,2»
    growth_pct = growth_pct.str.replace("\u2009", "").str.replace(",", ".").astype(float)
    assert growth_pct.between(-10, 15).all()
    assert "CSV" in download_labels(app)


def test_english_labels(app):
    app.session_state["lang"] = "en"
    open_page(app, "tipologias")
    assert app.title[0].value == "Territorial typologies"
    groups = app.dataframe[0].value
    assert list(groups.columns) == ["Group", "Territories", "Name"]
    profiles = [c.value for c in app.caption if c.value.startswith("Group ")]
    assert all("against the national average" in text for text in profiles)
    assert len(profiles) == len(groups)
    spanish = ("alta", "baja", "promedio", "territorios", "migración", "pobreza")
    for text in [*groups["Name"], *profiles]:
        assert not any(word in text.lower() for word in spanish), text
    coverage = "340 territories grouped; 0 without a score in some theme are left out"
    assert any(c.value.startswith(coverage) for c in app.caption)


def test_spatial_tables_in_english(app):
    app.session_state["lang"] = "en"
    open_page(app, "patrones_espaciales")
    assert "." in metric(app, "Moran's I")
    headers = list(app.dataframe[-1].value.columns)
    assert "Cluster" in headers and "cluster" not in headers and "spatial_lag" not in headers


def test_factor_page_in_english(app):
    app.session_state["lang"] = "en"
    open_page(app, "factores")
    texts = [c.value for c in app.caption]
    assert not any("gradient_boosting" in text or "lineal" in text for text in texts)
    predictions = app.dataframe[-1].value
    assert "Against expectation" in predictions.columns
    assert set(predictions["Against expectation"]) <= {
        "More migration than expected",
        "As expected",
        "Less migration than expected",
    }
    legend = [trace["name"] for trace in json.loads(app.get("plotly_chart")[-1].proto.spec)["data"]]
    assert "As expected" in legend


def test_typology_page_proposes_contiguous_regions(app):
    open_page(app, "tipologias")
    widget(app, "toggle", "Proponer regiones contiguas").set_value(True).run()
    assert_clean(app)
    assert any(c.value.startswith("340 territorios en regiones; 0 ") for c in app.caption)
    assert len(app.get("plotly_chart")) >= 4  # groups map, criterion, heat map, regions map


def test_category_map_lists_categories_in_order_and_missing_last():
    import pandas as pd

    from dashboard.figures.causes import category_map

    frame = pd.DataFrame({"name": ["a", "b"], "c": ["y", "x"]}, index=[101, 102])
    figure = category_map(
        {"type": "FeatureCollection", "features": []},
        frame,
        category="c",
        order=["x", "y", "z"],
        colors=["red", "green", "blue"],
        display={"x": "Equis"},
        missing=pd.Series({103: "c"}),
        missing_label="sin dato",
    )
    assert [trace.name for trace in figure.data] == ["Equis", "y", "sin dato"]
    assert list(figure.data[0].locations) == [102]
    assert figure.layout.map.fitbounds == "locations"
    assert figure.layout.legend.orientation == "h"  # below the map, readable on a phone


def test_heatmap_keeps_whole_group_names_and_local_decimals():
    import pandas as pd

    from dashboard.figures.causes import centroid_heatmap

    name = "1. Migración muy alta · exclusión demográfica muy alta · vulnerabilidad climática"
    figure = centroid_heatmap(
        pd.DataFrame({"migracion": [1.25]}, index=[1]),
        row_labels=[name],
        column_labels=["Migración"],
        title="z",
        language="es",
    )
    assert figure.data[0].y[0].replace("<br>", " ") == name
    assert figure.data[0].text[0][0] == "1,2"


def test_the_page_offers_the_engines_clustering_methods():
    from analysis.causes.typology import METHODS
    from dashboard.data.causes import TYPOLOGY_METHODS

    assert TYPOLOGY_METHODS == METHODS
