"""Ranking API on hand-made data, and on the real build (``built_db``)."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from analysis.errors import RaicesError
from analysis.priority.run import IndexData, ScenarioRun, fit_index, rank_territories
from analysis.priority.scenario import Scenario, load_preset
from analysis.priority.selection import SelectionConstraints


def test_run_is_typed_and_table_ordered(small):
    run = rank_territories(Scenario(), small, draws=200, k=2)
    table = run.table
    assert isinstance(run, ScenarioRun) and not table.attrs
    assert table.index.tolist()[0] == 102
    assert table["rank"].tolist() == [1, 2, 3, 4, 5]
    for column in (
        "name",
        "dept_name",
        "score",
        "rank_p05",
        "rank_p95",
        "p_top_k",
        "coverage",
        "contrib_migracion",
    ):
        assert column in table
    assert run.hash == Scenario().resolve(small.catalog).hash()
    assert run.k == 2 and run.draws == 200 and run.uncertainty is not None
    assert table["p_top_k"].sum() == pytest.approx(2)


def test_fast_path_has_no_bands(small):
    run = rank_territories(Scenario(), small, draws=0)
    table = run.table
    assert run.uncertainty is None and run.selection is None
    assert table["rank_p05"].isna().all() and table["score"].notna().all()
    assert table["method_rank_min"].isna().all() and table["uncertainty_driver"].isna().all()
    assert run.robust is None and run.methods is None
    assert table["se_imputed"].dtype == bool


def test_statistical_band_and_method_sensitivity_are_apart(small):
    scenario = dataclasses.replace(
        Scenario(),
        uncertainty=dataclasses.replace(
            Scenario().uncertainty, normalisations=("minmax", "rank"), aggregations=("geometric",)
        ),
    )
    run = rank_territories(scenario, small, draws=300, k=2)
    table = run.table
    # the Monte Carlo draws the scenario's own method only
    assert set(run.uncertainty.choices_["normalisation"]) == {"minmax"}
    assert set(run.uncertainty.choices_["aggregation"]) == {"arithmetic"}
    assert len(run.methods.methods) == 4
    assert (table["method_rank_min"] <= table["rank"]).all()
    assert (table["method_rank_max"] >= table["rank"]).all()
    assert set(table["uncertainty_driver"]) <= {"estable", "estadistica", "metodo", "ambas"}


def test_unknown_standard_error_is_imputed_and_flagged(small):
    data = dataclasses.replace(small, standard_errors=small.standard_errors.copy())
    data.standard_errors.loc[102, "pobreza"] = 1e-17
    run = rank_territories(Scenario(), data, draws=0)
    table = run.table
    assert table["se_imputed"].tolist() == [c == 102 for c in table.index]
    assert run.standard_errors.imputed.loc[102, "pobreza"]
    # a copy with other standard errors does not reuse the cached imputation
    again = dataclasses.replace(data, standard_errors=small.standard_errors)
    assert not rank_territories(Scenario(), again, draws=0).table["se_imputed"].any()
    # imputed at the 90th percentile of the CV → a larger CV and a lower reliability
    exact = rank_territories(Scenario(), small, draws=0).table
    assert table.loc[102, "max_cv"] > exact.loc[102, "max_cv"]
    assert table.loc[102, "reliability"] <= exact.loc[102, "reliability"]


def test_robust_pilot_and_expected_priority(small):
    pilot = SelectionConstraints(k=2, max_per_dept=1)
    scenario = dataclasses.replace(Scenario(), pilot=pilot)
    run = rank_territories(scenario, small, draws=300)
    table = run.table
    assert run.robust is not None and run.robust.draws == 200  # pilot_draws default
    assert table["p_in_pilot"].sum() == pytest.approx(2)
    assert (run.robust.selected.sum(axis=1) == 2).all()
    assert run.selection.basis == "observed"
    assert run.selection.joint_cost == pytest.approx(
        run.selection.unconstrained_objective - run.selection.objective
    )
    unc = dataclasses.replace(scenario.uncertainty, pilot_objective="expected", pilot_draws=50)
    expected = rank_territories(dataclasses.replace(scenario, uncertainty=unc), small, draws=300)
    assert expected.selection.basis == "expected" and expected.robust.draws == 50
    mean = pd.Series(expected.uncertainty.scores_.mean(axis=0), index=expected.model.index_)
    best = max(
        (mean[a] + mean[b], {a, b})
        for a in mean.index
        for b in mean.index
        if a < b and small.territories.loc[a, "dept_code"] != small.territories.loc[b, "dept_code"]
    )[1]
    assert set(expected.selection.selected) == best
    assert expected.hash != run.hash


def test_pilot_selection_is_attached(small):
    scenario = dataclasses.replace(Scenario(), pilot=SelectionConstraints(k=2, max_per_dept=1))
    run = rank_territories(scenario, small, draws=0)
    table = run.table
    assert table["selected"].sum() == 2
    assert table.loc[table["selected"], "dept_code"].is_unique
    assert run.selection is not None
    assert sorted(run.selection.selected) == sorted(table.index[table["selected"]])


def test_reweighted_model_fast_path(small):
    base = Scenario()
    _, model = fit_index(base, small)
    new = base.with_weights(
        indicators={"pobreza": 1.0, "tasa_deportados": 1.0}, themes={"migracion": 4.0}
    )
    fast = rank_territories(
        new, small, draws=0, model=model.reweight(theme_weights={"migracion": 4.0})
    )
    full = rank_territories(new, small, draws=0)
    pd.testing.assert_frame_equal(fast.table, full.table)
    assert fast.hash == full.hash
    with pytest.raises(RaicesError, match="no corresponde"):
        rank_territories(new, small, draws=0, model=model)


def test_level_mismatch_and_missing_indicator(small):
    with pytest.raises(RaicesError, match="nivel"):
        rank_territories(Scenario(level="departamento"), small)
    no_data = dataclasses.replace(small, indicators=small.indicators.drop(columns="pobreza"))
    with pytest.raises(RaicesError, match="no hay datos"):
        fit_index(Scenario(), no_data)


# ------------------------------------------------------------------------ real data
def test_default_scenario_ranks_all_340_municipios(built_db):
    data = IndexData.from_store("municipio", db_path=built_db)
    table = rank_territories(load_preset(), data, draws=500).table
    assert len(table) == 340 and table["score"].notna().all()
    assert sorted(table["rank"].astype(int)) == list(range(1, 341))
    assert table["score"].between(0, 100).all()
    assert table["p_top_k"].sum() == pytest.approx(15)
    assert (table["rank_p05"] <= table["rank_p95"]).all()
    np.testing.assert_allclose(table.filter(like="contrib_").sum(axis=1), table["score"])
    # sanity of direction handling: the capital is far from the top of a need index
    assert table.loc[101, "rank"] > 300
    # the top 15 is made (almost only) of poorer-than-median municipios
    poorer = data.indicators.loc[table.index[:15], "pobreza"] > data.indicators["pobreza"].median()
    assert poorer.sum() >= 13


def test_departamento_level_and_pilot_on_real_data(built_db):
    depts = IndexData.from_store("departamento", db_path=built_db)
    table = rank_territories(
        dataclasses.replace(load_preset(), level="departamento"), depts, draws=100, k=5
    ).table
    assert len(table) == 22 and table["score"].notna().all()
    quota = SelectionConstraints(k=4, min_indigenous_share=0.5)
    chosen = rank_territories(
        dataclasses.replace(load_preset(), level="departamento", pilot=quota), depts, draws=0
    ).table
    picked = depts.territories.loc[chosen.index[chosen["selected"]]]
    assert picked["mayoria_indigena"].sum() >= 2
    assert depts.territories.loc[13, "mayoria_indigena"]  # Huehuetenango
    assert not depts.territories.loc[1, "mayoria_indigena"]  # Guatemala
    munis = IndexData.from_store("municipio", db_path=built_db)
    pilot = SelectionConstraints(k=15, max_per_dept=2, min_indigenous_share=0.5, no_adjacent=True)
    run = rank_territories(dataclasses.replace(load_preset(), pilot=pilot), munis, draws=0)
    table = run.table
    chosen = table[table["selected"]]
    assert len(chosen) == 15 and chosen["dept_code"].value_counts().max() <= 2
    adjacency = munis.adjacency()
    assert not any(b in chosen.index for a in chosen.index for b in adjacency[a])
    costs = run.selection.costs.set_index("constraint")["cost"]
    assert costs["max_per_dept"] > 0
    assert run.selection.joint_cost >= costs.max()


def test_tajumulco_is_moved_by_method_not_by_statistics(built_db):
    """Issue 9's example: a certain top 15 under weights and standard errors, but
    far down under percentile rank + geometric aggregation."""
    data = IndexData.from_store("municipio", db_path=built_db)
    run = rank_territories(load_preset(), data, draws=500)
    row = run.table.loc[1209]
    assert row["name"] == "Tajumulco"
    assert row["rank"] <= 5
    assert row["p_top_k"] >= 0.9 and row["rank_p95"] <= 15
    assert row["method_rank_max"] > 60
    assert run.methods.worst_method[1209] == "rank + geometric"
    assert row["uncertainty_driver"] == "metodo"
    # the 43 municipios with a poverty SE below 1e-6 are flagged
    flagged = run.standard_errors.imputed
    assert flagged["pobreza"].sum() == 43 and flagged["severidad_pobreza"].sum() == 48
    expected = run.standard_errors.flagged(run.model.indicators_)
    assert run.table["se_imputed"].sum() == expected.sum() >= 43


def test_robust_pilot_on_real_data(built_db):
    data = IndexData.from_store("municipio", db_path=built_db)
    pilot = SelectionConstraints(k=15, max_per_dept=3, min_indigenous_share=0.5)
    unc = dataclasses.replace(load_preset().uncertainty, pilot_draws=40)
    scenario = dataclasses.replace(load_preset(), pilot=pilot, uncertainty=unc)
    run = rank_territories(scenario, data, draws=200)
    assert run.robust.draws == 40 and run.robust.infeasible == 0
    assert (run.robust.selected.sum(axis=1) == 15).all()
    assert run.table["p_in_pilot"].sum() == pytest.approx(15)
    assert 0 < run.robust.stable(0.8, run.selection.selected) <= 15
