"""Priorización: the form commits once, the run is typed, the pilot is visible."""

from __future__ import annotations

import html
import io
import re

from tests.dashboard.apptest import (
    APP,
    TIMEOUT,
    apply_scenario,
    assert_clean,
    open_page,
    svg_map,
)


def _hash(app) -> str:
    return next(c.value for c in app.caption if c.value.startswith("Huella del escenario"))


def _ranked(app):
    return app.dataframe[0].value


def test_weight_change_waits_for_apply_then_reranks(app):
    open_page(app, "priorizacion")
    before_hash = _hash(app)
    before = _ranked(app)["Territorio"].iloc[:15].tolist()
    link = app.query_params["s"]
    app.select_slider(key="prior.theme.migracion").set_value(5.0).run()
    assert _hash(app) == before_hash  # moving a slider alone recomputes nothing
    app.select_slider(key="prior.theme.migracion").set_value(5.0)
    apply_scenario(app)
    assert _hash(app) != before_hash
    assert _ranked(app)["Territorio"].iloc[:15].tolist() != before
    assert app.query_params["s"] != link  # the shareable link follows the scenario


def test_pilot_column_comes_first_and_the_map_outlines_the_pilot(app):
    open_page(app, "priorizacion")
    table = _ranked(app)
    assert table.columns[0] == "Piloto"
    assert table["Piloto"].sum() == 15
    drawn = svg_map(app)
    assert drawn["legend"][-1][1] == "Piloto"
    assert set(drawn["outline"]) == {str(code) for code in table.index[table["Piloto"]]}
    assert len(drawn["fill"]) == 340
    assert all(text for text in drawn["tips"].values())  # every territory says what it is


def test_the_map_is_recoloured_in_place_after_a_weight_change(app):
    """The map keeps its element (same key) and receives only new colours and texts."""
    open_page(app, "priorizacion")
    before = svg_map(app)
    app.select_slider(key="prior.theme.migracion").set_value(5.0)
    apply_scenario(app)
    after = svg_map(app)
    assert after["geometry"] == before["geometry"]  # the boundaries are not sent again
    assert after["fill"] != before["fill"] or after["outline"] != before["outline"]
    assert isinstance(after["geometry"], str)  # a URL the browser caches


def test_band_chart_includes_every_selected_territory(app):
    open_page(app, "priorizacion")
    app.number_input(key="prior.max_per_dept").set_value(1)
    apply_scenario(app)
    table = _ranked(app)
    pilot = set(table.loc[table["Piloto"], "Territorio"])
    bands = next(e.proto.body for e in app.get("html") if "raices-bands" in e.proto.body)
    drawn = {html.unescape(name) for name in re.findall(r'<div title="([^":]*):', bands)}
    assert pilot <= drawn
    assert max(table.loc[table["Piloto"], "Posición"]) > 15  # pulled from below the top 15


def test_rate_smoothing_is_a_scenario_choice(app):
    open_page(app, "priorizacion")
    before = _hash(app)
    app.selectbox(key="prior.smooth_rates").set_value("global")
    apply_scenario(app)
    assert _hash(app) != before


def test_constraint_has_a_cost_and_the_joint_cost_is_stated(app):
    open_page(app, "priorizacion")
    app.number_input(key="prior.max_per_dept").set_value(2)
    apply_scenario(app)
    assert _ranked(app)["Piloto"].sum() == 15
    costs = app.dataframe[1].value
    assert "máximo por departamento" in costs.iloc[0, 0]
    assert float(costs.iloc[0, 1].replace(",", ".")) > 0
    assert any("Todas las restricciones juntas" in c.value for c in app.caption)


def test_infeasible_constraints_explained(app):
    open_page(app, "priorizacion")
    app.number_input(key="prior.k").set_value(30)
    app.number_input(key="prior.max_per_dept").set_value(1)
    app.button(key="prior.apply").click().run()
    assert not app.exception
    assert any("no se pueden cumplir" in e.value for e in app.error)


def test_shared_link_restores_the_scenario(app, dashboard_db):
    from streamlit.testing.v1 import AppTest

    open_page(app, "priorizacion")
    app.select_slider(key="prior.theme.violencia_inseguridad").set_value(3.0)
    apply_scenario(app)
    link = app.query_params["s"]
    wanted = _hash(app)
    fresh = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    fresh.query_params["s"] = link
    open_page(fresh, "priorizacion")
    assert fresh.select_slider(key="prior.theme.violencia_inseguridad").value == 3.0
    assert _hash(fresh) == wanted


def test_bad_link_is_a_message_not_a_traceback(app):
    app.query_params["s"] = "not-a-scenario"
    app.switch_page("views/priorizacion.py")
    app.run()
    assert not app.exception
    assert any("enlace compartido" in e.value for e in app.error)


def test_preset_changes_weights_and_name(app):
    open_page(app, "priorizacion")
    app.selectbox(key="prior.preset").set_value("migracion").run()
    assert_clean(app)
    from dashboard import data

    wanted = data.parse_scenario(data.preset_toml("migracion")).themes["migracion"]
    assert app.select_slider(key="prior.theme.migracion").value == wanted > 1.0
    assert "Guiado por la migración" in [t.value for t in app.text]


