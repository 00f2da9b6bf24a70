"""Share links: bounded decoding, every value not honoured named, and the page that applies
them (weights above a slider, k out of range, unknown codes, the preset box, the language).
"""

from __future__ import annotations

import base64
import gc
import json
import time
import zlib

import pandas as pd
import psutil
import pytest

from analysis.errors import RaicesError
from analysis.priority.scenario import Scenario
from analysis.priority.selection import SelectionConstraints
from analysis.priority.sharing import (
    MAX_DECOMPRESSED,
    MAX_LINK_CHARS,
    decode_link,
    encode_link,
)

CATALOG = pd.DataFrame(
    {
        "theme": ["pobreza_economia", "migracion", "migracion"],
        "direction": [1, 1, 0],
        "in_default": [1, 1, 0],
        "levels": ["municipio;departamento", "municipio", "municipio"],
    },
    index=pd.Index(["pobreza", "retornados", "poblacion"], name="indicator"),
)
TERRITORIES = {"municipio": [101, 102, 1301], "departamento": [1, 13]}


def _pack(payload: object) -> str:
    raw = json.dumps(payload).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def _one_line(error: pytest.ExceptionInfo) -> str:
    text = str(error.value)
    assert "\n" not in text and "«s»" in text
    return text


# ----------------------------------------------------------------------------- round trip
def test_round_trip_keeps_scenario_and_language():
    scenario = Scenario(
        name="Prueba",
        indicators={"pobreza": 2.0, "retornados": 1.0},
        pilot=SelectionConstraints(k=5, must_include=(1301,), max_per_dept={13: 2}),
    )
    shared = decode_link(encode_link(scenario, language="en"), CATALOG, territories=TERRITORIES)
    assert shared.scenario == scenario and shared.language == "en" and shared.problems == ()


def test_links_written_before_the_language_still_open():
    old = _pack(Scenario(indicators={"pobreza": 1.0}).to_dict())
    shared = decode_link(old, CATALOG)
    assert shared.scenario.indicators == {"pobreza": 1.0} and shared.language is None


# ----------------------------------------------------------------------------- oversized
def test_long_link_is_refused_before_decoding():
    started = time.perf_counter()
    with pytest.raises(RaicesError) as error:
        decode_link("A" * 78_000, CATALOG)
    assert time.perf_counter() - started < 0.1
    assert str(MAX_LINK_CHARS) in _one_line(error)


def test_decompression_bomb_is_refused():
    bomb = _pack({"name": "x" * 60_000_000})  # 60 MB name in a ~60 kB link
    with pytest.raises(RaicesError):
        decode_link(bomb, CATALOG)
    short = _pack({"name": "x" * (MAX_DECOMPRESSED * 4)})  # short link, expands too far
    assert len(short) < MAX_LINK_CHARS
    with pytest.raises(RaicesError) as error:
        decode_link(short, CATALOG)
    assert "se expande" in _one_line(error)


def test_long_name_is_named_and_left_out():
    shared = decode_link(_pack({"name": "n" * 5000, "level": "municipio"}), CATALOG)
    assert shared.scenario.name == "Escenario"
    assert any(p.startswith("name") and "demasiado largo" in p for p in shared.problems)


def test_memory_stays_bounded_over_repeated_oversized_links():
    links = [_pack({"name": "x" * (MAX_DECOMPRESSED * 8), "i": i}) for i in range(50)]
    process = psutil.Process()
    gc.collect()
    before = process.memory_info().rss
    for _ in range(20):
        for link in links:
            with pytest.raises(RaicesError):
                decode_link(link, CATALOG)
    gc.collect()
    assert process.memory_info().rss - before < 20 * 1024 * 1024


# ----------------------------------------------------------------------------- nested, damaged
@pytest.mark.parametrize(
    "payload",
    [
        {"name": "a", "pilot": json.loads("[" * 40 + "]" * 40)},
        {"uncertainty": {"seed": {"a": {"b": {"c": {"d": {"e": {"f": {"g": 1}}}}}}}}},
    ],
)
def test_nested_values_are_refused(payload):
    with pytest.raises(RaicesError) as error:
        decode_link(_pack(payload), CATALOG)
    assert "anida" in _one_line(error)


def test_deeply_nested_json_is_refused():
    raw = ("[" * 3000 + "]" * 3000).encode()
    link = base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")
    with pytest.raises(RaicesError) as error:
        decode_link(link, CATALOG)
    _one_line(error)


@pytest.mark.parametrize("param", ["", "%%%", "no es un enlace", "eJzLSM3JyQcABiwCFQ", "AAAA"])
def test_damaged_links_are_one_line(param):
    with pytest.raises(RaicesError) as error:
        decode_link(param, CATALOG)
    _one_line(error)


def test_truncated_link_is_refused():
    link = encode_link(Scenario(indicators={"pobreza": 1.0}), language="es")
    with pytest.raises(RaicesError):
        decode_link(link[:-10], CATALOG)


