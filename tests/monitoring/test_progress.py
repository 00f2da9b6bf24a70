"""Progress on small hand-written frames with known answers: actions by status, budget,
people reached against the population, results against their targets, and the tables
people read."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis.monitoring import progress
from analysis.monitoring.frames import empty_records
from tests.monitoring.small_records import ACTIONS


def test_actions_by_status_and_budget():
    status = progress.actions_by_status(
        ACTIONS, ["planificada", "en_curso", "completada", "cancelada"]
    )
    assert status.loc["Y"].tolist() == [0, 0, 1, 1, 2]
    assert status.loc["total", "total"] == 4
    budget = progress.budget_by(ACTIONS, "institution", exclude=("cancelada",))
    # Y: one action planned 200 with no executed amount → execution unknown, not 0 %
    assert budget.loc["Y", "planned"] == 200.0
    assert pd.isna(budget.loc["Y", "executed"]) and pd.isna(budget.loc["Y", "execution"])
    assert budget.loc["X", "execution"] == pytest.approx(0.5)
    assert budget.loc["Y", "reported"] == 0
    by_theme = progress.budget_by(ACTIONS, "theme")
    assert by_theme.loc["pobreza", "planned"] == 1099.0


def test_reach_against_population_weights_by_population_and_fills_other():
    reached = pd.DataFrame(
        {"action_id": [1, 1, 1, 1, 1], "dimension": ["pueblo"] * 3 + ["sexo"] * 2,
         "group": ["maya", "ladino", "otro", "mujer", "hombre"], "people": [50, 40, 10, 60, 40]}
    )  # fmt: skip
    places = pd.DataFrame({"action_id": [1, 1], "level": ["municipio"] * 2, "code": [101, 102]})
    values = pd.DataFrame(
        {"poblacion": [100.0, 300.0], "poblacion_maya": [0.8, 0.4],
         "poblacion_ladina": [0.2, 0.5]},
        index=[101, 102],
    )  # fmt: skip
    table = progress.reach_against_population(reached, places, values).set_index("group")
    assert table.loc["maya", "population_share"] == pytest.approx(0.5)
    assert table.loc["ladino", "population_share"] == pytest.approx(0.425)
    assert table.loc["otro", "population_share"] == pytest.approx(0.075)
    assert table.loc["maya", "difference"] == pytest.approx(0.0)
    # no population split by sex in the build: no invented reference
    assert table.loc[["mujer", "hombre"], "population_share"].isna().all()
    assert table.loc["mujer", "share"] == pytest.approx(0.6)


def test_results_progress_against_baseline_and_target():
    indicators = pd.DataFrame(
        {"indicator_id": [1, 2, 3], "name": ["a", "b", "c"], "baseline": [10.0, 5.0, 1.0],
         "target": [20.0, 5.0, 0.0]}
    )  # fmt: skip
    measurements = pd.DataFrame(
        {"indicator_id": [1, 1, 3], "measured_on": ["2026-01-01", "2026-09-01", "2026-02-01"],
         "value": [12.0, 25.0, 0.5]}
    )  # fmt: skip
    table = progress.results_progress(indicators, measurements).set_index("indicator_id")
    assert table.loc[1, "progress"] == pytest.approx(1.5)  # beyond the target
    assert pd.isna(table.loc[2, "progress"])  # baseline equals target
    assert table.loc[3, "progress"] == pytest.approx(0.5)  # a decrease is progress too
    earlier = progress.results_progress(indicators, measurements, as_of=date(2026, 6, 1))
    assert earlier.set_index("indicator_id").loc[1, "latest"] == 12.0


def test_progress_gathers_the_four_tables_without_cancelled_budgets():
    indicators = pd.DataFrame(
        {"indicator_id": [1], "name": ["x"], "kind": ["producto"], "unit": ["%"],
         "baseline": [0.0], "target": [10.0]}
    )  # fmt: skip
    measurements = pd.DataFrame(
        {"indicator_id": [1], "measured_on": ["2026-01-01"], "value": [5.0]}
    )
    records = replace(
        empty_records(), actions=ACTIONS, indicators=indicators, measurements=measurements
    )
    result = progress.progress(records)
    assert result.status.loc["total", "total"] == 4
    assert list(result.status.columns) == [*progress.STATUSES, "total"]
    assert "Y" in result.budget_institution.index
    assert result.budget_institution.loc["Y", "planned"] == 200.0  # the cancelled 999 left out
    assert result.budget_theme.loc["pobreza", "actions"] == 1
    assert result.results.loc[0, "progress"] == pytest.approx(0.5)


def test_status_and_budget_tables_read_in_the_language():
    status = progress.status_table(progress.actions_by_status(ACTIONS, ["en_curso"]), language="en")
    assert status.columns.tolist() == ["In progress", "Total"]
    assert status.index.name == "institution" and status.index[-1] == "Total"
    bare = progress.status_table(progress.actions_by_status(ACTIONS), totals=False)
    assert "Total" not in bare.columns and "Total" not in bare.index
    assert bare.to_numpy().sum() == len(ACTIONS)
    budget = progress.budget_by(ACTIONS.assign(theme=["migracion", None, "x", "x"]), "theme")
    shown = progress.budget_table(budget, by="theme", language="en")
    assert shown.index.name == "theme"
    assert set(shown.index) == {"Migration", "x"}
    assert list(shown.columns) == ["actions", "planned", "executed", "execution", "reported"]
    assert shown.loc["Migration", "execution"] == "50\xa0%"
    chart = progress.labelled_budget(budget, by="theme", language="es")
    assert "Migración" in chart.index and chart.loc["Migración", "planned"] == 100.0
    by_institution = progress.budget_table(
        progress.budget_by(ACTIONS, "institution"), by="institution"
    )
    assert list(by_institution.index) == ["Y", "X", "Z"]  # as budget_by sorts them


def test_reach_and_results_tables_read_in_the_language():
    reach = pd.DataFrame(
        {"dimension": ["pueblo", "pueblo"], "group": ["maya", "nuevo"], "people": [3, 1],
         "share": [0.75, 0.25], "population_share": [0.5, np.nan]}
    )  # fmt: skip
    shown = progress.reach_table(reach, language="es")
    assert shown.values.tolist() == [
        ["Pueblo", "Maya", 3, "75\xa0%", "50\xa0%"],
        ["Pueblo", "nuevo", 1, "25\xa0%", "—"],
    ]
    indicators = pd.DataFrame(
        {"indicator_id": [1, 2], "name": ["x", "y"], "kind": ["producto", "resultado"],
         "unit": ["%", "n"], "baseline": [10.0, 1.0], "target": [20.0, 1.0]}
    )  # fmt: skip
    measurements = pd.DataFrame(
        {"indicator_id": [1], "measured_on": ["2026-06-01"], "value": [15.0]}
    )
    table = progress.results_table(
        progress.results_progress(indicators, measurements, as_of=date(2026, 12, 31)),
        language="es",
    )
    assert table["kind"].tolist() == ["Producto", "Resultado"]
    assert table["latest_on"].tolist() == ["2026-06-01", "—"]
    assert table["progress"].tolist() == ["50\xa0%", "—"]
