"""Mapa de causas: level, indicator, classification, lens, groups, theme scores."""

from __future__ import annotations

from tests.dashboard.apptest import assert_clean, figure, legend, open_page, values


def test_mapa_level_indicator_and_classification(app):
    open_page(app, "mapa")
    assert len(app.dataframe[0].value) == 340
    app.radio(key="level").set_value("departamento").run()
    assert_clean(app)
    assert len(app.dataframe[0].value) == 22
    app.selectbox(key="indicator").set_value("pobreza").run()
    first = legend(figure(app))
    app.selectbox(key="mapa.scheme").set_value("equal_interval").run()
    assert_clean(app)
    assert legend(figure(app)) != first


def test_mapa_lens_keeps_only_lens_indicators(app):
    open_page(app, "mapa")
    app.selectbox(key="mapa.lens").set_value("genero").run()
    assert_clean(app)
    options = app.selectbox(key="indicator").options
    assert options and len(options) < 10
    assert "Pobreza total (incidencia)" not in options


def test_mapa_theme_score_is_stamped_with_the_scenario(app):
    open_page(app, "mapa")
    app.radio(key="mapa.kind").set_value("theme").run()
    assert_clean(app)
    assert len([n for n in legend(figure(app)) if "–" in n]) == 5
    assert any("escenario" in c.value for c in app.caption)


def test_mapa_pick_territory_shows_it_and_outlines_it(app):
    open_page(app, "mapa")
    app.selectbox(key="mapa.pick.municipio").set_value(1301).run()
    assert_clean(app)
    assert any("Huehuetenango" in text.value for text in app.text)
    outlined = figure(app)["data"][-1]
    assert values(outlined["locations"]) == [1301]
    assert outlined["name"] == "Seleccionado"


def test_mapa_split_by_ethnic_majority(app):
    open_page(app, "mapa")
    app.selectbox(key="indicator").set_value("pobreza").run()
    app.selectbox(key="mapa.split").set_value("etnia").run()
    assert_clean(app)
    summary = app.dataframe[0].value
    assert set(summary["Grupo"]) == {"Mayoría indígena", "Mayoría no indígena"}
    assert summary["Municipios con dato"].sum() == 340
    assert summary["Mediana"].str.contains(",").all()  # decimal comma in Spanish
    app.selectbox(key="mapa.group.etnia").set_value("mayoría indígena").run()
    assert_clean(app)
    table = app.dataframe[1].value
    shown = table[next(c for c in table.columns if str(c).startswith("Pobreza"))]
    assert 0 < (shown != "sin dato").sum() < 340
    drawn = {c for trace in figure(app)["data"] for c in values(trace["locations"])}
    assert len(drawn) == len(table) < 340  # the map draws, and fits, the group's area


def test_mapa_theme_score_by_departamento(app):
    open_page(app, "mapa")
    app.radio(key="level").set_value("departamento").run()
    app.radio(key="mapa.kind").set_value("theme").run()
    app.selectbox(key="mapa.theme").set_value("pobreza_economia").run()
    assert_clean(app)
    assert len(app.dataframe[0].value) == 22


def test_mapa_table_and_legend_in_english(app):
    app.session_state["lang"] = "en"
    open_page(app, "mapa")
    table = app.dataframe[0].value
    assert "territory" in table.columns and "rank" in table.columns
    assert "no data" in legend(figure(app)) or all("–" in n for n in legend(figure(app)))
