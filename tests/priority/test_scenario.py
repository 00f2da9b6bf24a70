import dataclasses
import json

import pandas as pd
import pytest

from analysis.errors import RaicesError
from analysis.priority.scenario import Scenario, list_presets, load_preset, load_scenario
from analysis.priority.selection import SelectionConstraints


@pytest.fixture
def catalog() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "theme": ["pobreza_economia", "migracion", "demografia_exclusion", "pobreza_economia"],
            "direction": [1, 1, 0, -1],
            "in_default": [1, 1, 1, 0],
            "levels": [
                "municipio;departamento",
                "municipio;departamento",
                "municipio;departamento",
                "departamento",
            ],
        },
        index=["pobreza", "tasa_deportados", "poblacion", "pobreza_2014"],
    )


def full_scenario() -> Scenario:
    return Scenario.from_dict(
        {
            "name": "Prueba",
            "indicators": {"pobreza": 2.0, "tasa_deportados": 1.0},
            "themes": {"migracion": 3},
            "method": {
                "normalisation": "goalposts",
                "aggregation_across": "geometric",
                "coverage_threshold": 0.5,
            },
            "goalposts": {"pobreza": [0, 1]},
            "uncertainty": {"draws": 50, "normalisations": ["minmax", "rank"]},
            "pilot": {
                "k": 5,
                "max_per_dept": {"13": 2},
                "must_include": [1301],
                "no_adjacent": True,
            },
        }
    )


def test_toml_and_json_round_trip(tmp_path):
    scenario = full_scenario()
    assert Scenario.load(scenario.save(tmp_path / "s.toml")) == scenario
    assert Scenario.load(scenario.save(tmp_path / "s.json")) == scenario
    assert scenario.pilot == SelectionConstraints(
        k=5, max_per_dept={13: 2}, must_include=(1301,), no_adjacent=True
    )


def test_hash_is_stable_and_content_based():
    a, b = full_scenario(), full_scenario()
    assert a.hash() == b.hash()
    assert dataclasses.replace(a, name="Otro nombre").hash() == a.hash()
    assert a.with_weights(indicators={"pobreza": 2.5, "tasa_deportados": 1.0}).hash() != a.hash()
    assert Scenario.from_toml_text(a.to_toml()).hash() == a.hash()


def test_resolve_default_skips_context_and_wrong_level():
    catalog = pd.DataFrame(
        {
            "theme": ["pobreza_economia", "migracion", "pobreza_economia"],
            "direction": [1, 1, -1],
            "in_default": [1, 1, 1],
            "levels": ["municipio;departamento", "municipio;departamento", "departamento"],
        },
        index=["pobreza", "tasa_deportados", "pobreza_2014"],
    )
    resolved = Scenario().resolve(catalog)
    assert resolved.indicators == {"pobreza": 1.0, "tasa_deportados": 1.0}
    assert resolved.themes == {"pobreza_economia": 1.0, "migracion": 1.0}
    assert "pobreza_2014" in Scenario(level="departamento").resolve(catalog).indicators


def test_context_indicator_rejected(catalog):
    with pytest.raises(RaicesError, match="contexto"):
        Scenario(indicators={"poblacion": 1}).resolve(catalog)


def test_unknown_indicator_or_theme(catalog):
    with pytest.raises(RaicesError, match="desconocido"):
        Scenario(indicators={"lluvia": 1}).resolve(catalog)
    with pytest.raises(RaicesError, match="tema desconocido"):
        Scenario(themes={"clima": 1}).resolve(catalog)


def test_presets_are_valid_and_distinct():
    presets = list_presets()
    assert {"pesos_iguales", "inform_geometrico", "migracion"} <= set(presets.index)
    hashes = {load_preset(p).hash() for p in presets.index}
    assert len(hashes) == len(presets)
    assert load_preset("inform_geometrico").method.aggregation_across == "geometric"
    assert load_preset("migracion").themes["migracion"] == 4.0  # half of four other themes + itself
    assert load_scenario("pesos_iguales") == load_preset()
    with pytest.raises(RaicesError, match="disponibles"):
        load_preset("ninguno")


def test_presets_carry_their_english_texts_without_changing_the_scenario(tmp_path, monkeypatch):
    from analysis.priority.scenario import PRESETS_DIR

    presets = list_presets()
    for preset, row in presets.iterrows():
        assert row["name_en"] and row["description_en"], preset
        assert row["name_en"] != row["name"] and row["description_en"] != row["description"]
        assert row["name"] == load_preset(str(preset)).name
    # a preset file is still a scenario file (its English texts are not part of the scenario)
    raw = Scenario.load(PRESETS_DIR / "migracion.toml")
    assert raw == load_preset("migracion") and "name_en" not in raw.to_toml()
    # a preset file without English texts shows its Spanish ones
    (tmp_path / "plain.toml").write_text('name = "Sólo español"\n', encoding="utf-8")
    monkeypatch.setattr("analysis.priority.scenario.PRESETS_DIR", tmp_path)
    assert list_presets().at["plain", "name_en"] == "Sólo español"


def test_estimator_carries_every_method_choice():
    model = full_scenario().estimator()
    assert model.normalisation == "goalposts" and model.aggregation_across == "geometric"
    assert model.goalposts == {"pobreza": (0.0, 1.0)} and model.coverage_threshold == 0.5
    assert json.loads(json.dumps(full_scenario().to_dict()))["pilot"]["max_per_dept"] == {"13": 2}


def test_robust_pilot_options_validated_and_hash_stable():
    base = Scenario()
    same = Scenario.from_dict({"uncertainty": {"pilot_draws": 200, "pilot_objective": "observed"}})
    assert same.hash() == base.hash()  # defaults are left out of the fingerprint
    expected = Scenario.from_dict({"uncertainty": {"pilot_objective": "expected"}})
    assert expected.uncertainty.pilot_objective == "expected"
    assert expected.hash() != base.hash()
    assert Scenario.from_toml_text(expected.to_toml()) == expected
    with pytest.raises(RaicesError, match="pilot_objective"):
        Scenario.from_dict({"uncertainty": {"pilot_objective": "maximo"}})
    with pytest.raises(RaicesError, match="pilot_draws"):
        Scenario.from_dict({"uncertainty": {"pilot_draws": -1}})
