import dataclasses

import numpy as np
import pandas as pd
import pytest

from analysis.errors import RaicesError
from analysis.priority import explain
from analysis.priority.comparison import compare, compare_rankings
from analysis.priority.run import IndexData, rank_territories
from analysis.priority.scenario import Scenario
from analysis.priority.selection import SelectionConstraints


def test_identical_and_reversed():
    a = pd.Series([1, 2, 3, 4, 5], index=[1, 2, 3, 4, 5])
    same = compare_rankings(a, a, k=2)
    assert same.spearman == pytest.approx(1) and same.kendall == pytest.approx(1)
    assert same.top_k_overlap == 2 and same.jaccard == 1.0 and same.entered == same.left == []
    rev = compare_rankings(a, 6 - a, k=2)
    assert rev.spearman == pytest.approx(-1) and rev.kendall == pytest.approx(-1)
    assert rev.top_k_overlap == 0 and rev.entered == [4, 5] and rev.left == [1, 2]


def test_movers_and_unranked():
    a = pd.Series([1, 2, 3, 4, None], index=[10, 20, 30, 40, 50])
    b = pd.Series([4, 2, 3, 1, 5], index=[10, 20, 30, 40, 50])
    result = compare_rankings(a, b, k=1)
    assert result.n_common == 4
    assert result.movers.index[:2].tolist() == [10, 40]
    assert result.movers.loc[40, "change"] == 3  # moves up three places
    assert result.summary()["top_k_overlap"] == 0


def test_too_few_common():
    with pytest.raises(RaicesError):
        compare_rankings(pd.Series([1], index=[1]), pd.Series([1], index=[2]))


# ------------------------------------------------------------------ decisions
def _small_data():
    catalog = pd.DataFrame(
        {
            "theme": ["pobreza_economia", "migracion"],
            "direction": [1, 1],
            "in_default": [1, 1],
            "levels": ["municipio"] * 2,
            "range_min": [0.0, 0.0],
            "range_max": [1.0, np.nan],
        },
        index=["pobreza", "tasa_deportados"],
    )
    codes = pd.Index([101, 102, 103, 201, 202, 301], name="code")
    indicators = pd.DataFrame(
        {
            "pobreza": [0.9, 0.85, 0.8, 0.4, 0.3, 0.2],
            "tasa_deportados": [40.0, 38.0, 35.0, 10.0, 5.0, 1.0],
        },
        index=codes,
    )
    territories = pd.DataFrame(
        {"name": list("ABCDEF"), "dept_code": [1, 1, 1, 2, 2, 3], "dept_name": ["x"] * 6},
        index=codes,
    )
    return IndexData("municipio", indicators, catalog, territories)


def test_compare_shows_different_pilots_for_same_weights():
    data = _small_data()
    free = dataclasses.replace(Scenario(name="Libre"), pilot=SelectionConstraints(k=3))
    bound = dataclasses.replace(
        Scenario(name="Con cupo"), pilot=SelectionConstraints(k=3, max_per_dept=1)
    )
    run_a = rank_territories(free, data, draws=0)
    run_b = rank_territories(bound, data, draws=0)
    result = compare(run_a, run_b)
    assert result.ranking.spearman == pytest.approx(1.0)  # same ranking…
    assert not result.same_pilot  # …different decision
    assert set(result.a.pilot) == {101, 102, 103}
    assert set(result.b.pilot) == {101, 201, 301}
    assert result.pilot_overlap == 1
    assert set(result.entering) == {201, 301} and set(result.leaving) == {102, 103}
    assert result.a.constraints == () and "máximo por departamento" in result.b.constraints[0]
    assert result.a.hash != result.b.hash
    assert result.a.hash == run_a.hash and result.b.hash == run_b.hash
    lines = explain.comparison_sentences(result, {201: "D"})
    assert "A eligió 1 de los 3 de B." in lines
    assert any(line.startswith("Entran en B: ") and "201 D" in line for line in lines)
    assert any(run_b.hash in line for line in lines)
    english = explain.comparison_sentences(result, language="en")
    assert "A picked 1 of B's 3." in english
    # a scenario without a pilot contributes its plain top k
    ranking_only = rank_territories(Scenario(name="Sólo ranking"), data, draws=0)
    mixed = compare(ranking_only, run_b)
    assert not mixed.a.from_pilot and set(mixed.a.pilot) == {101, 102, 103}
    assert "sin piloto definido" in explain.comparison_sentences(mixed)[0]
