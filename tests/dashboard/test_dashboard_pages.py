"""Every dashboard page under Streamlit's AppTest, on the real session build.

Each page must render without an exception or an error box, and a widget change must
change what the page shows.
"""

from __future__ import annotations

import json

import pytest
import streamlit as st

from tests.dashboard.apptest import APP, TIMEOUT, assert_clean, open_page


def figure(app, index: int = 0) -> dict:
    """The plotly figure of the ``index``-th chart on the page."""
    return json.loads(app.get("plotly_chart")[index].proto.spec)


def values(encoded) -> list:
    """A plotly array as a list (plotly sends numpy arrays base64-encoded)."""
    if isinstance(encoded, dict) and "bdata" in encoded:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(encoded["bdata"]), dtype=encoded["dtype"]).tolist()
    return list(encoded)


# --------------------------------------------------------------------------- frame
def test_frame_runs_the_overview_in_spanish(app):
    app.run()
    assert_clean(app)
    assert app.title[0].value == "Raíces · Panorama"
    assert any("raices build" not in w.value for w in app.warning) or not app.warning


def test_language_switch_translates_the_page(app):
    app.run()
    app.selectbox(key="lang").set_value("en").run()
    assert_clean(app)
    assert app.title[0].value == "Raíces · Overview"
    assert app.metric[0].label == "Municipalities"


def test_missing_database_gives_a_friendly_message(app, tmp_path, monkeypatch):
    monkeypatch.setenv("RAICES_DB", str(tmp_path / "nothing.duckdb"))
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        app.run()
        assert not app.exception
        assert any("raices build" in w.value for w in app.warning)
    finally:
        monkeypatch.undo()
        st.cache_data.clear()
        st.cache_resource.clear()


# --------------------------------------------------------------------------- panorama
def test_panorama_map_follows_the_indicator(app):
    app.run()
    assert_clean(app)
    assert [m.value for m in app.metric][0] == "340"
    before = figure(app)["data"][0]["colorbar"]["ticktext"]
    app.selectbox(key="panorama.indicator").set_value("tasa_delitos").run()
    assert_clean(app)
    after = figure(app)["data"][0]["colorbar"]["ticktext"]
    assert before != after
    assert len(app.dataframe[0].value) == 340  # the data table behind the map


# --------------------------------------------------------------------------- mapa
def test_mapa_level_indicator_and_classification(app):
    open_page(app, "mapa")
    table = app.dataframe[0].value
    assert len(table) == 340
    app.radio(key="level").set_value("departamento").run()
    assert_clean(app)
    assert len(app.dataframe[0].value) == 22
    app.selectbox(key="indicator").set_value("pobreza").run()
    first = figure(app)["data"][0]["colorbar"]["ticktext"]
    app.selectbox(key="mapa.scheme").set_value("equal_interval").run()
    assert_clean(app)
    assert figure(app)["data"][0]["colorbar"]["ticktext"] != first


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
    ticks = figure(app)["data"][0]["colorbar"]["ticktext"]
    assert len(ticks) == 5
    assert any("escenario" in c.value for c in app.caption)


def test_mapa_pick_territory_shows_it_and_outlines_it(app):
    open_page(app, "mapa")
    app.selectbox(key="mapa.pick.municipio").set_value(1301).run()
    assert_clean(app)
    assert any("Huehuetenango" in m.value for m in app.markdown if "**" in m.value)
    outlined = figure(app)["data"][-1]
    assert values(outlined["locations"]) == [1301]


# --------------------------------------------------------------------------- perfil
def test_perfil_shows_indicators_against_department_and_country(app):
    app.session_state["territory"] = ("municipio", 1301)
    open_page(app, "perfil")
    assert app.header[0].value == "Huehuetenango (Huehuetenango)"
    table = app.dataframe[0].value
    assert {"Este territorio", "Departamento", "Nacional", "Percentil nacional"} <= set(
        table.columns
    )
    assert len(table) > 30
    assert any(m.label == "Posición" for m in app.metric)
    app.selectbox(key="perfil.pick.municipio").set_value(101).run()
    assert_clean(app)
    assert app.header[0].value.startswith("Guatemala")


