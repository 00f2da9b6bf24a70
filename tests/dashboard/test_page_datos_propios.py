"""Upload page under AppTest on the real build: upload → report → confirm → remove.

Saving and removing need an editor or secretariat login; a visitor may check a table for
their own session only.
"""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st

from analysis.records.users import Principal, Role
from dashboard.login import PRINCIPAL
from tests.dashboard.apptest import APP, ROOT, TIMEOUT, assert_clean

FIXTURES = ROOT / "tests" / "fixtures" / "userdata"


EDITOR = Principal(user_id=1, username="editora", role=Role.EDITOR, institution_id=1)


@pytest.fixture
def visitor(built_db, tmp_path, monkeypatch):
    """The upload page in a fresh session, nobody signed in; temporary user layer."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("RAICES_DATA", str(tmp_path))
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.switch_page("views/datos_propios.py")
    yield app, tmp_path / "user"
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def page(visitor):
    """The same page with an editor signed in."""
    app, user_dir = visitor
    app.session_state[PRINCIPAL] = EDITOR
    return app, user_dir


def _upload(app, name: str, content: bytes) -> None:
    app.run()
    app.file_uploader(key="propios.file").set_value((name, content, "text/csv"))
    app.run()


def _fill(app, **values) -> None:
    for key, value in values.items():
        widget = app.text_input(key=key) if key in TEXT else app.selectbox(key=key)
        widget.set_value(value)


TEXT = {"propios.id", "propios.label", "propios.unit", "propios.year", "propios.source"}
META = {
    "propios.id": "homicidios_prueba",
    "propios.label": "Homicidios (prueba)",
    "propios.unit": "homicidios",
    "propios.year": "2024",
    "propios.source": "tabla de prueba escrita a mano",
    "propios.theme": "violencia_inseguridad",
    "propios.dept_method": "sum",
}


def test_page_without_upload_shows_the_empty_layer(page):
    app, _ = page
    app.run()
    assert_clean(app)
    assert app.title[0].value == "Datos propios"
    assert any("Todavía no hay indicadores propios" in i.value for i in app.info)


def test_upload_check_confirm_and_remove(page):
    app, user_dir = page
    _upload(app, "homicidios.csv", (FIXTURES / "names_accents_stripped.csv").read_bytes())
    assert_clean(app)
    # The key and value columns are guessed from their names.
    assert app.selectbox(key="propios.dept_column").value == "Departamento"
    assert app.selectbox(key="propios.muni_column").value == "Municipio"
    assert app.selectbox(key="propios.value_column").value == "Homicidios 2024"
    _fill(app, **META)
    app.button(key="propios.check").click()
    app.run()
    assert_clean(app)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Emparejadas"] == "16" and metrics["Por resolver"] == "0"
    assert not (user_dir / "homicidios_prueba.json").exists()  # a check writes nothing
    app.button(key="propios.confirm").click()
    app.run()
    assert_clean(app)
    assert (user_dir / "homicidios_prueba.json").is_file()
    assert any("16 municipios" in s.value for s in app.success)
    assert app.selectbox(key="propios.remove_id").value == "homicidios_prueba"
    app.button(key="propios.remove").click()
    app.run()
    assert_clean(app)
    assert not (user_dir / "homicidios_prueba.json").exists()
    assert any("Se eliminó" in s.value for s in app.success)


def test_unresolved_rows_block_until_accepted(page):
    app, user_dir = page
    _upload(app, "retornados.csv", (FIXTURES / "names_problems.csv").read_bytes())
    app.selectbox(key="propios.dept_column").set_value("depto")
    app.selectbox(key="propios.muni_column").set_value("muni")
    app.selectbox(key="propios.value_column").set_value("retornados")
    _fill(app, **META)
    app.button(key="propios.check").click()
    app.run()
    assert_clean(app)
    assert {m.label: m.value for m in app.metric}["Por resolver"] == "7"
    shown = app.dataframe[-1].value
    assert shown["estado"].iloc[0] == "valor no numérico"  # problems first, in words
    assert "emparejada" in set(shown["estado"])
    assert app.button(key="propios.confirm").disabled
    app.checkbox(key="propios.accept_unmatched").check()
    app.run()
    assert not app.button(key="propios.confirm").disabled
    app.button(key="propios.confirm").click()
    app.run()
    assert_clean(app)
    assert (user_dir / "homicidios_prueba.json").is_file()


def test_bad_file_is_a_clear_message(page):
    app, _ = page
    _upload(app, "viejo.csv", b"\xd0\xcf\x11\xe0" + bytes(600))
    assert not app.exception and app.error
    assert any("no es una tabla de texto" in e.value for e in app.text)


def test_png_renamed_csv_is_named_as_not_a_table(page):
    app, _ = page
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    _upload(app, "mapa.csv", png)
    assert not app.exception
    shown = " ".join(e.value for e in app.text)
    assert "imagen PNG" in shown and "separador" not in shown


def test_header_only_upload_warns(page):
    app, _ = page
    _upload(app, "vacia.csv", b"codigo,valor\n")
    assert not app.exception and not app.error
    assert any("sólo tiene encabezados" in w.value for w in app.warning)


def test_upload_is_read_once_and_bytes_not_kept(page, monkeypatch):
    from dashboard.data import userdata

    calls = []
    original = userdata.read_upload
    monkeypatch.setattr(
        userdata, "read_upload", lambda *a, **k: calls.append(a[0]) or original(*a, **k)
    )
    app, _ = page
    _upload(app, "homicidios.csv", (FIXTURES / "names_accents_stripped.csv").read_bytes())
    _fill(app, **META)
    app.run()
    app.button(key="propios.check").click()
    app.run()
    assert_clean(app)
    assert calls == ["homicidios.csv"]
    kept = app.session_state["propios.table"]
    assert isinstance(kept, userdata.UploadedTable) and "propios.upload" not in app.session_state
    assert not any(isinstance(getattr(kept, f), bytes) for f in kept.__dataclass_fields__)


def test_visitor_checks_a_table_but_cannot_save_or_remove(visitor):
    app, user_dir = visitor
    _upload(app, "homicidios.csv", (FIXTURES / "names_accents_stripped.csv").read_bytes())
    assert any("Sin iniciar sesión" in i.value for i in app.info)
    _fill(app, **META)
    app.button(key="propios.check").click()
    app.run()
    assert_clean(app)
    assert {m.label: m.value for m in app.metric}["Emparejadas"] == "16"
    assert not [b for b in app.button if b.key == "propios.confirm"]
    assert any("Inicie sesión" in i.value for i in app.info)
    assert not user_dir.exists()


def test_visitor_sees_no_remove_button(visitor, fixture_saved):
    app, _ = visitor
    app.run()
    assert_clean(app)
    assert not [b for b in app.button if b.key == "propios.remove"]


@pytest.fixture
def fixture_saved(visitor):
    from analysis.userdata import UserIndicatorMeta, save_user_indicator

    meta = UserIndicatorMeta(
        indicator="marcado",
        label_es="![x](https://example.org/pixel.png) **negrita**",
        theme="migracion",
        direction=1,
        unit_es="u",
        year="2024",
        source="prueba",
    )
    save_user_indicator(meta, pd.Series({101: 1.0, 1301: 2.0}), principal=EDITOR)
    return meta


def test_open_data_zip_from_the_app(built_db):
    import io
    import zipfile

    from dashboard import data

    archive = zipfile.ZipFile(io.BytesIO(data.open_data_zip()))
    names = set(archive.namelist())
    assert "raices_datos_abiertos/datapackage.json" in names
    assert "raices_datos_abiertos/raices.gpkg" in names
    assert all(n.startswith("raices_datos_abiertos/") for n in names)


def test_long_table_filtered_by_year(page):
    app, user_dir = page
    content = "año,codigo,homicidios\n2023,GT0101,10\n2024,GT0101,12\n2024,GT1301,4\n"
    _upload(app, "largo.csv", content.encode("utf-8"))
    assert app.radio(key="propios.key_kind").value == "code"
    assert app.selectbox(key="propios.code_column").value == "codigo"
    app.selectbox(key="propios.where_column").set_value("año")
    app.run()
    app.text_input(key="propios.where_value").set_value("2024")
    _fill(app, **META)
    app.button(key="propios.check").click()
    app.run()
    assert_clean(app)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Emparejadas"] == "2" and metrics["Filas"] == "2"


def test_own_label_is_plain_text_on_the_prioritisation_sliders(visitor, fixture_saved):
    app, _ = visitor
    app.switch_page("views/priorizacion.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    slider = app.select_slider(key="prior.indicator.marcado")
    assert slider.label.startswith("\\!\\[x\\]\\(https\\:")  # no image fetched, no bold
    assert "](" not in slider.label and "**" not in slider.label
