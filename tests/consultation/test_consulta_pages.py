"""AppTest of the consultation pages: the participant form and the secretariat's results."""

from __future__ import annotations

import pytest

from analysis.records.users import Principal, Role
from tests.dashboard.apptest import APP, TIMEOUT, assert_clean

pytestmark = pytest.mark.slow
SECRETARIAT = Principal(
    user_id=None, username="secretaria.prueba", role=Role.SECRETARIAT, institution_id=None
)


def _app(page: str, **params):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.switch_page(f"views/{page}.py")
    for key, value in params.items():
        app.query_params[key] = value
    return app


def _responses(url, round_id):
    from analysis.consultation import service
    from analysis.records.database import engine_for, session_scope

    engine = engine_for(url)
    with session_scope(engine, readonly=True) as session:
        responses = service.round_responses(session, round_id)
    engine.dispose()
    return responses


def test_form_without_link_explains_where_to_start(round_store):
    app = _app("consulta")
    app.run()
    assert_clean(app)
    assert any("enlace de su ronda" in i.value for i in app.info)


def test_budget_form_refuses_a_sum_of_90_then_stores(round_store):
    spec = round_store["budget"]
    app = _app("consulta", ronda=spec.link)
    app.run()
    assert_clean(app)
    assert app.subheader[0].value == "Taller Sololá"
    app.selectbox(key="consulta.territory").set_value(7)
    for item, points in zip(spec.items, (50, 30, 10), strict=True):
        app.number_input(key=f"consulta.points.{item}").set_value(points)
    app.button[0].click()
    app.run()
    assert any("suman 90" in e.value for e in app.error)
    assert _responses(round_store["url"], spec.round_id).n == 0
    app.number_input(key="consulta.points.violencia_inseguridad").set_value(20)
    app.text_area(key="consulta.comment").set_value("**no markdown** <b>ni html</b>")
    app.button[0].click()
    app.run()
    assert_clean(app)
    assert any("Gracias" in s.value for s in app.success)
    responses = _responses(round_store["url"], spec.round_id)
    assert responses.n == 1 and responses.weights.iloc[0].tolist() == [0.5, 0.3, 0.2]
    assert responses.profile["comment"].iloc[0] == "**no markdown** <b>ni html</b>"


def test_inconsistent_ahp_gets_the_revise_prompt_and_is_kept(round_store):
    spec = round_store["ahp"]
    app = _app("consulta", ronda=spec.link)
    app.run()
    assert_clean(app)
    app.selectbox(key="consulta.territory").set_value(13)
    app.select_slider(key="consulta.pair.migracion.pobreza_economia").set_value(9.0)
    app.select_slider(key="consulta.pair.pobreza_economia.violencia_inseguridad").set_value(9.0)
    app.select_slider(key="consulta.pair.migracion.violencia_inseguridad").set_value(1 / 9)
    app.button[0].click()
    app.run()
    assert_clean(app)
    assert any("se contradicen" in w.value for w in app.warning)
    assert any("frente a" in text.value for text in app.text)
    responses = _responses(round_store["url"], spec.round_id)
    assert responses.n == 1 and not bool(responses.profile["consistent"].iloc[0])
    # revised: the same submission is replaced, now consistent
    app.select_slider(key="consulta.pair.migracion.pobreza_economia").set_value(3.0)
    app.select_slider(key="consulta.pair.pobreza_economia.violencia_inseguridad").set_value(3.0)
    app.select_slider(key="consulta.pair.migracion.violencia_inseguridad").set_value(9.0)
    app.button[0].click()
    app.run()
    assert_clean(app)
    assert any("Gracias" in s.value for s in app.success)
    responses = _responses(round_store["url"], spec.round_id)
    assert responses.n == 1 and bool(responses.profile["consistent"].iloc[0])


def test_results_need_the_secretariat_and_save_the_consensus(round_store):
    from analysis.consultation import service
    from analysis.records.database import engine_for, session_scope

    app = _app("consulta_resultados")
    app.run()
    assert_clean(app)
    assert any("secretaría" in i.value for i in app.info)

    spec = round_store["budget"]
    engine = engine_for(round_store["url"])
    with session_scope(engine) as session:
        for territory, points in ((7, (50, 30, 20)), (13, (40, 40, 20)), (1, (60, 20, 20))):
            service.submit(
                session,
                spec.link,
                {
                    "sector": "estado",
                    "territory": territory,
                    "points": dict(zip(spec.items, points, strict=True)),
                },
            )
    engine.dispose()
    app = _app("consulta_resultados")
    app.session_state["seguimiento.principal"] = SECRETARIAT
    app.run()
    assert_clean(app)
    app.selectbox(key="consulta.results.round").set_value(spec.round_id)
    app.run()
    assert_clean(app)
    assert [m.label for m in app.metric][:1] == ["Respuestas"]
    labels = [m.label for m in app.metric]
    assert "W de Kendall (acuerdo)" in labels and "Elegidos por ≥ 80 % de las voces" in labels
    dividing = next(d.value for d in app.dataframe if "Lo ponen primero" in d.value.columns)
    assert dividing["Lo ponen primero"].str.endswith("%").all()  # a share, not a bare 1
    app.button(key="consulta.results.save").click()
    app.run()
    assert_clean(app)
    assert any("Consenso: Taller Sololá" in s.value for s in app.success)
    assert "Consenso: Taller Sololá" in app.session_state["kept_scenarios"]
    with session_scope(engine_for(round_store["url"]), readonly=True) as session:
        assert list(service.consensus_scenarios(session)) == ["Consenso: Taller Sololá"]


def test_form_and_results_render_in_english(round_store):
    from dashboard import i18n

    app = _app("consulta", ronda=round_store["ahp"].link)
    app.session_state["lang"] = "en"
    app.run()
    assert_clean(app)
    shown = [
        e.value
        for kind in ("title", "subheader", "caption", "markdown")
        for e in getattr(app, kind)
    ]
    assert "Consultation: what matters most?" in shown
    assert not [text for text in shown if text in i18n.STRINGS]
    assert app.select_slider[0].label == "Migration versus Poverty and economy"
    app = _app("consulta_resultados")
    app.session_state["lang"] = "en"
    app.session_state["seguimiento.principal"] = SECRETARIAT
    app.run()
    assert_clean(app)
    assert app.title[0].value == "Consultation: results"