def test_perfil_departamento(app):
    open_page(app, "perfil")
    app.radio(key="level.perfil").set_value("departamento").run()
    app.selectbox(key="perfil.pick.departamento").set_value(16).run()
    assert_clean(app)
    assert app.header[0].value == "Alta Verapaz"
    assert "Departamento" not in app.dataframe[0].value.columns


# --------------------------------------------------------------------------- priorizacion
def _hash(app) -> str:
    return next(c.value for c in app.caption if c.value.startswith("Huella del escenario"))


def test_priorizacion_weight_change_reranks(app):
    open_page(app, "priorizacion")
    before_hash = _hash(app)
    before = app.dataframe[0].value.iloc[:15, 1].tolist()
    link = app.query_params["s"]
    app.slider(key="prior.theme.migracion").set_value(5.0).run()
    assert_clean(app)
    assert _hash(app) != before_hash
    assert app.dataframe[0].value.iloc[:15, 1].tolist() != before
    assert app.query_params["s"] != link  # the shareable link follows the scenario


def test_priorizacion_rate_smoothing_is_a_scenario_choice(app):
    open_page(app, "priorizacion")
    before = _hash(app)
    app.selectbox(key="prior.smooth_rates").set_value("global").run()
    assert_clean(app)
    assert _hash(app) != before


def test_priorizacion_constraint_has_a_cost(app):
    open_page(app, "priorizacion")
    app.number_input(key="prior.max_per_dept").set_value(2).run()
    assert_clean(app)
    selected = app.dataframe[0].value
    chosen = selected[selected.iloc[:, -1] == "✓"]
    assert len(chosen) == 15
    costs = app.dataframe[1].value
    assert "máximo por departamento" in costs.iloc[0, 0]
    assert costs.iloc[0, 1] > 0


def test_priorizacion_infeasible_constraints_explained(app):
    open_page(app, "priorizacion")
    app.number_input(key="prior.k").set_value(30).run()
    app.number_input(key="prior.max_per_dept").set_value(1).run()
    assert not app.exception
    assert any("no se pueden cumplir" in e.value for e in app.error)


def test_priorizacion_shared_link_restores_the_scenario(app, dashboard_db):
    from streamlit.testing.v1 import AppTest

    open_page(app, "priorizacion")
    app.slider(key="prior.theme.violencia_inseguridad").set_value(3.0).run()
    link = app.query_params["s"]
    wanted = _hash(app)
    fresh = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    fresh.query_params["s"] = link
    open_page(fresh, "priorizacion")
    assert fresh.slider(key="prior.theme.violencia_inseguridad").value == 3.0
    assert _hash(fresh) == wanted


def test_priorizacion_bad_link_is_a_message_not_a_traceback(app):
    app.query_params["s"] = "not-a-scenario"
    app.switch_page("views/priorizacion.py")
    app.run()
    assert not app.exception
    assert any("enlace compartido" in e.value for e in app.error)


def test_priorizacion_preset_changes_weights(app):
    open_page(app, "priorizacion")
    app.selectbox(key="prior.preset").set_value("migracion").run()
    assert_clean(app)
    assert app.slider(key="prior.theme.migracion").value == 5.0


# --------------------------------------------------------------------------- comparar
def test_comparar_two_presets(app):
    open_page(app, "comparar")
    summary = app.dataframe[0].value
    assert len(summary) == 1
    overlap_15 = summary.iloc[0, 3]
    app.number_input(key="comp.k").set_value(40).run()
    assert_clean(app)
    assert app.dataframe[0].value.iloc[0, 3] != overlap_15
    assert app.dataframe[0].value.iloc[0, 3].endswith("/ 40")


