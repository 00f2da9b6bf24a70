"""Perfil territorial: one territory against its departamento and the country."""

from __future__ import annotations

from tests.dashboard.apptest import assert_clean, open_page


def test_perfil_shows_indicators_against_department_and_country(app):
    app.session_state["territory"] = ("municipio", 1301)
    open_page(app, "perfil")
    assert app.header[0].value == "Huehuetenango (Huehuetenango)"
    table = app.dataframe[0].value
    assert list(table.columns[:4]) == ["Indicador", "Este territorio", "Departamento", "Nacional"]
    assert len(table) > 30
    assert table["Nacional"].str.contains(",").any()  # decimal comma
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


def test_perfil_reliability_notes_are_plain_text(app):
    app.session_state["territory"] = ("municipio", 1304)
    open_page(app, "perfil")
    notes = [t.value for t in app.text if t.value.startswith("• ")]
    assert notes
    assert not any("**" in n for n in notes)


def test_perfil_without_a_territory_says_how_to_choose_one(app):
    open_page(app, "perfil")
    assert_clean(app)
    picker = app.selectbox(key="perfil.pick.municipio")
    assert picker.label == "Elija un territorio" and "mapa" not in picker.label  # no map here
    assert "escribir su nombre" in app.info[0].value
