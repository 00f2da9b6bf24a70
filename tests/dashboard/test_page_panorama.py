"""Panorama: headlines with units, the national map and the top priorities."""

from __future__ import annotations

from tests.dashboard.apptest import assert_clean, svg_map


def legend(payload: dict) -> list[str]:
    return [label for _, label in payload["legend"]]


def test_panorama_map_follows_the_indicator(app):
    app.run()
    assert_clean(app)
    assert [m.value for m in app.metric][0] == "340"
    before = legend(svg_map(app))
    assert before[-1] != "sin dato" or len(before) > 1
    app.selectbox(key="panorama.indicator").set_value("tasa_delitos").run()
    assert_clean(app)
    after = legend(svg_map(app))
    assert before != after
    assert len(app.dataframe[0].value) == 340  # the data table behind the map


def test_panorama_map_fits_the_country_and_shows_missing_in_the_legend(app):
    app.run()
    drawn = svg_map(app)
    # the whole country: every municipio is coloured, the boundaries are the cached file
    assert len(drawn["fill"]) == 340 and isinstance(drawn["geometry"], str)
    assert drawn["label"]  # what the map shows, for a screen reader
    app.selectbox(key="panorama.indicator").set_value("tasa_delitos").run()
    assert "sin dato" in legend(svg_map(app)) or all(
        "sin dato" not in str(row) for row in app.dataframe[0].value.to_numpy()
    )


def test_overview_headlines_match_published_figures_with_units(app):
    app.run()
    assert_clean(app)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Pobreza total 2023 (nacional)"].replace("\u00a0", " ") == "56,0 %"
    assert metrics["Municipios"] == "340"
    # The unit is in the label, so that the value fits its column (no «9.2 per 100 househ…»).
    label, emigrants = next((k, v) for k, v in metrics.items() if k.startswith("Emigrantes"))
    assert "por 100 hogares" in label and "," in emigrants and "hogares" not in emigrants
    assert any("módulo de emigración" in c.value for c in app.caption)


def test_top_priorities_and_sources_keep_their_columns(app):
    app.run()
    top = app.dataframe[1].value
    assert list(top.columns) == ["Posición", "Territorio", "Puntaje de prioridad"]
    assert len(top) == 15
    sources = app.dataframe[2].value
    assert "Año de los datos" in sources.columns and "Título" in sources.columns
