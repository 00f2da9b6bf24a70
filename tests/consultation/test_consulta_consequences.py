"""Rankings and pilot sets under each voice; the consensus scenario runs like any other."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from analysis.consultation.aggregation import combine
from analysis.consultation.consensus import consensus_scenario
from analysis.consultation.consequences import round_scenario, voice_consequences
from analysis.consultation.responses import responses_from_answers
from analysis.errors import RaicesError
from analysis.priority.run import fit_index, rank_territories
from analysis.priority.scenario import Scenario
from analysis.priority.selection import SelectionConstraints

THEMES = ["pobreza_economia", "migracion"]


def _responses(*points):
    return responses_from_answers(
        "presupuesto",
        THEMES,
        [
            {"id": f"p{i}", "points": {"pobreza_economia": p, "migracion": 100 - p}}
            for i, p in enumerate(points, 1)
        ],
    )


def test_each_voice_gets_the_ranking_of_its_own_weights(small_data):
    base = dataclasses.replace(Scenario(), pilot=SelectionConstraints(k=2, max_per_dept=1))
    scenario = round_scenario(base, THEMES, small_data.catalog)
    responses = _responses(100, 100, 0, 60)
    result = voice_consequences(responses, scenario, small_data)
    # reweighting the model fitted once equals a full fit with those weights
    for pid, row in responses.weights.iterrows():
        alone = rank_territories(
            scenario.with_weights(themes=row.to_dict()), small_data, draws=0, select=False
        )
        pd.testing.assert_series_equal(
            result.ranks.loc[pid].rename("rank"),
            alone.model.ranks_.rename("rank"),
            check_names=False,
            check_index_type=False,
        )
    # voices giving everything to poverty put 101 first; to migration, 201
    assert result.ranks.loc["p1", 101] == 1 and result.ranks.loc["p3", 201] == 1
    assert result.p_top_k[101] == pytest.approx(0.75)  # in the top 2 for p1, p2, p4
    assert result.pilot is not None and result.pilot.draws == 4
    # each pilot (one per departamento, k = 2) sums to k
    assert (result.pilot.selected.sum(axis=1) == 2).all()
    assert result.pilot.p_selected[101] == pytest.approx(0.75)
    # 301 is the best second pick outside the leader's departamento under every voice
    assert result.strong == [301]
    table = result.summary(small_data.territories["name"])
    assert table.index[0] == 301 and table.loc[101, "name"] == "A"
    assert bool(table.loc[301, "strong"]) and not bool(table.loc[101, "strong"])


def test_strong_signal_when_selected_under_eighty_percent(small_data):
    base = dataclasses.replace(Scenario(), pilot=SelectionConstraints(k=1))
    scenario = round_scenario(base, THEMES, small_data.catalog)
    result = voice_consequences(_responses(100, 90, 95, 80, 0), scenario, small_data)
    assert result.pilot.p_selected[101] == pytest.approx(0.8)
    assert result.strong == [101]


def test_consensus_scenario_runs_and_is_named(small_data):
    scenario = round_scenario(Scenario(), THEMES, small_data.catalog)
    responses = _responses(70, 50)
    consensus = consensus_scenario(
        scenario, combine(responses), round_name="Taller Huehuetenango", round_date="2026-11-30"
    )
    assert consensus.name == "Consenso: Taller Huehuetenango"
    assert "«Taller Huehuetenango» (2026-11-30)" in consensus.description
    assert "media de los puntos de 2 voces" in consensus.description
    assert dict(consensus.themes) == {"pobreza_economia": 60.0, "migracion": 40.0}
    assert consensus.hash() != scenario.hash()
    again = Scenario.from_toml_text(consensus.to_toml())
    assert again.hash() == consensus.hash()
    resolved, _ = fit_index(consensus, small_data)
    assert resolved.themes["pobreza_economia"] == 60.0


def test_round_scenario_refuses_unknown_items(small_data):
    with pytest.raises(RaicesError) as error:
        round_scenario(Scenario(), ["pobreza_economia", "nada"], small_data.catalog)
    assert error.value.column == "nada"
    indicators = round_scenario(
        Scenario(), ["pobreza", "tasa_deportados"], small_data.catalog, target="indicators"
    )
    assert set(indicators.indicators) == {"pobreza", "tasa_deportados"}


def test_analyse_round_puts_everything_together(small_data):
    from analysis.consultation.results import analyse_round
    from analysis.consultation.spec import RoundSpec

    spec = RoundSpec(name="Ronda", level="municipio", items=tuple(THEMES))
    responses = responses_from_answers(
        "presupuesto",
        THEMES,
        [
            {
                "id": "a",
                "sector": "estado",
                "territory": 101,
                "points": {"pobreza_economia": 80, "migracion": 20},
            },
            {
                "id": "b",
                "sector": "osc",
                "territory": 201,
                "pueblo": "maya",
                "points": {"pobreza_economia": 30, "migracion": 70},
            },
        ],
    )
    departamentos = pd.Series({1: "Uno", 2: "Dos", 3: "Tres"})
    result = analyse_round(spec, responses, small_data, departamentos)
    assert result.participation.total == 2
    assert result.participation.missing_departamentos == [3]
    assert "academia" in result.participation.missing_sectors
    sectors = result.participation.counts["sector"].set_index("value")
    assert sectors.loc["estado", "n"] == 1 and sectors.loc["privado", "n"] == 0
    pueblos = result.participation.counts["pueblo"]
    assert pueblos["value"].isna().sum() == 1 and pueblos["n"].sum() == 2
    assert result.consequences is not None and result.consequences.pilot is not None
    # the default pilot (15 municipios) cannot hold among 5: counted, never dropped silently
    assert result.consequences.pilot.infeasible == 2
    assert dict(result.consensus.themes) == {"pobreza_economia": 55.0, "migracion": 45.0}
    assert result.concordance.w == pytest.approx(0.0)

    with_pilot = dataclasses.replace(
        spec,
        scenario_toml=dataclasses.replace(
            Scenario(), pilot=SelectionConstraints(k=2, max_per_dept=1)
        ).to_toml(),
    )
    result = analyse_round(with_pilot, responses, small_data, departamentos)
    assert result.consequences.pilot.selected.sum(axis=1).tolist() == [2, 2]
    assert result.consensus.pilot == SelectionConstraints(k=2, max_per_dept=1)