def test_comparar_kept_scenario_is_offered(app):
    open_page(app, "priorizacion")
    app.slider(key="prior.theme.clima_alimentacion").set_value(4.0).run()
    app.text_input(key="prior.name").set_value("Clima fuerte").run()
    app.button(key="prior.keep").click().run()
    assert_clean(app)
    open_page(app, "comparar")
    assert "kept:Clima fuerte" in app.multiselect(key="comp.pick").value


# --------------------------------------------------------------------------- datos
def test_datos_sources_and_dictionary(app):
    open_page(app, "datos")
    sources = app.dataframe[0].value
    assert {"publisher", "licence", "sha256"} <= set(sources.columns)
    assert sources["sha256"].str.len().max() == 64
    full = len(app.dataframe[1].value)
    app.selectbox(key="datos.theme").set_value("migracion").run()
    assert_clean(app)
    assert 0 < len(app.dataframe[1].value) < full


def test_mapa_split_by_ethnic_majority(app):
    open_page(app, "mapa")
    app.selectbox(key="indicator").set_value("pobreza").run()
    app.selectbox(key="mapa.split").set_value("etnia").run()
    assert_clean(app)
    summary = app.dataframe[0].value
    assert set(summary["Grupo"]) == {"mayoría indígena", "mayoría no indígena"}
    assert summary["Municipios con dato"].sum() == 340
    app.selectbox(key="mapa.group.etnia").set_value("mayoría indígena").run()
    assert_clean(app)
    shown = app.dataframe[1].value["value"]
    assert 0 < shown.notna().sum() < 340


# --------------------------------------------------------------------------- exports
def test_exports_carry_the_stamp(dashboard_db):
    import io

    import pandas as pd

    from dashboard import data

    frame = data.map_table(data.indicator_map_frame("departamento", "pobreza"))
    stamp = data.stamp("abc123def456")
    assert "Raíces" in stamp and "escenario abc123def456" in stamp
    csv = data.csv_bytes(frame, stamp).decode("utf-8")
    assert csv.splitlines()[0] == f"# {stamp}"
    back = pd.read_csv(io.StringIO(csv), comment="#", index_col="code")
    assert len(back) == 22 and back["value"].between(0, 1).all()
    workbook = pd.read_excel(io.BytesIO(data.xlsx_bytes(frame, stamp)), sheet_name=None)
    assert set(workbook) == {"datos", "metadatos"}
    assert stamp in workbook["metadatos"]["valor"].tolist()
    collection = json.loads(data.geojson_bytes("departamento", frame, stamp))
    assert collection["metadata"]["stamp"] == stamp
    assert len(collection["features"]) == 22
    png = data.static_map(
        "departamento", frame["value"], "Pobreza", "proporción", "quantiles", 5, True, stamp, "png"
    )
    svg = data.static_map(
        "departamento", frame["value"], "Pobreza", "proporción", "quantiles", 5, True, stamp, "svg"
    )
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in svg[:500] and b"abc123def456" in svg


def test_context_analysis_pdf_and_png(dashboard_db):
    import io

    from pypdf import PdfReader

    from dashboard import data

    report = data.context_report("municipio", 1304)
    pdf = report["pdf"]()
    assert pdf[:5] == b"%PDF-"
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Cuilco" in text
    png = report["png"]()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    departamento = data.context_report("departamento", 16)
    assert departamento["pdf"] is None
    assert departamento["png"]()[:8] == b"\x89PNG\r\n\x1a\n"


def test_share_link_round_trip_and_damage(dashboard_db):
    from analysis.errors import RaicesError
    from dashboard import data

    text = data.preset_toml("migracion")
    link = data.scenario_to_param(text)
    assert len(link) < 2000  # fits comfortably in a URL
    assert (
        data.parse_scenario(data.scenario_from_param(link)).hash()
        == data.parse_scenario(text).hash()
    )
    with pytest.raises(RaicesError):
        data.scenario_from_param(link[:-10])