def test_edited_scenario_is_marked_modified_and_kept_under_that_name(app):
    open_page(app, "priorizacion")
    assert "Pesos iguales" in [t.value for t in app.text]
    app.select_slider(key="prior.theme.servicios_educacion").set_value(4.0)
    apply_scenario(app)
    assert "Pesos iguales (modificado)" in [t.value for t in app.text]
    app.button(key="prior.keep").click().run()
    assert_clean(app)
    open_page(app, "comparar")
    assert "Pesos iguales (modificado)" in app.multiselect(key="comp.pick").options


def test_user_given_name_is_kept_for_comparison(app):
    open_page(app, "priorizacion")
    app.select_slider(key="prior.theme.servicios_educacion").set_value(4.0)
    apply_scenario(app)
    app.text_input(key="prior.name").set_value("Clima fuerte").run()
    app.button(key="prior.keep").click().run()
    assert_clean(app)
    open_page(app, "comparar")
    assert "kept:Clima fuerte" in app.multiselect(key="comp.pick").value


def test_departamento_level_ignores_municipal_constraints(app):
    open_page(app, "priorizacion")
    app.select_slider(key="prior.min_indigenous_share").set_value(0.5)
    app.multiselect(key="prior.must_include").set_value([1304])
    apply_scenario(app)
    app.radio(key="prior.level").set_value("departamento").run()
    app.number_input(key="prior.k").set_value(5)
    apply_scenario(app)
    table = _ranked(app)
    assert len(table) == 22
    assert table["Piloto"].sum() == 5


def test_all_weights_zero_is_a_message(app):
    open_page(app, "priorizacion")
    for slider in app.select_slider:
        if slider.key.startswith("prior.theme.") and not slider.disabled:
            slider.set_value(0.0)
    app.button(key="prior.apply").click().run()
    assert not app.exception
    assert app.error  # a plain-language reason, the sliders still on the page
    assert app.select_slider(key="prior.theme.migracion").value == 0.0


def test_reset_returns_to_the_preset(app):
    open_page(app, "priorizacion")
    first = _hash(app)
    app.select_slider(key="prior.theme.migracion").set_value(4.0)
    apply_scenario(app)
    assert _hash(app) != first
    app.button(key="prior.reset").click().run()
    assert_clean(app)
    assert app.select_slider(key="prior.theme.migracion").value == 1.0
    assert _hash(app) == first


def test_population_cap(app):
    open_page(app, "priorizacion")
    app.number_input(key="prior.max_population").set_value(300_000)
    apply_scenario(app)
    costs = app.dataframe[1].value
    assert any("población" in str(c) for c in costs.iloc[:, 0])


def test_robust_pilot_on_demand(app):
    open_page(app, "priorizacion")
    assert "P(en el piloto)" not in _ranked(app).columns
    app.toggle(key="prior.robust").set_value(True).run()
    assert_clean(app)
    assert "P(en el piloto)" in _ranked(app).columns
    assert any("de 15 seleccionados en ≥ 80" in c.value for c in app.caption)


def test_scenario_pdf_shows_weights_pilot_and_fingerprint(dashboard_db):
    from pypdf import PdfReader

    from dashboard import data
    from dashboard.scenario_state import with_interactive_draws

    text = with_interactive_draws(data.preset_toml("migracion"))
    values = data.parse_scenario(text).to_dict()
    values["pilot"] = {"k": 10, "max_per_dept": 2}
    values["uncertainty"]["draws"] = 50
    values["uncertainty"]["pilot_draws"] = 20
    scenario = data.scenario_from_dict(values)
    pdf = data.scenario_pdf(scenario.to_toml(), "en")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    run = data.scenario_run(scenario.to_toml()).run
    assert run.hash in text
    assert "Migration" in text and "maximum per department = 2" in text
    for name in data.pilot_codes(run)[:3]:
        assert str(run.table.at[name, "name"]) in text
    assert "All constraints together cost" in text
    title = f"Scenario: {data.preset_name('migracion', 'en')}"  # the preset's English name
    assert title in text and data.preset_name("migracion", "es") not in text


def test_presets_are_named_in_the_reader_language(dashboard_db):
    from dashboard import data

    for preset in data.presets().index:
        for text in (data.preset_name, data.preset_description):
            spanish, english = text(str(preset), "es"), text(str(preset), "en")
            assert english != spanish, f"{preset}: the English text is missing"
        assert data.preset_name(str(preset), "es") == data.presets().at[preset, "name"]


def test_a_theme_without_indicators_in_the_index_cannot_be_weighted(app):
    open_page(app, "priorizacion")
    for slider in app.select_slider:
        if slider.key.startswith("prior.theme."):
            theme = slider.key.removeprefix("prior.theme.")
            used = any(
                s.value > 0
                for s in app.select_slider
                if s.key.startswith("prior.indicator.") and _theme_of(s.key) == theme
            )
            assert slider.disabled == (not used), theme


def _theme_of(key: str) -> str:
    from dashboard import data

    return str(data.catalog().at[key.removeprefix("prior.indicator."), "theme"])


def test_the_first_view_computes_the_scenario_the_server_prepares(app):
    """dashboard.server prepares first_view_text(): the page must ask for exactly it."""
    from dashboard import data
    from dashboard.scenario_state import first_view_text

    open_page(app, "priorizacion")
    assert data.scenario_from_param(app.query_params["s"]) == first_view_text()
