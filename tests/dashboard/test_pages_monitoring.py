"""The monitoring pages under Streamlit's AppTest, each test with its own fictitious store.

Empty store: every page says how to start. Public page: published records only, no
contact data. Workspace: an editor signs in, records an action in two municipios and sees
it on the need-against-response map; a refused save (another institution) and a stale save
(someone saved in between) are each one clear line; the secretariat publishes.
"""

from __future__ import annotations

import json

import pytest

from analysis.records.database import engine_for, session_scope, upgrade
from tests.dashboard.apptest import assert_clean, open_page, widget
from tests.monitoring.monitoring_seed import PASSWORD, seed_store

PRIVATE = ("ficticia.example", "+502 0000 0000", "Contacto IFA", "nota interna")


@pytest.fixture
def store(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'raices.sqlite'}"
    monkeypatch.setenv("RAICES_SEGUIMIENTO_URL", url)
    engine = engine_for(url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def seeded(store):
    return seed_store(store, actions=12, accounts=True)


def _texts(app) -> str:
    parts = [str(e.value) for kind in ("markdown", "caption", "info", "success", "error", "text",
                                        "metric", "title", "subheader") for e in app.get(kind)]  # fmt: skip
    parts += [frame.value.to_csv() for frame in app.dataframe]
    return "\n".join(parts)


def _sign_in(app, username: str) -> None:
    widget(app, "text_input", "Usuario").input(username)
    widget(app, "text_input", "Contraseña").input(PASSWORD)
    widget(app, "button", "Entrar").click().run()
    assert_clean(app)


@pytest.mark.parametrize("page", ["seguimiento_publico", "seguimiento_tablero", "seguimiento"])
def test_empty_store_says_how_to_start(app, store, page):
    open_page(app, page)
    text = _texts(app)
    assert "Todavía no hay registros de seguimiento." in text
    assert "crea la primera institución" in text and "plantilla 5W" in text
    labels = [b.proto.label for b in app.get("download_button")]
    assert "Descargar la plantilla 5W (Excel)" in labels


def test_public_page_shows_published_records_without_contacts(app, seeded):
    open_page(app, "seguimiento_publico")
    assert app.title[0].value == "Rendición de cuentas"
    text = _texts(app)
    for private in PRIVATE:
        assert private not in text, private
    actions = app.dataframe[-1].value
    published = len(seeded.actions) - len(seeded.unpublished)
    assert len(actions) == published
    assert set(actions.index) == set(seeded.actions) - set(seeded.unpublished)
    assert widget(app, "metric", "Acciones").value == str(published)
    labels = [b.proto.label for b in app.get("download_button")]
    assert "Descargar las acciones publicadas (CSV con etiquetas HXL)" in labels


def test_public_page_in_english(app, seeded):
    open_page(app, "seguimiento_publico")
    widget(app, "selectbox", "Idioma / Language").set_value("en").run()
    assert_clean(app)
    assert app.title[0].value == "Accountability"
    assert "Published actions" in [s.value for s in app.subheader]


def test_editor_records_an_action_and_sees_it_on_the_map(app, seeded):
    open_page(app, "seguimiento")
    assert "Inicie sesión" in _texts(app)
    _sign_in(app, "editor.ficticio1")
    assert "Sesión iniciada como editor de institución:" in _texts(app)
    widget(app, "text_input", "Título").input("Charla **ficticia** [enlace](http://x)")
    widget(app, "multiselect", "Municipios").set_value([1319, 1320])
    widget(app, "selectbox", "Causa (tema)").set_value("migracion")
    app.button[[b.label for b in app.button].index("Guardar")].click().run()
    assert_clean(app)
    assert any("Guardado" in s.value for s in app.success)
    open_page(app, "seguimiento_tablero")
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    detail = {
        int(float(row[0])): row[3]
        for trace in figure["data"]
        for row in trace.get("customdata", [])
    }
    table = app.dataframe[0].value
    for code in (1319, 1320):
        assert table.loc[code, "En el municipio"] >= 1
        assert int(detail[code].rsplit("acciones: ", 1)[1]) >= 1
    located = int((table["En el municipio"] > 0).sum())
    assert located >= 2
    assert widget(app, "metric", "Municipios con acciones").value == str(located)
    # the title is shown as plain text: the action table holds it verbatim
    open_page(app, "seguimiento")
    picker = widget(app, "selectbox", "Acción a editar")
    assert any("Charla **ficticia** [enlace](http://x)" in str(o) for o in picker.options)


def test_permission_error_is_one_line(app, seeded):
    open_page(app, "seguimiento")
    _sign_in(app, "editor.ficticio1")
    widget(app, "selectbox", "Institución líder").set_value(seeded.institutions[1])
    widget(app, "text_input", "Título").input("Acción en nombre de otra institución")
    widget(app, "multiselect", "Municipios").set_value([101])
    widget(app, "selectbox", "Causa (tema)").set_value("migracion")
    app.button[[b.label for b in app.button].index("Guardar")].click().run()
    assert not app.exception
    errors = [e.value for e in app.error]
    assert len(errors) == 1 and errors[0].startswith("Sin permiso:")
    assert "\n" not in errors[0]


def test_stale_save_is_a_conflict_and_nothing_is_overwritten(app, seeded, store):
    from analysis.monitoring.actions import get_action, update_action

    open_page(app, "seguimiento")
    _sign_in(app, "editor.ficticio1")
    mine = seeded.actions[0]
    widget(app, "selectbox", "Acción a editar").set_value(mine).run()
    assert_clean(app)
    # someone else saves the same action after the form was opened
    with session_scope(store) as session:
        update_action(
            session, seeded.secretariat, mine, {"title": "Cambio de la secretaría"},
            expected_version=None,
        )  # fmt: skip
    widget(app, "text_input", "Título").input("Cambio del editor")
    app.button[[b.label for b in app.button].index("Guardar")].click().run()
    assert not app.exception
    errors = [e.value for e in app.error]
    assert len(errors) == 1 and errors[0].startswith("Conflicto:")
    with session_scope(store, readonly=True) as session:
        assert get_action(session, seeded.secretariat, mine).title == ("Cambio de la secretaría")
    # reopening shows the other person's change and the new version; saving then works
    widget(app, "button", "Volver a abrir el registro (con los cambios de la otra persona)").click()
    app.run()
    assert_clean(app)
    assert widget(app, "text_input", "Título").value == "Cambio de la secretaría"
    widget(app, "text_input", "Título").input("Cambio del editor, revisado")
    app.button[[b.label for b in app.button].index("Guardar")].click().run()
    assert_clean(app)
    with session_scope(store, readonly=True) as session:
        assert get_action(session, seeded.secretariat, mine).title == (
            "Cambio del editor, revisado"
        )


def test_secretariat_publishes_a_draft(app, seeded):
    draft = seeded.unpublished[0]
    open_page(app, "seguimiento_publico")
    assert draft not in set(app.dataframe[-1].value.index)
    open_page(app, "seguimiento")
    _sign_in(app, "secretaria.ficticia")
    pending = next(f.value for f in app.dataframe if "Tipo de registro" in f.value.columns)
    row = pending[(pending["Tipo de registro"] == "Acción") & (pending["id"] == draft)].iloc[0]
    item = ("actions", draft, int(row["Versión"]), str(row["Texto"]))
    widget(app, "multiselect", "Registros a publicar").set_value([item]).run()
    widget(app, "button", "Publicar los seleccionados").click().run()
    assert_clean(app)
    assert any("Publicados: 1" in s.value for s in app.success)
    open_page(app, "seguimiento_publico")
    assert draft in set(app.dataframe[-1].value.index)


def test_no_default_account(store):
    from analysis.records.users import count_users

    with session_scope(store, readonly=True) as session:
        assert count_users(session) == 0


def test_dashboard_tabs_progress_coordination_functioning(app, seeded):
    open_page(app, "seguimiento_tablero")
    assert app.title[0].value == "Tablero de seguimiento"
    subheaders = [s.value for s in app.subheader]
    assert "Brechas por tema" in subheaders
    assert "Cobertura del plan piloto por causa" in subheaders
    app.session_state["tablero.tab"] = "Avance"
    app.run()
    assert_clean(app)
    assert "Acciones por estado e institución" in [s.value for s in app.subheader]
    reach = next(f.value for f in app.dataframe if "Proporción en la población" in f.value.columns)
    # pueblo has a population reference from the build, sex has none (no invented figure)
    assert (
        reach.loc[reach["Desagregación"] == "Pueblo", "Proporción en la población"] != "—"
    ).all()
    assert (reach.loc[reach["Desagregación"] == "Sexo", "Proporción en la población"] == "—").all()
    app.session_state["tablero.tab"] = "Coordinación"
    app.run()
    assert_clean(app)
    pairs = app.dataframe[0].value
    assert {"Institución A", "Institución B", "Acciones conjuntas", "Dónde"} <= set(pairs.columns)
    app.session_state["tablero.tab"] = "Funcionamiento de la MMM"
    app.run()
    assert_clean(app)
    assert widget(app, "metric", "Reuniones celebradas").value == "3"
    assert widget(app, "metric", "Acuerdos cumplidos a tiempo").value.startswith("33")


def test_identity_provider_configured_without_authlib_falls_back_to_local_accounts(app, seeded):
    app.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "ficticio" * 4,
        "client_id": "raices-ficticio",
        "client_secret": "ficticio",
        "server_metadata_url": "https://proveedor.invalid/.well-known/openid-configuration",
    }
    open_page(app, "seguimiento")
    assert any("falta el paquete Authlib" in c.value for c in app.caption)
    _sign_in(app, "editor.ficticio1")
    assert "Sesión iniciada como editor de institución:" in _texts(app)