def test_scenario_files_good_and_bad(dashboard_db):
    from analysis.errors import RaicesError
    from dashboard import data

    text = data.preset_toml("migracion")
    assert data.parse_scenario(data.scenario_from_file("e.toml", text.encode())).hash() == (
        data.parse_scenario(text).hash()
    )
    as_json = json.dumps(data.parse_scenario(text).to_dict()).encode()
    assert (
        data.parse_scenario(data.scenario_from_file("e.json", as_json)).name
        == "Guiado por la migración"
    )
    with pytest.raises(RaicesError, match="e.toml"):
        data.scenario_from_file("e.toml", b"[themes]\nmigracion = -1\n")
    with pytest.raises(RaicesError, match="JSON"):
        data.scenario_from_file("e.json", b"{not json")
    with pytest.raises(RaicesError, match="UTF-8"):
        data.scenario_from_file("e.toml", "name = 'Año'".encode("latin-1"))


@pytest.mark.parametrize(
    "page", ["panorama", "mapa", "perfil", "priorizacion", "comparar", "datos"]
)
def test_every_page_renders_in_english(app, page):
    from dashboard import i18n

    app.session_state["lang"] = "en"
    app.session_state["territory"] = ("municipio", 1304)
    open_page(app, page)
    shown = [
        e.value
        for kind in ("title", "header", "subheader", "caption", "markdown")
        for e in getattr(app, kind)
    ]
    assert shown
    assert not [text for text in shown if text in i18n.STRINGS], (
        "untranslated i18n keys on the page"
    )
    spanish_title = i18n.translate(
        f"{'prior' if page == 'priorizacion' else 'comp' if page == 'comparar' else page}.title",
        "es",
    )
    assert all(spanish_title != e.value for e in app.title)


def test_priorizacion_departamento_level_ignores_municipal_constraints(app):
    open_page(app, "priorizacion")
    app.slider(key="prior.min_indigenous_share").set_value(0.5).run()
    app.multiselect(key="prior.must_include").set_value([1304]).run()
    assert_clean(app)
    app.radio(key="prior.level").set_value("departamento").run()
    app.number_input(key="prior.k").set_value(5).run()
    assert_clean(app)
    table = app.dataframe[0].value
    assert len(table) == 22
    assert (table.iloc[:, -1] == "✓").sum() == 5


def test_mapa_theme_score_by_departamento(app):
    open_page(app, "mapa")
    app.radio(key="level").set_value("departamento").run()
    app.radio(key="mapa.kind").set_value("theme").run()
    app.selectbox(key="mapa.theme").set_value("pobreza_economia").run()
    assert_clean(app)
    table = app.dataframe[0].value
    assert len(table) == 22
    assert table["value"].between(0, 100).all()


def test_priorizacion_all_weights_zero_is_a_message(app):
    open_page(app, "priorizacion")
    for theme in ("migracion", "pobreza_economia", "violencia_inseguridad", "clima_alimentacion",
                  "servicios_educacion", "demografia_exclusion"):  # fmt: skip
        app.slider(key=f"prior.theme.{theme}").set_value(0.0)
    app.run()
    assert not app.exception
    assert app.error  # a plain-language reason, the sliders still on the page
    assert app.slider(key="prior.theme.migracion").value == 0.0


def test_priorizacion_reset_returns_to_the_preset(app):
    open_page(app, "priorizacion")
    first = _hash(app)
    app.slider(key="prior.theme.migracion").set_value(4.0).run()
    assert _hash(app) != first
    app.button(key="prior.reset").click().run()
    assert_clean(app)
    assert app.slider(key="prior.theme.migracion").value == 1.0
    assert _hash(app) == first


def test_priorizacion_population_cap(app):
    open_page(app, "priorizacion")
    app.number_input(key="prior.max_population").set_value(300_000).run()
    assert_clean(app)
    costs = app.dataframe[1].value
    assert any("población" in str(c) for c in costs.iloc[:, 0])
    assert costs.iloc[:, 1].max() > 0


def test_overview_headlines_match_published_figures(app):
    app.run()
    assert_clean(app)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Pobreza total 2023 (nacional)"] == "56,0 %"  # INE/SEGEPLAN: 56.0 %
    assert metrics["Municipios"] == "340"
