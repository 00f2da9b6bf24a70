"""Comparar escenarios: overlap, ranks side by side, movers."""

from __future__ import annotations

from tests.dashboard.apptest import assert_clean, open_page


def test_comparar_two_presets(app):
    open_page(app, "comparar")
    summary = app.dataframe[0].value
    assert len(summary) == 1
    overlap_15 = summary.iloc[0, 3]
    app.number_input(key="comp.k").set_value(40).run()
    assert_clean(app)
    assert app.dataframe[0].value.iloc[0, 3] != overlap_15
    assert app.dataframe[0].value.iloc[0, 3].endswith("/ 40")


def test_comparar_names_presets_in_the_readers_language(app):
    app.session_state["lang"] = "en"
    open_page(app, "comparar")
    assert app.dataframe[0].value.iloc[0, 0] == "INFORM: geometric across themes → Led by migration"