def test_secretariat_records_and_edits_a_meeting(app, seeded, store):
    from analysis.monitoring.frames import load_frames

    open_page(app, "seguimiento")
    _sign_in(app, "secretaria.ficticia")
    meeting = seeded.meetings[1]
    widget(app, "selectbox", "Reunión a editar").set_value(meeting).run()
    assert_clean(app)
    title = next(t for t in app.text_input if t.label == "Título" and ".meeting." in t.key)
    assert title.value == "Reunión ficticia 2026-05-12"  # the stored title, prefilled
    widget(app, "multiselect", "Instituciones asistentes").set_value(seeded.institutions)
    submit = next(b for b in app.button if b.label == "Guardar" and ".meeting." in b.proto.form_id)
    submit.click().run()
    assert_clean(app)
    frames = load_frames(store, seeded.secretariat)
    present = frames.attendance.loc[frames.attendance["meeting_id"] == meeting]
    assert set(present["institution_id"]) == set(seeded.institutions)


def test_editor_corrects_a_measurement_and_it_returns_to_review(app, seeded, store):
    from analysis.monitoring.models import Measurement

    open_page(app, "seguimiento")
    _sign_in(app, "editor.ficticio1")
    with session_scope(store, readonly=True) as session:
        first = session.query(Measurement).filter_by(value=250.0).one()
        measurement_id, version = first.id, first.version
        assert first.published
    picker = widget(app, "selectbox", "Medición a corregir")
    picker.set_value(measurement_id).run()
    assert_clean(app)
    assert f"Versión abierta: {version}" in _texts(app)
    value = next(n for n in app.number_input if n.label == "Valor medido")
    assert value.value == 250.0  # the stored value, prefilled
    value.set_value(275.0)
    next(t for t in app.text_input if t.label == "Nota").input("corregido en el taller")
    submit = next(
        b for b in app.button if b.label == "Guardar" and ".measurement." in b.proto.form_id
    )
    submit.click().run()
    assert_clean(app)
    assert any("Guardado: Medición" in s.value for s in app.success)
    with session_scope(store, readonly=True) as session:
        corrected = session.get(Measurement, measurement_id)
        assert (corrected.value, corrected.note) == (275.0, "corregido en el taller")
        assert corrected.published is False and corrected.version == version + 1