# ----------------------------------------------------------------------------- out of range, unknown
@pytest.mark.parametrize(
    ("payload", "field", "check"),
    [
        ({"pilot": {"k": 1000}}, "pilot.k", lambda s: s.pilot.k == 15),
        ({"pilot": {"k": 0}}, "pilot.k", lambda s: s.pilot.k == 15),
        ({"uncertainty": {"draws": -5}}, "uncertainty.draws", lambda s: s.uncertainty.draws == 1000),
        ({"uncertainty": {"draws": 10**9}}, "uncertainty.draws", lambda s: True),
        ({"themes": {"migracion": 1e308}}, "themes.migracion", lambda s: not s.themes),
        ({"indicators": {"pobreza": 1.0, "x": "dos"}}, "indicators.x", lambda s: "x" not in s.indicators),
        ({"pilot": {"k": 5, "max_per_dept": {"99": 1}}}, "pilot.max_per_dept", lambda s: s.pilot.max_per_dept is None),
        ({"level": "aldea"}, "level", lambda s: s.level == "municipio"),
        ({"method": {"normalisation": "magia"}}, "method.normalisation", lambda s: s.method.normalisation == "minmax"),
        ({"pilot": {"k": 3, "sorpresa": 1}}, "sorpresa", lambda s: s.pilot.k == 3),
    ],
)  # fmt: skip
def test_values_that_cannot_be_honoured_are_named(payload, field, check):
    shared = decode_link(_pack(payload), CATALOG)
    assert any(p.startswith(field) for p in shared.problems), shared.problems
    assert check(shared.scenario)


def test_unknown_indicator_theme_and_codes_are_named():
    payload = {
        "indicators": {"pobreza": 1.0, "inventado": 2.0, "poblacion": 1.0},
        "themes": {"magia": 2.0},
        "pilot": {"k": 2, "must_include": [1301, 9999], "must_exclude": [5]},
    }
    shared = decode_link(_pack(payload), CATALOG, territories=TERRITORIES)
    text = " | ".join(shared.problems)
    for field in (
        "indicators.inventado",
        "indicators.poblacion",
        "themes.magia",
        "pilot.must_include «9999»",
        "pilot.must_exclude «5»",
    ):
        assert field in text
    assert shared.scenario.indicators == {"pobreza": 1.0}
    assert (
        shared.scenario.pilot.must_include == (1301,) and shared.scenario.pilot.must_exclude == ()
    )


def test_unknown_language_is_named():
    shared = decode_link(_pack({"l": "fr", "s": {"name": "a"}}), CATALOG)
    assert shared.language is None and any("idioma" in p for p in shared.problems)


def test_encode_refuses_unknown_language():
    with pytest.raises(RaicesError):
        encode_link(Scenario(), language="fr")


# ----------------------------------------------------------------------------- the page
def _page(link: str):
    from streamlit.testing.v1 import AppTest

    from tests.dashboard.apptest import APP, TIMEOUT

    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.query_params["s"] = link
    app.switch_page("views/priorizacion.py")
    app.run()
    return app


def _warnings(app) -> str:
    return " ".join(w.value for w in app.warning) + " " + " ".join(t.value for t in app.text)


@pytest.fixture(scope="module")
def page_db(built_db):
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    return built_db


def test_page_names_every_value_a_link_cannot_honour(page_db):
    payload = {
        "l": "es",
        "s": {
            "name": "Del enlace",
            "level": "municipio",
            "indicators": {"pobreza": 4.0, "tasa_delitos": 1.0},
            "themes": {"migracion": 9.0},
            "uncertainty": {"draws": 100_000, "k": 61},
            "pilot": {
                "k": 61,
                "must_include": [1301, 9999],
                "min_per_dept": 1,
                "min_population": 1000,
            },
        },
    }
    app = _page(_pack(payload))
    assert not app.exception, [e.value for e in app.exception]
    shown = _warnings(app)
    for field in (
        "indicators.pobreza «4.0»",
        "themes.migracion «9.0»",
        "pilot.k «61»",
        "uncertainty.draws «100000»",
        "pilot.must_include «9999»",
        "pilot.min_per_dept",
        "pilot.min_population",
    ):
        assert field in shown, (field, shown)
    assert app.session_state["prior.k"] == 60
    assert app.session_state["prior.indicator.pobreza"] == 3.0
    assert app.session_state["prior.preset"] == ""  # no preset: the box says «custom»


def test_oversized_link_is_one_error_and_the_default_scenario(page_db):
    app = _page("A" * 78_000)
    assert not app.exception
    assert len(app.error) == 1 and "4096" in app.error[0].value
    assert app.session_state["prior.preset"] == "pesos_iguales"


def test_preset_box_and_language_follow_the_link(page_db):
    from dashboard import data
    from dashboard import scenario_state as editor

    text = editor.with_interactive_draws(data.preset_toml("migracion"))
    app = _page(data.scenario_to_param(text, "en"))
    assert not app.exception, [e.value for e in app.exception]
    assert app.session_state["prior.preset"] == "migracion"
    assert app.session_state["lang"] == "en"
    assert not app.warning


def test_app_memory_stays_bounded_over_repeated_oversized_links(page_db):
    bomb = _pack({"name": "x" * 1_000_000})  # ~1 kB link that would expand to 1 MB
    assert len(bomb) < MAX_LINK_CHARS
    _page(bomb)  # warm the caches with the default scenario
    process = psutil.Process()
    gc.collect()
    before = process.memory_info().rss
    for i in range(12):
        link = bomb if i % 2 else "A" * (78_000 + i)
        app = _page(link)
        assert not app.exception and len(app.error) == 1
    gc.collect()
    assert process.memory_info().rss - before < 60 * 1024 * 1024


def test_scenario_file_above_the_sliders_is_clamped_named_and_custom(page_db):
    from streamlit.testing.v1 import AppTest

    from tests.dashboard.apptest import APP, TIMEOUT

    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.switch_page("views/priorizacion.py")
    app.run()
    text = b'name = "Archivo"\n[themes]\nmigracion = 8.0\n[pilot]\nk = 70\n'
    app.file_uploader(key="prior.upload").set_value(("e.toml", text, "application/toml"))
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    shown = _warnings(app)
    assert "themes.migracion «8.0»" in shown and "pilot.k «70»" in shown
    assert app.session_state["prior.theme.migracion"] == 5.0
    assert app.session_state["prior.k"] == 60
    assert app.session_state["prior.preset"] == ""
