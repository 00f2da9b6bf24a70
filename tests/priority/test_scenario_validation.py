"""Reading and checking scenarios (analysis/priority/scenario_validation.py)."""

import pytest

from analysis.errors import RaicesError
from analysis.priority.scenario import MethodSpec, Scenario, UncertaintySpec
from analysis.priority.scenario_validation import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    TERRITORIES,
    decode_scenario,
    parse_json,
    parse_toml,
    read_method,
    read_pilot,
    read_scenario_text,
    read_uncertainty,
    read_weights,
)
from analysis.priority.selection import SelectionConstraints


@pytest.mark.parametrize(
    ("data", "column"),
    [
        ({"colour": "red"}, "colour"),
        ({"level": "aldea"}, "level"),
        ({"indicators": {"pobreza": -1}}, "indicators.pobreza"),
        ({"indicators": {"pobreza": "mucho"}}, "indicators.pobreza"),
        ({"method": {"normalisation": "softmax"}}, "method.normalisation"),
        ({"method": {"coverage_threshold": 1.5}}, "method.coverage_threshold"),
        ({"method": {"max_winsorised": "cinco"}}, "method.max_winsorised"),
        ({"goalposts": {"pobreza": [1, 0]}}, "goalposts.pobreza"),
        ({"uncertainty": {"aggregations": "geometric"}}, "uncertainty.aggregations"),
        ({"uncertainty": {"weight_spread": 2}}, "uncertainty.weight_spread"),
        ({"pilot": {"k": 0}}, "pilot.k"),
        ({"pilot": {"min_indigenous_share": 3}}, "pilot.min_indigenous_share"),
        ({"pilot": {"no_adjacent": "sí"}}, "pilot.no_adjacent"),
        ({"pilot": {"must_include": "1301"}}, "pilot.must_include"),
        ({"pilot": {"must_exclude": [1.5]}}, "pilot.must_exclude"),
        ({"pilot": {"max_per_dept": {"Huehue": 2}}}, "pilot.max_per_dept"),
        ({"pilot": {"min_per_dept": {"13": -1}}}, "pilot.min_per_dept"),
        ({"pilot": {"max_per_dept": "tres"}}, "pilot.max_per_dept"),
        ({"pilot": 3}, "pilot"),
    ],
)
def test_validation_names_the_field(data, column):
    with pytest.raises(RaicesError) as caught:
        Scenario.from_dict(data, source="mi_escenario.toml")
    assert caught.value.column == column
    assert "mi_escenario.toml" in str(caught.value)


def test_invalid_files(tmp_path):
    bad = tmp_path / "malo.toml"
    bad.write_text("name = \n", encoding="utf-8")
    with pytest.raises(RaicesError, match="TOML"):
        Scenario.load(bad)
    bad_json = tmp_path / "malo.json"
    bad_json.write_text("{", encoding="utf-8")
    with pytest.raises(RaicesError, match="JSON"):
        Scenario.load(bad_json)
    with pytest.raises(RaicesError, match="no se pudo leer"):
        Scenario.load(tmp_path / "no_existe.toml")


def test_nesting_deeper_than_the_limit_is_refused():
    deep: dict = {}
    inner = deep
    for _ in range(MAX_DEPTH):
        inner["x"] = {}
        inner = inner["x"]
    with pytest.raises(RaicesError, match="profundidad"):
        Scenario.from_dict({"pilot": deep}, source="hondo.toml")
    with pytest.raises(RaicesError, match="profundidad"):
        parse_json("[" * 100_000 + "]" * 100_000, source="hondo.json")


def test_text_fields_are_bounded_and_typed():
    with pytest.raises(RaicesError) as caught:
        Scenario.from_dict({"name": "x" * 201})
    assert caught.value.column == "name"
    with pytest.raises(RaicesError) as caught:
        Scenario.from_dict({"description": 5})
    assert caught.value.column == "description"
    with pytest.raises(RaicesError) as caught:
        Scenario.from_dict({"uncertainty": 5})
    assert caught.value.column == "uncertainty"


def test_file_text_is_utf8_and_bounded(tmp_path):
    latin = tmp_path / "latin.toml"
    latin.write_bytes('name = "ok"\nname2 = "Sololá"\n'.encode("latin-1"))
    with pytest.raises(RaicesError) as caught:
        read_scenario_text(latin)
    assert caught.value.row == 2
    big = tmp_path / "grande.toml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(RaicesError, match="bytes"):
        read_scenario_text(big)
    assert decode_scenario('\ufeffname = "Sololá"'.encode()) == 'name = "Sololá"'
    assert parse_toml('name = "a"') == {"name": "a"}


def test_weights_within_range():
    assert read_weights(None, "themes", None) is None
    assert read_weights({"a": 0, "b": 100}, "themes", None) == {"a": 0.0, "b": 100.0}
    for bad in (100.5, float("nan"), True, -0.1):
        with pytest.raises(RaicesError) as caught:
            read_weights({"a": bad}, "themes", None)
        assert caught.value.column == "themes.a"


def test_empty_indicator_list_refused():
    with pytest.raises(RaicesError, match="vacía"):
        Scenario.from_dict({"indicators": {}})


def test_sections_take_the_model_dataclass():
    method = read_method(MethodSpec, {"penalty": 2}, None)
    assert method == MethodSpec(penalty=2.0) and isinstance(method.penalty, float)
    unc = read_uncertainty(UncertaintySpec, {"aggregations": ["geometric"]}, "municipio", None)
    assert unc.aggregations == ("geometric",)


@pytest.mark.parametrize(
    ("level", "k", "ok"),
    [
        ("municipio", TERRITORIES["municipio"], True),
        ("municipio", TERRITORIES["municipio"] + 1, False),
        ("departamento", TERRITORIES["departamento"], True),
        ("departamento", TERRITORIES["departamento"] + 1, False),
    ],
)
def test_k_is_bounded_by_the_level(level, k, ok):
    if ok:
        assert read_uncertainty(UncertaintySpec, {"k": k}, level, None).k == k
        assert read_pilot({"k": k}, level, None) == SelectionConstraints(k=k)
    else:
        with pytest.raises(RaicesError, match=f"entre 1 y {TERRITORIES[level]}"):
            read_pilot({"k": k}, level, None)


def test_draws_and_seed_bounds():
    with pytest.raises(RaicesError) as caught:
        read_uncertainty(UncertaintySpec, {"draws": 100_001}, "municipio", None)
    assert caught.value.column == "uncertainty.draws"
    with pytest.raises(RaicesError) as caught:
        read_uncertainty(UncertaintySpec, {"seed": -1}, "municipio", None)
    assert caught.value.column == "uncertainty.seed"


def test_departamento_keys_named_when_unknown():
    assert read_pilot({"max_per_dept": {"13": 2}}, "municipio", None).max_per_dept == {13: 2}
    with pytest.raises(RaicesError, match="«23»"):
        read_pilot({"max_per_dept": {"23": 2}}, "municipio", None)
    assert read_pilot(None, "municipio", None) is None