def test_secretariat_withdraws_and_deletes_an_opened_record(app, seeded, store):
    from analysis.monitoring.models import Action

    published = seeded.actions[0]
    open_page(app, "seguimiento")
    _sign_in(app, "secretaria.ficticia")
    widget(app, "selectbox", "Acción a editar").set_value(published).run()
    assert_clean(app)
    widget(app, "button", "Retirar de la vista pública").click().run()
    assert_clean(app)
    assert any("Retirado de la vista pública: Acción" in s.value for s in app.success)
    with session_scope(store, readonly=True) as session:
        assert session.get(Action, published).published is False
    assert widget(app, "button", "Eliminar").proto.disabled  # asks for a confirmation first
    next(c for c in app.checkbox if c.label.startswith("Confirmo que quiero eliminar")).check()
    app.run()
    widget(app, "button", "Eliminar").click().run()
    assert_clean(app)
    assert any("Eliminado: Acción" in s.value for s in app.success)
    assert widget(app, "selectbox", "Acción a editar").value is None  # back to a new action
    with session_scope(store, readonly=True) as session:
        assert session.get(Action, published).deleted_at is not None


def test_dashboard_reads_in_english(app, seeded):
    open_page(app, "seguimiento_tablero")
    widget(app, "selectbox", "Idioma / Language").set_value("en").run()
    assert_clean(app)
    need = next(f.value for f in app.dataframe if "Priority score" in f.value.columns)
    assert need.index.name == "INE code"
    assert set(need["Response"]) <= {"no actions", "few actions", "with actions"}
    gaps = next(f.value for f in app.dataframe if "Rank in the theme" in f.value.columns)
    assert set(gaps["Theme or commission"]) <= {
        "Migration", "Poverty and economy", "Violence and insecurity", "Climate and food",
        "Services and education", "Demography and exclusion",
    }  # fmt: skip
    app.session_state["tablero.tab"] = "Progress"
    app.run()
    assert_clean(app)
    budget = next(f.value for f in app.dataframe if "Execution" in f.value.columns)
    assert budget.index.name in {"Institution", "Theme or commission"}
    app.session_state["tablero.tab"] = "MMM functioning"
    app.run()
    assert_clean(app)
    agreements = next(f.value for f in app.dataframe if "Fulfilment" in f.value.columns)
    assert set(agreements["Fulfilment"]) <= {
        "Fulfilled on time", "Fulfilled late", "Overdue", "Pending (not yet due)", "No due date",
    }  # fmt: skip


def test_record_forms_in_english(app, seeded):
    open_page(app, "seguimiento")
    _sign_in(app, "secretaria.ficticia")
    widget(app, "selectbox", "Idioma / Language").set_value("en").run()
    assert_clean(app)
    widget(app, "selectbox", "Measurement to correct").set_value(1).run()
    assert_clean(app)
    assert "Opened version: 2" in _texts(app)  # created, then published by the seed
    assert widget(app, "button", "Withdraw from public view")
    assert widget(app, "checkbox", "I confirm I want to delete this record (it stays in the "
                  "history and the secretariat can restore it)")  # fmt: skip
