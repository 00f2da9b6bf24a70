"""Empirical-Bayes smoothing of rates per 100 000 as a scenario option of the index."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from analysis.errors import RaicesError
from analysis.priority.run import IndexData, rank_territories, rate_indicators
from analysis.priority.scenario import Scenario


@pytest.fixture
def noisy() -> IndexData:
    """Five municipios; 105 has 400 inhabitants and two crimes (500 per 100 000)."""
    catalog = pd.DataFrame(
        {
            "theme": ["violencia_inseguridad", "pobreza_economia"],
            "direction": [1, 1],
            "in_default": [1, 1],
            "levels": ["municipio;departamento"] * 2,
            "range_min": [0.0, 0.0],
            "range_max": [100_000.0, 1.0],
            "unit_es": ["por 100 000 hab.", "proporción de la población"],
        },
        index=["tasa_delitos", "pobreza"],
    )
    codes = pd.Index([101, 102, 103, 104, 105], name="code")
    population = [50_000.0, 60_000.0, 40_000.0, 55_000.0, 400.0]
    indicators = pd.DataFrame(
        {"tasa_delitos": [50.0, 300.0, 80.0, 200.0, 500.0], "pobreza": [0.5] * 5},
        index=codes,
    )
    territories = pd.DataFrame(
        {
            "name": list("ABCDE"),
            "dept_code": [1, 1, 1, 1, 1],
            "dept_name": ["Uno"] * 5,
            "poblacion": population,
            "mayoria_indigena": [False] * 5,
        },
        index=codes,
    )
    return IndexData("municipio", indicators, catalog, territories)


def _smoothed(scenario: Scenario) -> Scenario:
    return dataclasses.replace(
        scenario, method=dataclasses.replace(scenario.method, smooth_rates="global")
    )


def test_rates_are_found_by_their_unit(noisy):
    assert rate_indicators(noisy.catalog) == ["tasa_delitos"]


def test_smoothing_stops_a_tiny_municipio_topping_the_ranking_on_noise(noisy):
    raw = rank_territories(Scenario(), noisy, draws=0).table
    smooth = rank_territories(_smoothed(Scenario()), noisy, draws=0).table
    assert raw.loc[105, "rank"] == 1  # 500 per 100 000 from two cases
    assert smooth.loc[105, "rank"] == 2  # pulled towards the pooled rate, below 102's 300
    # the large municipios keep their order: their own rates carry the information
    large = smooth.drop(index=105).sort_values("rank").index.tolist()
    assert large == [102, 104, 103, 101]


def test_option_is_part_of_the_scenario_and_its_hash():
    plain = Scenario()
    assert "smooth_rates" not in plain.to_dict()["method"]  # old scenarios keep their hash
    smoothed = _smoothed(plain)
    assert smoothed.hash() != plain.hash()
    again = Scenario.from_toml_text(smoothed.to_toml())
    assert again.method.smooth_rates == "global" and again.hash() == smoothed.hash()
    with pytest.raises(RaicesError, match="smooth_rates"):
        Scenario.from_dict({"method": {"smooth_rates": "spatial"}})
